"""What is built once and reused by every pair of articles aligned in a process.

:class:`Prepared` is an article's sentences as scoring units with its word document frequencies, inverted index
and joined adjacent sentences (built by :func:`prepare`, once per article, not once per pair of articles). The
memos below keep ``ratio()`` values and upper bounds across article pairs; :func:`clear_caches` forgets them all.
None of them changes an answer: the links are the same with and without them.
"""

from __future__ import annotations

from collections import defaultdict

from transcompare.align.similarity import Unit, stems


# ``SequenceMatcher.ratio`` of two token lists, shared by every article pair aligned in this process: in a run
# about one event the same sentence (syndicated copy, one translation engine) recurs in many articles, so the
# same pair of token lists meets again and again. The value depends on the two lists only, so every answer is
# the same with or without it. Cleared when it grows past _RATIO_MEMO_LIMIT entries.
_RATIO_MEMO: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
_RATIO_MEMO_LIMIT = 100_000


# Scorer.bound per pair of token lists, for one IDF table and one pair of weights at a time (the IDF table of a
# run is shared by all its article pairs). Kept with a reference to that table, so it is reset, never reused,
# when another table or other weights come along.
_BOUND_MEMO: dict[str, object] = {"idf": None, "weights": None, "values": {}}


def _bound_memo(idf: dict[str, float], wi: float, ws: float) -> dict:
    if _BOUND_MEMO["idf"] is not idf or _BOUND_MEMO["weights"] != (wi, ws) \
            or len(_BOUND_MEMO["values"]) > _RATIO_MEMO_LIMIT:
        _BOUND_MEMO.update(idf=idf, weights=(wi, ws), values={})
    return _BOUND_MEMO["values"]


def clear_caches(*articles: "Prepared") -> None:
    """Forget memoised ratios and joined sentences (benchmarks time cold runs with this)."""
    _RATIO_MEMO.clear()
    _BOUND_MEMO.update(idf=None, weights=None, values={})
    for art in articles:
        if isinstance(art, Prepared):
            art._joins, art._join_idf = {}, None


class Prepared(list):
    """An article's units with its word document frequencies and inverted index (built once per article)."""

    def __init__(self, units, groups: list | None = None):
        super().__init__(units)
        self.groups = list(groups) if groups is not None else None  # merges stay within a group
        self._joins: dict[tuple[int, int], Unit] = {}  # adjacent sentences joined, for the IDF below
        self._join_idf: dict[str, float] | None = None
        self._join_default = 0.0
        self.df: dict[str, int] = defaultdict(int)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for j, u in enumerate(self):
            for w in u.bag:
                self.df[w] += 1
                self.postings[w].append((j, u.counts[w]))

    def join(self, lo: int, hi: int, idf: dict[str, float], default: float) -> Unit:
        """Sentences ``lo`` and ``hi`` as one unit (kept for the next pair of articles using the same IDF)."""
        if self._join_idf is not idf or self._join_default != default:
            self._joins, self._join_idf, self._join_default = {}, idf, default
        unit = self._joins.get((lo, hi))
        if unit is None:
            unit = self._joins[(lo, hi)] = Unit.join(self[lo], self[hi], idf, default)
        return unit

    @staticmethod
    def of(units) -> "Prepared":
        return units if isinstance(units, Prepared) else Prepared(units)


def prepare(texts: list[str], settings, idf: dict[str, float], groups: list | None = None) -> Prepared:
    """Sentences as scoring units (stemmed tokens, counts, IDF mass) and the article's index; build once.

    ``groups`` (one label per sentence, e.g. its kind) keeps merges inside a group: a headline is never
    merged with the first body sentence.
    """
    default = max(idf.values(), default=1.0)
    return Prepared((Unit((i,), stems(t, settings.stem_chars)).weigh(idf, default) for i, t in enumerate(texts)),
                    groups)

