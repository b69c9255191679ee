"""The stories stage: which articles report the same event (statements are only looked for within a story).

An article's vector is the mean of its sentences' embeddings (``embed`` stage), headline and lead counted
twice (they say what the story is), each language-centred (:mod:`transcompare.embed.centre`). Candidate pairs
of articles come from a nearest-neighbour index over those vectors (faiss: exact up to 1,024 articles, an HNSW
graph above), never from all pairs; articles are then grouped by average-linkage clustering on the cosine, two
groups merging while their mean cosine is at least the threshold (calibrated per embedding model on the dev half
of the coverage corpus: ``story_threshold`` in ``align/hybrid_v1.json``), optionally only within a window of
publication dates. The connected groups of candidate pairs are clustered one by one, so the cost follows the
stories' sizes, not the corpus size squared. With ``mode = "one"`` every article is one story (a pipeline
that knows it covers one event).

The STORIES table has one row per article: ``story_id`` (``t01``, … in order of first appearance), the
article, its outlet, language and publication date.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from transcompare.schema import ARTICLES, EMBEDDINGS, SENTENCES, STORIES, C, KIND_NOTE, check_frame


def article_vectors(sentences: pl.DataFrame, embeddings: pl.DataFrame, order: list[str]) -> np.ndarray:
    """One unit vector per article of ``order``: the mean of its sentence vectors, headline and lead doubled."""
    from transcompare.embed.stage import vectors_of

    from transcompare.embed.centre import centre

    model, vectors = vectors_of(embeddings)
    dim = len(next(iter(vectors.values()))) if vectors else 1
    out = np.zeros((len(order), dim), np.float64)
    pos = {a: k for k, a in enumerate(order)}
    rows = [(a, i, para, lang) for a, i, kind, para, lang in
            sentences.select(C.ARTICLE_ID, C.INDEX, C.KIND, C.PARAGRAPH, C.LANG).iter_rows()
            if (a, i) in vectors and kind != KIND_NOTE and a in pos]
    if not rows:
        return out
    mat = centre(np.stack([vectors[(a, i)] for a, i, _, _ in rows]), [r[3] for r in rows], model)
    for (a, _, para, _), v in zip(rows, mat):
        out[pos[a]] += v * (2.0 if para <= 1 else 1.0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


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
        sims, ids = index.search(data, min(n, k + 1))
    finally:
        faiss.omp_set_num_threads(threads)
    rows = np.repeat(np.arange(n), ids.shape[1])
    cols, sim = ids.reshape(-1).astype(np.int64), sims.reshape(-1).astype(np.float64)
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
                   window_days: int | None = None, k: int = NEIGHBOURS, langs: list[str] | None = None,
                   cross_threshold: float | None = None) -> list[int]:
    """Story number per article (numbered by first article): average linkage on the cosine of the articles'
    vectors. Only candidate pairs (:func:`neighbours`) at or above ``threshold`` (and, with ``window_days``,
    published at most that many days apart when both dates are known) can join two articles; the connected
    groups they make are clustered exactly, each on its own, so the cost follows the stories' sizes. Two
    clusters whose mean cosine reaches the threshold have a pair that does, so with enough neighbours this is
    the average linkage of all pairs."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from transcompare.align.hybrid import average_linkage

    n = len(vectors)
    if n == 0:
        return []
    i, j, sim = neighbours(vectors, k)
    # two articles in different languages are one story from ``cross_threshold`` on: a multilingual encoder
    # puts translations of one text further apart than two versions in one language
    lang = np.asarray(langs) if (langs is not None and cross_threshold is not None) else None
    bonus = 0.0 if lang is None else threshold - cross_threshold
    if lang is not None:
        sim = sim + bonus * (lang[i] != lang[j])
    days = _days(published) if (published is not None and window_days is not None) else None
    keep = sim >= threshold
    if days is not None:
        gap = np.abs(days[i] - days[j])
        keep &= ~(gap > window_days)  # NaN (a date unknown) keeps the pair
    graph = coo_matrix((np.ones(int(keep.sum())), (i[keep], j[keep])), shape=(n, n))
    _count, component = connected_components(graph, directed=False)
    label = list(range(n))
    for comp in np.unique(component):
        members = np.flatnonzero(component == comp)
        if len(members) < 2:
            continue
        sub = vectors[members] @ vectors[members].T
        if lang is not None:
            sub = sub + bonus * (lang[members][:, None] != lang[members][None, :])
        if days is not None:
            far = np.abs(days[members][:, None] - days[members][None, :]) > window_days
            sub = np.where(far, -1.0, sub)
        a, b = np.triu_indices(len(members), 1)
        for group in average_linkage(len(members), np.arange(len(members)), a, b, sub[a, b], threshold):
            first = int(members[min(group)])
            for m in group:
                label[int(members[m])] = first
    firsts = sorted(set(label))
    renumber = {f: k for k, f in enumerate(firsts)}
    return [renumber[x] for x in label]


