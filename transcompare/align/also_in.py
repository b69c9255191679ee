"""Which other statements a statement's member carries as well (``also_in``), from the link probabilities."""

from __future__ import annotations

from collections import defaultdict


def best_link(link_p: dict[tuple, float], a: str, xs, b: str, ys) -> float:
    """The highest link probability between sentences ``xs`` of article ``a`` and ``ys`` of article ``b``."""
    if len(xs) == 1 and len(ys) == 1:  # most members are one sentence
        return link_p.get(((a, xs[0]), (b, ys[0])), 0.0)
    return max((link_p.get(((a, x), (b, y)), 0.0) for x in xs for y in ys), default=0.0)


def also_in(clusters: list[dict[str, list[int]]], link_p: dict[tuple, float], threshold: float,
            width: int) -> dict[tuple[int, str], list[str]]:
    """(cluster index, article) -> ids of the other statements that member carries as well: its sentences link
    to that statement's members (of other articles) with a mean best probability of at least ``threshold``,
    the bar a member of it clears."""
    where = {(a, i): k for k, cl in enumerate(clusters) for a, idx in cl.items() for i in idx}
    neighbours: dict[tuple, list[tuple]] = defaultdict(list)
    for x, y in link_p:
        neighbours[x].append(y)
    out: dict[tuple[int, str], list[str]] = {}
    for k, cl in enumerate(clusters):
        for a, idx in cl.items():
            candidates = sorted({where[y] for i in idx for y in neighbours.get((a, i), ()) if y in where} - {k})
            found = []
            for j in candidates:
                others = [b for b in clusters[j] if b != a]
                if not others:
                    continue
                best = [best_link(link_p, a, idx, b, clusters[j][b]) for b in others]
                if sum(best) / len(best) >= threshold:
                    found.append(f"s{j + 1:0{width}d}")
            if found:
                out[(k, a)] = found
    return out
