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
    statement only when it says the same thing clearly. ``compared`` (articles x articles, bool): only the
    sentence pairs of these pairs of articles count in a mean (default: every pair of different articles), so a
    story whose articles were aligned with their nearest others only is not diluted by pairs never compared.
    Deterministic: ties go to the lowest positions.

    Sparse: each cluster keeps its given pairs (sum of probabilities) per neighbouring cluster and its sentences
    per article; a merge adds them up, and a heap holds the candidate merges, so the cost follows the given
    pairs, not the square of ``n``."""
    if n == 0:
        return []
    overlap_t = threshold if overlap_threshold is None else overlap_threshold
    art = np.asarray(article, np.int64).tolist()
    counts: list[dict[int, int]] = [{a: 1} for a in art]  # per cluster: its sentences per article
    size = [1] * n
    members: list[list[int]] = [[k] for k in range(n)]
    # per cluster: neighbour -> [sum of the given probabilities, number of given same-article pairs]
    near: list[dict[int, list]] = [{} for _ in range(n)]
    for x, y, q in zip(np.asarray(i).tolist(), np.asarray(j).tolist(), np.asarray(p, np.float64).tolist()):
        if x != y and art[x] != art[y]:
            entry = [q, 0]
            near[x][y] = near[y][x] = entry
    if same_article is not None:  # pairs within an article count too, with their own probabilities
        for x, y, q in zip(*(np.asarray(v).tolist() for v in same_article)):
            if x != y:
                entry = [float(q), 1]
                near[x][y] = near[y][x] = entry
    reach: list | None = None  # per cluster, with ``compared``: its sentences compared with each article
    if compared is not None:
        rows = np.asarray(compared, bool).astype(np.int64)
        np.fill_diagonal(rows, 0)  # sentences of one article are never a cross-article pair
        reach = [rows[a] for a in art]

    def pairs_between(a: int, b: int) -> int:  # the cross-article sentence pairs that count
        ca, cb = counts[a], counts[b]
        if reach is None:
            small, big = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
            return size[a] * size[b] - sum(c * big.get(x, 0) for x, c in small.items())
        small, other = (cb, reach[a]) if len(cb) <= len(ca) else (ca, reach[b])
        return int(sum(c * int(other[y]) for y, c in small.items()))

    def value(a: int, b: int) -> float:
        total, extra = near[a][b]
        count = pairs_between(a, b) + extra
        if count <= 0:
            return -1.0
        mean = total / count
        if mean < overlap_t and not counts[a].keys().isdisjoint(counts[b].keys()):
            return -1.0
        return mean

    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []
    for a in range(n):
        for b in near[a]:
            if a < b:
                v = value(a, b)
                if v >= threshold:
                    heap.append((-v, a, b, 0, 0))
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
        for x, c in counts[b].items():
            counts[a][x] = counts[a].get(x, 0) + c
        size[a] += size[b]
        if reach is not None:
            reach[a] = reach[a] + reach[b]
        del near[a][b]
        del near[b][a]
        for c, entry in near[b].items():
            del near[c][b]
            mine = near[a].get(c)
            merged = [entry[0] + mine[0], entry[1] + mine[1]] if mine is not None else [entry[0], entry[1]]
            near[a][c] = near[c][a] = merged
        near[b] = {}
        for c in near[a]:
            v = value(a, c)
            if v >= threshold:
                lo, hi = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-v, lo, hi, version[lo], version[hi]))
    return [sorted(m) for m, on in zip(members, active) if on]
