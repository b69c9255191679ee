"""Alignment tables and statements across outlets, on the seed article and its constructed counterpart."""

from __future__ import annotations

import polars as pl
import pytest

from transcompare.align import AlignSettings, align_articles, build_statements, pivot_translations
from transcompare.schema import ALIGNMENTS, STATEMENTS, C, check_frame


@pytest.fixture(scope="module")
def seed_run(seed_and_wire):
    articles, sentences = seed_and_wire
    translations = pivot_translations(sentences, "en")
    settings = AlignSettings(method="difflib.v1")  # its clustering rules; hybrid.v1 has tests of its own
    alignments = align_articles(sentences, translations, "en", settings)
    statements = build_statements(sentences, translations, alignments, "en", settings)
    return sentences, alignments, statements


# seed sentence index -> (wire sentence index, seed speaker, seed verb, wire speaker, wire verb)
QUOTE_LINKS = [
    (3, 3, "Lavrov", "said", "Lavrov", "insisted"),
    (5, 4, "Lavrov", "said", "Lavrov", "argued"),
    (7, 2, "Lavrov", "continued", "Lavrov", "claimed"),
    (8, 5, "Lavrov", "added", "Lavrov", "suggested"),  # "he added" / "he suggested", resolved
]


@pytest.mark.parametrize("seed_i, wire_i, s_speaker, s_verb, w_speaker, w_verb", QUOTE_LINKS)
def test_quote_sentences_linked_with_speaker_and_verb(seed_run, seed_i, wire_i, s_speaker, s_verb, w_speaker,
                                                      w_verb):
    _, _, st = seed_run
    seed = st.filter((pl.col(C.ARTICLE_ID) == "000_228ebe913f98790d")
                     & pl.col(C.SENTENCE_INDICES).list.contains(seed_i)).row(0, named=True)
    wire = st.filter((pl.col(C.ARTICLE_ID) == "constructed-en-wire")
                     & pl.col(C.SENTENCE_INDICES).list.contains(wire_i)).row(0, named=True)
    assert seed[C.STATEMENT_ID] == wire[C.STATEMENT_ID]
    assert (seed[C.SPEAKER], seed[C.REPORTING_VERB]) == (s_speaker, s_verb)
    assert (wire[C.SPEAKER], wire[C.REPORTING_VERB]) == (w_speaker, w_verb)
    assert seed[C.QUOTE] and wire[C.QUOTE]
    assert 0.5 < wire[C.QUOTE_SIMILARITY] <= 1.0 or wire[C.IS_REPRESENTATIVE]


def test_merged_sentences_and_dropped_ones(seed_run):
    _, al, st = seed_run
    check_frame(al, ALIGNMENTS, "test")
    # the wire merged the seed's sentences 9 and 10 into its sentence 6
    assert [[9, 10], [6]] in [[r[C.INDICES_A], r[C.INDICES_B]] for r in al.iter_rows(named=True)]
    # the wire dropped the seed's "western partners" quote (6) and added a sentence of its own (7)
    for art, idx in (("000_228ebe913f98790d", 6), ("constructed-en-wire", 7)):
        row = st.filter((pl.col(C.ARTICLE_ID) == art) & pl.col(C.SENTENCE_INDICES).list.contains(idx))
        assert row[C.N_OUTLETS].to_list() == [1]


def test_statement_invariants(seed_run):
    sentences, _, st = seed_run
    check_frame(st, STATEMENTS, "test")
    # each article at most once per statement; exactly one representative; ids in order of first appearance
    assert st.group_by(C.STATEMENT_ID, C.ARTICLE_ID).len()["len"].max() == 1
    assert st.group_by(C.STATEMENT_ID).agg(pl.col(C.IS_REPRESENTATIVE).sum())[C.IS_REPRESENTATIVE].to_list() \
        == [1] * st[C.STATEMENT_ID].n_unique()
    ids = st[C.STATEMENT_ID].unique(maintain_order=True).to_list()
    assert ids == sorted(ids) and ids[0] == "s001"
    # every non-note sentence is in exactly one statement; notes in none
    covered = st.explode(C.SENTENCE_INDICES).select(C.ARTICLE_ID, C.SENTENCE_INDICES)
    assert covered.height == covered.unique().height
    expected = sentences.filter(pl.col(C.KIND) != "note").height
    assert covered.height == expected
    # seed statements come first, in the seed's order
    seed_first = st.filter(pl.col(C.ARTICLE_ID) == "000_228ebe913f98790d")[C.SENTENCE_INDICES].list.first()
    assert seed_first.to_list() == sorted(seed_first.to_list())


