"""hybrid.v1's ALIGNMENTS table: the links between the sentences of one story's articles whose probability
(:mod:`transcompare.align.hybrid`) reaches ``link_threshold``, each with the word diff of the two pivot texts."""

from __future__ import annotations

import numpy as np
import polars as pl

from transcompare.align.settings import AlignSettings
from transcompare.output import frame_from_columns
from transcompare.schema import ALIGNMENTS, C, check_frame
from transcompare.text import word_diff


def grown_mask(arts, grown_articles) -> np.ndarray | None:
    """Per article position of ``arts``: is it one of a grown story's earlier articles (None: not grown)."""
    if not grown_articles:
        return None
    old = set(grown_articles)
    return np.asarray([a in old for a in arts.order], bool)


def hybrid_links(arts, embeddings: pl.DataFrame | None, settings: AlignSettings, old: np.ndarray | None = None):
    """(run sentences, i, j, p): hybrid.v1's probability for the scored cross-article pairs of ``arts`` (with
    ``old``, :func:`grown_mask`: only the pairs that involve a new article)."""
    from transcompare.align import hybrid
    from transcompare.embed.stage import vectors_of

    if embeddings is None:  # called as a library function: embed here (no cache)
        from transcompare.embed import Embeddings
        from transcompare.embed.stage import embed_sentences

        embeddings = embed_sentences(arts.frame, Embeddings("auto"))
    model, vectors = vectors_of(embeddings)
    run = hybrid.run_sentences(arts, vectors, model=model)
    i, j, p, _ = hybrid.link_probabilities(run, model, settings, old=old)
    return run, i, j, p


def align_hybrid(arts, settings: AlignSettings, embeddings: pl.DataFrame | None, progress=None,
                 grown: pl.DataFrame | None = None, grown_articles: list[str] | None = None) -> pl.DataFrame:
    """The ALIGNMENTS rows of one story's articles (``arts``: statements._Articles): every cross-article pair of
    sentences whose probability reaches ``link_threshold``, with the word diff of their pivot texts. ``grown``:
    an earlier run's rows of the story's ``grown_articles`` (a story that has grown), kept as they are where
    their pair of articles is still compared (:func:`~transcompare.align.hybrid.compared_articles`: a new article
    may take the place of an earlier one among an article's nearest); only the pairs that involve a new article
    are aligned."""
    old = grown_mask(arts, grown_articles)
    run, i, j, p = hybrid_links(arts, embeddings, settings, old)
    keep = np.flatnonzero(p >= settings.link_threshold)
    xs, ys = np.asarray(i, np.int64)[keep], np.asarray(j, np.int64)[keep]
    swap = run.article[xs] > run.article[ys]  # article A is the one earlier in the story
    xs, ys = np.where(swap, ys, xs).tolist(), np.where(swap, xs, ys).tolist()
    keys, pivots, texts = run.keys, run.pivot, run.text
    diffs: dict[tuple[str, str], tuple] = {}  # one word diff per pair of texts (syndicated copies repeat them)
    rows = []
    none = (None, None, None, None)
    for x, y in zip(xs, ys):
        ta, tb = pivots[x], pivots[y]
        d = none
        if ta is not None and tb is not None:
            d = diffs.get((ta, tb))
            if d is None:
                w = word_diff(ta, tb)
                d = diffs[(ta, tb)] = (w.shared, w.only_a, w.only_b, w.divergence)
        rows.append(d)
    cols: dict[str, list] = {
        C.ARTICLE_A: [keys[x][0] for x in xs], C.ARTICLE_B: [keys[y][0] for y in ys],
        C.INDICES_A: [[keys[x][1]] for x in xs], C.INDICES_B: [[keys[y][1]] for y in ys],
        C.TEXT_A: [pivots[x] if pivots[x] is not None else texts[x] for x in xs],
        C.TEXT_B: [pivots[y] if pivots[y] is not None else texts[y] for y in ys],
        C.SCORE: [round(v, 6) for v in np.asarray(p, np.float64)[keep].tolist()],
        C.SHARED_WORDS: [d[0] for d in rows], C.ONLY_A: [d[1] for d in rows], C.ONLY_B: [d[2] for d in rows],
        C.DIVERGENCE: [d[3] for d in rows]}
    if progress:
        progress(1, 1)
    frame = frame_from_columns(cols, ALIGNMENTS.schema)
    if old is not None and grown is not None:
        frame = pl.concat([_still_compared(check_frame(grown, ALIGNMENTS, "align"), run, arts, settings), frame],
                          how="vertical")
    if not frame.height:
        return ALIGNMENTS.empty()
    frame = frame.sort([C.ARTICLE_A, C.ARTICLE_B, C.INDICES_A, C.INDICES_B],
                                                 maintain_order=True)
    return check_frame(frame, ALIGNMENTS, "align")


def _still_compared(rows: pl.DataFrame, run, arts, settings: AlignSettings) -> pl.DataFrame:
    """The earlier ALIGNMENTS rows of a grown story whose pair of articles the grown story still compares."""
    from transcompare.align.hybrid import compared_articles

    near = compared_articles(run, settings.story_neighbours)
    if near is None or not rows.height:
        return rows
    position = {a: k for k, a in enumerate(arts.order)}
    a = np.asarray([position[x] for x in rows[C.ARTICLE_A]], np.int64)
    b = np.asarray([position[x] for x in rows[C.ARTICLE_B]], np.int64)
    return rows.filter(pl.Series(near[a, b]))