def build_stories(articles: pl.DataFrame, sentences: pl.DataFrame, embeddings: pl.DataFrame | None,
                  mode: str = "auto", threshold: float | None = None, window_days: int | None = None,
                  previous: pl.DataFrame | None = None, cross_threshold: float | None = None) -> pl.DataFrame:
    """The STORIES table (one row per article); see :func:`group_articles` for ``threshold`` and
    ``window_days``. Two articles in one language are one story from ``threshold`` on, two in different
    languages from ``cross_threshold`` on (a multilingual encoder puts versions in two languages further apart
    than two in one); by default both are calibrated (``story_same_language_threshold`` and
    ``story_threshold`` in ``align/hybrid_v1.json``); a ``threshold`` given alone stands for both.

    ``previous``: the table of an earlier run of the same pipeline (online use: articles added to a finished
    run). Its articles keep their stories; each new article joins the story whose articles it is closest to
    on average when that reaches the threshold, and the rest are grouped among themselves into new stories,
    numbered after the existing ones."""
    articles = check_frame(articles, ARTICLES, "stories")
    sentences = check_frame(sentences, SENTENCES, "stories")
    order = articles[C.ARTICLE_ID].to_list()
    if mode == "one" or embeddings is None or len(order) < 2:
        labels = [f"t{1:02d}"] * len(order)
    else:
        embeddings = check_frame(embeddings, EMBEDDINGS, "stories")
        if threshold is None:
            from transcompare.align.hybrid import model_params

            params = model_params(embeddings[C.MODEL][0] if embeddings.height else "e5-small")
            threshold = params.get("story_same_language_threshold", params["story_threshold"])
            cross_threshold = params["story_threshold"] if cross_threshold is None else cross_threshold
        cross_threshold = threshold if cross_threshold is None else cross_threshold
        langs = articles[C.LANG].to_list()
        vectors = article_vectors(sentences, embeddings, order)
        published = articles[C.PUBLISHED].to_list()
        before = {} if previous is None else dict(zip(previous[C.ARTICLE_ID], previous[C.STORY_ID]))
        if before and any(a in before for a in order):
            labels = _extend(order, vectors, published, before, threshold, window_days, langs, cross_threshold)
        else:
            numbers = group_articles(vectors, threshold, published, window_days, langs=langs,
                                     cross_threshold=cross_threshold)
            width = max(2, len(str(max(numbers, default=0) + 1)))
            labels = [f"t{k + 1:0{width}d}" for k in numbers]
    frame = articles.select(C.ARTICLE_ID, C.OUTLET, C.LANG, C.PUBLISHED).with_columns(
        pl.Series(C.STORY_ID, labels, dtype=pl.Utf8))
    return check_frame(frame, STORIES, "stories")


def _extend(order: list[str], vectors: np.ndarray, published: list[str | None], before: dict[str, str],
            threshold: float, window_days: int | None, langs: list[str], cross_threshold: float) -> list[str]:
    """Story ids when articles are added to stories already made: old articles keep theirs; a new one joins
    the story with the highest mean cosine to its articles (at least ``threshold``, within the date window),
    the others form new stories among themselves."""
    old = [k for k, a in enumerate(order) if a in before]
    new = [k for k, a in enumerate(order) if a not in before]
    labels = [before.get(a, "") for a in order]
    if not new:
        return labels
    days = _days(published) if window_days is not None else None
    stories: dict[str, list[int]] = {}
    for k in old:
        stories.setdefault(labels[k], []).append(k)
    left = []
    for k in new:
        best, best_sim = "", threshold
        for story, members in stories.items():
            sims = vectors[members] @ vectors[k]
            sims = sims + (threshold - cross_threshold) * np.asarray([langs[m] != langs[k] for m in members])
            if days is not None:
                gap = np.abs(days[members] - days[k])
                sims = np.where(gap > window_days, -1.0, sims)
            mean = float(sims.mean())
            if mean >= best_sim:
                best, best_sim = story, mean
        if best:
            labels[k] = best
        else:
            left.append(k)
    if left:
        numbers = group_articles(vectors[left], threshold, [published[k] for k in left], window_days,
                                 langs=[langs[k] for k in left], cross_threshold=cross_threshold)
        top = max((int(s[1:]) for s in before.values() if s[1:].isdigit()), default=0)
        width = max(2, len(str(top + max(numbers) + 1)))
        for k, n in zip(left, numbers):
            labels[k] = f"t{top + n + 1:0{width}d}"
    return labels
