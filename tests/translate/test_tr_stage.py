"""translate_sentences: the TRANSLATIONS table, identity rows, routes, stats, progress."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from transcompare.errors import EngineError
from transcompare.schema import TRANSLATIONS, C
from transcompare.translate import translate_sentences

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="needs the Debian apertium packages")


@needs_apertium
def test_table_shape_identity_rows_and_routes(installed, tmp_path, english, spanish, make_sentences):
    frame = make_sentences([("en-1", "en", english[:6]), ("es-1", "es", spanish[10:14]),
                            ("pt-1", "pt", ["O governo anunciou novas medidas.", "O presidente falou."])])
    targets = ["en", "es", "ca"]
    seen: list[tuple[int, int]] = []
    stats: dict = {}
    out = translate_sentences(frame, targets, engine="auto", cache_path=tmp_path / "c.sqlite3",
                              progress=lambda d, t: seen.append((d, t)), stats=stats)
    assert out.schema == TRANSLATIONS.schema
    assert out.height == frame.height * len(targets)
    assert out.select(C.ARTICLE_ID, C.INDEX, C.TARGET_LANG).is_duplicated().sum() == 0
    ident = out.filter(pl.col(C.LANG) == pl.col(C.TARGET_LANG))
    assert ident.height == 10
    assert (ident[C.TRANSLATION] == ident[C.TEXT]).all()
    assert set(ident[C.ENGINE]) == {"identity"}
    assert (ident[C.ROUTE] == ident[C.LANG]).all()
    routes = dict(out.filter(pl.col(C.LANG) != pl.col(C.TARGET_LANG))
                  .select(pl.concat_str(C.LANG, pl.lit(">"), C.TARGET_LANG), C.ROUTE).unique().iter_rows())
    assert routes["pt>en"] == "pt>es>en"
    assert routes["en>es"] == "en>es"
    assert routes["pt>ca"] == "pt>es>ca"
    # progress: monotone, ends at the total
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    # stats for the manifest: cache counts and each pair's route and model signature
    assert stats["enabled"] is True and stats["misses"] > 0
    assert stats["routes"]["pt>en"]["route"] == "pt>es>en"
    assert stats["routes"]["en>es"]["steps"][0]["engine"] == "argos"
    assert "model_sha256" in stats["routes"]["en>es"]["steps"][0]
    assert stats["routes"]["pt>en"]["engine"] == "argos:pt-es+argos:es-en"  # argos packages first
    assert stats["routes"]["pt>ca"]["engine"] == "apertium:pt-es+apertium:spa-cat"  # one engine per chain
    # the Apertium chain's output is real: Portuguese reached Catalan through Spanish
    pt_ca = out.filter((pl.col(C.ARTICLE_ID) == "pt-1") & (pl.col(C.TARGET_LANG) == "ca"))[C.TRANSLATION]
    assert "govern" in pt_ca[0].lower().split()


def test_empty_frame_gives_empty_table(argos_dir, make_sentences):
    out = translate_sentences(make_sentences([]), ["en"], cache_path=None)
    assert out.height == 0 and out.schema == TRANSLATIONS.schema


def test_missing_route_fails_before_translating(argos_dir, tmp_path, make_sentences):
    frame = make_sentences([("a", "en", ["Hello."]), ("b", "ja", ["こんにちは。"])])
    with pytest.raises(EngineError, match="ja->en"):
        translate_sentences(frame, ["en"], engine="argos", cache_path=tmp_path / "c.sqlite3")
    assert not (tmp_path / "c.sqlite3").exists()
