from __future__ import annotations

import polars as pl
import pytest

from transcompare.schema import SENTENCES, C, check_frame


@pytest.fixture(scope="session")
def make_sentences_frame():
    def make(rows):
        data = {c: [] for c in SENTENCES.columns}
        for art, lang, texts in rows:
            pos = 0
            for i, text in enumerate(texts):
                for col, v in ((C.ARTICLE_ID, art), (C.OUTLET, f"outlet-{art}"), (C.LANG, lang),
                               (C.PARAGRAPH, i), (C.INDEX, i), (C.KIND, "title" if i == 0 else "body"),
                               (C.START, pos), (C.END, pos + len(text)), (C.TEXT, text)):
                    data[col].append(v)
                pos += len(text) + 2
        return check_frame(pl.DataFrame(data), SENTENCES, "test")
    return make
