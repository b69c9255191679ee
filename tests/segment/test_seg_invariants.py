"""Invariants of split_sentences for any text (Hypothesis) and of segment_articles on constructed tables."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcompare.errors import SchemaError
from transcompare.schema import ARTICLES, C, KIND_BODY, KIND_NOTE, KIND_TITLE, SENTENCES, article_text
from transcompare.segment import segment_articles, split_sentences, supported_languages

PIECES = [
    "word", "Word", "Mr.", "U.S.", "z.B.", "т.е.", "г.", "EE.UU.", "3.5", "12.", "J.", "etc.", "слово", "Слово",
    "كلمة", "قال", "מילה", "אמר", "词语", "。", "！", "？", "؟", "،", ".", "..", "...", "…", "!", "?", ",", ";",
    ":", "\"", "“", "”", "„", "«", "»", "'", "’", "(", ")", "[", "]", "—", "-", " ", " ", " ", "  ", "\n", "\n\n",
    "\t", "\u00a0", "he said", "“A. B,” he said.",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=80)
langs = st.sampled_from(supported_languages() + ["xx", None])


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    prev = 0
    for a, b in spans:
        assert prev <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[prev:a].strip() == ""  # nothing but whitespace between sentences
        prev = b
    assert text[prev:].strip() == ""
    # re-joining the sentences gives the text up to whitespace
    assert "".join("".join(text[a:b] for a, b in spans).split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(text=texts, lang=langs, keep_quotes=st.booleans())
def test_spans_cover_text_in_order(text, lang, keep_quotes):
    check_spans(text, split_sentences(text, lang, keep_quotes=keep_quotes))


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(texts.filter(lambda t: "\n\n" not in t), min_size=1, max_size=5), lang=langs)
def test_segment_articles_offsets(paragraphs, lang):
    kinds = [KIND_TITLE] + [KIND_BODY] * (len(paragraphs) - 1)
    frame = _articles([("a1", lang or "xx", paragraphs, kinds)])
    out = segment_articles(frame)
    text = article_text(paragraphs)
    assert out[C.INDEX].to_list() == list(range(out.height))
    for row in out.iter_rows(named=True):
        assert text[row[C.START]:row[C.END]] == row[C.TEXT]
        p = row[C.PARAGRAPH]
        start = sum(len(x) + 2 for x in paragraphs[:p])
        assert start <= row[C.START] and row[C.END] <= start + len(paragraphs[p])


def _articles(rows: list[tuple[str, str, list[str], list[str]]]) -> pl.DataFrame:
    data = {c: [] for c in ARTICLES.columns}
    for article_id, lang, paragraphs, kinds in rows:
        for c in ARTICLES.columns:
            data[c].append("")
        data[C.ARTICLE_ID][-1] = article_id
        data[C.OUTLET][-1] = f"outlet-{article_id}"
        data[C.LANG][-1] = lang
        data[C.CREDITS][-1] = []
        data[C.PARAGRAPHS][-1] = paragraphs
        data[C.PARAGRAPH_KINDS][-1] = kinds
    return pl.DataFrame(data, schema=ARTICLES.schema)


def test_segment_articles_table():
    frame = _articles([
        ("en1", "en", ["A headline. With a period", "Mr. Smith came. He left.", "(A note. Two.)"],
         [KIND_TITLE, KIND_BODY, KIND_NOTE]),
        ("ar1", "ar", ["عنوان", "قال د. أحمد إن الوضع صعب، لكنه مستقر. هل هذا صحيح؟"], [KIND_TITLE, KIND_BODY]),
        ("zh1", "zh", ["标题", "我们会留下。然后他走了。"], [KIND_TITLE, KIND_BODY]),
        ("empty", "en", [], []),
    ])
    calls = []
    out = segment_articles(frame, progress=lambda done, total: calls.append((done, total)))
    assert out.schema == SENTENCES.schema
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    got = [(r[C.ARTICLE_ID], r[C.PARAGRAPH], r[C.INDEX], r[C.KIND], r[C.TEXT]) for r in out.iter_rows(named=True)]
    assert got == [
        ("en1", 0, 0, KIND_TITLE, "A headline. With a period"),  # a title is one sentence
        ("en1", 1, 1, KIND_BODY, "Mr. Smith came."),
        ("en1", 1, 2, KIND_BODY, "He left."),
        ("en1", 2, 3, KIND_NOTE, "(A note."),
        ("en1", 2, 4, KIND_NOTE, "Two.)"),
        ("ar1", 0, 0, KIND_TITLE, "عنوان"),
        ("ar1", 1, 1, KIND_BODY, "قال د. أحمد إن الوضع صعب، لكنه مستقر."),
        ("ar1", 1, 2, KIND_BODY, "هل هذا صحيح؟"),
        ("zh1", 0, 0, KIND_TITLE, "标题"),
        ("zh1", 1, 1, KIND_BODY, "我们会留下。"),
        ("zh1", 1, 2, KIND_BODY, "然后他走了。"),
    ]
    assert set(out[C.OUTLET]) == {"outlet-en1", "outlet-ar1", "outlet-zh1"}


def test_segment_articles_rejects_a_table_without_paragraphs():
    frame = _articles([("a", "en", ["T", "B."], [KIND_TITLE, KIND_BODY])]).drop(C.PARAGRAPHS)
    with pytest.raises(SchemaError, match="stage 'segment'.*paragraphs"):
        segment_articles(frame)


def test_segment_articles_reuses_the_rows_of_unchanged_articles():
    """Online use: an article whose inputs are unchanged takes its rows from the earlier table (a marker put in
    that table shows they were taken, not recomputed); a changed or new one is segmented; without the marker the
    result equals segmenting everything."""
    from transcompare.align.by_story import Reuse

    rows = [("a", "en", ["One", "Mr. Smith came. He left."], [KIND_TITLE, KIND_BODY]),
            ("b", "fr", ["Deux", "M. Dupont est venu. Il est parti."], [KIND_TITLE, KIND_BODY]),
            ("c", "en", ["Three", "It rained. Then it stopped."], [KIND_TITLE, KIND_BODY])]
    first = Reuse()
    before = segment_articles(_articles(rows[:2]), reuse=first)
    assert first.reused == 0 and len(first.made) == 2
    marked = before.with_columns(pl.when(pl.col(C.ARTICLE_ID) == "a").then(pl.lit("[kept]"))
                                 .otherwise(pl.col(C.TEXT)).alias(C.TEXT))
    changed = [rows[0], ("b", "fr", ["Deux", "M. Dupont est venu."], [KIND_TITLE, KIND_BODY]), rows[2]]
    again = Reuse(marked, set(first.made))
    out = segment_articles(_articles(changed), reuse=again)
    assert again.reused == 1 and len(again.made) == 3 and again.made[0] == first.made[0] != again.made[1]
    fresh = segment_articles(_articles(changed))
    assert out[C.ARTICLE_ID].to_list() == fresh[C.ARTICLE_ID].to_list()  # the articles' order kept
    assert out.filter(pl.col(C.ARTICLE_ID) == "a")[C.TEXT].to_list() == ["[kept]"] * 3
    assert out.filter(pl.col(C.ARTICLE_ID) != "a").equals(fresh.filter(pl.col(C.ARTICLE_ID) != "a"))
    assert segment_articles(_articles(changed), reuse=Reuse(before, set(first.made))).equals(fresh)
