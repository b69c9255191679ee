"""Pairwise alignment: reordering, drops, merges, global assignment, candidate pruning."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from transcompare.align import AlignSettings, align_pair
from transcompare.align.pairwise import max_weight_matching

A = [
    "The Syrian army could be a crucial force in the fight against Islamic State, Lavrov said on Sunday.",
    "Moscow sent a military advance team to its ally Syria, according to recent reports.",
    "Secretary of State John Kerry phoned his Russian counterpart to express his concern.",
    "Syria's information minister dismissed the reports of increased military activity as baseless.",
    "New images appeared to confirm previous reports of Russian boots on the ground.",
]
B_REORDERED = [
    "Syria's information minister dismissed reports of more Russian military activity as baseless.",
    "Kerry phoned his Russian counterpart to express concern, the State Department said.",
    "Lavrov said on Sunday that the Syrian army could be a crucial force fighting Islamic State.",
]
UNRELATED = "Heavy rain flooded the old harbour town, and the ferry service was suspended until Tuesday."


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # reordered and partly dropped: links follow content, not position
        (A, B_REORDERED, {((0,), (2,)), ((2,), (1,)), ((3,), (0,))}),
        # an unrelated sentence stays unaligned
        (A[:2], [UNRELATED, A[1]], {((1,), (1,))}),
        # two adjacent sentences of A merged into one sentence of B: one 2-1 link
        (A[2:5], [A[2], A[3].rstrip(".") + ", and " + A[4][0].lower() + A[4][1:]], {((0,), (0,)), ((1, 2), (1,))}),
        # the same, B side split: 1-2 link
        ([A[3].rstrip(".") + ", and " + A[4][0].lower() + A[4][1:]], A[3:5], {((0,), (0, 1))}),
        ([], A, set()),
        (A, [""], set()),
    ],
    ids=["reordered-dropped", "unrelated", "merge-2-1", "merge-1-2", "empty", "blank"],
)
def test_links(a, b, expected):
    got = {(l.a, l.b) for l in align_pair(a, b, AlignSettings())}
    assert got == expected


def test_merge_can_be_switched_off():
    merged = [A[3].rstrip(".") + ", and " + A[4][0].lower() + A[4][1:]]
    got = align_pair(A[3:5], merged, AlignSettings(merge=False))
    assert [len(l.a) for l in got] == [1]


def test_global_assignment_beats_greedy():
    # greedy best-first would take (0, 0) = 3 and block both others; the matching takes 2 + 2 = 4
    edges = {(0, 0): 3.0, (0, 1): 2.0, (1, 0): 2.0}
    assert max_weight_matching(edges) == [(0, 1), (1, 0)]


@hsettings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 4), st.integers(0, 4)), st.floats(0.01, 1.0), max_size=12))
def test_matching_is_maximum(edges):
    got = max_weight_matching(edges)
    assert len({a for a, _ in got}) == len(got) == len({b for _, b in got})
    best = 0.0
    keys = list(edges)
    for r in range(len(keys) + 1):  # brute force over all subsets that are matchings
        for subset in itertools.combinations(keys, r):
            if len({a for a, _ in subset}) == r == len({b for _, b in subset}):
                best = max(best, sum(edges[k] for k in subset))
    assert sum(edges[k] for k in got) == pytest.approx(best)


def _rank_penalty(edges: dict) -> dict:
    """(rank in A - rank in B)² of each edge, ranks within its connected component (the tie rule's)."""
    comp = {}
    for start in edges:  # flood fill over shared endpoints
        if start in comp:
            continue
        todo, comp[start] = [start], start
        while todo:
            a, b = todo.pop()
            for e in edges:
                if e not in comp and (e[0] == a or e[1] == b):
                    comp[e] = start
                    todo.append(e)
    out = {}
    for root in set(comp.values()):
        members = [e for e in edges if comp[e] == root]
        rows, cols = sorted({a for a, _ in members}), sorted({b for _, b in members})
        out.update({(a, b): (rows.index(a) - cols.index(b)) ** 2 for a, b in members})
    return out


@hsettings(max_examples=80, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 5), st.integers(0, 5)), st.sampled_from([0.25, 0.5, 0.75, 1.0]),
                       max_size=11),
       st.randoms(use_true_random=False))
def test_matching_against_brute_force_with_ties(edges, rnd):
    """On small random graphs with many ties: the total weight is the brute-force maximum, the tie rule (least
    squared rank difference among the maximum matchings) holds, and the order of the edges does not matter."""
    got = max_weight_matching(edges)
    assert len({a for a, _ in got}) == len(got) == len({b for _, b in got}) and set(got) <= set(edges)
    penalty = _rank_penalty(edges)
    best = (0.0, 0)
    keys = list(edges)
    for r in range(len(keys) + 1):  # every subset that is a matching: the largest total, then the least penalty
        for subset in itertools.combinations(keys, r):
            if len({a for a, _ in subset}) == r == len({b for _, b in subset}):
                best = max(best, (sum(edges[k] for k in subset), -sum(penalty[k] for k in subset)))
    assert (sum(edges[k] for k in got), -sum(penalty[k] for k in got)) == best  # multiples of 1/4: exact sums
    shuffled = list(edges.items())
    rnd.shuffle(shuffled)
    assert max_weight_matching(dict(shuffled)) == got


