"""The constructed altered-quote table (tests/align/altered_cases/): every case is a test — the altered member
(if any) is flagged, with a reason of its kind, and no faithful member is. Known misses are strict xfails."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.align.altered import altered_reasons, quantities
from transcompare.eval.altered_cases import read_cases, score

TABLE = Path(__file__).with_name("altered_cases") / "cases.toml"
CASES = read_cases(TABLE)
# the one case the cues get wrong, and why (the table was written independently of the cues)
KNOWN = {"faithful: 'without an agreement'": "Arabic دون is 'without' here but 'under' in 'دون الثانية عشرة' "
                                             "(under twelve): it is not a negation cue"}


def _params():
    for k, case in enumerate(CASES):
        reason = next((why for start, why in KNOWN.items() if case["pattern"].startswith(start)), None)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(case, id=f"{k:02d}-{case['pattern'][:40]}", marks=marks)


@pytest.mark.parametrize("case", _params())
def test_altered_case(case):
    got = altered_reasons(case["texts"], case["langs"])
    for lang, text, gold, why in zip(case["langs"], case["texts"], case["altered"], got):
        if gold:
            assert why.startswith(gold) or f"; {gold}" in why, (lang, text, why)
        else:
            assert why == "", (lang, text, why)


def test_table_covers_every_language_and_kind():
    res = score(CASES)
    assert set(res) == {"en", "es", "pt", "fr", "de", "ru", "ar", "he"}
    assert all(res[lang]["altered"][1] >= 3 for lang in res)
    flagged = sum(r["altered"][0] for r in res.values())
    total = sum(r["altered"][1] for r in res.values())
    faithful = sum(r["faithful"][0] for r in res.values())
    assert total == 30 and flagged >= 29 and faithful <= 2


@pytest.mark.parametrize("text, lang, expected", [
    ("dos mil quinientos soldados", "es", {2500.0}),
    ("fünfundzwanzig Bergleute", "de", {25.0}),
    ("zweitausendfünfhundert Euro", "de", {2500.0}),
    ("twenty-five miners", "en", {25.0}),
    ("three and a half million", "en", {3.5e6}),
    ("quatre-vingt-dix-neuf ans", "fr", {99.0}),
    ("huit cents emplois", "fr", {800.0}),
    ("три тысячи домов", "ru", {3000.0}),
    ("полтора миллиона", "ru", {1.5e6}),
    ("ثلاثة ملايين ونصف مليون زائر", "ar", {3.5e6}),
    ("مليوناً ونصف مليون برميل", "ar", {1.5e6}),
    ("ألفين وخمسمئة جندي", "ar", {2500.0}),
    ("واحد وعشرين في المئة", "ar", {21.0}),
    ("מיליון וחצי", "he", {1.5e6}),
    ("עשרים וחמש כיתות", "he", {25.0}),
    ("thousands of people, one of them", "en", set()),  # no quantity by itself
    ("half of the budget", "en", set()),
    ("2.300 millones", "es", {2.3e9}),  # the scale after digits is not counted again
])
def test_number_words(text, lang, expected):
    assert quantities(text, lang) == expected


def test_hedge_with_a_negation_and_a_month_are_not_negation_or_modality():
    from transcompare.align.altered import has_cue

    assert has_cue("Сейсмолог не исключила новые толчки.", "ru", "negation") is False
    assert has_cue("Сейсмолог не исключила новые толчки.", "ru", "modality") is True
    assert has_cue("She did not rule out new tremors.", "en", "negation") is False
    assert has_cue("The strike began on May 3.", "en", "modality") is False
    assert has_cue("The strike may end on Friday.", "en", "modality") is True


def test_eval_command_prints_the_table():
    from transcompare.eval.altered_cases import main

    out = CliRunner().invoke(main, [str(TABLE)])
    assert out.exit_code == 0, out.output
    assert "all" in out.output and "/30" in out.output and "/246" in out.output
    bad = CliRunner().invoke(main, [str(TABLE.with_name("README.md"))])
    assert bad.exit_code == 2 and "not a readable case table" in bad.output
