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
) -> pl.DataFrame:
    """ARTICLES -> SENTENCES: one row per sentence, each paragraph segmented on its own.

    A title paragraph is one sentence (headlines have no sentence punctuation to go by). ``progress`` is
    called as ``progress(done, total)`` after each article.
    """
    articles = check_frame(articles, ARTICLES, "segment")
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


__all__ = ["segment_articles"]
