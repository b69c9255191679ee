"""Pairwise alignment of two articles' sentences (pivot language): candidates, global assignment, merges.

1. **Candidates.** Each article has an inverted index (built once, :func:`prepare`). For a pair of articles,
   a word is *informative* when it is in at most ``index_max_df`` of the pair's sentences (not "the"/"de");
   each sentence of A takes the ``max_candidates`` sentences of B sharing the most informative-word weight.
2. **Bounds before ``ratio()``.** An index-only bound (shared informative weight plus everything the frequent
   words could add), then the exact Dice term plus ``quick_ratio`` (multiset overlap), and only then
   ``SequenceMatcher.ratio()``. Pairs are taken from the highest bound down, and a pair is skipped when both
   its sentences already have a partner scoring higher than the pair's bound (it could enter the matching
   only if both better partners went to others).
3. **Global 1-1 assignment.** Among the pairs scoring at least ``threshold``, a maximum-weight bipartite
   matching (scipy's ``linear_sum_assignment``, run separately on each connected component of the sparse
   candidate graph, so the cubic step only sees a handful of sentences; ties broken by a fixed rule, see
   :func:`max_weight_matching`) picks the links with the largest total score. A greedy "best pair first" pass
   can lock in a pair that blocks two better ones; the matching cannot (it is exact for 1-1 links).
4. **Merges (1-2 / 2-1).** For each link, the adjacent sentence on either side is tried as a partner: two
   adjacent sentences replace one when together they score at least ``merge_margin`` higher than the single
   sentence *and* the coverage-weighted score (score x sentences covered / 2) beats what the neighbour's own
   link contributed. Adjacent pairs that are unmatched on one side and match an unmatched sentence on the
   other only together are linked too. Only improving moves are made (a local search).
5. **Neighbours.** An unmatched pair right next to a linked pair, at the same relative position, is linked
   when it scores at least ``context_threshold`` (lower than ``threshold``).
6. Sentences without a counterpart stay unaligned.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

# clear_caches and prepare are imported from here too (benchmarks, statements)
from transcompare.align.prepared import (_RATIO_MEMO, _RATIO_MEMO_LIMIT, Prepared, _bound_memo, clear_caches,
                                         prepare)
from transcompare.align.similarity import Scorer, Unit, idf_table, stems


@dataclass(frozen=True, order=True)
class Link:
    """Sentences ``a`` of the first article carry the same statement as sentences ``b`` of the second."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


# ------------------------------------------------------------------ assignment
_QUANTUM = 1e9  # weights are compared to 1e-9, the precision difflib.v1's scores are rounded to
_EXACT = 2 ** 52  # below this, float64 holds integers exactly (with a factor 2 to spare)


