"""A run killed mid-way and resumed, and two runs at once sharing one translation cache, end with the tables of
one uninterrupted run (the fast version of bench/probe_runs.py, on two constructed articles)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transcompare.pipeline import STAGE_TABLE

REPO = Path(__file__).resolve().parents[2]
ARTICLES = ("constructed-es-diario.md", "constructed-en-wire.md")
TABLES = tuple(table.name for table in STAGE_TABLE.values())  # every stage's table

pytestmark = [
    pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian package apertium not installed"),
]


def _pipeline(tmp: Path) -> Path:
    (tmp / "data").mkdir()
    for name in ARTICLES:
        shutil.copy(REPO / "data" / name, tmp / "data" / name)
    p = tmp / "crash.toml"
    p.write_text('name = "crash"\npivot = "en"\nview_langs = ["en", "es"]\n[[inputs]]\npath = "data/constructed-*.md"\n'
                 '[translate]\nengine = "apertium"\nbatch_size = 4\n[output]\nformats = ["parquet", "csv"]\n')
    return p


def _start(pipe: Path, out: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "TRANSCOMPARE_CACHE": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "transcompare", "run", str(pipe), "--out", str(out), "--quiet"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err


def _cache_rows(cache: Path) -> set[tuple]:
    with sqlite3.connect(cache / "translations.sqlite3", timeout=30) as conn:
        return set(conn.execute("SELECT engine, model, src, tgt, source, translation FROM translations"))


def _translated(run_dir: Path) -> int:
    """Sentences an engine translated in the run that wrote the manifest (none if translate was skipped)."""
    st = json.loads((run_dir / "manifest.json").read_text())["stages"]["translate"]
    return 0 if st["skipped"] else st["cache"]["translated"]


def _same_tables(ref: Path, run_dir: Path) -> None:
    for name in TABLES:
        assert_frame_equal(pl.read_parquet(ref / f"{name}.parquet"), pl.read_parquet(run_dir / f"{name}.parquet"))
        if name != "embeddings":
            assert (ref / f"{name}.csv").read_bytes() == (run_dir / f"{name}.csv").read_bytes(), name


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[tuple], int]:
    """One uninterrupted cold run: (pipeline file, run directory, cache rows, sentences translated)."""
    tmp = tmp_path_factory.mktemp("crash")
    pipe = _pipeline(tmp)
    _finish(_start(pipe, tmp / "ref", tmp / "cache-ref"))
    rows = _cache_rows(tmp / "cache-ref")
    total = _translated(tmp / "ref")
    assert total == len(rows) > 10
    return pipe, tmp / "ref", rows, total


def test_killed_mid_run_then_resumed(reference, tmp_path: Path):
    pipe, ref, ref_rows, total = reference
    out, cache = tmp_path / "run", tmp_path / "cache"
    proc = _start(pipe, out, cache)
    # SIGKILL once the translations are written, while the later stages (embed, align, ...) are still to come
    deadline = time.monotonic() + 120
    while not (out / "translations.parquet").exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL, "the run ended before it was killed"
    assert not (out / "comparison.parquet").exists() and not (out / "manifest.json").exists()
    cached = len(_cache_rows(cache))
    # what a write killed between its temp file and its rename leaves: the resume must not read it
    (out / ".embeddings.parquet.k1ll3d.tmp").write_bytes(b"PAR1 half a table")

    _finish(_start(pipe, out, cache))
    _same_tables(ref, out)
    assert _translated(out) + cached == total, "no sentence is translated twice"
    assert _cache_rows(cache) == ref_rows


def test_two_runs_at_once_share_one_cache(reference, tmp_path: Path):
    pipe, ref, ref_rows, total = reference
    cache = tmp_path / "cache"
    procs = [_start(pipe, tmp_path / f"run-{i}", cache) for i in (1, 2)]
    for proc in procs:
        _finish(proc)
    for i in (1, 2):
        _same_tables(ref, tmp_path / f"run-{i}")
        assert _translated(tmp_path / f"run-{i}") <= total
    assert _cache_rows(cache) == ref_rows, "no cache row lost, none extra"
