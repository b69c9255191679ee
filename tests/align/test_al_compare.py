"""Word diffs and the comparison tables (long and wide), with export."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, strategies as st

from transcompare.align import align_articles, build_statements, pivot_translations
from transcompare.align.settings import AlignSettings
from transcompare.compare import build_comparison, comparison_wide
from transcompare.text import fold as _norm, word_diff
from transcompare.output import write_table
from transcompare.schema import COMPARISON, C, check_frame


@pytest.mark.parametrize(
    "a, b, shared, only_a, only_b",
    [
        ("Lavrov said it was absurd.", "Lavrov claimed it was absurd.", ["Lavrov", "it", "was", "absurd"],
         ["said"], ["claimed"]),
        ("The army is crucial", "the ARMY is crucial", ["The", "army", "is", "crucial"], [], []),
        ("Assad’s regime", "Assad’s regime is legitimate", ["Assad’s", "regime"], [], ["is", "legitimate"]),
        ("", "", [], [], []),
        ("déclaré", "declare", ["déclaré"], [], []),  # accents are ignored
        ("a b c", "x y", [], ["a", "b", "c"], ["x", "y"]),
        # reordered words are not missing: only what the other version really lacks
        ("The army will fight Islamic State", "Islamic State will be fought by the army",
         ["The", "army", "will", "Islamic", "State"], ["fight"], ["be", "fought", "by"]),
        ("he said no no", "no, he said", ["he", "said", "no"], ["no"], []),  # a repeated word counts
    ],
)
def test_word_diff(a, b, shared, only_a, only_b):
    d = word_diff(a, b)
    assert (d.shared, d.only_a, d.only_b) == (shared, only_a, only_b)
    assert 0.0 <= d.divergence <= 1.0
    if d.divergence == 0.0:
        assert not only_a and not only_b
    if not only_a and not only_b:  # the same words, maybe reordered
        assert sorted(map(_norm, d.tokens_a)) == sorted(map(_norm, d.tokens_b))


def test_changed_spans_point_at_the_words():
    d = word_diff("Lavrov said it was absurd.", "Lavrov claimed it was absurd.")
    assert [("Lavrov said it was absurd."[s:e]) for s, e in d.changed_spans("a")] == ["said"]
    assert [("Lavrov claimed it was absurd."[s:e]) for s, e in d.changed_spans("b")] == ["claimed"]
    a, b = "Islamic State will be fought by the army", "The army will fight Islamic State"
    d = word_diff(a, b)
    assert [a[s:e] for s, e in d.changed_spans("a")] == ["be fought by"]  # adjacent words joined
    assert [b[s:e] for s, e in d.changed_spans("b")] == ["fight"]  # "Islamic State" moved, not highlighted


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_partitions_the_words(a, b):
    d = word_diff(a, b)
    assert sorted(d.shared + d.only_a) == sorted(d.tokens_a)
    assert len(d.shared) + len(d.only_b) == len(d.tokens_b)
    assert all(a[s:e] == t for (s, e), t in zip(d.spans_a, d.tokens_a))


@pytest.fixture(scope="module")
def comparison(seed_and_wire):
    articles, sentences = seed_and_wire
    tr = pivot_translations(sentences, "en")
    st_ = build_statements(sentences, tr, align_articles(sentences, tr, "en"), "en")
    return articles, st_, build_comparison(st_, tr, articles, ["en"], AlignSettings()), tr


def test_comparison_long(comparison):
    articles, statements, cmp, tr = comparison
    check_frame(cmp, COMPARISON, "test")
    assert cmp.height == statements.height  # one view language
    rep = cmp.filter(pl.col(C.VIEW_TEXT) == pl.col(C.REPRESENTATIVE))
    assert rep[C.DIVERGENCE].max() == 0.0
    only_seed = cmp.filter(pl.col(C.N_OUTLETS) == 1, pl.col(C.ARTICLE_ID) == "000_228ebe913f98790d")
    assert only_seed[C.MISSING_OUTLETS].to_list()[0] == ["Example Wire (constructed)"]
    both = cmp.filter(pl.col(C.N_OUTLETS) == 2, ~(pl.col(C.VIEW_TEXT) == pl.col(C.REPRESENTATIVE)))
    assert both.height > 0 and (both[C.DIVERGENCE] > 0).all() and both[C.MISSING_OUTLETS].list.len().max() == 0
    # a view language without translations gives null view text, not an error
    es = build_comparison(statements, tr, articles, ["es"], AlignSettings())
    assert es.height == statements.height and es[C.VIEW_TEXT].null_count() == es.height


def test_comparison_wide_and_export(comparison, tmp_path):
    _, statements, cmp, _ = comparison
    wide = comparison_wide(cmp, "en")
    assert wide.height == statements[C.STATEMENT_ID].n_unique()
    assert "Example Wire (constructed).text" in wide.columns and "000_228ebe913f98790d.divergence" in wide.columns
    lavrov = wide.filter(pl.col("Example Wire (constructed).reporting_verb") == "insisted")
    assert lavrov.height >= 1 and lavrov["000_228ebe913f98790d.text"].null_count() == 0
    for fmt in ("parquet", "csv", "jsonl"):
        write_table(cmp, tmp_path / f"comparison.{fmt}")
    back = pl.read_parquet(tmp_path / "comparison.parquet")
    assert back.equals(cmp)
    assert len((tmp_path / "comparison.jsonl").read_text(encoding="utf-8").splitlines()) == cmp.height


def test_a_headline_and_its_lead_do_not_run_together_in_a_statement():
    import doctest

    from transcompare import text
    from transcompare.text import join_sentences

    assert join_sentences(["Valmora closes its library", "The town will repair it."]) == \
        "Valmora closes its library — The town will repair it."
    assert join_sentences(["He said so.", "“It is absurd,”", "she added"]) == "He said so. “It is absurd,” she added"
    assert join_sentences([]) == "" and join_sentences(["One."]) == "One."
    result = doctest.testmod(text)
    assert result.attempted >= 2 and result.failed == 0
