"""Words: one definition of what a word is, how words are folded for comparison, and the word diff.

Two notions, both here: **words as written** (:data:`WORD`: letters and digits, with inner apostrophes and
hyphens kept, so "l'État", "don't" and "well-known" stay whole) are what the diff compares and the views
highlight; **match tokens** (:func:`tokens`: ``\\w+`` runs, NFKC, folded) are what the ``difflib.v1``
similarity counts. :func:`fold` (case-folded, accents removed) is the same for both.

>>> from transcompare.text import fold, tokens, word_diff
>>> fold("Élysée"), tokens("L'État, dit-il")
('elysee', ['l', 'etat', 'dit', 'il'])
>>> d = word_diff("Lavrov said it was absurd.", "Lavrov claimed it was absurd.")
>>> d.only_a, d.only_b, d.divergence
(['said'], ['claimed'], 0.2)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["DIFF_METHOD", "WORD", "WordDiff", "fold", "join_sentences", "signature", "tokens", "word_diff",
           "words"]

DIFF_METHOD = "difflib.words.v2"  # v2: reordered words are not reported as missing

WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)  # a word as written
_TOKEN = re.compile(r"\w+", re.UNICODE)  # a match token


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Case-folded, accents removed (NFKD without combining marks): "Élysée" -> "elysee"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_CLOSED = re.compile(r"[.!?…:;,\"'”’»)\]]\s*$")  # a sentence ends so; a headline does not


def join_sentences(texts) -> str:
    """Consecutive sentences of one article as one text: a space after a sentence that ends, a dash after one
    that does not (a headline before its lead), so that the two do not run together.

    >>> join_sentences(["Valmora closes its library", "The town will repair it.", "It said so."])
    'Valmora closes its library — The town will repair it. It said so.'
    """
    parts: list[str] = []
    for text in texts:
        if parts:
            parts.append(" " if _CLOSED.search(parts[-1]) else " — ")
        parts.append(text)
    return "".join(parts)


def words(text: str) -> list[str]:
    """The words of ``text`` as written."""
    return WORD.findall(text or "")


def tokens(text: str) -> list[str]:
    """Normalised match tokens: NFKC, ``\\w+`` runs, folded (punctuation, apostrophes and hyphens split)."""
    return [fold(w) for w in _TOKEN.findall(unicodedata.normalize("NFKC", text or ""))]


@dataclass(frozen=True)
class WordDiff:
    """Word-level comparison of ``a`` and ``b``.

    ``tokens_a``/``tokens_b`` are the words as written, ``spans_a``/``spans_b`` their character spans in the
    texts, and ``opcodes`` difflib's ``(tag, i1, i2, j1, j2)`` over those token lists (tags ``equal``,
    ``replace``, ``delete``, ``insert``). ``lacks_a[k]`` is true when word ``k`` of ``a`` is not in ``b``: outside
    difflib's matching blocks *and* not a word that ``b`` has elsewhere (a reordered word is not missing; a word
    that ``a`` repeats more often than ``b`` is, once per extra use). ``lacks_b`` likewise.
    """

    tokens_a: list[str]
    tokens_b: list[str]
    spans_a: list[tuple[int, int]]
    spans_b: list[tuple[int, int]]
    opcodes: list[tuple[str, int, int, int, int]]
    similarity: float
    lacks_a: list[bool]
    lacks_b: list[bool]

    @property
    def divergence(self) -> float:
        """1 - word-level similarity (difflib ratio over the word sequences, so order counts), in [0, 1]."""
        return round(1.0 - self.similarity, 6)

    @property
    def shared(self) -> list[str]:
        """Words of ``a`` that ``b`` also has (in the same order or moved)."""
        return [t for t, lack in zip(self.tokens_a, self.lacks_a) if not lack]

    @property
    def only_a(self) -> list[str]:
        return [t for t, lack in zip(self.tokens_a, self.lacks_a) if lack]

    @property
    def only_b(self) -> list[str]:
        return [t for t, lack in zip(self.tokens_b, self.lacks_b) if lack]

    def changed_spans(self, side: str = "a") -> list[tuple[int, int]]:
        """Character spans of the words on one side that the other side lacks (adjacent words joined)."""
        spans, lacks = (self.spans_a, self.lacks_a) if side == "a" else (self.spans_b, self.lacks_b)
        out: list[tuple[int, int]] = []
        prev = -2
        for k, lack in enumerate(lacks):
            if not lack:
                continue
            if k == prev + 1 and out:
                out[-1] = (out[-1][0], spans[k][1])
            else:
                out.append(spans[k])
            prev = k
        return out


def word_diff(a: str, b: str) -> WordDiff:
    """Compare two texts word by word (words as written, compared folded: case and accents ignored)."""
    ma, mb = list(WORD.finditer(a or "")), list(WORD.finditer(b or ""))
    na, nb = [fold(m.group()) for m in ma], [fold(m.group()) for m in mb]
    sm = SequenceMatcher(None, na, nb, autojunk=False)
    sim = sm.ratio() if (na or nb) else 1.0
    opcodes = [tuple(op) for op in sm.get_opcodes()]
    lacks_a, lacks_b = [False] * len(na), [False] * len(nb)
    # words outside the matching blocks; those the other side also has outside its blocks were moved
    rest_a = [k for tag, i1, i2, _, _ in opcodes if tag != "equal" for k in range(i1, i2)]
    rest_b = [k for tag, _, _, j1, j2 in opcodes if tag != "equal" for k in range(j1, j2)]
    left_b = Counter(nb[k] for k in rest_b)
    left_a = Counter(na[k] for k in rest_a)
    for k in rest_a:
        if left_b[na[k]] > 0:
            left_b[na[k]] -= 1
        else:
            lacks_a[k] = True
    for k in rest_b:
        if left_a[nb[k]] > 0:
            left_a[nb[k]] -= 1
        else:
            lacks_b[k] = True
    return WordDiff(
        [m.group() for m in ma], [m.group() for m in mb],
        [m.span() for m in ma], [m.span() for m in mb],
        opcodes, sim, lacks_a, lacks_b,
    )


def signature() -> dict:
    """The word diff's identity, and how sentences are joined (:func:`join_sentences`): part of the key of every
    table that holds word-diff columns or joined texts."""
    return {"name": "word_diff", "method": DIFF_METHOD, "join": "dash-after-headline.v1"}
