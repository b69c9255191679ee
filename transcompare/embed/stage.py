"""The embed stage: SENTENCES -> EMBEDDINGS (one unit vector per sentence, of its original text).

One model for the whole run (:meth:`Embeddings.choose` on the run's languages): vectors of two models cannot
be compared. Editor's notes are embedded too (cheap) but never aligned.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from transcompare.embed import Embeddings, Progress
from transcompare.schema import EMBEDDINGS, SENTENCES, C, check_frame


def embed_sentences(sentences: pl.DataFrame, embeddings: Embeddings, progress: Progress | None = None,
                    model: str | None = None) -> pl.DataFrame:
    sentences = check_frame(sentences, SENTENCES, "embed")
    if sentences.height == 0:
        return EMBEDDINGS.empty()
    embedder = embeddings.embedder(model) if model else embeddings.choose(set(sentences[C.LANG].to_list()))
    vectors = embeddings.embed(sentences[C.TEXT].to_list(), embedder, progress)
    frame = pl.DataFrame({
        C.ARTICLE_ID: sentences[C.ARTICLE_ID], C.INDEX: sentences[C.INDEX],
        C.MODEL: [embedder.name] * sentences.height,
        C.VECTOR: pl.Series(C.VECTOR, list(vectors.astype(np.float32)), dtype=pl.List(pl.Float32)),
    })
    return check_frame(frame, EMBEDDINGS, "embed")


def vectors_of(embeddings: pl.DataFrame) -> tuple[str, dict[tuple[str, int], np.ndarray]]:
    """(model name, {(article_id, index): vector}) from an EMBEDDINGS table."""
    embeddings = check_frame(embeddings, EMBEDDINGS, "align")
    models = embeddings[C.MODEL].unique().to_list()
    if len(models) > 1:
        from transcompare.errors import SchemaError

        raise SchemaError(f"embeddings of several models in one run: {', '.join(sorted(models))}")
    vecs = embeddings[C.VECTOR].to_numpy() if embeddings.height else []
    out = {(a, i): np.asarray(v, np.float32)
           for a, i, v in zip(embeddings[C.ARTICLE_ID], embeddings[C.INDEX], vecs)}
    return (models[0] if models else ""), out
