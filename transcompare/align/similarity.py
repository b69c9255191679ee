"""Sentence similarity on normalised word tokens (method ``difflib.v1``).

A sentence becomes a list of normalised word tokens (NFKC, case-folded, diacritics removed, ``\\w+`` runs,
cut to their first ``stem_chars`` letters by :func:`stems`). Two token lists are scored as

    score = w_seq * SequenceMatcher(a, b).ratio() + w_idf * weighted_dice(a, b)

where ``weighted_dice`` is the Dice overlap of the two token *sets* with each word weighted by its inverse
document frequency among the sentences being aligned (so "Lavrov" counts more than "the"). Both parts are in
[0, 1] and the weights sum to 1, so the score is in [0, 1].

Cheap upper bounds come first (:meth:`Scorer.bound`): the weighted Dice term is a set intersection, and
``quick_ratio`` (the multiset overlap, here computed from each unit's precomputed word counts) bounds
``ratio`` from above, so a pair whose bound is below the threshold never pays for the full ``ratio``.
Identical token lists score ``ratio`` = 1 without a SequenceMatcher.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from transcompare.text import tokens



def stems(text: str, chars: int = 0) -> list[str]:
    """Tokens cut to their first ``chars`` letters (a crude, language-free stemmer; 0 = whole words)."""
    toks = tokens(text)
    return [t[:chars] for t in toks] if chars else toks


def idf_table(token_lists: list[list[str]]) -> dict[str, float]:
    """Inverse document frequency (sentences as documents), smoothed: log((N + 1) / (df + 0.5))."""
    df: Counter[str] = Counter()
    for toks in token_lists:
        df.update(set(toks))
    n = len(token_lists)
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


@dataclass
class Unit:
    """One side of a candidate link: one sentence or two adjacent ones, as tokens."""

    indices: tuple[int, ...]
    toks: list[str]
    bag: frozenset[str] = field(init=False)
    mass: float = 0.0

    counts: Counter = field(init=False)
    key: tuple[str, ...] = field(init=False, repr=False, compare=False)  # the tokens, hashable (memo key)

    def __post_init__(self) -> None:
        self.bag = frozenset(self.toks)
        self.counts = Counter(self.toks)
        self.key = tuple(self.toks)

    def weigh(self, idf: dict[str, float], default: float) -> "Unit":
        self.mass = sum(idf.get(w, default) for w in self.bag)
        return self

    @staticmethod
    def join(first: "Unit", second: "Unit", idf: dict[str, float], default: float) -> "Unit":
        return Unit(first.indices + second.indices, first.toks + second.toks).weigh(idf, default)


class Scorer:
    """Scores pairs of units with shared IDF weights; counts how much work was done (for the benchmark)."""

    def __init__(self, idf: dict[str, float], seq_weight: float, idf_weight: float,
                 memo: dict | None = None) -> None:
        total = seq_weight + idf_weight
        self.idf = idf
        self.default = max(idf.values(), default=1.0)
        self.ws = seq_weight / total
        self.wi = idf_weight / total
        self.full_ratios = 0
        self.identical = 0
        self._matcher = SequenceMatcher(autojunk=False)
        self._b: Unit | None = None
        # ``ratio`` depends only on the two token lists: with a memo (shared across article pairs, see
        # pairwise.RatioMemo) a sentence pair met again in another article pair is not recomputed
        self.memo = memo
        # the bound depends on the two token lists and this scorer's IDF table and weights: a memo is only
        # handed in by callers that keep it per (IDF table, weights), see pairwise._bound_memo
        self.bound_memo: dict | None = None

    def bound(self, a: Unit, b: Unit) -> tuple[float, float]:
        """(exact weighted-Dice part of the score, upper bound of the whole score).

        The bound replaces ``ratio`` by ``quick_ratio`` (2 x multiset intersection / total length, which
        ``ratio`` never exceeds), computed from the units' precomputed word counts in the same pass as the
        Dice term instead of by a SequenceMatcher that rebuilds the counts for every pair.
        """
        memo = self.bound_memo
        if memo is not None:
            key = (a.key, b.key)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = self._bound(a, b)
            return hit
        return self._bound(a, b)

    def _bound(self, a: Unit, b: Unit) -> tuple[float, float]:
        shared = a.bag & b.bag
        if not shared:
            return 0.0, 0.0
        shared_mass = 0.0
        inter = 0
        ca, cb, idf, d = a.counts, b.counts, self.idf, self.default
        for w in shared:
            shared_mass += idf.get(w, d)
            x, y = ca[w], cb[w]
            inter += x if x < y else y
        # rounded so that the order in which a set was summed (it varies between runs) cannot break ties
        base = round(self.wi * 2.0 * shared_mass / (a.mass + b.mass), 9) if a.mass + b.mass else 0.0
        return base, round(base + self.ws * 2.0 * inter / (len(a.toks) + len(b.toks)), 9)

    def exact(self, a: Unit, b: Unit, base: float) -> float:
        if not a.toks or not b.toks:
            return 0.0
        if a.toks == b.toks:  # the same wording (syndicated copy): ratio is 1
            self.identical += 1
            return round(min(1.0, base + self.ws), 9)
        memo = self.memo
        if memo is not None:
            key = (a.key, b.key)
            r = memo.get(key)
            if r is None:
                r = memo[key] = self._ratio(a, b)
            return round(min(1.0, base + self.ws * r), 9)
        return round(min(1.0, base + self.ws * self._ratio(a, b)), 9)

    def _ratio(self, a: Unit, b: Unit) -> float:
        sm = self._matcher
        if self._b is not b:  # SequenceMatcher caches its index of seq2: score many a against one b
            sm.set_seq2(b.toks)
            self._b = b
        sm.set_seq1(a.toks)
        self.full_ratios += 1
        return sm.ratio()

    def score(self, a: Unit, b: Unit, floor: float = 0.0) -> float:
        """The score, or 0.0 as soon as the upper bound shows it is below ``floor``."""
        base, ub = self.bound(a, b)
        if ub <= 0.0 or (floor > 0.0 and ub < floor):
            return 0.0
        return self.exact(a, b, base)

    def release(self) -> None:
        self._b = None
