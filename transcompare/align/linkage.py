"""Average-linkage clustering over sparse pairs: the statements of a story (sentence pairs' probabilities of
carrying a common statement, :mod:`transcompare.align.statements`) and the stories of a corpus (article pairs'
probabilities of reporting one event, :mod:`transcompare.stories`)."""

from __future__ import annotations

import heapq

import numpy as np


def average_linkage(n: int, article: np.ndarray, i: np.ndarray, j: np.ndarray, p: np.ndarray,
                    threshold: float, overlap_threshold: float | None = None,
                    same_article: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                    compared: np.ndarray | None = None) -> list[list[int]]:
    """Clusters of sentence positions: merge the pair of clusters with the highest mean probability over their
    cross-article sentence pairs while it is at least ``threshold`` (> 0). Pairs not given count as 0; two clusters
    with no given pair between them never merge. Two clusters that both hold sentences of one article
    merge only at ``overlap_threshold`` (default: ``threshold``): a second sentence of an article joins a
    statement only when it says the same thing clearly. ``compared`` (articles x articles, bool, symmetric): only
    the sentence pairs of these pairs of articles count in a mean (default: every pair of different articles), so a
    story whose articles were aligned with their nearest others only is not diluted by pairs never compared.
    Deterministic: ties go to the lowest positions.

    Sparse: each cluster keeps its given pairs (sum of probabilities) per neighbouring cluster and its sentences
    per article; a merge adds them up, and a heap holds the candidate merges, so the cost follows the given
    pairs, not the square of ``n``. After a merge the new cluster's means with all its neighbours are computed
    at once (its sentences per article are a row of an n x articles array; the same sums as one by one)."""
    if n == 0:
        return []
    overlap_t = threshold if overlap_threshold is None else overlap_threshold
    art = np.asarray(article, np.int64)
    n_art = int(art.max()) + 1
    # per cluster: its sentences per article (none needed when every position is an article of its own, as
    # for the stories: two clusters then never share an article)
    counts = None
    if compared is not None or len(np.unique(art)) < n:
        counts = np.zeros((n, n_art), np.int32)
        counts[np.arange(n), art] = 1
    size = np.ones(n, np.int64)
    members: list[list[int]] = [[k] for k in range(n)]
    # per cluster: neighbour -> [sum of the given probabilities, number of given same-article pairs]; a pair
    # given twice keeps its last probability
    x, y, q = np.asarray(i, np.int64), np.asarray(j, np.int64), np.asarray(p, np.float64)
    cross = (x != y) & (art[x] != art[y])
    x, y, q, e = x[cross], y[cross], q[cross], np.zeros(int(cross.sum()), np.int64)
    if same_article is not None:  # pairs within an article count too, with their own probabilities
        sx, sy, sq = (np.asarray(v, t) for v, t in zip(same_article, (np.int64, np.int64, np.float64)))
        keep = sx != sy
        x, y, q = np.concatenate([x, sx[keep]]), np.concatenate([y, sy[keep]]), np.concatenate([q, sq[keep]])
        e = np.concatenate([e, np.ones(int(keep.sum()), np.int64)])
    lo, hi = np.minimum(x, y), np.maximum(x, y)
    _, first = np.unique((lo * n + hi)[::-1], return_index=True)
    last = len(lo) - 1 - first  # each pair's last occurrence, the pairs in order
    x0, y0, tot0, ext0 = lo[last], hi[last], q[last], e[last]
    near: list[dict[int, list]] = [{} for _ in range(n)]
    for a, b, t, f in zip(x0.tolist(), y0.tolist(), tot0.tolist(), ext0.tolist()):
        near[a][b] = near[b][a] = [t, f]
    reach = None  # per cluster, with ``compared``: its sentences compared with each article
    if compared is not None:
        rows = np.asarray(compared, bool)[:n_art, :n_art].astype(np.int32)
        np.fill_diagonal(rows, 0)  # sentences of one article are never a cross-article pair
        reach = rows[art]

    def means(total: np.ndarray, count: np.ndarray, shared: np.ndarray | bool) -> np.ndarray:
        """Sum / count of each candidate pair of clusters; -1 where they may not merge (no pair counts, or they
        share an article and the mean is under the overlap threshold)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(count > 0, total / np.where(count > 0, count, 1), -1.0)
        return np.where((mean < overlap_t) & shared, -1.0, mean)

    def values(a: int, others: np.ndarray, total: np.ndarray, extra: np.ndarray) -> np.ndarray:
        """The mean probability between cluster ``a`` and each of ``others`` (-1: they may not merge)."""
        if counts is None:
            return means(total, size[a] * size[others] + extra, False)
        mine, theirs = counts[a], counts[others]
        if reach is None:  # the cross-article sentence pairs that count
            pairs = size[a] * size[others] - theirs.astype(np.int64) @ mine.astype(np.int64)
        else:
            pairs = theirs.astype(np.int64) @ reach[a].astype(np.int64)
        shared = (theirs > 0) @ (mine > 0) if len(others) else np.zeros(0, bool)
        return means(total, pairs + extra, shared)

    version = [0] * n
    # every cluster is one sentence yet: the pairs between two are the compared pair of their articles
    pairs0 = (1 - (art[x0] == art[y0])) if reach is None else reach[x0, art[y0]].astype(np.int64)
    mean0 = means(tot0, pairs0 + ext0, art[x0] == art[y0])
    ok = mean0 >= threshold
    heap = [(-v, a, b, 0, 0) for v, a, b in zip(mean0[ok].tolist(), x0[ok].tolist(), y0[ok].tolist())]
    heapq.heapify(heap)
    active = [True] * n
    while heap:
        _neg, a, b, va, vb = heapq.heappop(heap)
        if not (active[a] and active[b]) or version[a] != va or version[b] != vb:
            continue
        active[b] = False
        version[a] += 1
        members[a].extend(members[b])
        members[b] = []
        if counts is not None:
            counts[a] += counts[b]
        size[a] += size[b]
        if reach is not None:
            reach[a] += reach[b]
        del near[a][b]
        del near[b][a]
        mine = near[a]
        for c, entry in near[b].items():
            del near[c][b]
            old = mine.get(c)
            merged = [entry[0] + old[0], entry[1] + old[1]] if old is not None else [entry[0], entry[1]]
            mine[c] = near[c][a] = merged
        near[b] = {}
        if not mine:
            continue
        others = np.fromiter(mine.keys(), np.int64, len(mine))
        entries = list(mine.values())
        total = np.fromiter((e[0] for e in entries), np.float64, len(entries))
        extra = np.fromiter((e[1] for e in entries), np.int64, len(entries))
        v = values(a, others, total, extra)
        for c, value in zip(others[v >= threshold].tolist(), v[v >= threshold].tolist()):
            lo, hi = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-value, lo, hi, version[lo], version[hi]))
    return [sorted(m) for m, on in zip(members, active) if on]
