"""Apertium engine: real output, nothing lost or merged between sentences, marks removed, codes mapped."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcompare.errors import EngineError
from transcompare.translate.apertium import ApertiumEngine, clean_marks, list_modes

pytestmark = [pytest.mark.apertium,
              pytest.mark.skipif(shutil.which("apertium") is None, reason="needs the Debian apertium packages")]


def apertium_alone(sentence: str, mode: str) -> str:
    """Apertium's own output for one sentence run on its own (``apertium -u MODE``)."""
    proc = subprocess.run(["apertium", "-u", mode], input=(sentence + "\n").encode(), capture_output=True,
                          check=True)
    return proc.stdout.decode().strip()


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


def test_modes_are_mapped_to_iso_639_1(engine):
    modes = list_modes()
    assert modes[("en", "es")] == "eng-spa"
    assert modes[("pt", "es")] == "pt-es"
    assert modes[("fr", "ca")] == "fra-cat"
    assert all(len(src) == 2 and len(tgt) == 2 for src, tgt in engine.pairs())
    assert not any("_" in mode for mode in modes.values())  # variants such as eng-cat_valencia skipped


@pytest.mark.parametrize("src,tgt,sentence,words", [
    ("en", "es", "The cat is on the table.", {"gato", "mesa"}),
    ("es", "en", "El perro come pan.", {"dog", "bread"}),
    ("en", "ca", "The house is big.", {"casa", "gran"}),
    ("pt", "es", "O governo anunciou novas medidas.", {"gobierno", "medidas"}),
    ("fr", "es", "Le président a parlé hier.", {"presidente", "ayer"}),
    ("es", "it", "La ciudad es muy bonita.", {"città"}),
])
def test_real_translations(engine, src, tgt, sentence, words):
    (out,) = engine.translate_batch([sentence], src, tgt)
    assert words <= set(out.lower().replace(".", " ").split())


def _ntrex_english() -> list[str]:
    from transcompare.eval import default_ntrex

    return (default_ntrex() / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
@pytest.mark.parametrize("source", ["project", pytest.param("ntrex", marks=pytest.mark.needs_ntrex)])
def test_300_lines_equal_apertium_run_line_by_line(engine, english, source):
    """300 lines holding sentences after which Apertium's tagger changes state ("C-SPAN.", NTREX line 232; put
    among the project's own sentences too): each line must still come out as when Apertium translates it
    alone."""
    if source == "ntrex":
        lines = _ntrex_english()[:300]
    else:
        lines = english[:299]
        lines.insert(150, "C-SPAN.")
    with ThreadPoolExecutor(max_workers=2) as pool:
        expected = list(pool.map(lambda s: clean_marks(apertium_alone(s, "eng-spa"), s), lines))
    ours = engine.translate_batch(lines, "en", "es")
    assert len(ours) == 300
    assert engine.last_runs > 1  # the probe did cut the batch
    mismatches = [(i, a, b) for i, (a, b) in enumerate(zip(ours, expected)) if a != b]
    assert mismatches == []
    # the same with the work shared by two processes, and in any order
    assert ApertiumEngine(processes=2).translate_batch(lines, "en", "es") == ours
    assert engine.translate_batch(lines[::-1], "en", "es") == ours[::-1]


def test_tagger_state_does_not_leak():
    """Apertium's HMM tagger, after "C-SPAN." (a word of an ambiguity class it was not trained on), tags later
    unknown words differently for the rest of the process, in a plain ``apertium`` run too. Our engine
    translates the second sentence as Apertium does alone."""
    first, second = "C-SPAN.", "Kavanaugh's appointment."
    alone = clean_marks(apertium_alone(second, "eng-spa"), second)
    doc = subprocess.run(["apertium", "-u", "eng-spa"], input=f"{first}\n\n{second}\n".encode(),
                         capture_output=True, check=True).stdout.decode().split("\n\n")[1].strip()
    doc = clean_marks(doc, second)
    assert doc != alone  # the Apertium behaviour this guards against
    engine = ApertiumEngine()
    assert engine.translate_batch([first, second], "en", "es")[1] == alone
    assert engine.last_runs == 2
    assert engine.translate_batch(["The dog.", "The cat."], "en", "es") and engine.last_runs == 1


def test_no_context_leaks_between_sentences(engine):
    """Apertium moves words across a newline; our sentences must not mix (the reason for null-flush)."""
    pair = ["Second line without period", "Third."]
    newline_joined = subprocess.run(["apertium", "-u", "eng-spa"], input="\n".join(pair).encode(),
                                    capture_output=True, check=True).stdout.decode().splitlines()
    ours = engine.translate_batch(pair, "en", "es")
    assert ours == [apertium_alone(s, "eng-spa") for s in pair]
    assert newline_joined != ours  # the naive one-line-per-sentence approach would have mixed them


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab cat dog[]\\^$@/<>{}*#.\n\t\x00\x1e")), max_size=25),
                min_size=1, max_size=6))
def test_batch_equals_one_by_one_for_any_text(engine, sentences):
    batch = engine.translate_batch(sentences, "en", "es")
    assert len(batch) == len(sentences)
    assert batch == [engine.translate_batch([s], "en", "es")[0] for s in sentences]


def test_empty_and_blank_sentences_keep_their_place(engine):
    out = engine.translate_batch(["", "The dog.", "   ", "The cat."], "en", "es")
    assert out[0] == "" and out[2] == ""
    assert "perro" in out[1] and "gato" in out[3]


@pytest.mark.parametrize("translation,source,expected", [
    ("*Xyzzy es aquí", "Xyzzy is here", "Xyzzy es aquí"),
    ("el #casas", "the houses", "el casas"),
    ("hola @mundo", "hello world", "hola mundo"),
    ("DM @MerPolCC, llamada", "DM @MerPolCC, call", "DM @MerPolCC, llamada"),  # in the source: kept
    ("5 * 3", "5 * 3", "5 * 3"),
    ("Kavanaugh  cita, todas las   redes", "x", "Kavanaugh cita, todas las redes"),  # where a word was dropped
])
def test_clean_marks(translation, source, expected):
    assert clean_marks(translation, source) == expected


def test_signature_names_mode_and_package(engine):
    sig = engine.signature("en", "es")
    assert sig["mode"] == "eng-spa" and sig["package"] == "apertium-eng-spa"
    assert sig["package_version"] != "" and sig["label"] == "apertium:eng-spa"


@pytest.mark.parametrize("src, tgt, fix", [
    # Debian has no German-English Apertium pair: the message says so instead of naming a package that is not there
    ("de", "en", "no Apertium pair de->en installed; fix: no Debian Apertium pair is known for de->en"),
    ("ru", "uk", "fix: apt-get install apertium-rus-ukr"),
])
def test_missing_pair_names_a_real_fix(engine, src, tgt, fix):
    with pytest.raises(EngineError, match=fix):
        engine.translate_batch(["Hallo"], src, tgt)
