"""The constructed attribution cases and articles are well-formed.

Two folders of hand-written gold, one TOML file per language, in the same format and under the same gold rules:

- tests/align/attribution_cases/*.toml: mini-articles of one to four sentences, at least 24 per language;
- tests/align/attribution_articles/*.toml: full news articles of 9 to 14 sentences, at least 4 per language.

Each file parses, says on its first line that its texts are constructed, and every case is self-consistent: one
speaker and one verb per sentence, every given verb is written in its sentence, and every given speaker is named
somewhere in the case. The README in each folder gives the gold rules.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASES = HERE / "attribution_cases"
ARTICLES = HERE / "attribution_articles"
LANGS = ("en", "es", "fr", "pt", "de", "ru", "ar", "he", "it")
ARTICLE_LANGS = ("en", "es", "fr", "pt", "de", "ru", "ar", "he")
MIN_CASES = 24
MIN_ARTICLES = 4
CASE_SENTENCES = (1, 4)
ARTICLE_SENTENCES = (9, 14)
# Names change form (case endings in Russian; attached prefixes in Arabic and Hebrew): for these the first four
# letters of a speaker's last word must occur in the case, not the whole word.
INFLECTING = {"ru", "ar", "he"}


def _load(folder: Path, lang: str) -> list[dict]:
    return tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))["case"]


def _verb_written(verb: str, sentence: str) -> bool:
    """The verb occurs in the sentence, case-insensitively; a split form ("wies zurück") word by word."""
    verb, sentence = verb.casefold(), sentence.casefold()
    return verb in sentence or all(word in sentence for word in verb.split())


def _speaker_named(speaker: str, text: str, lang: str) -> bool:
    last = speaker.split()[-1].casefold()
    return (last[:4] if lang in INFLECTING else last) in text.casefold()


def _problems(cases: list[dict], lang: str, sizes: tuple[int, int]) -> list[str]:
    """Everything wrong with a language's cases, one line each; `sizes` bounds the sentences per case."""
    low, high = sizes
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
        if not low <= len(sentences) <= high:
            problems.append(f"{where}: {len(sentences)} sentences ({low} to {high})")
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
    return problems


# (folder, its languages, the first words of its files, at least so many cases, sentences per case)
FOLDERS = [
    pytest.param(CASES, LANGS, "# Constructed attribution cases", MIN_CASES, CASE_SENTENCES, id="cases"),
    pytest.param(ARTICLES, ARTICLE_LANGS, "# Constructed attribution articles", MIN_ARTICLES, ARTICLE_SENTENCES,
                 id="articles"),
]
EACH = [pytest.param(f.values[0], lang, *f.values[2:], id=f"{f.id}-{lang}") for f in FOLDERS for lang in f.values[1]]


@pytest.mark.parametrize("folder, langs, _header, _least, _sentences", FOLDERS)
def test_one_file_per_language(folder, langs, _header, _least, _sentences):
    assert sorted(p.stem for p in folder.glob("*.toml")) == sorted(langs)


@pytest.mark.parametrize("folder, lang, header, _least, _sentences", EACH)
def test_file_says_its_text_is_constructed(folder, lang, header, _least, _sentences):
    first = (folder / f"{lang}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(header), first


@pytest.mark.parametrize("folder, lang, _header, least, sentences", EACH)
def test_cases_are_well_formed(folder, lang, _header, least, sentences):
    cases = _load(folder, lang)
    assert len(cases) >= least, f"{lang}: {len(cases)} cases, want at least {least}"
    problems = _problems(cases, lang, sentences)
    assert not problems, "\n".join(problems)


def test_the_checks_catch_mistakes():
    assert _verb_written("wies zurück", "Sie wies den Vorwurf entschieden zurück.")
    assert not _verb_written("sagte", "Sie erklärte es.")
    assert _speaker_named("Ингрид Солано", "— заявила Солано.", "ru")
    assert not _speaker_named("Ana Ruiz", "the minister said", "en")
    too_short = {"pattern": "p", "sentences": ["A said so."], "speaker": ["A"], "verb": ["said"]}
    assert _problems([too_short], "en", CASE_SENTENCES) == []
    assert _problems([too_short], "en", ARTICLE_SENTENCES) != []
    unequal = {"pattern": "p", "sentences": ["x"] * 9, "speaker": [""] * 9, "verb": [""] * 8}
    assert _problems([unequal], "en", ARTICLE_SENTENCES) != []
