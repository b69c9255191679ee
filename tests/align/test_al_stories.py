"""The stories' grouping (transcompare.stories): candidates from the nearest-neighbour index, clustering by
connected group, the same result as the average linkage of all pairs, the story model's features and score, the
date window, and the stories evaluation's gold (which NTREX documents report one event)."""

from __future__ import annotations

import numpy as np

import pytest

from transcompare.stories import (FEATURES, ArticleMatrices, group_articles, neighbours, pair_features,
                                  pair_probability, story_params)


def _unit(rows):
    m = np.asarray(rows, np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _all_pairs(vectors, threshold):
    from transcompare.align.linkage import average_linkage

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


def _articles(sentences_per_article, langs=None):
    mats = [_unit(rows).astype(np.float32) for rows in sentences_per_article]
    mean = _unit([m.sum(0) for m in mats])
    return ArticleMatrices(mats, mean, langs or ["en"] * len(mats))


def test_pair_features_count_the_sentences_two_articles_share():
    e = np.eye(6)
    arts = _articles([[e[0], e[1], e[2]],  # three sentences
                      [e[0], e[1], e[3], e[4], e[5]],  # shares two of them exactly
                      [0.6 * e[0] + 0.8 * e[3], e[4]]], ["en", "en", "de"])  # one at cosine 0.6, in German
    f = dict(zip(FEATURES, pair_features(arts, np.array([0]), np.array([1]))[0]))
    assert f["cross"] == 0 and f["cos_cross"] == 0
    assert f["cos"] == pytest.approx(float(arts.vectors[0] @ arts.vectors[1]))
    for level in (50, 70, 90):
        assert f[f"shared_{level}"] == pytest.approx(2 / 4)  # two shared, counted up to four
        assert f[f"share_{level}"] == pytest.approx(2 / 3)  # of the shorter article's three
    g = dict(zip(FEATURES, pair_features(arts, np.array([0]), np.array([2]))[0]))
    assert g["cross"] == 1 and g["cos_cross"] == pytest.approx(g["cos"])
    assert g["share_50"] == pytest.approx(1 / 2) and g["share_70"] == g["share_90"] == 0  # 0.6: at 0.5 only


def test_the_calibrated_model_says_copies_are_one_story_and_strangers_are_not():
    rng = np.random.default_rng(3)
    base = rng.normal(size=(8, 32))
    other = rng.normal(size=(8, 32))
    arts = _articles([base, base[:6], other])
    p = pair_probability(pair_features(arts, np.array([0, 0]), np.array([1, 2])), story_params("e5-small"))
    assert p[0] > 0.9 and p[1] < 0.1


def test_a_score_groups_the_articles_not_their_cosine():
    vectors = _unit([[1.0, 0.0], [0.99, 0.1], [0.98, 0.2]])  # all close
    assert group_articles(vectors, 0.5) == [0, 0, 0]

    def score(i, j):  # only 0 and 2 report one event
        return np.asarray([1.0 if (a, b) == (0, 2) else 0.0 for a, b in zip(i, j)])

    assert group_articles(vectors, 0.5, score=score) == [0, 1, 0]


def test_an_embedding_model_without_a_story_model_is_a_config_error():
    from transcompare.errors import ConfigError

    with pytest.raises(ConfigError, match="no story model calibrated for embeddings 'nope'.*eval stories"):
        story_params("nope")


def test_articles_too_far_apart_in_time_are_never_one_story():
    vectors = _unit([[1.0, 0.0], [0.99, 0.1]])
    assert group_articles(vectors, 0.5) == [0, 0]
    dates = ["2026-03-01", "2026-03-20"]
    assert group_articles(vectors, 0.5, dates, window_days=7) == [0, 1]
    assert group_articles(vectors, 0.5, dates, window_days=30) == [0, 0]
    assert group_articles(vectors, 0.5, ["2026-03-01", ""], window_days=7) == [0, 0]  # a date unknown
