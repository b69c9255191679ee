"""The statements' sentence links as arrays: a pair given twice keeps its last probability, the best link of two
members, and which other statements a member carries as well (the mean over that statement's other members,
unlinked ones counting 0)."""

import polars as pl

from transcompare.align.also_in import StatementLinks, sentence_links
from transcompare.align.linkage import average_linkage
from transcompare.schema import C


def _alignments(rows):
    return pl.DataFrame(rows, schema={C.ARTICLE_A: pl.String, C.ARTICLE_B: pl.String,
                                      C.INDICES_A: pl.List(pl.Int64), C.INDICES_B: pl.List(pl.Int64),
                                      C.SCORE: pl.Float64}, orient="row")


NODES = [("A", 0), ("A", 1), ("B", 0), ("B", 1), ("C", 0)]
ALIGNMENTS = _alignments([
    ("A", "B", [0], [0], 0.9),
    ("A", "C", [0], [0], 0.6),
    ("A", "B", [1], [1], 0.8),
    ("B", "C", [1], [0], 0.4),
    ("B", "A", [0], [0], 0.7),   # the pair A0-B0 again, the other way round: the last probability counts
    ("A", "D", [0], [0], 0.99),  # D is no node (not alignable here): left out
])


def test_sentence_links_keep_each_pair_once_with_its_last_probability():
    links = sentence_links(ALIGNMENTS, NODES)
    got = {(NODES[i], NODES[j]): p for i, j, p in zip(links.i.tolist(), links.j.tolist(), links.p.tolist())}
    assert got == {(("A", 0), ("B", 0)): 0.7, (("A", 0), ("C", 0)): 0.6, (("A", 1), ("B", 1)): 0.8,
                   (("B", 1), ("C", 0)): 0.4}


def test_member_links_and_also_in():
    links = sentence_links(ALIGNMENTS, NODES)
    clusters = [{"A": [0], "B": [0], "C": [0]}, {"A": [1], "B": [1]}]
    on = StatementLinks(links, clusters)
    best = on.members()
    assert best[0][("A", "B")] == best[0][("B", "A")] == 0.7
    assert best[0][("A", "C")] == 0.6 and ("B", "C") not in best[0] and best[1][("A", "B")] == 0.8
    # B1 (in s2) links to C0 only of s1's members other than B (A, C): mean (0 + 0.4) / 2 = 0.2
    assert on.also_in(0.2, 1) == {(1, "B"): ["s1"], (0, "C"): ["s2"]}
    assert on.also_in(0.25, 1) == {}


def test_linkage_reads_a_pair_given_twice_by_its_last_probability():
    article = [0, 1, 2]
    # 0-1 first at 0.9 then at 0.1: with the last, 1 and 2 (0.5) merge before 0 could join them
    groups = average_linkage(3, article, [0, 1, 1], [1, 0, 2], [0.9, 0.1, 0.5], 0.3)
    assert groups == [[0], [1, 2]]
