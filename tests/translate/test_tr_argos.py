"""argos engine on tiny random-weight packages: structure, determinism, equality with argostranslate's translate()."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcompare.errors import EngineError
from transcompare.translate.argos import ArgosEngine, ArgosSettings, installed_packages


def argos_reference(packages_dir: Path, beam_size: int):
    """argostranslate's own translate(), reading packages_dir, with our sentences handed in as they are.

    argostranslate splits text into sentences with MiniSBD, whose model it downloads on first use; tests have no
    network and our sentences are already segmented, so its sentence splitter is replaced by "one sentence per
    line". Everything else (tokenizer, CTranslate2 call, decoding, pivots) is argostranslate's code.
    """
    from argostranslate import sbd, settings
    from argostranslate import translate as at

    class OneSentence(sbd.ISentenceBoundaryDetectionModel):
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    settings.package_dirs = [packages_dir]
    settings.beam_size = beam_size
    at.installed_translates.clear()
    at.get_installed_languages.cache_clear()
    for lang in at.get_installed_languages():
        for tr in lang.translations_from:
            inner = getattr(tr, "underlying", None)
            if inner is not None and hasattr(inner, "sentencizer"):
                inner.sentencizer = OneSentence()
    return at.translate


@pytest.fixture
def restore_argos_settings():
    from argostranslate import settings
    from argostranslate import translate as at

    saved = (list(settings.package_dirs), settings.beam_size)
    yield
    settings.package_dirs, settings.beam_size = saved
    at.installed_translates.clear()
    at.get_installed_languages.cache_clear()


def test_discovery_reads_installed_packages(installed):
    found, problems = installed_packages()
    assert {(p.from_code, p.to_code) for p in found} == {("en", "es"), ("es", "en"), ("pt", "es"), ("en", "de")}
    assert problems == []
    assert ArgosEngine().pairs() == {("en", "es"), ("es", "en"), ("pt", "es"), ("en", "de")}


def test_engines_follow_the_protocol(installed):
    from transcompare.translate import Engine
    from transcompare.translate.apertium import ApertiumEngine

    assert isinstance(ArgosEngine(), Engine) and isinstance(ApertiumEngine(), Engine)


def test_unreadable_package_dir_is_reported_not_fatal(installed):
    (installed / "broken-package").mkdir()
    (installed / "odd-package").mkdir()
    (installed / "odd-package" / "metadata.json").write_text("[1, 2]")
    found, problems = installed_packages()
    assert len(found) == 4
    assert len(problems) == 2 and "broken-package" in problems[0] and "odd-package" in problems[1]


@pytest.mark.parametrize("pair", [("en", "es"), ("es", "en"), ("en", "de")])
def test_structure_one_string_per_sentence(installed, english, spanish, pair):
    source = (english if pair[0] == "en" else spanish)[:30] + ["", "two\nlines"]
    out = ArgosEngine().translate_batch(source, *pair)
    assert len(out) == len(source)
    assert all(isinstance(t, str) for t in out)
    assert out[-2] == ""  # empty in, empty out
    assert out[-1].count("\n") == 1  # lines are translated separately, like argostranslate
    assert sum(1 for t in out[:30] if t.strip()) >= 20  # noise, but mostly non-empty noise
    if pair == ("en", "de"):
        assert not any(t.startswith("__de__") for t in out)  # target prefix removed


def test_deterministic_across_engines_and_batch_sizes(installed, english):
    source = english[:60]
    a = ArgosEngine(ArgosSettings(max_batch_size=4096)).translate_batch(source, "en", "es")
    b = ArgosEngine(ArgosSettings(max_batch_size=8, batch_type="examples")).translate_batch(source, "en", "es")
    c = [ArgosEngine().translate_batch([s], "en", "es")[0] for s in source[:10]]
    assert a == b
    assert a[:10] == c


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("pair", [("en", "es"), ("es", "en"), ("en", "de")])
def test_equals_argostranslate_translate(installed, english, spanish, restore_argos_settings, beam, pair):
    source = (english if pair[0] == "en" else spanish)[100:140] + ["A line\nand another one."]
    reference = argos_reference(installed, beam)
    expected = [reference(s, *pair) for s in source]
    ours = ArgosEngine(ArgosSettings(beam_size=beam)).translate_batch(source, *pair)
    assert ours == expected


def test_pivot_equals_argostranslate_composite(installed, spanish, restore_argos_settings):
    """pt->en has no package: argostranslate chains pt->es->en; our pivot route gives the same text."""
    from transcompare.translate import Translator

    source = spanish[900:920]
    reference = argos_reference(installed, 4)
    expected = [reference(s, "pt", "en") for s in source]
    tr = Translator("argos", cache_path=None)
    assert tr.plan("pt", "en").path == "pt>es>en"
    assert tr.translate(source, "pt", "en") == expected


def test_signature_names_package_version_and_model_hash(installed):
    e4, e1 = ArgosEngine(ArgosSettings(beam_size=4)), ArgosEngine(ArgosSettings(beam_size=1))
    sig = e4.signature("en", "es")
    assert sig["engine"] == "argos" and sig["package_version"] == "1.0" and len(sig["model_sha256"]) == 64
    assert sig["beam_size"] == 4 and sig["label"] == "argos:en-es"
    assert e4.signature("en", "es")["model_sha256"] != e4.signature("es", "en")["model_sha256"]
    assert e4.model_key("en", "es") != e1.model_key("en", "es")  # beam changes output, so it keys the cache


def test_missing_pair_names_the_fix(installed):
    with pytest.raises(EngineError, match="transcompare models install fr en"):
        ArgosEngine().translate_batch(["Bonjour"], "fr", "en")


def test_corrupt_model_is_a_clean_engine_error(installed):
    (installed / "translate-en_es-1_0" / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineError, match="cannot load the model"):
        ArgosEngine().translate_batch(["Hello."], "en", "es")
