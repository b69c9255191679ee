"""The constructed attribution cases (tests/align/attribution_cases/*.toml) are well-formed.

Each language file parses, holds at least 24 cases, and every case is self-consistent: one speaker and one verb
per sentence, every given verb is written in its sentence, and every given speaker is named somewhere in the
case. The README next to the files gives the gold rules.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "attribution_cases"
LANGS = ("en", "es", "fr", "pt", "de", "ru", "ar", "he", "it")
MIN_CASES = 24
# Names change form (case endings in Russian; attached prefixes in Arabic and Hebrew): for these the first four
# letters of a speaker's last word must occur in the case, not the whole word.
INFLECTING = {"ru", "ar", "he"}


def _load(lang: str) -> list[dict]:
    return tomllib.loads((CASES / f"{lang}.toml").read_text(encoding="utf-8"))["case"]


def _verb_written(verb: str, sentence: str) -> bool:
    """The verb occurs in the sentence, case-insensitively; a split form ("wies zurück") word by word."""
    verb, sentence = verb.casefold(), sentence.casefold()
    return verb in sentence or all(word in sentence for word in verb.split())


def _speaker_named(speaker: str, text: str, lang: str) -> bool:
    last = speaker.split()[-1].casefold()
    return (last[:4] if lang in INFLECTING else last) in text.casefold()


def test_one_file_per_language():
    assert sorted(p.stem for p in CASES.glob("*.toml")) == sorted(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_file_says_the_cases_are_constructed(lang):
    first = (CASES / f"{lang}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Constructed attribution cases"), first


@pytest.mark.parametrize("lang", LANGS)
def test_cases_are_well_formed(lang):
    cases = _load(lang)
    assert len(cases) >= MIN_CASES, f"{lang}: {len(cases)} cases, want at least {MIN_CASES}"
    problems = []
    for n, case in enumerate(cases, 1):
        where = f"{lang} case {n} ({case.get('pattern', '?')})"
        if not (isinstance(case.get("pattern"), str) and case["pattern"].strip()):
            problems.append(f"{where}: no pattern")
        sentences, speakers, verbs = case.get("sentences"), case.get("speaker"), case.get("verb")
        if not all(isinstance(x, list) for x in (sentences, speakers, verbs)):
            problems.append(f"{where}: sentences, speaker and verb must all be lists")
            continue
        if not (len(sentences) == len(speakers) == len(verbs)):
            problems.append(f"{where}: {len(sentences)} sentences, {len(speakers)} speakers, {len(verbs)} verbs")
            continue
        if not 1 <= len(sentences) <= 4:
            problems.append(f"{where}: {len(sentences)} sentences (1 to 4)")
        if not all(isinstance(x, str) for x in sentences + speakers + verbs):
            problems.append(f"{where}: every item must be a string")
            continue
        if any(not s.strip() for s in sentences):
            problems.append(f"{where}: an empty sentence")
        text = " ".join(sentences)
        for sentence, speaker, verb in zip(sentences, speakers, verbs):
            if verb and not _verb_written(verb, sentence):
                problems.append(f"{where}: verb {verb!r} not in {sentence!r}")
            if speaker and not _speaker_named(speaker, text, lang):
                problems.append(f"{where}: speaker {speaker!r} not named in the case")
            if speaker != speaker.strip() or verb != verb.strip():
                problems.append(f"{where}: stray spaces in {speaker!r} / {verb!r}")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_mistakes():
    assert _verb_written("wies zurück", "Sie wies den Vorwurf entschieden zurück.")
    assert not _verb_written("sagte", "Sie erklärte es.")
    assert _speaker_named("Ингрид Солано", "— заявила Солано.", "ru")
    assert not _speaker_named("Ana Ruiz", "the minister said", "en")
