"""The stories' grouping (transcompare.stories): candidates from the nearest-neighbour index, clustering by
connected group, the same result as the average linkage of all pairs, the cross-language threshold and the date
window."""

from __future__ import annotations

import numpy as np

from transcompare.stories import group_articles, neighbours


def _unit(rows):
    m = np.asarray(rows, np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _all_pairs(vectors, threshold):
    from transcompare.align.hybrid import average_linkage

    n = len(vectors)
    sim = vectors @ vectors.T
    i, j = np.triu_indices(n, 1)
    label = list(range(n))
    for g in average_linkage(n, np.arange(n), i, j, sim[i, j], threshold):
        for k in g:
            label[k] = min(g)
    first = {f: k for k, f in enumerate(sorted(set(label)))}
    return [first[x] for x in label]


def test_neighbours_are_candidate_pairs_not_all_pairs():
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(200, 16)))
    i, j, sim = neighbours(vectors, k=5)
    assert (i < j).all() and len(i) <= 200 * 5 < 200 * 199 // 2
    assert np.allclose(sim, np.einsum("ij,ij->i", vectors[i], vectors[j]))


def test_clustering_by_connected_group_is_the_average_linkage_of_all_pairs():
    rng = np.random.default_rng(1)
    centres = _unit(rng.normal(size=(12, 24)))
    vectors = _unit(np.repeat(centres, 6, axis=0) + 0.35 * rng.normal(size=(72, 24)))
    for threshold in (0.3, 0.5, 0.7):
        assert group_articles(vectors, threshold) == _all_pairs(vectors, threshold)


def test_a_cross_language_pair_joins_from_its_own_threshold():
    vectors = _unit([[1.0, 0.0], [0.6, 0.8]])  # cosine 0.6
    assert group_articles(vectors, 0.7, langs=["en", "de"]) == [0, 1]
    assert group_articles(vectors, 0.7, langs=["en", "de"], cross_threshold=0.55) == [0, 0]
    assert group_articles(vectors, 0.7, langs=["en", "en"], cross_threshold=0.55) == [0, 1]  # one language


def test_articles_too_far_apart_in_time_are_never_one_story():
    vectors = _unit([[1.0, 0.0], [0.99, 0.1]])
    assert group_articles(vectors, 0.5) == [0, 0]
    dates = ["2026-03-01", "2026-03-20"]
    assert group_articles(vectors, 0.5, dates, window_days=7) == [0, 1]
    assert group_articles(vectors, 0.5, dates, window_days=30) == [0, 0]
    assert group_articles(vectors, 0.5, ["2026-03-01", ""], window_days=7) == [0, 0]  # a date unknown
