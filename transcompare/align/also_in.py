"""The statements' sentence links as arrays (from the ALIGNMENTS table), the best link between two members of a
statement, and which other statements a member carries as well (``also_in``). Vectorised with polars: the
links of a story grow with its articles times their compared others, and these read every one of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from transcompare.schema import C


@dataclass
class Links:
    """A story's sentence links: ``nodes`` (article, index) by position, and each linked pair of positions once
    (``i``, ``j``, probability ``p``; of different articles; a pair given twice keeps its last probability, as a
    dictionary filled in the table's order would)."""
    nodes: list[tuple[str, int]]
    i: np.ndarray
    j: np.ndarray
    p: np.ndarray


def sentence_links(alignments: pl.DataFrame, nodes: list[tuple[str, int]]) -> Links:
    """The links of ``alignments`` between sentences of ``nodes`` (each row links all its sentences of one
    article to all its sentences of the other, with the row's score)."""
    frame = pl.DataFrame({C.ARTICLE_ID: [a for a, _ in nodes], C.INDEX: [i for _, i in nodes]},
                         schema={C.ARTICLE_ID: pl.String, C.INDEX: pl.Int64}).with_row_index("pos")
    pairs = (alignments.lazy().select(C.ARTICLE_A, C.ARTICLE_B, C.INDICES_A, C.INDICES_B, C.SCORE)
             .explode(C.INDICES_A).explode(C.INDICES_B).with_row_index("order")
             .with_columns(pl.col(C.INDICES_A).cast(pl.Int64), pl.col(C.INDICES_B).cast(pl.Int64))
             .join(frame.lazy().rename({"pos": "x"}), left_on=[C.ARTICLE_A, C.INDICES_A],
                   right_on=[C.ARTICLE_ID, C.INDEX], how="inner")
             .join(frame.lazy().rename({"pos": "y"}), left_on=[C.ARTICLE_B, C.INDICES_B],
                   right_on=[C.ARTICLE_ID, C.INDEX], how="inner")
             .filter((pl.col("x") != pl.col("y")) & (pl.col(C.ARTICLE_A) != pl.col(C.ARTICLE_B)))
             .select("order", lo=pl.min_horizontal("x", "y"), hi=pl.max_horizontal("x", "y"), p=pl.col(C.SCORE))
             .sort("order").unique(["lo", "hi"], keep="last", maintain_order=True)
             .collect())
    return Links(nodes, pairs["lo"].to_numpy().astype(np.int64), pairs["hi"].to_numpy().astype(np.int64),
                 pairs["p"].to_numpy().astype(np.float64))


class StatementLinks:
    """The links of a story's statements (clusters of its sentences): every link both ways round, with the
    statement (cluster index, -1: none) and article of each end."""

    def __init__(self, links: Links, clusters: list[dict[str, list[int]]]):
        pos = {n: k for k, n in enumerate(links.nodes)}
        label = np.full(len(links.nodes), -1, np.int64)
        for k, cl in enumerate(clusters):
            for a, idx in cl.items():
                label[[pos[(a, i)] for i in idx if (a, i) in pos]] = k
        self.clusters = clusters
        self.articles = sorted({a for a, _ in links.nodes})  # the article codes' names
        code = {a: k for k, a in enumerate(self.articles)}
        art = np.asarray([code[a] for a, _ in links.nodes], np.int64)
        x, y = np.concatenate([links.i, links.j]), np.concatenate([links.j, links.i])
        self.frame = pl.DataFrame({"k": label[x], "a": art[x], "j": label[y], "b": art[y],
                                   "p": np.concatenate([links.p, links.p])}).filter(pl.col("k") >= 0,
                                                                                   pl.col("j") >= 0)

    def members(self) -> dict[int, dict[tuple[str, str], float]]:
        """cluster index -> {(article, other article): the highest link probability between the two members'
        sentences} (both ways round; pairs of members with no link are left out: 0)."""
        best = self.frame.filter(pl.col("k") == pl.col("j")).group_by("k", "a", "b").agg(pl.col("p").max())
        names = self.articles
        out: dict[int, dict[tuple[str, str], float]] = {}
        for k, a, b, p in best.iter_rows():
            out.setdefault(k, {})[(names[a], names[b])] = p
        return out

    def also_in(self, threshold: float, width: int) -> dict[tuple[int, str], list[str]]:
        """(cluster index, article) -> ids of the other statements that member carries as well: its sentences
        link to that statement's members (of other articles) with a mean best probability of at least
        ``threshold``, the bar a member of it clears (the mean is over that statement's members of other
        articles, unlinked ones counting 0)."""
        sums = (self.frame.filter(pl.col("k") != pl.col("j"))
                .group_by("k", "a", "j", "b").agg(pl.col("p").max())
                .group_by("k", "a", "j").agg(pl.col("p").sum())
                .sort("k", "a", "j"))
        out: dict[tuple[int, str], list[str]] = {}
        for k, a, j, total in sums.iter_rows():
            article = self.articles[a]
            others = len(self.clusters[j]) - (article in self.clusters[j])
            if others and total / others >= threshold:
                out.setdefault((k, article), []).append(f"s{j + 1:0{width}d}")
        return out
