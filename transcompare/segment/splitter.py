"""The splitter: the rules of :mod:`transcompare.segment` applied to one text (see the package docstring).

:func:`split_sentences` gives character spans; :class:`_Splitter` decides, for one block of text without blank
lines, which runs of sentence punctuation end a sentence, from the words around them and the language's
:class:`~transcompare.segment.rules.LangRules`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from transcompare.segment.rules import MAX_KEPT_QUOTE, LangRules, language_rules

# ----------------------------------------------------------------------------------------------- characters
TERMINATORS = ".!?…‼⁉⁈⁇؟。！？｡।॥։።။"  # also Devanagari danda, Armenian, Ethiopic, Burmese full stops
CJK_TERMINATORS = "。！？｡"
# characters that may follow a terminator and still belong to the sentence (closing quotes and brackets)
CLOSERS = "\"'”’»)]}」』）›〞＂"
# characters that may precede the first word of a sentence
OPENERS = "\"'“‘„‚«‹([{「『（¿¡〝＂—–-•*"
# double quotation marks (tracked for the quote rule; single quotes double as apostrophes and are not)
DOUBLE_QUOTES = "\"“”„‟«»「」『』〝〞＂"
# when the neighbours do not tell (spaces on both sides, as in French « … »), the glyph decides
QUOTE_OPEN_GLYPHS = "“„‟«「『〝"
SPACES = " \t\n\r\u00a0\u2009\u202f\u200b\u3000"
_OPEN_CONTEXT = set(SPACES) | set("([{—–-:/") | set(DOUBLE_QUOTES) | set("‘'‚")
_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n\s*")
_TERM_RUN = re.compile(f"[{re.escape(TERMINATORS)}]+")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}$")
_NUMBER = re.compile(r"^\d{1,3}$")


# ---------------------------------------------------------------------------------------------- the splitter
def _is_space(ch: str) -> bool:
    return ch in SPACES or ch.isspace()


def _quote_events(text: str) -> list[tuple[int, int]]:
    """Positions of double quotation marks with their direction: +1 opens, -1 closes.

    Direction comes from the neighbours (space before and a letter after opens, the reverse closes), so
    English “”, German „“ and »«, French « », and ASCII " all work; a mark between two letters (Hebrew
    gershayim, typos like d"état) is not a quote.
    """
    events = []
    depth = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in DOUBLE_QUOTES:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        open_ctx = prev in _OPEN_CONTEXT or _is_space(prev)
        close_ctx = _is_space(nxt) or unicodedata.category(nxt)[0] in "P"
        if prev.isalnum() and nxt.isalnum():
            continue
        if open_ctx and not _is_space(nxt) and not (nxt in CLOSERS or nxt in TERMINATORS or nxt in ",;:"):
            direction = 1
        elif close_ctx and not open_ctx:
            direction = -1
        elif ch in QUOTE_OPEN_GLYPHS:
            direction = 1
        elif ch in "”»」』〞":
            direction = -1
        else:  # an ASCII " with spaces on both sides: close an open quotation, else open one
            direction = -1 if depth > 0 else 1
        if direction == -1 and depth == 0:
            continue
        depth += direction
        events.append((i, direction))
    return events


def _quotations(text: str) -> list[tuple[int, int]]:
    """Outermost closed quotations as (position of the opening mark, position of the closing mark)."""
    out = []
    depth = 0
    opened = 0
    for pos, d in _quote_events(text):
        if d == 1 and depth == 0:
            opened = pos
        depth += d
        if depth == 0:
            out.append((opened, pos))
    return out


def _word_before(text: str, end: int, start: int) -> str:
    """The token that ends at ``end`` (exclusive), without leading opening punctuation."""
    i = end
    while i > start and not _is_space(text[i - 1]):
        i -= 1
    return text[i:end].lstrip(OPENERS)


def _word_after(text: str, pos: int) -> str:
    """The word starting at or after ``pos`` (after spaces and opening punctuation)."""
    n = len(text)
    i = pos
    while i < n and (_is_space(text[i]) or text[i] in OPENERS):
        i += 1
    j = i
    while j < n and (text[j].isalnum() or text[j] in "'’-" or unicodedata.category(text[j])[0] == "M"):
        j += 1
    return text[i:j].rstrip("'’-")


_QUOTE_CLOSERS = set(DOUBLE_QUOTES) | set("'’›")
_LATIN = re.compile(r"^[A-Za-z]$")
_CLAUSE_TOKEN = re.compile(r"[^\W_][\w'’\-‘׳]*|[" + re.escape(TERMINATORS) + ",،:;]")


def _clause_after(text: str, pos: int, limit: int) -> tuple[list[str], str]:
    """The words from ``pos`` to the next punctuation mark (. ! ? , : ;) and that mark ('' if over ``limit`` words
    or none)."""
    out = []
    for m in _CLAUSE_TOKEN.finditer(text, pos, pos + 200):
        if not m.group()[0].isalnum():
            return out, m.group()
        out.append(m.group())
        if len(out) > limit:
            break
    return out, ""


class _Splitter:
    def __init__(self, rules: LangRules, keep_quotes: bool):
        self.rules = rules
        self.keep_quotes = keep_quotes

    # -- the decision for one period ------------------------------------------------------------------
    def _abbreviation(self, low: str) -> str | None:
        """'fixed', 'ambiguous' or None for a lower-cased token (without its final period)."""
        r = self.rules
        for cand in (low, low[1:] if r.prefixes and low[:1] in r.prefixes and len(low) > 2 else None):
            if cand is None:
                continue
            if cand in r.fixed:
                return "fixed"
            if cand in r.ambiguous:
                return "ambiguous"
        return None

    def _letter(self, low: str) -> bool:
        r = self.rules
        return low in r.letters or (len(low) > 2 and low[:1] in r.prefixes and low[1:] in r.letters)

    def _period_boundary(self, token: str, nxt: str, quote_next: bool, next_dotted: bool, prev: str) -> bool:
        r = self.rules
        low = token.lower()
        first = nxt[:1]
        if r.cased and first.islower():
            return False
        starter = quote_next or nxt.lower() in r.starters
        kind = self._abbreviation(low)
        if kind == "fixed":
            return False
        if r.letters and self._letter(low):
            # a spelled-out acronym (בי. בי. סי.) goes on if another letter follows, or ends here if it had
            # begun before and what follows is not a new quotation
            if next_dotted and self._letter(nxt.lower()):
                return False
            if prev.endswith(".") and self._letter(prev[:-1].lower()) and not quote_next:
                return False
        if low in r.before_number and first.isdigit():
            return False
        if first.isdigit() and (kind == "ambiguous" or low in r.months):
            return False  # "No. 5", "Sept. 30"
        if kind == "ambiguous" or _DOTTED.match(token):
            return starter
        if len(token) == 1 and token.isalpha():
            if r.cased:
                return starter  # an initial: J. R. R. Tolkien, Dionisio A. Lind
            return bool(_LATIN.match(token))  # "the letter u." ends a sentence; "د." does not
        if _NUMBER.match(token):
            if r.ordinal_period:
                return starter and nxt.lower() not in r.months  # "am 3. Oktober", "im 19. Jahrhundert"
            if nxt.lower() in r.months:
                return False
        return True

    def _attribution_follows(self, text: str, pos: int) -> bool:
        """Does an attribution follow ``pos``: a comma, a lower-case word, or a short clause with a reporting
        verb (“…!” Hammel added. / “…؟” قال ترامب.) -- not a new sentence (“…” He said the bars...)."""
        n = len(text)
        i = pos
        while i < n and _is_space(text[i]):
            i += 1
        if i < n and text[i] in ",،":
            return True
        if i < n and text[i] in "—–-" and self.rules.cased:
            i += 1  # Russian/French style: «…», — сказал он
        if self.rules.cased and _word_after(text, i)[:1].islower():
            return True
        # a short clause that ends the sentence (or, in cased scripts, goes on after a comma), has a reporting
        # verb, and does not open with a pronoun or another sentence opener ("He said: ...", "She continued,")
        # (uncased scripts: the verb comes first or after a pronoun -- قال ترامب ..., היא שאלה)
        r = self.rules
        words, mark = _clause_after(text, i, 4 if r.cased else 6)
        if not words or not mark or not (mark in TERMINATORS or (r.cased and mark == ",")):
            return False
        if r.cased and words[0].lower() in r.starters:
            return False
        return any(w.lower() in r.attributions for w in (words if r.cased else words[:2]))

    def _quote_kept_whole(self, text: str, cand_end: int, quotes: list[tuple[int, int]]) -> bool:
        """Is the candidate inside a quotation that closes with a comma or an attribution?"""
        i = bisect.bisect_left(quotes, (cand_end, -1)) - 1
        if i < 0 or quotes[i][1] < cand_end:
            return False
        close_at = quotes[i][1]
        if close_at - quotes[i][0] > MAX_KEPT_QUOTE:
            return False  # more likely a stray or unbalanced mark than one statement
        j = close_at
        while j > 0 and _is_space(text[j - 1]):
            j -= 1
        if j > 0 and text[j - 1] in ",،":
            return True
        return self._attribution_follows(text, close_at + 1)

    # -- the scan --------------------------------------------------------------------------------------
    def boundaries(self, text: str, start: int, end: int) -> list[int]:
        """Sentence end offsets inside ``text[start:end]`` (one block: no blank lines)."""
        block = text[start:end]
        quotes = _quotations(block) if self.keep_quotes else []
        out = []
        n = len(block)
        for m in _TERM_RUN.finditer(block):
            term = m.group()
            k = m.end()
            # absorb closing quotes/brackets, also French-style " »" after a (non-breaking) space
            while k < n:
                if block[k] in CLOSERS:
                    k += 1
                elif (
                    block[k] in "\u00a0\u202f\u2009 "
                    and k + 1 < n
                    and block[k + 1] in "»”›"
                    and (k + 2 >= n or _is_space(block[k + 2]) or block[k + 2] in TERMINATORS + CLOSERS + ",;:")
                ):
                    k += 2
                else:
                    break
            if k >= n:
                continue  # the end of the block is a boundary anyway
            cjk_mark = any(c in CJK_TERMINATORS for c in term)
            if not _is_space(block[k]) and not cjk_mark:
                continue  # "absurd…Syrian", "3.5", "Yahoo!News", "etc.),"
            closers = block[m.end():k]
            if not self._decide(block, m.start(), k, term, closers, cjk_mark):
                continue
            if quotes and self._quote_kept_whole(block, k, quotes):
                continue
            out.append(start + k)
        return out

    def _decide(self, block: str, t0: int, k: int, term: str, closers: str, cjk_mark: bool) -> bool:
        r = self.rules
        if cjk_mark:
            return True
        nxt = _word_after(block, k)
        first = nxt[:1]
        j = k
        while j < len(block) and _is_space(block[j]):
            j += 1
        quote_next = j < len(block) and block[j] in DOUBLE_QUOTES
        quoted = any(c in _QUOTE_CLOSERS for c in closers) or (
            not r.cased and t0 > 0 and block[t0 - 1] in _QUOTE_CLOSERS  # Hebrew style: ...“. אמרה
        )
        if quoted or (not r.cased and any(c in "!?؟" for c in term)):
            # “…!” Hammel added / למה? היא שאלה
            if self._attribution_follows(block, k):
                return False
        if not first:
            return True  # a dash, a number sign, an emoji...: still a boundary after . ! ?
        if set(term) == {"."} and len(term) <= 2:
            # a period (also "etc.)" or a doubled "..", a common typo): the word before decides
            w = j
            while w < len(block) and block[w] in OPENERS:
                w += 1
            next_dotted = block.startswith(nxt + ".", w)
            i = t0
            while i > 0 and not _is_space(block[i - 1]):
                i -= 1
            while i > 0 and _is_space(block[i - 1]):
                i -= 1
            prev = _word_before(block, i, 0)
            return self._period_boundary(_word_before(block, t0, 0), nxt, quote_next, next_dotted, prev)
        if set(term) <= set(".…"):
            # an ellipsis followed by a space
            return (first.isupper() or first.isdigit()) if r.cased else False
        # ! ? ؟ (possibly mixed with dots)
        if r.cased and first.islower():
            return False
        return True


def split_sentences(text: str, lang: str | None, *, keep_quotes: bool = True) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` in language ``lang`` (unknown -> generic rules).

    >>> t = "Mr. Smith arrived. He said: “It is absurd…we will stay.” Then he left."
    >>> [t[a:b] for a, b in split_sentences(t, "en")]
    ['Mr. Smith arrived.', 'He said: “It is absurd…we will stay.”', 'Then he left.']
    """
    splitter = _Splitter(language_rules(lang), keep_quotes)
    cuts: list[int] = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        cuts.extend(splitter.boundaries(text, pos, m.start()))
        cuts.append(m.start())
        pos = m.end()
    cuts.extend(splitter.boundaries(text, pos, len(text)))
    spans = []
    prev = 0
    for cut in cuts + [len(text)]:
        a, b = prev, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        prev = cut
    return spans


__all__ = ["CLOSERS", "TERMINATORS", "split_sentences"]
