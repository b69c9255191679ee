"""Sentence segmentation: multilingual, quote-aware, with character offsets.

Two entry points:

- :func:`split_sentences` turns one text into character spans ``(start, end)``. The spans are in order, do
  not overlap, never start or end with whitespace, and together cover every non-space character. A blank
  line is always a boundary; a single newline is ordinary whitespace.
- :func:`segment_articles` turns an ``articles`` table into a ``sentences`` table (see ``schema.py``):
  each paragraph is segmented on its own, offsets point into ``schema.article_text(paragraphs)``.

The rules (``transcompare.rules.v1``) look at every run of sentence punctuation (``. ! ? …`` and the
Arabic, Chinese and Japanese marks) that is followed by whitespace -- or, for 。！？, by anything -- and
decide from the word before it and the word after it:

- a period after a known abbreviation of the language (``Mr.``, ``z.B.``, ``т.е.``, ``Sr.``, ``EE.``) or after
  an initial (``J. R. R.``, ``A.``) is not a boundary; an abbreviation that can also end a sentence
  (``etc.``, ``Inc.``, ``U.S.``, ``г.``) or an initial ends one only if a typical sentence opener
  (``The``, ``He``, ``Der``, ``Он``...) follows;
- in cased scripts, a lower-case next word is never the start of a sentence (``"Why?" he asked``);
- German-style ordinals (``am 3. Oktober``) are not boundaries;
- ``،`` and ``;`` are not boundaries; ``؟`` is; an ellipsis without a following space (``absurd…Syrian``)
  never is;
- after a closing quotation mark, a short attribution (``“…!” Hammel added.``, ``“…؟” قال ترامب.``) does not
  start a new sentence;
- quotations: a quotation (up to ``MAX_KEPT_QUOTE`` characters) that is closed by a comma or followed by its
  attribution (``“A. B,” he said``) is kept whole -- the quote is one statement with its speaker. Set
  ``keep_quotes=False`` for the conventional split inside the quote.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import polars as pl

from transcompare.schema import ARTICLES, KIND_BODY, KIND_TITLE, SENTENCES, C, check_frame

# a quotation longer than this (characters, about four sentences) is not kept whole: a stray or unbalanced
# quotation mark must not glue a long paragraph into one sentence
MAX_KEPT_QUOTE = 600
NAME = "transcompare.rules"
VERSION = "1"

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


# -------------------------------------------------------------------------------------------- language rules
@dataclass(frozen=True)
class LangRules:
    """What the splitter knows about one language."""

    code: str
    # abbreviations (lower case, without the final period) that never end a sentence: titles, "z.B", "т.е"
    fixed: frozenset[str] = frozenset()
    # abbreviations that end a sentence only if a sentence opener follows: "etc", "inc", "u.s", "г"
    ambiguous: frozenset[str] = frozenset()
    # typical sentence-initial words (lower case)
    starters: frozenset[str] = frozenset()
    # month names: "3. Oktober" / "Sept. 30" are never boundaries
    months: frozenset[str] = frozenset()
    # "3. Oktober": a period after a small number marks an ordinal unless a sentence opener follows
    ordinal_period: bool = False
    # the script has letter case (a lower-case next word continues the sentence)
    cased: bool = True
    # no spaces between sentences (zh, ja)
    cjk: bool = False
    # reporting words: a closing quote followed within a few words by one of them (“…!” Hammel added;
    # “…؟” قال) does not end the sentence
    attributions: frozenset[str] = frozenset()
    # abbreviations that only precede a number ("No. 5", "Nr. 3", "pág. 12"); otherwise ordinary words
    before_number: frozenset[str] = frozenset()
    # one-letter prefixes glued to words (Hebrew ה, ב, ל...): stripped before looking up abbreviations
    prefixes: str = ""
    # letter names with a period, read as an acronym when another one follows (בי. בי. סי.)
    letters: frozenset[str] = frozenset()


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Latin-script abbreviations that mean the same in every language using them
_COMMON_FIXED = _words("mr mrs ms messrs dr drs prof st vs e.g i.e cf ph.d")
_COMMON_AMBIGUOUS = _words("etc inc ltd corp a.m p.m u.s u.k u.n u.s.a d.c")
_EN_REPORTING = _words(
    "said says added adds told asked asks wrote writes reported reports tweeted continued explained replied "
    "insisted stated noted recalled commented warned argued declared according"
)
_EN_STARTERS = _words(
    "the a an he she it they we i you this that these those there here his her its their our my your "
    "but and so yet or if in on at as after before when while however meanwhile also then now for from "
    "with by to what who why how where which one some many most all both each no not last earlier later "
    "despite although though since because according still even only more other another such under over "
    "during until unless instead indeed yes police officials authorities mr mrs ms dr"
)

_RULES: dict[str, LangRules] = {}


def _add(code: str, **kw) -> None:
    fixed = _COMMON_FIXED | kw.pop("fixed", frozenset())
    ambiguous = _COMMON_AMBIGUOUS | kw.pop("ambiguous", frozenset())
    _RULES[code] = LangRules(code=code, fixed=fixed - ambiguous, ambiguous=ambiguous, **kw)


_add(
    "en",
    fixed=_words(
        "gen lt col maj capt cmdr sgt cpl adm gov sen sens rep reps rev hon st mt ft det insp supt atty ave blvd univ "
        "dept est gens approx ca"
    ),
    before_number=_words("no nos vol vols pp p fig figs"),
    ambiguous=_words("co bros jr sr al esq plc llc jan feb mar apr jun jul aug sep sept oct nov dec"),
    starters=_EN_STARTERS,
    months=_words("jan feb mar apr jun jul aug sep sept oct nov dec"),
    attributions=_EN_REPORTING,
)
_add(
    "de",
    fixed=_words(
        "z.b d.h u.a u.u v.a o.ä s.o s.u zzgl inkl ggf evtl vgl bzw ca hr fr frl str jh jhd "
        "chr mio mrd tsd jan feb febr märz apr jun jul aug sep sept okt nov dez dipl ing sog st"
    ),
    ambiguous=_words("usw etc ua"),
    starters=_words(
        "der die das den dem des ein eine einer eines er sie es wir ich ihr man dies diese dieser dieses "
        "das auch aber doch und oder so nach vor in im am an auf bei mit von zu zum zur für als wenn wie "
        "was wer warum wo damit dabei dann daher deshalb trotzdem außerdem jedoch allerdings zudem laut "
        "seit nun noch nicht kein keine alle viele mehr seine ihre sein unser aus bei unter über gegen ohne "
        "durch während weil obwohl da hier heute gestern später zuvor bereits schon nur sogar"
    ),
    months=_words(
        "januar februar märz april mai juni juli august september oktober november dezember jänner "
        "jan feb märz apr jun jul aug sep sept okt nov dez"
    ),
    ordinal_period=True,
    before_number=_words("nr abs art bd s"),
    attributions=_words("sagte sagt sagten fügte erklärte erklärt schrieb berichtete berichtet twitterte so"),
)
_add(
    "fr",
    fixed=_words(
        "m mm mme mmes mlle mlles pr ste av bd boul env ex janv févr fév avr juil sept oct nov déc "
        "c.-à-d p.ex cie apr"
    ),
    ambiguous=_words("j.-c etc"),
    starters=_words(
        "le la les l un une des de du il elle ils elles on nous je vous ce cette ces cet c ça cela mais "
        "et ou donc car puis ensuite en dans à au aux pour par avec sans selon si quand comme lorsque "
        "alors pourtant cependant toutefois depuis après avant qui que quoi pourquoi comment où tous "
        "toutes plusieurs son sa ses leur leurs notre mon ma mes d qu"
    ),
    months=_words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
)
_ES_CA_FIXED = _words(
    "sr sra srta sres sras dr dra lic ing d dña don ud uds vd vds gral tte av avda "
    "aprox p.ej cía ee uu ee.uu s.a ene abr jun jul ago sept oct nov dic"
)
_add(
    "es",
    fixed=_ES_CA_FIXED,
    before_number=_words("pág págs núm art cap"),
    ambiguous=_words("etc uu ee.uu a.c d.c"),
    starters=_words(
        "el la los las lo un una unos unas él ella ellos ellas nosotros yo usted este esta estos estas "
        "eso esto ese esa pero y o sin en con por para de del desde según si cuando como mientras sin "
        "embargo además también aunque después antes ahora entonces así qué quién cómo dónde por qué "
        "todos todas muchos su sus nuestro mi hay es se no"
    ),
    months=_words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
)
_add(
    "ca",
    fixed=_ES_CA_FIXED | _words("gen febr març set des"),
    before_number=_words("pàg núm art cap"),
    ambiguous=_words("etc uu ee.uu"),
    starters=_words(
        "el la els les l un una uns unes ell ella ells elles nosaltres jo aquest aquesta això allò però "
        "i o en amb per de des segons si quan com mentre també encara després abans ara així què qui "
        "tots totes molts seu seva seus no hi es"
    ),
)
_add(
    "pt",
    fixed=_words(
        "sr sra srs sras dr dra drs prof profa exmo exma av nº p.ex v.exa jan fev abr mai "
        "jun jul ago set out nov dez"
    ),
    before_number=_words("pág págs art"),
    ambiguous=_words("etc eua"),
    starters=_words(
        "o a os as um uma uns umas ele ela eles elas nós eu você este esta estes estas isso isto esse "
        "essa mas e ou em no na nos nas com por para de do da desde segundo se quando como enquanto "
        "também ainda depois antes agora então assim que quem porque todos muitos seu sua não há"
    ),
)
_add(
    "it",
    fixed=_words(
        "sig sig.ra sigg dott dott.ssa prof avv ing on geom arch p.es gen feb apr mag giu lug "
        "ago sett ott nov dic"
    ),
    before_number=_words("pag art n"),
    ambiguous=_words("ecc etc s.p.a"),
    starters=_words(
        "il lo la i gli le un una uno lui lei loro noi io questo questa questi queste quello quella ma e "
        "o in nel nella con per di del della da dal secondo se quando come mentre anche ancora dopo prima "
        "ora allora così che chi perché tutti molti suo sua non c è"
    ),
)
_add(
    "ru",
    fixed=_words(
        "т.е т.к т.н т.ч и.о г-н г-жа им св ул пр-т просп пер д кв стр ср англ нем франц рис илл дж "
        "проф акад доц ген янв февр апр авг сент окт нояб дек тыс млн млрд трлн руб долл коп"
    ),
    ambiguous=_words("г гг др т.д т.п н.э в вв см"),
    starters=_words(
        "он она оно они мы я вы ты это этот эта эти то тот та те так но и а однако также кроме если "
        "когда как что чтобы в во на по при после до после из с со для о об от к у за под над между "
        "все всё многие его ее её их наш мой там здесь теперь сейчас тогда поэтому ведь же ещё еще уже "
        "не нет да по-прежнему кто где почему какой"
    ),
    months=_words("января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
)
_add(
    "uk",
    fixed=_words("т.зв т.б ім вул проф акад тис млн млрд грн"),
    ambiguous=_words("р рр ін т.д т.п"),
    starters=_words("він вона воно вони ми я ви це цей ця ці але і й а однак також якщо коли як що в у на"),
)
_add(
    "ar",
    # abbreviations (د. = Dr., م. = AD) and words that cannot end a sentence (في, من...)
    fixed=_words(
        "د أ م ق.م ص ج ش.م.م أ.د في من إلى على عن مع"
    ),
    cased=False,
    attributions=_words(
        "قال قالت أضاف أضافت أكد أكدت صرح أوضح تابع "
        "بحسب حسب حسبما وفقا وفقًا كما قائلا قائلًا قائلاً تساءل تساءلت أفاد أفادت"
    ),
)
_add(
    "he",
    # Latin letters spelled out in Hebrew acronyms (בי. בי. סי., איי. פי.)
    letters=_words("איי בי סי די ג'יי ג‘יי ג׳יי קיי פי קיו אר אס טי יו דבליו אקס וואי זי אייץ' אייץ‘ אייץ׳"),
    cased=False,
    attributions=_words(
        "אמר אמרה אמרו הוסיף הוסיפה הוסיפו סיפר סיפרה כתב כתבה ציין ציינה לדברי כך שאל שאלה שאלו "
        "דיווח דיווחה דיווחו תהה תהתה"
    ),
    prefixes="הבלומשכ",
)
_add("fa", cased=False)
_add("zh", cased=False, cjk=True)
_add("ja", cased=False, cjk=True)
_add("und")  # generic: the common Latin-script abbreviations, no language-specific lists

def language_rules(lang: str | None) -> LangRules:
    """The rules for a language code (ISO 639-1 or -3, any case, region suffix allowed); generic if unknown."""
    from transcompare.langs import normalise

    code = normalise(lang) or (lang or "").strip().lower()
    return _RULES.get(code, _RULES["und"])


def supported_languages() -> list[str]:
    """Languages with their own rules (others get the generic rules)."""
    return sorted(c for c in _RULES if c != "und")


def _rules_digest() -> str:
    """A short hash of every language's lists, so a changed list changes the signature (and cache keys)."""
    parts = []
    for code in sorted(_RULES):
        r = _RULES[code]
        parts.append(repr([code, r.cased, r.cjk, r.ordinal_period, r.prefixes] + [
            sorted(getattr(r, f))
            for f in ("fixed", "ambiguous", "starters", "months", "attributions", "before_number", "letters")
        ] + [MAX_KEPT_QUOTE]))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def signature(keep_quotes: bool = True) -> dict:
    """How sentences were made, for the run's manifest."""
    return {
        "name": f"{NAME}.v{VERSION}",
        "keep_quotes": keep_quotes,
        "titles": "whole",
        "languages": ",".join(supported_languages()),
        "rules": _rules_digest(),
        "version": VERSION,
    }


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


