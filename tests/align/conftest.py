from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from transcompare.schema import SENTENCES, C

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "000_228ebe913f98790d.txt"
WIRE = REPO / "data" / "constructed-en-wire.md"
NTREX = REPO / ".." / "shared" / "data" / "ntrex"


def _make_sentences(articles: dict[str, list[str]], lang: str = "en") -> pl.DataFrame:
    """A SENTENCES frame from {article_id: [sentence, ...]} (one paragraph per sentence)."""
    rows = []
    for a, texts in articles.items():
        offset = 0
        for i, t in enumerate(texts):
            rows.append({C.ARTICLE_ID: a, C.OUTLET: f"Outlet {a}", C.LANG: lang, C.PARAGRAPH: i, C.INDEX: i,
                         C.KIND: "title" if i == 0 else "body", C.START: offset, C.END: offset + len(t),
                         C.TEXT: t})
            offset += len(t) + 2
    return pl.DataFrame(rows, schema=SENTENCES.schema)


@pytest.fixture(scope="session")
def seed_and_wire():
    """The seed article and its constructed counterpart, read and segmented by the real stages."""
    from transcompare.ingest import read_articles
    from transcompare.segment import segment_articles

    articles, errors = read_articles([str(SEED), str(WIRE)])
    assert errors == []
    return articles, segment_articles(articles)


@pytest.fixture
def make_sentences():
    """Build a SENTENCES frame from {article_id: [sentence, ...]} (one paragraph per sentence)."""
    return _make_sentences
