"""The Article record every reader produces, and its conversion to the ARTICLES table."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from transcompare.schema import ARTICLES, C, check_frame


@dataclass
class Article:
    """One news article after reading and cleaning.

    ``paragraphs[0]`` is the title; ``kinds`` gives each paragraph's kind (title, standfirst, body, note).
    """

    article_id: str
    outlet: str
    lang: str | None
    title: str
    paragraphs: list[str]
    kinds: list[str]
    source: str
    url: str = ""
    published: str = ""
    byline: str = ""
    credits: list[str] = field(default_factory=list)
    lang_source: str = "declared"
    warnings: list[str] = field(default_factory=list)  # for the reader's caller (not a table column)

    def row(self) -> dict:
        return {
            C.ARTICLE_ID: self.article_id,
            C.OUTLET: self.outlet,
            C.LANG: self.lang or "",
            C.LANG_SOURCE: self.lang_source,
            C.TITLE: self.title,
            C.URL: self.url,
            C.PUBLISHED: self.published,
            C.BYLINE: self.byline,
            C.CREDITS: self.credits,
            C.PARAGRAPHS: self.paragraphs,
            C.PARAGRAPH_KINDS: self.kinds,
            C.SOURCE: self.source,
        }


def articles_frame(articles: list[Article]) -> pl.DataFrame:
    if not articles:
        return ARTICLES.empty()
    df = pl.DataFrame([a.row() for a in articles], schema=ARTICLES.schema)
    return check_frame(df, ARTICLES, "ingest")
