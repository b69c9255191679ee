"""Engine choice and pivot routes over the real Apertium pairs and test argos packages."""

from __future__ import annotations

import shutil

import pytest

from transcompare.errors import ConfigError, EngineError
from transcompare.translate import Translator, plan_routes

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="needs the Debian apertium packages")


@needs_apertium
@pytest.mark.parametrize("engine,src,tgt,path,label", [
    ("auto", "en", "es", "en>es", "argos:en-es"),            # installed argos package first
    ("apertium", "en", "es", "en>es", "apertium:eng-spa"),
    ("auto", "es", "ca", "es>ca", "apertium:spa-cat"),       # no argos package: Apertium
    ("auto", "fr", "en", "fr>ca>en", "apertium:fra-cat+apertium:cat-eng"),  # pivot, one engine
    ("apertium", "pt", "en", "pt>es>en", "apertium:pt-es+apertium:spa-eng"),
    ("argos", "pt", "en", "pt>es>en", "argos:pt-es+argos:es-en"),
    ("auto", "en", "it", "en>es>it", "apertium:eng-spa+apertium:spa-ita"),  # one engine beats mixed
    ({"*": "apertium", "pt-en": "argos"}, "pt", "en", "pt>es>en", "argos:pt-es+argos:es-en"),
    ({"*": "apertium", "pt-en": "argos"}, "en", "es", "en>es", "apertium:eng-spa"),
    ("auto", "en", "en", "en", "identity"),
])
def test_routes(installed, engine, src, tgt, path, label):
    route = plan_routes([src], [tgt], engine)[(src, tgt)]
    assert route.path == path
    assert route.engine_label == label
    assert route.signature()["route"] == path
    assert len(route.signature()["steps"]) == len(route.steps)


@needs_apertium
def test_pivot_chain_is_shortest_and_translates(installed):
    tr = Translator("apertium", cache_path=None)
    (out,) = tr.translate(["O presidente falou ontem."], "pt", "en")
    assert tr.plan("pt", "en").languages == ["pt", "es", "en"]
    assert "president" in out.lower()


@pytest.mark.parametrize("engine,src,tgt,fix", [
    ("auto", "de", "en", "transcompare models install de en"),
    ("argos", "fr", "en", "transcompare models install fr en"),
    # no Debian package connects German and Russian: the fix says so instead of naming one that does not exist
    ("apertium", "de", "ru", "no Debian Apertium pair is known for de->ru"),
    ("apertium", "ru", "uk", "apt-get install apertium-rus-ukr"),
    ("auto", "xh", "en", "no Argos package or Debian Apertium pair is known for xh->en"),
])
def test_missing_route_names_pair_and_fix(argos_dir, engine, src, tgt, fix):
    with pytest.raises(EngineError) as info:
        plan_routes([src], ["en", tgt], engine)
    assert f"{src}->{tgt}" in str(info.value)
    assert fix in str(info.value)
    assert "\n" not in str(info.value)


def test_every_missing_pair_in_one_error(argos_dir):
    with pytest.raises(EngineError, match="2 language pairs") as info:
        plan_routes(["de", "ru"], ["ja"], "argos")
    assert "de->ja" in str(info.value) and "ru->ja" in str(info.value)


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown translation engine 'deepl'"):
        Translator({"*": "deepl"})


def test_planning_loads_no_model(installed):
    """plan_routes must fail or succeed before CTranslate2 loads anything: a corrupt model plans fine."""
    model = installed / "translate-es_en-1_0" / "model" / "model.bin"
    model.write_bytes(b"garbage, not a CTranslate2 model")
    route = plan_routes(["pt"], ["en"], "argos")[("pt", "en")]
    assert route.path == "pt>es>en"
    with pytest.raises(EngineError, match="cannot load the model"):
        Translator("argos", cache_path=None).translate(["Olá."], "pt", "en")
