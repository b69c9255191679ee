"""The per-language rules are data (``transcompare/segment/rules/<code>.toml``): every file loads, a file with an
unknown key or a value of the wrong type is rejected with an error naming it, and the files are the languages."""

from __future__ import annotations

from pathlib import Path

import pytest

import transcompare.segment as segment
from transcompare.segment import language_rules, supported_languages
from transcompare.segment.rules import KEYS, LangRules, RulesFileError, load_rules_file, rules_files

RULES_DIR = Path(segment.__file__).parent / "rules"


def test_every_rules_file_loads():
    found = rules_files()
    assert {f.name for f in found} == {p.name for p in RULES_DIR.glob("*.toml")}
    generic = load_rules_file(RULES_DIR / "und.toml")
    for f in found:
        rules = load_rules_file(f, generic)
        assert isinstance(rules, LangRules) and rules.code == f.name.removesuffix(".toml")
        assert rules == language_rules(rules.code)


def test_supported_languages_are_the_rules_files():
    assert set(supported_languages()) == {p.stem for p in RULES_DIR.glob("*.toml")} - {"und"}


def test_generic_abbreviations_apply_to_every_language():
    generic = language_rules("und")
    assert "mr" in generic.fixed and "etc" in generic.ambiguous
    for code in supported_languages():
        rules = language_rules(code)
        assert generic.ambiguous <= rules.ambiguous, code
        assert generic.fixed - rules.ambiguous <= rules.fixed, code
        assert not rules.fixed & rules.ambiguous, code  # a word in both lists is ambiguous


def _write(tmp_path: Path, text: str, name: str = "xx.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file(tmp_path):
    path = _write(tmp_path, 'cased = false\nprefixes = "ab"\nfixed = ["x", "y.z"]\nambiguous = ["y.z"]\n')
    rules = load_rules_file(path, LangRules("und", fixed=frozenset({"mr"}), ambiguous=frozenset({"etc"})))
    assert rules == LangRules("xx", fixed=frozenset({"x", "mr"}), ambiguous=frozenset({"y.z", "etc"}),
                              cased=False, prefixes="ab")


@pytest.mark.parametrize("text, says", [
    ('fixd = ["mr"]\n', "unknown key 'fixd'"),
    ('code = "en"\n', "unknown key 'code'"),
    ('[en]\nfixed = ["mr"]\n', "unknown key 'en'"),
    ('cased = "no"\n', "cased must be true or false"),
    ('cjk = 1\n', "cjk must be true or false"),
    ('ordinal_period = []\n', "ordinal_period must be true or false"),
    ('prefixes = ["ה"]\n', "prefixes must be a string"),
    ('fixed = "mr dr"\n', "fixed must be an array of words"),
    ('starters = {the = true}\n', "starters must be an array of words"),
    ('months = ["jan", 2]\n', "months holds 2"),
    ('letters = [["a"]]\n', "letters holds ['a']"),
    ('attributions = ["said", "according to"]\n', "attributions holds 'according to'"),
    ('ambiguous = ["Etc"]\n', "ambiguous holds 'Etc'"),
    ('before_number = [""]\n', "before_number holds ''"),
    ('fixed = ["mr"\n', "not valid TOML"),
    ('fixed = ["mr"]\nfixed = ["dr"]\n', "not valid TOML"),
])
def test_a_bad_file_is_rejected_naming_it(tmp_path, text, says):
    path = _write(tmp_path, text)
    with pytest.raises(RulesFileError) as err:
        load_rules_file(path)
    assert str(path) in str(err.value) and says in str(err.value)


def test_the_error_lists_the_known_keys(tmp_path):
    with pytest.raises(RulesFileError) as err:
        load_rules_file(_write(tmp_path, "stareters = []\n"))
    assert all(key in str(err.value) for key in KEYS)


def test_a_misnamed_or_missing_file_is_an_error(tmp_path, monkeypatch):
    from transcompare.segment import rules as rules_module

    misnamed = _write(tmp_path, 'fixed = ["mr"]\n', "eng.toml")
    try:
        monkeypatch.setattr(rules_module, "rules_files", lambda: [RULES_DIR / "und.toml", misnamed])
        rules_module._table.cache_clear()
        with pytest.raises(RulesFileError, match="eng.toml: the file name must be an ISO 639-1 code"):
            supported_languages()
        monkeypatch.setattr(rules_module, "rules_files", lambda: [RULES_DIR / "en.toml"])
        rules_module._table.cache_clear()
        with pytest.raises(RulesFileError, match="und.toml: missing"):
            language_rules("en")
    finally:
        monkeypatch.undo()
        rules_module._table.cache_clear()
    assert "en" in supported_languages()
