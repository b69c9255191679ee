"""The segment stage: an ``articles`` table in, a ``sentences`` table out (see ``schema.py``)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from transcompare.schema import ARTICLES, KIND_BODY, KIND_TITLE, SENTENCES, C, check_frame
from transcompare.segment.splitter import split_sentences


def segment_articles(
    articles: pl.DataFrame,
    *,
    keep_quotes: bool = True,
    progress: Callable[[int, int], None] | None = None,
    reuse=None,
) -> pl.DataFrame:
    """ARTICLES -> SENTENCES: one row per sentence, each paragraph segmented on its own.

    A title paragraph is one sentence (headlines have no sentence punctuation to go by). ``progress`` is
    called as ``progress(done, total)`` after each article. ``reuse`` (a :class:`~transcompare.align.by_story.Reuse`
    of an earlier run's SENTENCES table, made with the same settings, and its articles' fingerprints): an article
    whose fingerprint is among them takes its rows from that table (the same rows: an article's sentences depend
    on it alone); ``reuse.made`` gets this run's fingerprints, ``reuse.reused`` the number of articles taken.
    """
    articles = check_frame(articles, ARTICLES, "segment")
    if reuse is not None:
        return _segment_reusing(articles, keep_quotes, progress, reuse)
    rows: dict[str, list] = {c: [] for c in SENTENCES.columns}
    total = articles.height
    for done, art in enumerate(articles.iter_rows(named=True), 1):
        paragraphs = art[C.PARAGRAPHS] or []
        kinds = art[C.PARAGRAPH_KINDS] or []
        offset = 0
        index = 0
        for p, para in enumerate(paragraphs):
            kind = kinds[p] if p < len(kinds) else KIND_BODY
            if kind == KIND_TITLE:
                a, b = 0, len(para)
                while a < b and para[a].isspace():
                    a += 1
                while b > a and para[b - 1].isspace():
                    b -= 1
                spans = [(a, b)] if a < b else []
            else:
                spans = split_sentences(para, art[C.LANG], keep_quotes=keep_quotes)
            for a, b in spans:
                rows[C.ARTICLE_ID].append(art[C.ARTICLE_ID])
                rows[C.OUTLET].append(art[C.OUTLET])
                rows[C.LANG].append(art[C.LANG])
                rows[C.PARAGRAPH].append(p)
                rows[C.INDEX].append(index)
                rows[C.KIND].append(kind)
                rows[C.START].append(offset + a)
                rows[C.END].append(offset + b)
                rows[C.TEXT].append(para[a:b])
                index += 1
            offset += len(para) + 2  # the "\n\n" of schema.article_text
        if progress is not None:
            progress(done, total)
    return check_frame(pl.DataFrame(rows, schema=SENTENCES.schema), SENTENCES, "segment")


# what an article's sentences depend on: its fingerprint hashes these columns
_SEGMENT_INPUTS = (C.ARTICLE_ID, C.OUTLET, C.LANG, C.PARAGRAPHS, C.PARAGRAPH_KINDS)


def _segment_reusing(articles: pl.DataFrame, keep_quotes: bool, progress, reuse) -> pl.DataFrame:
    ids = articles[C.ARTICLE_ID].to_list()
    hashes = articles.select(_SEGMENT_INPUTS).hash_rows(seed=0).to_list()
    reuse.made = [f"{a}:{h:016x}" for a, h in zip(ids, hashes)]
    kept = {a for a, key in zip(ids, reuse.made) if key in reuse.keys} if reuse.table is not None else set()
    todo = articles.filter(~pl.col(C.ARTICLE_ID).is_in(list(kept)))
    fresh = segment_articles(todo, keep_quotes=keep_quotes, progress=progress)
    reuse.reused = len(kept)
    if not kept:
        return fresh
    old = check_frame(reuse.table, SENTENCES, "segment").filter(pl.col(C.ARTICLE_ID).is_in(list(kept)))
    order = {a: k for k, a in enumerate(ids)}
    out = pl.concat([old, fresh], how="vertical").with_columns(
        pl.col(C.ARTICLE_ID).replace_strict(order, return_dtype=pl.Int64).alias("__order"))
    return check_frame(out.sort("__order", C.INDEX, maintain_order=True).drop("__order"), SENTENCES, "segment")


__all__ = ["segment_articles"]
