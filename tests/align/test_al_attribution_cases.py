"""The attribution case tables (``attribution_cases/CODE.toml``, constructed, see their README): every sentence's
speaker and reporting verb as a careful annotator gives them, checked against
:func:`transcompare.align.coref.attribute_article` one case (a mini-article) at a time.

A sentence passes when the predicted speaker names the gold person (the eval's rule: the full name or the
surname as words, :func:`transcompare.eval.attribution.speaker_is`) and the predicted verb is the gold verb (as
written, one containing the other: "a déclaré" / "déclaré"; an Arabic or Hebrew conjunction prefix aside:
"وقال" / "قال"). Cases the code gets wrong today are listed in ``attribution_known_misses.toml`` with the
reason; they run as strict expected failures, so one that starts passing must be taken off the list.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from transcompare.align.coref import attribute_article
from transcompare.eval.attribution import speaker_is
from transcompare.eval.attribution_cases import score_folder, verb_ok

HERE = Path(__file__).with_name("attribution_cases")
MISSES = tomllib.loads(HERE.with_name("attribution_known_misses.toml").read_text(encoding="utf-8")).get("miss", [])


def _cases():
    for path in sorted(HERE.glob("*.toml")):
        for n, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["case"]):
            miss = next((m for m in MISSES if m["lang"] == path.stem and m["pattern"] == case["pattern"]), None)
            marks = [pytest.mark.xfail(strict=True, reason=miss["reason"])] if miss else []
            yield pytest.param(path.stem, case, id=f"{path.stem}-{n:02d}", marks=marks)


def test_every_known_miss_names_a_case():
    patterns = {(p.stem, c["pattern"]) for p in HERE.glob("*.toml")
                for c in tomllib.loads(p.read_text(encoding="utf-8"))["case"]}
    assert [m for m in MISSES if (m["lang"], m["pattern"]) not in patterns] == []
    assert all(m.get("reason") for m in MISSES)


@pytest.mark.parametrize("lang, case", list(_cases()))
def test_attribution_case(lang, case):
    out = attribute_article(case["sentences"], lang, headline=case.get("headline", False))
    wrong = []
    for text, (speaker, verb), gold_speaker, gold_verb in zip(case["sentences"], out, case["speaker"], case["verb"]):
        if gold_speaker and not speaker_is(speaker, [gold_speaker, gold_speaker.split()[-1]]):
            wrong.append(f"speaker {speaker!r}, not {gold_speaker!r}: {text}")
        if gold_verb and not verb_ok(verb, gold_verb):
            wrong.append(f"verb {verb!r}, not {gold_verb!r}: {text}")
    assert wrong == [], case["pattern"]


def test_the_case_evaluation_counts_what_the_cases_check():
    """``python -m transcompare.eval attribution-cases`` counts per language what the case tests check: the
    sentences of the failing (listed) cases are the only ones it finds wrong."""
    results = score_folder(HERE)
    right = sum(r["speaker"][0] for r in results.values())
    total = sum(r["speaker"][1] for r in results.values())
    assert set(results) == {p.stem for p in HERE.glob("*.toml")}
    assert 0 < right <= total
    missed_cases = {(m["lang"], m["pattern"]) for m in MISSES}
    wrong_langs = {lang for lang, r in results.items() if r["speaker"][0] < r["speaker"][1]
                   or r["verb"][0] < r["verb"][1]}
    assert wrong_langs <= {lang for lang, _ in missed_cases}