def test_three_outlets_cluster_and_pivot_text_is_used(make_sentences):
    # article c is in Spanish; its pivot (English) text comes from the translations table
    en = make_sentences({
        "a": ["Title one", "Lavrov said the Syrian army is crucial in the fight against Islamic State.",
              "Kerry phoned Lavrov on Saturday about the conflict."],
        "b": ["Another title", "Kerry phoned Lavrov on Saturday to discuss the conflict.",
              "The Syrian army is crucial in the fight against Islamic State, Lavrov said."],
    })
    es = make_sentences({"c": ["Titular", "El ejército sirio es crucial, dijo Lavrov."]}, lang="es")
    sentences = pl.concat([en, es])
    tr = pl.concat([pivot_translations(en, "en"), pivot_translations(es, "es").with_columns(
        pl.lit("en").alias(C.TARGET_LANG),
        pl.Series(C.TRANSLATION, ["Headline", "The Syrian army is crucial in the fight, Lavrov said."]),
        pl.lit("test").alias(C.ENGINE))])
    assert pivot_translations(sentences, "en") is None  # not everything is in English
    al = align_articles(sentences, tr, "en")
    st = build_statements(sentences, tr, al, "en")
    army = st.filter(pl.col(C.TEXT).str.contains("(?i)ej[ée]rcito|army"))
    assert army[C.STATEMENT_ID].n_unique() == 1 and sorted(army[C.ARTICLE_ID]) == ["a", "b", "c"]
    assert army[C.N_OUTLETS].to_list() == [3, 3, 3]
    c = army.filter(pl.col(C.ARTICLE_ID) == "c").row(0, named=True)
    assert c[C.TEXT].startswith("El ejército") and c[C.PIVOT_TEXT].startswith("The Syrian army")
    assert (c[C.SPEAKER], c[C.REPORTING_VERB]) == ("Lavrov", "dijo")


def test_no_links_gives_singletons(make_sentences):
    sentences = make_sentences({"a": ["Rain in the harbour town."], "b": ["Elections next spring in Chile."]})
    tr = pivot_translations(sentences, "en")
    al = align_articles(sentences, tr, "en")
    assert al.height == 0 and al.columns == list(ALIGNMENTS.columns)
    st = build_statements(sentences, tr, al, "en")
    assert st[C.STATEMENT_ID].to_list() == ["s001", "s002"] and st[C.N_OUTLETS].to_list() == [1, 1]


WORDS = "army force state minister reports russian syria talks weapons coalition strike purpose".split()


@pytest.mark.parametrize("seed", range(6))
def test_statement_invariants_on_random_articles(make_sentences, seed):
    import random

    rng = random.Random(seed)
    pool = [" ".join(rng.choices(WORDS, k=rng.randint(3, 9))) for _ in range(12)]
    arts = {a: [rng.choice(pool) if rng.random() < 0.7 else " ".join(rng.choices(WORDS, k=5))
                for _ in range(rng.randint(1, 10))] for a in "abcd"}
    sentences = make_sentences(arts)
    tr = pivot_translations(sentences, "en")
    st = build_statements(sentences, tr, align_articles(sentences, tr, "en"), "en")
    assert st.group_by(C.STATEMENT_ID, C.ARTICLE_ID).len()["len"].max() == 1
    for idx in st[C.SENTENCE_INDICES].to_list():  # each article's share is a run of adjacent sentences
        assert idx == list(range(idx[0], idx[0] + len(idx)))
    covered = st.explode(C.SENTENCE_INDICES).select(C.ARTICLE_ID, C.SENTENCE_INDICES)
    assert covered.height == covered.unique().height == sentences.height
    n = st.group_by(C.STATEMENT_ID).agg(pl.len().alias("k"), pl.col(C.N_OUTLETS).first())
    assert (n["k"] == n[C.N_OUTLETS]).all()


def _links(rows):
    from transcompare.schema import ALIGNMENTS

    return pl.DataFrame([{C.ARTICLE_A: a, C.ARTICLE_B: b, C.INDICES_A: xa, C.INDICES_B: xb, C.TEXT_A: "",
                          C.TEXT_B: "", C.SCORE: sc, C.SHARED_WORDS: [], C.ONLY_A: [], C.ONLY_B: [],
                          C.DIVERGENCE: 0.0} for a, b, xa, xb, sc in rows], schema=ALIGNMENTS.schema)


@pytest.mark.parametrize(
    "rows, expected",
    [
        # a weak link between two statements' members must not glue the statements together
        ([("a", "b", [1], [1], 0.9), ("a", "c", [2], [2], 0.8), ("b", "c", [1], [2], 0.35)],
         [{"a": [1], "b": [1]}, {"a": [2], "c": [2]}]),
        # an outlet that merged two sentences into one: the 2-1 link itself joins them
        ([("a", "c", [1, 2], [1], 0.9), ("a", "b", [1], [1], 0.7)], [{"a": [1, 2], "b": [1], "c": [1]}]),
        # ... and fuses two statements that other outlets keep apart
        ([("a", "b", [1], [1], 0.9), ("a", "b", [2], [2], 0.9), ("a", "c", [1, 2], [1], 0.7)],
         [{"a": [1, 2], "b": [1, 2], "c": [1]}]),
        # one sentence cannot be in two statements: the weaker conflicting link is dropped
        ([("a", "b", [1], [1], 0.9), ("a", "b", [3], [1], 0.5)], [{"a": [1], "b": [1]}]),
    ],
    ids=["no-chaining", "merge", "fusion", "conflict"],
)
def test_clustering_rules(make_sentences, rows, expected):
    texts = [f"sentence {k}" for k in range(4)]
    sentences = make_sentences({"a": texts, "b": texts, "c": texts})
    tr = pivot_translations(sentences, "en")
    st = build_statements(sentences, tr, _links(rows), "en", AlignSettings(method="difflib.v1"))
    shared = [{r[C.ARTICLE_ID]: r[C.SENTENCE_INDICES] for r in g.iter_rows(named=True)}
              for _, g in st.group_by(C.STATEMENT_ID, maintain_order=True) if g.height > 1]
    assert shared == expected