# ------------------------------------------------------------------------------------------------- articles
def segment_articles(
    articles: pl.DataFrame,
    *,
    keep_quotes: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> pl.DataFrame:
    """ARTICLES -> SENTENCES: one row per sentence, each paragraph segmented on its own.

    A title paragraph is one sentence (headlines have no sentence punctuation to go by). ``progress`` is
    called as ``progress(done, total)`` after each article.
    """
    articles = check_frame(articles, ARTICLES, "segment")
    rows: dict[str, list] = {c: [] for c in SENTENCES.columns}
    total = articles.height
    for done, art in enumerate(articles.iter_rows(named=True), 1):
        paragraphs = art[C.PARAGRAPHS] or []
        kinds = art[C.PARAGRAPH_KINDS] or []
        offset = 0
        index = 0
        for p, para in enumerate(paragraphs):
            kind = kinds[p] if p < len(kinds) else KIND_BODY
            if kind == KIND_TITLE:
                a, b = 0, len(para)
                while a < b and para[a].isspace():
                    a += 1
                while b > a and para[b - 1].isspace():
                    b -= 1
                spans = [(a, b)] if a < b else []
            else:
                spans = split_sentences(para, art[C.LANG], keep_quotes=keep_quotes)
            for a, b in spans:
                rows[C.ARTICLE_ID].append(art[C.ARTICLE_ID])
                rows[C.OUTLET].append(art[C.OUTLET])
                rows[C.LANG].append(art[C.LANG])
                rows[C.PARAGRAPH].append(p)
                rows[C.INDEX].append(index)
                rows[C.KIND].append(kind)
                rows[C.START].append(offset + a)
                rows[C.END].append(offset + b)
                rows[C.TEXT].append(para[a:b])
                index += 1
            offset += len(para) + 2  # the "\n\n" of schema.article_text
        if progress is not None:
            progress(done, total)
    return check_frame(pl.DataFrame(rows, schema=SENTENCES.schema), SENTENCES, "segment")


__all__ = ["split_sentences", "segment_articles", "signature", "language_rules", "supported_languages"]
