"""The shared statement model: highlighting runs and statement building/sorting/filtering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcompare.api import load_run
from transcompare.errors import InputError
from transcompare.render.model import MARKS, build_statements, diff_spans, mark_spans, segments


@pytest.mark.parametrize(
    ("text", "reference", "marked"),
    [
        ("the army is absurd", "the army is absurd", []),
        ("The Army is absurd", "the army is absurd", []),  # case-folded
        ("the army is wrong", "the army is absurd", ["wrong"]),
        ("a new big force", "a force", ["new big"]),  # neighbours joined across the space
        ("a force", "a new big force", []),  # words only in the reference are not in this text
        ("Lavrov said, calmly", "Lavrov said", ["calmly"]),  # punctuation is not compared
        ("Лавров заявил", "Лавров сказал", ["заявил"]),
        ("el ejército sirio", "El ejercito sirio", []),  # accents ignored, as in the compare stage
        ("", "anything", []),
    ],
)
def test_diff_spans_marks_words_missing_from_reference(text, reference, marked):
    assert [text[a:b] for a, b in diff_spans(text, reference)] == marked


@pytest.mark.parametrize(
    ("text", "kw", "mark", "expected"),
    [
        ("He said “it is absurd” today", {}, "quote", ["“it is absurd”"]),
        ("Il a dit «c'est absurde»", {}, "quote", ["«c'est absurde»"]),
        ("To exclude it is absurd, he said", {"quote": "To exclude it is absurd"}, "quote",
         ["To exclude it is absurd"]),
        ("Sergei Lavrov said. Lavrov added", {"speaker": "Sergei Lavrov"}, "speaker",
         ["Sergei Lavrov", "Sergei", "Lavrov", "Lavrov"]),
        ("Lavrovich said", {"speaker": "Lavrov"}, "speaker", []),  # whole words only
        ("He SAID it, she said", {"verb": "said"}, "verb", ["SAID", "said"]),
        ("no verb here", {"verb": ""}, "verb", []),
    ],
)
def test_mark_spans(text, kw, mark, expected):
    assert [text[a:b] for a, b in mark_spans(text, **kw)[mark]] == expected


@given(
    text=st.text(max_size=80),
    reference=st.text(max_size=80),
    quote=st.text(max_size=20),
    speaker=st.text(max_size=15),
    verb=st.text(max_size=10),
)
def test_segments_rebuild_the_text_with_known_marks(text, reference, quote, speaker, verb):
    runs = segments(text, reference=reference, quote=quote, speaker=speaker, verb=verb)
    assert "".join(chunk for chunk, _ in runs) == text
    assert all(chunk for chunk, _ in runs)
    assert all(set(marks) <= set(MARKS) for _, marks in runs)
    assert all(a[1] != b[1] for a, b in zip(runs, runs[1:]))  # neighbours differ, else they'd be one run


def test_identical_text_has_no_diff_marks():
    text = "Russia will support the Syrian government."
    assert not any("diff" in marks for _, marks in segments(text, reference=text))


@pytest.mark.parametrize("sort", ["outlets", "divergence"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_build_statements_sorted_with_representative_first(fixture_run_dir, spec, sort, lang):
    run = load_run(fixture_run_dir)
    sts = build_statements(run, lang, sort=sort)
    assert sorted(s.statement_id for s in sts) == sorted(spec.STMTS)
    key = ((lambda s: (-s.n_outlets, s.statement_id)) if sort == "outlets"  # ties: order of first appearance
           else (lambda s: (-s.divergence, -s.n_outlets)))
    assert [key(s) for s in sts] == sorted(key(s) for s in sts)
    for s in sts:
        members = spec.STMTS[s.statement_id]
        assert [m.article_id for m in s.members][0] == next(iter(members))  # fixture: first member is the rep
        assert s.members[0].is_representative and not any(m.is_representative for m in s.members[1:])
        assert s.n_outlets == len(members)
        assert {m.article_id for m in s.members} == set(members)
        for m in s.members:
            assert m.view_text == spec.view(m.article_id, members[m.article_id], lang)
        assert s.divergence == max(m.divergence for m in s.members)


def test_outlet_filter_keeps_statements_the_outlet_carries(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    sts = build_statements(run, "en", outlet="Diario Ejemplo")
    expected = {sid for sid, members in spec.STMTS.items() if "diario" in members}
    assert {s.statement_id for s in sts} == expected
    assert all(len(s.members) == len(spec.STMTS[s.statement_id]) for s in sts)  # others kept for comparison


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outlet": "Nope Daily"}, "no outlet 'Nope Daily'"),
        ({"statement": "s999"}, "no statement 's999'"),
        ({"lang": "xx"}, "no view language 'xx'"),
    ],
)
def test_unknown_filters_are_clear_errors(fixture_run_dir, kwargs, message):
    run = load_run(fixture_run_dir)
    with pytest.raises(InputError) as err:
        run.comparison_view(**kwargs)
    assert message in str(err.value)
    assert str(fixture_run_dir) in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("given", "found"), [
    ("diario ejemplo", "Diario Ejemplo"), ("diario", "Diario Ejemplo"), ("  DIARIO ej", "Diario Ejemplo"),
    ("ejemplo", "Diario Ejemplo"),  # a part of one name only
])
def test_an_outlet_is_named_by_the_start_or_a_part_of_its_name(fixture_run_dir, given, found):
    run = load_run(fixture_run_dir)
    assert run.comparison_view("en", outlet=given).outlet == found


def test_an_outlet_name_that_fits_several_or_none_is_an_error(fixture_run_dir):
    run = load_run(fixture_run_dir)
    with pytest.raises(InputError) as err:
        run.comparison_view("en", outlet="Exemple Wire")  # a typo: the name is suggested
    assert "did you mean 'Example Wire'?" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError) as err:
        run.comparison_view("en", outlet="le")  # starts no name, is in two
    assert "matches several" in str(err.value) and "Example Wire" in str(err.value)
    assert "Diario Ejemplo" not in str(err.value)


@pytest.mark.parametrize(
    ("words", "limit", "shown", "more"),
    [
        ([], 3, "", 0),
        (["a", "b"], 3, "a b", 0),
        (["a", "b", "a", "c", "d", "e"], 3, "a b c", 2),  # each word once
    ],
)
def test_lost_words_capped(words, limit, shown, more):
    from transcompare.render.model import lost_words

    assert lost_words(words, limit) == (shown, more)


def test_a_verb_is_shown_with_its_gloss_and_class_a_source_too():
    from transcompare.render.model import Member

    def label(verb: str, gloss: str, cls: str) -> str:
        return Member("a", "A", "fr", "t", "t", 0.0, reporting_verb=verb, verb_gloss=gloss, verb_class=cls).verb_label

    assert label("a affirmé", "affirm", "assertive") == "a affirmé (affirm, assertive)"
    assert label("selon", "according to", "source") == "selon (according to, source)"
    assert label("according to", "according to", "source") == "according to (source)"
    assert label("a martelé", "", "") == "a martelé" and label("", "", "") == ""
