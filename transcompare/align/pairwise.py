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
   matching (Hungarian algorithm, run separately on each connected component of the sparse candidate graph, so
   the cubic step only sees a handful of sentences) picks the links with the largest total score. A greedy
   "best pair first" pass can lock in a pair that blocks two better ones; the matching cannot (it is exact
   for 1-1 links).
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

from transcompare.align.similarity import Scorer, Unit, idf_table, stems


@dataclass(frozen=True, order=True)
class Link:
    """Sentences ``a`` of the first article carry the same statement as sentences ``b`` of the second."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


# ------------------------------------------------------------------ assignment
def _hungarian(cost: list[list[float]]) -> dict[int, int]:
    """Minimum-cost assignment of every row (rows <= columns); returns row -> column."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return {p[j] - 1: j - 1 for j in range(1, m + 1) if p[j]}


def max_weight_matching(edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Exact maximum-weight bipartite matching of a sparse graph {(a, b): weight > 0}.

    The graph is split into connected components; each is solved with the Hungarian algorithm.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(("a", a)), find(("b", b))
        if ra != rb:
            parent[ra] = rb
    comps: dict = defaultdict(list)
    for a, b in edges:
        comps[find(("a", a))].append((a, b))
    out: list[tuple[int, int]] = []
    for comp in comps.values():
        if len(comp) == 1:
            out.append(comp[0])
            continue
        rows = sorted({a for a, _ in comp})
        cols = sorted({b for _, b in comp})
        flip = len(rows) > len(cols)
        if flip:
            rows, cols = cols, rows
        ri = {r: k for k, r in enumerate(rows)}
        ci = {c: k for k, c in enumerate(cols)}
        cost = [[0.0] * len(cols) for _ in rows]
        for (a, b) in comp:
            r, c = (b, a) if flip else (a, b)
            cost[ri[r]][ci[c]] = -edges[(a, b)]
        for r, c in _hungarian(cost).items():
            pair = (cols[c], rows[r]) if flip else (rows[r], cols[c])
            if pair in edges:
                out.append(pair)
    return sorted(out)


# ------------------------------------------------------------------ alignment
def _weight(link: Link) -> float:
    return link.score * (len(link.a) + len(link.b)) / 2.0


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