def test_matching_ties_pair_repeated_sentences_in_order():
    # A[5] and A[7] are the same sentence, so are B[9] and B[11]: both pairings weigh the same
    edges = {(5, 9): 0.5, (5, 11): 0.5, (7, 9): 0.5, (7, 11): 0.5}
    assert max_weight_matching(edges) == [(5, 9), (7, 11)]
    edges = {(5, 11): 0.514947684, (7, 11): 0.514947684, (5, 9): 0.436265147, (7, 9): 0.436265147}
    assert max_weight_matching(edges) == [(5, 9), (7, 11)]


def test_matching_of_a_large_component():
    """A component too large for the exact tie rule (40 x 40, far-apart corner edges) is still solved exactly."""
    edges = {(i, i): 1.0 for i in range(40)} | {(i, i + 1): 0.9 for i in range(39)} | {(0, 39): 0.1, (39, 0): 0.1}
    assert max_weight_matching(edges) == [(i, i) for i in range(40)]
    assert max_weight_matching({}) == []


WORDS = "army force state minister reports russian syria talks weapons coalition strike purpose".split()


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), max_size=8),
       st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), max_size=8))
def test_links_are_well_formed(a_words, b_words):
    a = [" ".join(w) for w in a_words]
    b = [" ".join(w) for w in b_words]
    links = align_pair(a, b, AlignSettings())
    used_a = [i for l in links for i in l.a]
    used_b = [j for l in links for j in l.b]
    assert len(used_a) == len(set(used_a)) and len(used_b) == len(set(used_b))
    assert all(0.0 <= l.score <= 1.0 for l in links)
    assert all(len(l.a) + len(l.b) <= 3 for l in links)
    assert all(max(l.a) - min(l.a) == len(l.a) - 1 and max(l.b) - min(l.b) == len(l.b) - 1 for l in links)
    assert links == sorted(links)


def test_pruning_keeps_the_links_of_all_pairs_scoring():
    """With the index and the bounds switched off (every word indexed) the links are the same."""
    rng = random.Random(3)
    a = A + [UNRELATED]
    b = B_REORDERED[:]
    rng.shuffle(b)
    fast = align_pair(a, b, AlignSettings())
    full = align_pair(a, b, AlignSettings(index_max_df=1.0))
    assert {(l.a, l.b) for l in fast} == {(l.a, l.b) for l in full}


@pytest.mark.parametrize("kwargs", [{"threshold": 1.5}, {"seq_weight": 0, "idf_weight": 0}, {"colour": "red"},
                                     {"method": "difflib.v0"}])
def test_settings_are_validated(kwargs):
    with pytest.raises(ValueError):
        AlignSettings(**kwargs)


def test_signature_names_method_and_settings():
    sig = AlignSettings(method="difflib.v1", threshold=0.5).signature()
    assert sig["method"] == "difflib.v1" and sig["threshold"] == 0.5 and set(sig["weights"]) == {"seq", "idf"}
    assert "statement_threshold" not in sig
    sig = AlignSettings(statement_threshold=0.4).signature()
    assert sig["method"] == "hybrid.v1" and sig["statement_threshold"] == 0.4


@pytest.mark.parametrize("groups, expected", [(None, {((1, 2), (0,))}),
                                              (["body", "title", "body"], {((1,), (0,))})])
def test_merges_stay_within_a_group(groups, expected):
    merged = [A[3].rstrip(".") + ", and " + A[4][0].lower() + A[4][1:]]
    got = align_pair([A[0], A[3], A[4]], merged, AlignSettings(), a_groups=groups)
    assert {(l.a, l.b) for l in got} == expected


def test_memos_never_change_the_links():
    """The ratio and bound memos (shared across article pairs) give the same links and scores as a cold start,
    also when a run with other weights filled them first from the same IDF table."""
    from transcompare.align.pairwise import clear_caches, idf_table, stems

    a = A + [UNRELATED]
    b = B_REORDERED + [A[1]]
    settings = AlignSettings()
    idf = idf_table([stems(t, settings.stem_chars) for t in a + b])

    def run(s):
        return [(l.a, l.b, round(l.score, 9)) for l in align_pair(a, b, s, idf=idf)]

    results = {}
    for s in (settings, AlignSettings(seq_weight=0.9, idf_weight=0.1)):
        clear_caches()
        results[s] = cold = run(s)
        assert run(s) == cold  # warm: served from the memos
    clear_caches()
    run(AlignSettings(seq_weight=0.9, idf_weight=0.1))  # fill the memos with other weights, same IDF table
    assert run(settings) == results[settings]
    assert results[settings] != results[AlignSettings(seq_weight=0.9, idf_weight=0.1)]
