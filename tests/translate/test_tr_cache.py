"""Translation cache: hits on re-run, keys, interruption safety, two processes sharing one cache."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from transcompare.errors import EngineError
from transcompare.translate import Translator, default_cache_path, translate_sentences
from transcompare.translate.cache import TranslationCache

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="needs the Debian apertium packages")


def test_default_cache_path_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(tmp_path / "c"))
    assert default_cache_path() == tmp_path / "c" / "translations.sqlite3"
    monkeypatch.delenv("TRANSCOMPARE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "transcompare" / "translations.sqlite3"


def test_second_run_is_all_hits(installed, tmp_path, english, make_sentences):
    frame = make_sentences([("a", "en", english[:40])])
    cache = tmp_path / "cache.sqlite3"
    s1, s2 = {}, {}
    first = translate_sentences(frame, ["es", "de"], engine="argos", cache_path=cache, stats=s1)
    second = translate_sentences(frame, ["es", "de"], engine="argos", cache_path=cache, stats=s2)
    assert (s1["hits"], s1["misses"]) == (0, 80)
    assert (s2["hits"], s2["misses"]) == (80, 0)
    assert first.equals(second)
    with sqlite3.connect(cache) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_cache_writes_nothing(installed, tmp_path, english, make_sentences):
    stats = {}
    translate_sentences(make_sentences([("a", "en", english[:5])]), ["es"], engine="argos", cache_path=None,
                        stats=stats)
    assert stats["enabled"] is False and stats["hits"] == 0
    assert list(tmp_path.glob("**/*.sqlite3")) == []


def test_key_includes_model_settings(installed, tmp_path, english):
    cache = tmp_path / "cache.sqlite3"
    source = english[:10]
    for beam, expect_hits in [(4, 0), (1, 0), (4, 10), (1, 10)]:
        tr = Translator("argos", cache_path=cache, beam_size=beam)
        tr.translate(source, "en", "es")
        assert tr.cache_stats()["hits"] == expect_hits
        tr.close()


def test_duplicates_are_translated_once(installed, tmp_path, english):
    tr = Translator("argos", cache_path=tmp_path / "c.sqlite3")
    out = tr.translate([english[0], english[1], english[0]], "en", "es")
    assert out[0] == out[2]
    assert tr.step_stats["argos:en-es"]["translated"] == 2


def test_interrupted_run_keeps_finished_batches(installed, tmp_path, english, make_sentences):
    frame = make_sentences([("a", "en", english[:50])])
    cache = tmp_path / "cache.sqlite3"

    def stop_after_two_batches(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    tr = Translator("argos", cache_path=cache, batch_size=10)
    with pytest.raises(KeyboardInterrupt):
        tr.translate_sentences(frame, ["es"], progress=stop_after_two_batches)
    tr.close()
    assert TranslationCache(cache).count() == 20
    again = {}
    translate_sentences(frame, ["es"], engine="argos", cache_path=cache, stats=again)
    assert (again["hits"], again["misses"]) == (20, 30)


def test_corrupt_cache_is_a_clean_error(installed, tmp_path, english):
    bad = tmp_path / "cache.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(EngineError, match="translation cache .* --no-cache"):
        Translator("argos", cache_path=bad).translate(english[:2], "en", "es")


WORKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from transcompare.translate import Translator
    lines = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()[int(sys.argv[3]):int(sys.argv[4])]
    tr = Translator("apertium", cache_path=sys.argv[1], batch_size=5)
    out = tr.translate(lines, "en", "es")
    assert len(out) == len(lines)
    print(tr.cache_stats()["misses"])
""")


@needs_apertium
def test_two_processes_share_one_cache(tmp_path, english):
    source = tmp_path / "english.txt"
    source.write_text("\n".join(english[:120]) + "\n", encoding="utf-8")
    cache = tmp_path / "shared-cache.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(cache), str(source), start, stop],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
             for start, stop in (("0", "60"), ("30", "90"))]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    misses = sum(int(out.strip()) for out, _ in results)
    assert 90 <= misses <= 120  # overlapping sentences may be translated by both, never lost
    assert TranslationCache(cache).count() == len(set(source.read_text(encoding="utf-8").splitlines()[:90]))


OPENER = """
import sys
from transcompare.translate.cache import TranslationCache
c = TranslationCache(sys.argv[1])
c.put_many("e", "m", "en", "es", [(f"s{sys.argv[2]}", "t")])
print(c.count())
"""


@pytest.mark.parametrize("attempt", range(3))
def test_processes_opening_a_new_cache_at_once(tmp_path, attempt):
    """Several runs creating the same cache file at the same moment all succeed (WAL switch races)."""
    cache = tmp_path / f"new-{attempt}.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(cache), str(i)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, text=True) for i in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in results]
    assert TranslationCache(cache).count() == 4
