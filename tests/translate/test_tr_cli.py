"""`transcompare translate` end to end (ingest -> segment -> translate) through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main

DATA = Path(__file__).resolve().parents[2] / "data"
ARTICLE = DATA / "constructed-es-diario.md"
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="needs the Debian apertium packages")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@needs_apertium
def test_translate_jsonl_records_and_cache(argos_dir, cache_dir):
    runner = CliRunner()
    res = runner.invoke(main, ["translate", str(ARTICLE), "--to", "en,ca", "--engine", "apertium"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert records and {"article_id", "index", "lang", "text", "target_lang", "translation", "engine"} <= set(
        records[0])
    assert {r["target_lang"] for r in records} == {"en", "ca"}
    assert {r["engine"] for r in records} == {"apertium:spa-eng", "apertium:spa-cat"}
    n = len(records) // 2
    assert "cache: 0 hits" in res.stderr
    assert (cache_dir / "translations.sqlite3").is_file()
    res2 = runner.invoke(main, ["translate", str(ARTICLE), "--to", "en,ca", "--engine", "apertium"])
    assert f"cache: {2 * len({r['text'] for r in records if r['target_lang'] == 'en'})} hits, 0 misses" in res2.stderr
    assert res2.stdout == res.stdout and n > 3


@needs_apertium
def test_translate_table_format_no_cache(argos_dir, cache_dir):
    res = CliRunner().invoke(main, ["translate", str(ARTICLE), "--to", "en", "--format", "table", "--no-cache",
                                    "--quiet"], env={"COLUMNS": "400"})
    assert res.exit_code == 0
    assert "translation" in res.stdout and "apertium:spa-eng" in res.stdout
    assert not cache_dir.exists()


def test_translate_missing_pair_is_one_line(argos_dir, cache_dir):
    res = CliRunner().invoke(main, ["translate", str(ARTICLE), "--to", "ja", "--engine", "argos"])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0
    assert res.output.startswith(f"Error: {ARTICLE}: cannot translate es->ja") and "transcompare models install es en and transcompare models install en ja" in res.output


def test_translate_missing_file_names_it(argos_dir, cache_dir, tmp_path):
    missing = tmp_path / "nope.txt"
    res = CliRunner().invoke(main, ["translate", str(missing), "--to", "en"])
    assert res.exit_code == 2 and "nope.txt" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("args, message", [
    (["translate", str(ARTICLE), "--to", "english"], "Error: --to english: unknown language code"),
    (["translate", str(ARTICLE), "--to", "en", "--from", "zz"], "Error: --from zz: unknown language code"),
    (["align", str(ARTICLE), str(DATA / "constructed-en-wire.md"), "--pivot", "english"],
     "Error: --pivot english: unknown language code"),
])
def test_language_options_are_checked(args, message, argos_dir, cache_dir):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    hint = "; did you mean 'en'?" if "english" in message else ""
    assert res.stderr.strip().splitlines() == [message + " (use ISO 639-1 codes such as en, es, ru)" + hint]


def test_missing_route_names_the_input(argos_dir, cache_dir):
    pt = DATA / "constructed-pt-jornal.md"
    res = CliRunner().invoke(main, ["translate", str(pt), "--to", "de"])
    assert res.exit_code == 2
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(f"Error: {pt}: cannot translate pt->de") and "models install pt en and transcompare models install en de" in line
