"""The stories stage: which articles report the same event (statements are only looked for within a story).

Two articles report one event when they share *statements*, not merely a topic: the model (``stories.v1``) reads,
for a pair of articles, how many of their sentences are each other's best match at a cosine of 0.5, 0.7 and 0.9
(language-centred sentence embeddings, :mod:`transcompare.embed.centre`), as a count and as a share of the shorter
article, beside the cosine of the two articles' mean vectors (headline and lead counted twice) and whether the
two are in different languages. A logistic model turns these into the probability that the two report one event;
its weights are calibrated per embedding model (``stories_v1.json`` beside this file, written by ``python -m
transcompare.eval stories --calibrate``: NTREX-128 documents and the coverage corpus's dev events).

Candidate pairs of articles come from a nearest-neighbour index over the mean vectors (faiss: exact up to 1,024
articles, an HNSW graph above), never from all pairs; the candidates at or above the threshold (probability,
default 0.5), optionally only within a window of publication dates, make connected groups, and each group is
clustered on its own by average linkage over all its pairs (two groups merge while their mean probability reaches
the threshold), so the cost follows the stories' sizes, not the corpus size squared. With ``mode = "one"`` every
article is one story (a pipeline that knows it covers one event).

The STORIES table has one row per article: ``story_id`` (``t01``, … in order of first appearance), the
article, its outlet, language and publication date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from transcompare.schema import ARTICLES, EMBEDDINGS, SENTENCES, STORIES, C, KIND_NOTE, check_frame


PARAMS_FILE = Path(__file__).with_name("stories_v1.json")
MATCH_LEVELS = (0.5, 0.7, 0.9)  # a sentence pair is shared at these cosines (mutual best matches)
SATURATE = 4  # shared sentences counted up to this many (a share of the shorter article says the rest)
FEATURES = ("cos", "cross", "cos_cross") + tuple(
    f"{kind}_{round(level * 100)}" for level in MATCH_LEVELS for kind in ("shared", "share"))
DEFAULT_THRESHOLD = 0.5  # when the calibrated model has none


@dataclass
class ArticleMatrices:
    """Per article (in the run's order): its language-centred sentence vectors (one row per sentence, editor's
    notes left out), its mean vector (unit length, headline and lead doubled) and its language."""

    sentences: list[np.ndarray]
    vectors: np.ndarray
    langs: list[str]


def article_matrices(sentences: pl.DataFrame, embeddings: pl.DataFrame, order: list[str],
                     langs: list[str]) -> ArticleMatrices:
    """The :class:`ArticleMatrices` of the articles of ``order`` (``langs``: each one's language)."""
    from transcompare.embed.centre import centre
    from transcompare.embed.stage import vectors_of

    model, vectors = vectors_of(embeddings)
    dim = len(next(iter(vectors.values()))) if vectors else 1
    pos = {a: k for k, a in enumerate(order)}
    rows = [(a, i, para, lang) for a, i, kind, para, lang in
            sentences.select(C.ARTICLE_ID, C.INDEX, C.KIND, C.PARAGRAPH, C.LANG).iter_rows()
            if (a, i) in vectors and kind != KIND_NOTE and a in pos]
    mean = np.zeros((len(order), dim), np.float64)
    per: list[list[np.ndarray]] = [[] for _ in order]
    if rows:
        mat = centre(np.stack([vectors[(a, i)] for a, i, _, _ in rows]), [r[3] for r in rows], model)
        for (a, _, para, _), v in zip(rows, mat):
            mean[pos[a]] += v * (2.0 if para <= 1 else 1.0)
            per[pos[a]].append(v)
    norms = np.linalg.norm(mean, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    mats = [np.stack(vs).astype(np.float32) if vs else np.zeros((0, dim), np.float32) for vs in per]
    return ArticleMatrices(mats, mean / norms, list(langs))


def pair_features(arts: ArticleMatrices, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The model's FEATURES for the article pairs (i[k], j[k]): one row per pair."""
    out = np.zeros((len(i), len(FEATURES)), np.float64)
    levels = np.asarray(MATCH_LEVELS, np.float32)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        cos = float(arts.vectors[a] @ arts.vectors[b])
        cross = float(arts.langs[a] != arts.langs[b])
        row = [cos, cross, cos * cross]
        A, B = arts.sentences[a], arts.sentences[b]
        if len(A) and len(B):
            sim = A @ B.T
            best_b, best_a = sim.argmax(1), sim.argmax(0)
            mutual = best_a[best_b] == np.arange(len(A))
            values = sim[np.arange(len(A)), best_b][mutual]
            shorter = min(len(A), len(B))
            for level in levels:
                n = float((values >= level).sum())
                row += [min(n, SATURATE) / SATURATE, n / shorter]
        else:
            row += [0.0, 0.0] * len(MATCH_LEVELS)
        out[k] = row
    return out


@cache
def _params_file(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def story_params(model: str, path: Path | None = None) -> dict:
    """The calibrated story model of an embedding model: ``{"weights": {feature: w}, "bias": b, ...}``."""
    from transcompare.errors import ConfigError

    data = _params_file(str(path or PARAMS_FILE)).get("models", {})
    if model not in data:
        known = ", ".join(sorted(data)) or "none"
        raise ConfigError(f"stories: no story model calibrated for embeddings {model!r} (calibrated: {known}); "
                          "run python -m transcompare.eval stories --calibrate --embedder " + model)
    return data[model]


def pair_probability(features: np.ndarray, params: dict) -> np.ndarray:
    """The probability that each pair of articles (rows of ``features``) reports one event."""
    w = np.asarray([params["weights"][f] for f in FEATURES], np.float64)
    return 1.0 / (1.0 + np.exp(-(features @ w + float(params["bias"]))))


def story_scorer(arts: ArticleMatrices, params: dict) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """``score(i, j)``: the story model's probability for the article pairs (i[k], j[k])."""
    return lambda i, j: pair_probability(pair_features(arts, i, j), params)


NEIGHBOURS = 32  # candidate stories per article: its nearest articles (by the cosine of their vectors)
EXACT_UP_TO = 1024  # up to this many articles the neighbours are exact; above, an HNSW graph (approximate)


def neighbours(vectors: np.ndarray, k: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) and their cosine: each article's ``k`` nearest others, from a faiss index (exact
    inner product up to :data:`EXACT_UP_TO` articles, an HNSW graph above), never all pairs."""
    import faiss

    n = len(vectors)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    data = np.ascontiguousarray(vectors, np.float32)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # the same graph, hence the same stories, in every run
    try:
        if n <= EXACT_UP_TO:
            index = faiss.IndexFlatIP(data.shape[1])
        else:
            index = faiss.IndexHNSWFlat(data.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = 2 * k + 32
        index.add(data)
        _, ids = index.search(data, min(n, k + 1))
    finally:
        faiss.omp_set_num_threads(threads)
    rows = np.repeat(np.arange(n), ids.shape[1])
    cols = ids.reshape(-1).astype(np.int64)
    ok = (cols >= 0) & (cols != rows)
    i, j = np.minimum(rows[ok], cols[ok]), np.maximum(rows[ok], cols[ok])
    pairs = np.unique(np.stack([i, j], 1), axis=0) if len(i) else np.zeros((0, 2), np.int64)
    i, j = pairs[:, 0], pairs[:, 1]
    return i, j, np.einsum("ij,ij->i", vectors[i], vectors[j]).astype(np.float64)


def _days(published: list[str | None]) -> np.ndarray:
    """Days since 1970 of each publication date (ISO 8601, its date part), NaN where there is none."""
    from datetime import date

    out = np.full(len(published), np.nan)
    for k, value in enumerate(published):
        try:
            out[k] = date.fromisoformat((value or "")[:10]).toordinal()
        except ValueError:
            pass
    return out


def group_articles(vectors: np.ndarray, threshold: float, published: list[str | None] | None = None,
                   window_days: int | None = None, k: int = NEIGHBOURS,
                   score: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None) -> list[int]:
    """Story number per article (numbered by first article): average linkage on ``score`` (default: the cosine
    of the articles' ``vectors``; in the stage, :func:`story_scorer`'s probability). Only candidate pairs
    (:func:`neighbours` of the vectors) scoring at or above ``threshold`` (and, with ``window_days``, published
    at most that many days apart when both dates are known) can join two articles; the connected groups they
    make are clustered exactly, each on its own over all its pairs, so the cost follows the stories' sizes. Two
    clusters whose mean score reaches the threshold have a pair that does, so with enough neighbours this is the
    average linkage of all pairs."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from transcompare.align.linkage import average_linkage

    n = len(vectors)
    if n == 0:
        return []
    if score is None:
        def score(a, b):
            return np.einsum("ij,ij->i", vectors[a], vectors[b]).astype(np.float64)
    i, j, _cos = neighbours(vectors, k)
    sim = score(i, j) if len(i) else np.zeros(0)
    days = _days(published) if (published is not None and window_days is not None) else None
    keep = sim >= threshold
    if days is not None:
        keep &= ~(np.abs(days[i] - days[j]) > window_days)  # NaN (a date unknown) keeps the pair
    graph = coo_matrix((np.ones(int(keep.sum())), (i[keep], j[keep])), shape=(n, n))
    _count, component = connected_components(graph, directed=False)
    known = {(int(x), int(y)): float(s) for x, y, s in zip(i, j, sim)}
    label = list(range(n))
    for comp in np.unique(component):
        members = np.flatnonzero(component == comp)
        if len(members) < 2:
            continue
        a, b = np.triu_indices(len(members), 1)
        ga, gb = members[a], members[b]
        todo = [q for q, (x, y) in enumerate(zip(ga.tolist(), gb.tolist())) if (x, y) not in known]
        pair = np.asarray([known.get((x, y), 0.0) for x, y in zip(ga.tolist(), gb.tolist())], np.float64)
        if todo:
            pair[todo] = score(ga[todo], gb[todo])
        if days is not None:
            pair = np.where(np.abs(days[ga] - days[gb]) > window_days, -1.0, pair)
        for group in average_linkage(len(members), np.arange(len(members)), a, b, pair, threshold):
            first = int(members[min(group)])
            for m in group:
                label[int(members[m])] = first
    firsts = sorted(set(label))
    renumber = {f: k for k, f in enumerate(firsts)}
    return [renumber[x] for x in label]


def build_stories(articles: pl.DataFrame, sentences: pl.DataFrame, embeddings: pl.DataFrame | None,
                  mode: str = "auto", threshold: float | None = None, window_days: int | None = None,
                  previous: pl.DataFrame | None = None, params: dict | None = None) -> pl.DataFrame:
    """The STORIES table (one row per article); see :func:`group_articles` for ``threshold`` (the probability
    from which two articles are one story, default: the model's calibrated one) and ``window_days``. ``params``:
    the story model (default: the one calibrated for the embeddings' model, :func:`story_params`).

    ``previous``: the table of an earlier run of the same pipeline (online use: articles added to a finished
    run). Its articles keep their stories; each new article joins the story whose articles it is most probably
    one with on average when that reaches the threshold, and the rest are grouped among themselves into new
    stories, numbered after the existing ones."""
    articles = check_frame(articles, ARTICLES, "stories")
    sentences = check_frame(sentences, SENTENCES, "stories")
    order = articles[C.ARTICLE_ID].to_list()
    if mode == "one" or embeddings is None or len(order) < 2:
        labels = [f"t{1:02d}"] * len(order)
    else:
        embeddings = check_frame(embeddings, EMBEDDINGS, "stories")
        if params is None:
            params = story_params(embeddings[C.MODEL][0] if embeddings.height else "e5-small")
        threshold = params.get("threshold", DEFAULT_THRESHOLD) if threshold is None else threshold
        arts = article_matrices(sentences, embeddings, order, articles[C.LANG].to_list())
        score = story_scorer(arts, params)
        published = articles[C.PUBLISHED].to_list()
        before = {} if previous is None else dict(zip(previous[C.ARTICLE_ID], previous[C.STORY_ID]))
        if before and any(a in before for a in order):
            labels = _extend(order, arts.vectors, published, before, threshold, window_days, score)
        else:
            numbers = group_articles(arts.vectors, threshold, published, window_days, score=score)
            width = max(2, len(str(max(numbers, default=0) + 1)))
            labels = [f"t{k + 1:0{width}d}" for k in numbers]
    frame = articles.select(C.ARTICLE_ID, C.OUTLET, C.LANG, C.PUBLISHED).with_columns(
        pl.Series(C.STORY_ID, labels, dtype=pl.Utf8))
    return check_frame(frame, STORIES, "stories")


def _extend(order: list[str], vectors: np.ndarray, published: list[str | None], before: dict[str, str],
            threshold: float, window_days: int | None,
            score: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> list[str]:
    """Story ids when articles are added to stories already made: old articles keep theirs; a new one joins
    the story with the highest mean score to its articles (at least ``threshold``, within the date window),
    the others form new stories among themselves. Only the stories of its nearest old articles are tried."""
    old = [k for k, a in enumerate(order) if a in before]
    new = [k for k, a in enumerate(order) if a not in before]
    labels = [before.get(a, "") for a in order]
    if not new:
        return labels
    days = _days(published) if window_days is not None else None
    stories: dict[str, list[int]] = {}
    for k in old:
        stories.setdefault(labels[k], []).append(k)
    old_arr = np.asarray(old)
    near = min(len(old), NEIGHBOURS)
    left = []
    for k in new:
        nearest = old_arr[np.argsort(-(vectors[old_arr] @ vectors[k]), kind="stable")[:near]]
        best, best_sim = "", threshold
        for story in dict.fromkeys(labels[m] for m in nearest):
            members = np.asarray(stories[story])
            sims = score(members, np.full(len(members), k))
            if days is not None:
                sims = np.where(np.abs(days[members] - days[k]) > window_days, -1.0, sims)
            mean = float(sims.mean())
            if mean > best_sim or (mean == best_sim and not best):
                best, best_sim = story, mean
        if best:
            labels[k] = best
        else:
            left.append(k)
    if left:
        sub = np.asarray(left)

        def sub_score(a, b):
            return score(sub[a], sub[b])

        numbers = group_articles(vectors[sub], threshold, [published[k] for k in left], window_days,
                                 score=sub_score)
        top = max((int(s[1:]) for s in before.values() if s[1:].isdigit()), default=0)
        width = max(2, len(str(top + max(numbers) + 1)))
        for k, n in zip(left, numbers):
            labels[k] = f"t{top + n + 1:0{width}d}"
    return labels