def _solve(comp: list[tuple[int, int]], edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """One connected component: ``linear_sum_assignment`` on its dense matrix, with the tie rule if it fits."""
    from scipy.optimize import linear_sum_assignment  # here, not at import: scipy takes ~0.5 s to load

    rows, cols = sorted({a for a, _ in comp}), sorted({b for _, b in comp})
    ri, ci = {a: k for k, a in enumerate(rows)}, {b: k for k, b in enumerate(cols)}
    r, c = [ri[a] for a, _ in comp], [ci[b] for _, b in comp]
    # integer weights: the total (at 1e-9) times more than any matching's total penalty, minus the penalty
    penalty = [(x - y) ** 2 for x, y in zip(r, c)]
    scale = min(len(rows), len(cols)) * max(penalty) + 1
    q = [max(1, round(edges[e] * _QUANTUM)) for e in comp]
    exact = 4 * (len(rows) + len(cols)) * max(q) * scale < _EXACT  # the solver's sums stay exact integers
    matrix = np.zeros((len(rows), len(cols)))
    matrix[r, c] = [x * scale - p for x, p in zip(q, penalty)] if exact else [edges[e] for e in comp]
    present = np.zeros(matrix.shape, dtype=bool)
    present[r, c] = True
    return [(rows[x], cols[y]) for x, y in zip(*linear_sum_assignment(matrix, maximize=True)) if present[x, y]]


def max_weight_matching(edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Exact maximum-weight bipartite matching of a sparse graph {(a, b): weight > 0}; sorted (a, b) pairs.

    Each connected component (scipy's ``DisjointSet``) is solved by ``scipy.optimize.linear_sum_assignment``
    on its dense matrix (its sentences of A and of B in increasing order; a missing edge weighs 0 and is
    dropped). Ties follow a rule, not the solver: weights are compared to 1e-9 and, among matchings of equal
    total, the smallest sum of (rank in A - rank in B)² within the component wins (repeated sentences are paired
    in order), solved exactly as one assignment on integer weights. What is still tied, and a component too
    large for those integers in float64 (from about 25 sentences a side: solved on the plain weights), is left
    to the solver, deterministic on that matrix: the answer depends on the edges and weights only, never on the
    order of ``edges``.
    """
    from scipy.cluster.hierarchy import DisjointSet

    keys = sorted(edges)
    sets = DisjointSet()
    for a, b in keys:
        sets.add(("a", a))
        sets.add(("b", b))
        sets.merge(("a", a), ("b", b))
    comps: dict = defaultdict(list)
    for a, b in keys:
        comps[sets[("a", a)]].append((a, b))
    out: list[tuple[int, int]] = []
    for comp in comps.values():
        out += comp if len(comp) == 1 else _solve(comp, edges)
    return sorted(out)


# ------------------------------------------------------------------ alignment
def _weight(link: Link) -> float:
    return link.score * (len(link.a) + len(link.b)) / 2.0


class _Pair:
    """State for aligning one pair of articles."""

    def __init__(self, ua: list[Unit], ub: list[Unit], settings, idf: dict[str, float]):
        self.s = settings
        if len(_RATIO_MEMO) > _RATIO_MEMO_LIMIT:
            _RATIO_MEMO.clear()
        self.scorer = Scorer(idf, settings.seq_weight, settings.idf_weight, memo=_RATIO_MEMO)
        self.scorer.bound_memo = _bound_memo(idf, self.scorer.wi, self.scorer.ws)
        self.ua, self.ub = ua, ub
        self.bounds: dict[tuple[int, int], float] = {}  # upper bounds of the candidate pairs' scores
        self.tight: dict[tuple[int, int], float] = {}  # the bounds computed in full
        self.parts: dict[tuple[int, int], tuple[float, int]] = {}  # bounds of shared weight / shared tokens
        self.strong: dict[tuple[int, int], float] = {}  # exact scores >= threshold
        self.joined: dict[tuple[str, int], Unit] = {}
        self.candidate_pairs = 0

    # -- candidates
    def candidates(self) -> None:
        """Score the pairs that share informative words: best ``max_candidates`` per sentence of A by shared
        informative-word weight, full ``ratio`` only where the upper bound reaches the threshold."""
        n = len(self.ua) + len(self.ub)
        max_df = max(2, int(self.s.index_max_df * n))
        pa, pb = Prepared.of(self.ua), Prepared.of(self.ub)
        dfa, dfb = pa.df, pb.df
        # inverted index of B (built once per article): word -> [(sentence of B, count)]; a word is used only
        # when it is informative for this pair (in at most max_df of the pair's sentences)
        index = pb.postings
        idf, d, k = self.scorer.idf, self.scorer.default, self.s.max_candidates
        t, wi, ws = self.s.threshold, self.scorer.wi, self.scorer.ws
        # weight of each sentence's frequent (not indexed) words: all they can add to the shared weight
        gb = dfb.get
        frequent_words = {w for w, c in dfa.items() if c + gb(w, 0) > max_df}
        frequent_words.update(w for w, c in dfb.items() if c > max_df)
        rest_b, freq_b = [], []
        for u in self.ub:
            fw = u.bag & frequent_words
            rest_b.append(sum(idf.get(w, d) for w in fw))
            freq_b.append(sum(u.counts[w] for w in fw))
        cands: list[tuple[float, int, int]] = []
        bounds, parts, ub_units = self.bounds, self.parts, self.ub
        for i, u in enumerate(self.ua):
            acc: dict[int, float] = defaultdict(float)
            acc_n: dict[int, int] = defaultdict(int)
            ca = u.counts
            for w in u.bag:
                if w in index and w not in frequent_words:
                    wt, x = idf.get(w, d), ca[w]
                    for j, y in index[w]:
                        acc[j] += wt
                        acc_n[j] += x if x < y else y
            if not acc and u.bag:
                # only frequent words: fall back to the sentences sharing its rarest word
                w = min(u.bag, key=lambda x: (dfa.get(x, 0) + dfb.get(x, 0), x))
                for j, y in index.get(w, ()):
                    acc[j] += idf.get(w, d)
                    acc_n[j] += min(ca[w], y)
            if not acc:
                continue
            if len(acc) > k:
                # the k largest weights (rounded, so that summation order cannot break ties), then the lowest j;
                # only weights near the k-th largest can be among them, so only those are rounded and sorted
                floor = sorted(acc.values(), reverse=True)[k - 1] - 1e-8
                best = [j for _, j in sorted([(-round(v, 9), j) for j, v in acc.items() if v >= floor])[:k]]
            else:
                best = sorted(acc)
            self.candidate_pairs += len(best)
            frequent = u.bag & frequent_words
            rest_a = sum(idf.get(w, d) for w in frequent) if frequent else 0
            freq_a = sum(ca[w] for w in frequent) if frequent else 0
            la = len(u.toks)
            for j in best:
                v = ub_units[j]
                # cheapest bound, from the index alone: the shared weight is at most the indexed shared words'
                # plus the frequent words'; the matched tokens at most the indexed shared tokens plus the
                # frequent ones (so quick_ratio, hence ratio, is bounded too)
                rb, fb = rest_b[j], freq_b[j]
                shared = acc[j] + (rest_a if rest_a < rb else rb)
                shared_n = acc_n[j] + (freq_a if freq_a < fb else fb)
                cheap = round(wi * 2.0 * shared / (u.mass + v.mass)
                              + ws * 2.0 * shared_n / (la + len(v.toks)) + 1e-9, 9)
                bounds[(i, j)] = cheap
                parts[(i, j)] = (shared, shared_n)
                if cheap >= t:
                    cands.append((cheap, i, j))
        # From the highest bound down: the exact bound (Dice + quick_ratio), then the full ratio. A pair whose
        # bound is below the best exact score both of its sentences already have is skipped: it could enter
        # the matching only if both of those better partners were taken by others.
        best_a: dict[int, float] = defaultdict(float)
        best_b: dict[int, float] = defaultdict(float)
        for cheap, i, j in sorted(cands, key=lambda x: (-x[0], x[1], x[2])):
            if cheap < best_a[i] and cheap < best_b[j]:
                continue
            base, ub = self.scorer.bound(self.ua[i], self.ub[j])
            self.bounds[(i, j)] = self.tight[(i, j)] = ub
            if ub < t or (ub < best_a[i] and ub < best_b[j]):
                continue
            sc = self.scorer.exact(self.ua[i], self.ub[j], base)
            if sc >= t:
                self.strong[(i, j)] = sc
                best_a[i] = max(best_a[i], sc)
                best_b[j] = max(best_b[j], sc)

    # -- merges
    def _mergeable(self, side: str, i: int, k: int) -> bool:
        units = self.ua if side == "a" else self.ub
        if not 0 <= k < len(units):
            return False
        groups = getattr(units, "groups", None)
        return groups is None or groups[i] == groups[k]

    def _join(self, side: str, i: int, k: int) -> Unit:
        lo, hi = min(i, k), max(i, k)
        if (side, lo) not in self.joined:
            units = self.ua if side == "a" else self.ub
            if isinstance(units, Prepared):  # joined once per article, not once per pair of articles
                self.joined[(side, lo)] = units.join(lo, hi, self.scorer.idf, self.scorer.default)
            else:
                self.joined[(side, lo)] = Unit.join(units[lo], units[hi], self.scorer.idf, self.scorer.default)
        return self.joined[(side, lo)]

    def _join_a(self, i: int, k: int) -> Unit:
        return self._join("a", i, k)

    def _join_b(self, j: int, k: int) -> Unit:
        return self._join("b", j, k)

    def _merge_bound(self, pair1: tuple[int, int], pair2: tuple[int, int], two: list[Unit], one: Unit) -> float:
        """Upper bound of the score of two adjacent units (``two``) against ``one``, from the index alone."""
        p1, p2 = self.parts.get(pair1), self.parts.get(pair2)
        if p1 is None or p2 is None:
            return 1.0
        shared = min(p1[0] + p2[0], one.mass)
        tokens = min(p1[1] + p2[1], len(one.toks))
        mass = max(two[0].mass, two[1].mass) + one.mass
        dice = 2.0 * shared / mass if mass else 0.0
        return self.scorer.wi * dice + self.scorer.ws * 2.0 * tokens / (len(two[0].toks) + len(two[1].toks)
                                                                        + len(one.toks)) + 1e-9

    def merge(self, links: list[Link]) -> list[Link]:
        margin = self.s.merge_margin
        for _ in range(3):
            changed = False
            own_a = {i: l for l in links for i in l.a}
            own_b = {j: l for l in links for j in l.b}
            for link in sorted(links, key=lambda l: (-l.score, l.a, l.b)):
                if own_a.get(link.a[0]) is not link or len(link.a) + len(link.b) > 2:
                    continue
                (i,), (j,) = link.a, link.b
                best: tuple[float, Link, Link | None] | None = None
                for k in (i - 1, i + 1):
                    if (k, j) in self.bounds and self._mergeable("a", i, k):  # the neighbour shares words with B[j]
                        other = own_a.get(k)
                        if other is not None and len(other.a) + len(other.b) > 2:
                            continue
                        if self._merge_bound((i, j), (k, j), [self.ua[i], self.ua[k]], self.ub[j]) \
                                < link.score + margin:
                            continue
                        sc = self.scorer.score(self._join_a(i, k), self.ub[j], link.score + margin)
                        new = Link(tuple(sorted((i, k))), (j,), sc)
                        gain = _weight(new) - _weight(link) - (_weight(other) if other else 0.0)
                        if sc >= link.score + margin and gain > 0 and (best is None or gain > best[0]):
                            best = (gain, new, other)
                for k in (j - 1, j + 1):
                    if (i, k) in self.bounds and self._mergeable("b", j, k):
                        other = own_b.get(k)
                        if other is not None and len(other.a) + len(other.b) > 2:
                            continue
                        if self._merge_bound((i, j), (i, k), [self.ub[j], self.ub[k]], self.ua[i]) \
                                < link.score + margin:
                            continue
                        sc = self.scorer.score(self.ua[i], self._join_b(j, k), link.score + margin)
                        new = Link((i,), tuple(sorted((j, k))), sc)
                        gain = _weight(new) - _weight(link) - (_weight(other) if other else 0.0)
                        if sc >= link.score + margin and gain > 0 and (best is None or gain > best[0]):
                            best = (gain, new, other)
                if best is not None:
                    _, new, other = best
                    links = [l for l in links if l is not link and l is not other] + [new]
                    for x in new.a:
                        own_a[x] = new
                    for x in new.b:
                        own_b[x] = new
                    for x in link.a + (other.a if other else ()):
                        if (own_a.get(x) is link or own_a.get(x) is other) and x not in new.a:
                            del own_a[x]
                    for x in link.b + (other.b if other else ()):
                        if (own_b.get(x) is link or own_b.get(x) is other) and x not in new.b:
                            del own_b[x]
                    changed = True
            if not changed:
                break
        # adjacent pairs that match an unmatched sentence only together
        own_a = {i for l in links for i in l.a}
        own_b = {j for l in links for j in l.b}
        floor = self.s.threshold * self.s.merge_floor
        seeds = sorted(((ij, v) for ij, v in self.tight.items() if v >= floor), key=lambda kv: (-kv[1], kv[0]))
        for (i, j), _ in seeds:
            if i in own_a or j in own_b:
                continue
            options = []
            t = self.s.threshold
            for k in (i - 1, i + 1):
                if (k, j) in self.bounds and k not in own_a and self._mergeable("a", i, k):
                    options.append(Link(tuple(sorted((i, k))), (j,),
                                        self.scorer.score(self._join_a(i, k), self.ub[j], t)))
            for k in (j - 1, j + 1):
                if (i, k) in self.bounds and k not in own_b and self._mergeable("b", j, k):
                    options.append(Link((i,), tuple(sorted((j, k))),
                                        self.scorer.score(self.ua[i], self._join_b(j, k), t)))
            options = [o for o in options if o.score >= self.s.threshold]
            if options:
                new = max(options, key=lambda o: o.score)
                links.append(new)
                own_a.update(new.a)
                own_b.update(new.b)
        return links

    def context(self, links: list[Link]) -> list[Link]:
        """Link unmatched neighbours of linked pairs (same relative position) at a lower threshold."""
        ct = self.s.context_threshold
        na, nb = len(self.ua), len(self.ub)
        seen: dict[tuple[int, int], float] = {}
        for _ in range(max(na, nb)):
            own_a = {i: l for l in links for i in l.a}
            own_b = {j for l in links for j in l.b}
            options = []
            for l in links:
                for i, j in ((min(l.a) - 1, min(l.b) - 1), (max(l.a) + 1, max(l.b) + 1)):
                    if 0 <= i < na and 0 <= j < nb and i not in own_a and j not in own_b:
                        if (i, j) not in seen:
                            seen[(i, j)] = self.scorer.score(self.ua[i], self.ub[j], ct)
                        sc = seen[(i, j)]
                        if sc >= ct:
                            options.append(Link((i,), (j,), sc))
            if not options:
                break
            used_a, used_b = set(), set()
            for o in sorted(options, key=lambda o: (-o.score, o.a, o.b)):
                if o.a[0] not in used_a and o.b[0] not in used_b:
                    links.append(o)
                    used_a.add(o.a[0])
                    used_b.add(o.b[0])
        return links

    def run(self) -> list[Link]:
        self.candidates()
        t = self.s.threshold
        links = [Link((i,), (j,), self.strong[(i, j)]) for i, j in max_weight_matching(self.strong)]
        if self.s.merge:
            links = self.merge(links)
        if self.s.context_threshold < t:
            links = self.context(links)
        self.scorer.release()
        return sorted(links)


def align_units(ua: list[Unit], ub: list[Unit], settings, idf: dict[str, float],
                stats: dict | None = None) -> list[Link]:
    """:func:`align_pair` on units from :func:`prepare` (so an article is tokenised once, not once per pair)."""
    pair = _Pair(ua, ub, settings, idf)
    links = pair.run()
    if stats is not None:
        stats["candidate_pairs"] = stats.get("candidate_pairs", 0) + pair.candidate_pairs
        stats["full_ratios"] = stats.get("full_ratios", 0) + pair.scorer.full_ratios
        stats["identical"] = stats.get("identical", 0) + pair.scorer.identical
    return links


def align_pair(a_texts: list[str], b_texts: list[str], settings=None, idf: dict[str, float] | None = None,
               stats: dict | None = None, a_groups: list | None = None, b_groups: list | None = None) -> list[Link]:
    """Align two lists of sentences (same language); returns links sorted by A's indices.

    ``idf`` defaults to inverse document frequencies over the two lists' sentences. ``stats``, if given, is
    filled with work counters (candidate pairs, full ratio computations). ``a_groups``/``b_groups`` (a label
    per sentence) allow merges only between adjacent sentences with the same label.
    """
    from transcompare.align.settings import AlignSettings

    settings = settings or AlignSettings()
    if idf is None:
        idf = idf_table([stems(t, settings.stem_chars) for t in list(a_texts) + list(b_texts)])
    return align_units(prepare(a_texts, settings, idf, a_groups), prepare(b_texts, settings, idf, b_groups),
                       settings, idf, stats)
