"""The stories stage: which articles report the same event (statements are only looked for within a story).

An article's vector is the mean of its sentences' embeddings (``embed`` stage), headline and lead counted
twice (they say what the story is), each language-centred (:mod:`transcompare.embed.centre`). Articles are grouped by average-linkage clustering on the cosine of those
vectors: two groups merge while their mean cosine is at least the threshold, which is calibrated per embedding
model on the dev half of the coverage corpus (``story_threshold`` in ``align/hybrid_v1.json``). With
``mode = "one"`` every article is one story (a pipeline that knows it covers one event).

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


def group_articles(vectors: np.ndarray, threshold: float) -> list[int]:
    """Story number per article (average linkage on cosine; numbered by first article)."""
    from transcompare.align.hybrid import average_linkage

    n = len(vectors)
    if n == 0:
        return []
    sim = vectors @ vectors.T
    i, j = np.triu_indices(n, 1)
    groups = average_linkage(n, np.arange(n), i, j, sim[i, j], threshold)
    label = [0] * n
    for g in groups:
        for k in g:
            label[k] = min(g)
    firsts = sorted(set(label))
    renumber = {f: k for k, f in enumerate(firsts)}
    return [renumber[x] for x in label]


def build_stories(articles: pl.DataFrame, sentences: pl.DataFrame, embeddings: pl.DataFrame | None,
                  mode: str = "auto", threshold: float | None = None) -> pl.DataFrame:
    """The STORIES table (one row per article)."""
    articles = check_frame(articles, ARTICLES, "stories")
    sentences = check_frame(sentences, SENTENCES, "stories")
    order = articles[C.ARTICLE_ID].to_list()
    if mode == "one" or embeddings is None or len(order) < 2:
        labels = [0] * len(order)
    else:
        embeddings = check_frame(embeddings, EMBEDDINGS, "stories")
        if threshold is None:
            from transcompare.align.hybrid import model_params

            model = embeddings[C.MODEL][0] if embeddings.height else "e5-small"
            threshold = model_params(model)["story_threshold"]
        labels = group_articles(article_vectors(sentences, embeddings, order), threshold)
    width = max(2, len(str(max(labels, default=0) + 1)))
    frame = articles.select(C.ARTICLE_ID, C.OUTLET, C.LANG, C.PUBLISHED).with_columns(
        pl.Series(C.STORY_ID, [f"t{k + 1:0{width}d}" for k in labels]))
    return check_frame(frame, STORIES, "stories")
