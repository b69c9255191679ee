"""Direct quotations, who they are attributed to, and the reporting verb.

:func:`find_quotes` finds quoted spans in the common conventions: “…” ‘…’ "…" '…' «…» ‹…› „…“ „…” ‚…‘
「…」 『…』 and the Hebrew gershayim ״…״. A quote that opens but does not close in the sentence runs to the
sentence's end (multi-sentence quotes), and one that closes without opening runs from the start.

:func:`quote_text` joins them for the ``quote`` columns; :func:`quote_similarity` compares two quotes. Who
said them, and with which verb, is :mod:`transcompare.align.attribution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from transcompare.align.settings import AlignSettings
    from transcompare.align.similarity import Scorer

# opening mark -> closing marks
_PAIRS: dict[str, str] = {
    "“": "”", "„": "“”", "«": "»", "‹": "›", "‚": "‘’", "「": "」", "『": "』", "‘": "’",
    "״": "״", '"': '"', "'": "'",
}
_CLOSERS = set("”»›」』")  # marks that can only close (for quotes opened in an earlier sentence)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Quote:
    """A quoted span: ``text == source[start:end]`` (without the marks); ``source[outer_start:outer_end]`` is the
    span with its marks (as far as the sentence has them: a quote still open at the sentence's end has none)."""

    text: str
    start: int
    end: int
    outer_start: int = -1
    outer_end: int = -1

    @property
    def outer(self) -> tuple[int, int]:
        return (self.start if self.outer_start < 0 else self.outer_start,
                self.end if self.outer_end < 0 else self.outer_end)


def _is_apostrophe(text: str, k: int) -> bool:
    """A ' or ’ between two letters (won't, Assad’s, l'État) is an apostrophe, not a quote mark."""
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return bool(_LETTER.match(before)) and bool(_LETTER.match(after))


def _is_gershayim(text: str, k: int) -> bool:
    """A ״ between two letters marks a Hebrew abbreviation (מנכ״ל, ארה״ב), not a quotation; so does a " between
    two Hebrew letters (מנכ"ל), as Hebrew keyboards write it."""
    if not 0 < k < len(text) - 1:
        return False
    if text[k] == "״":
        return bool(_LETTER.match(text[k - 1])) and bool(_LETTER.match(text[k + 1]))
    return text[k] == '"' and _HEBREW.match(text[k - 1]) is not None and _HEBREW.match(text[k + 1]) is not None \
        and not (text[k - 1] in _HEBREW_PREFIXES and (k < 2 or not text[k - 2].isalnum()))


_HEBREW = re.compile(r"[\u05d0-\u05ea]")


def _closes_german(text: str, k: int) -> bool:
    """A “ right after a word or punctuation and before a space, punctuation or the end closes a „…“ quote
    (German, Czech) begun in an earlier sentence: "… für die kleinen Höfe“, sagte X"."""
    if text[k] != "“":
        return False
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)")


_HEBREW_PREFIXES = "בהוכלמש"  # one-letter prefixes written onto a quoted word: ל"מבזק כלכלי" ("to Mivzak Kalkali")


def _opens(text: str, k: int) -> bool:
    ch = text[k]
    if _is_gershayim(text, k) or _closes_german(text, k):
        return False
    if ch in "'\"‘’״":
        before = text[k - 1] if k > 0 else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        if ch in '"״' and before in _HEBREW_PREFIXES and (k < 2 or not text[k - 2].isalnum()) \
                and bool(_LETTER.match(after)):
            return True  # ל"מבזק": a prefix on the quoted word
        if ch in "'’" and _is_apostrophe(text, k):
            return False
        return not before.isalnum() and not after.isspace()
    return ch in _PAIRS


def find_quotes(text: str, lang: str | None = None) -> list[Quote]:
    """Quoted spans in ``text``, in order; ``lang`` is accepted for symmetry (the marks decide)."""
    return list(_find_quotes(text or ""))


@lru_cache(maxsize=65536)
def _find_quotes(text: str) -> tuple[Quote, ...]:
    out: list[Quote] = []
    k, n = 0, len(text)
    while k < n:
        ch = text[k]
        if ch in _PAIRS and _opens(text, k):
            closers = _PAIRS[ch]
            j = k + 1
            while j < n:
                c = text[j]
                if c in closers and not (c in "'’" and _is_apostrophe(text, j)) and not _is_gershayim(text, j):
                    if c in "\"'" and j + 1 < n and text[j + 1].isalnum():
                        j += 1
                        continue
                    break
                j += 1
            inner = text[k + 1:j].strip().rstrip(",;: ")
            if inner and (j < n or ch not in "'\"‘’" or not out):
                lead = len(text[k + 1:j]) - len(text[k + 1:j].lstrip())
                out.append(Quote(inner, k + 1 + lead, k + 1 + lead + len(inner), k, min(j + 1, n)))
            k = j + 1
            continue
        closes = ch in _CLOSERS or (ch in '"״' and not _is_gershayim(text, k)) or _closes_german(text, k)
        if closes and not out and text[:k].strip():
            inner = text[:k].strip().rstrip(",;: ")
            lead = len(text[:k]) - len(text[:k].lstrip())
            if inner:
                out.append(Quote(inner, lead, lead + len(inner), lead, k + 1))
        k += 1
    return tuple(out)


def quote_text(text: str, lang: str | None = None) -> str:
    """The direct quotation(s) of a text joined by ' / ' (empty if none): the ``quote`` columns."""
    return " / ".join(q.text for q in find_quotes(text or "", lang))


# ------------------------------------------------------------------ quote similarity
def quote_similarity(a: str, b: str, scorer: "Scorer", settings: "AlignSettings") -> float:
    """Similarity of two quotes (pivot language), as the statements' ``quote_similarity`` column measures it."""
    from transcompare.align.similarity import Unit, stems

    ua = Unit((0,), stems(a, settings.stem_chars)).weigh(scorer.idf, scorer.default)
    ub = Unit((0,), stems(b, settings.stem_chars)).weigh(scorer.idf, scorer.default)
    return scorer.score(ua, ub)


def quote_scorer(pivot_texts: list[str], settings: "AlignSettings") -> Callable[[str | None, str | None], float | None]:
    """Quote similarity between two pivot-language texts (their quotes, by :func:`quote_text`), with the IDF of
    ``pivot_texts`` and the run's ``settings``; None when either has no quote."""
    from transcompare.align.similarity import Scorer, idf_table, stems

    idf = idf_table([stems(t or "", settings.stem_chars) for t in pivot_texts])
    scorer = Scorer(idf, settings.seq_weight, settings.idf_weight)

    def similarity(a: str | None, b: str | None) -> float | None:
        qa, qb = quote_text(a or ""), quote_text(b or "")
        if not qa or not qb:
            return None
        return round(quote_similarity(qa, qb, scorer, settings), 6)

    return similarity
