"""kill -9 during translation, run again: identical outputs, nothing translated twice (cache counters)."""

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

REPO = Path(__file__).resolve().parents[2]
TABLES = ("articles", "sentences", "translations", "alignments", "statements", "comparison")

pytestmark = [
    pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian package apertium not installed"),
]


def _corpus(path: Path) -> int:
    """A JSONL corpus of the project's constructed Spanish coverage articles (one per row)."""
    from transcompare.eval.coverage_corpus import ROOT, load_events

    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for ev in load_events(ROOT):
            for art in ev.articles:
                if art.lang != "es":
                    continue
                paras = art.paragraph_texts()
                fh.write(json.dumps({"id": art.id, "outlet": art.outlet, "lang": "es", "title": paras[0],
                                     "text": "\n\n".join(paras[1:])}, ensure_ascii=False) + "\n")
                n += len(art.sentences)
    return n


def _pipeline(tmp: Path, name: str) -> Path:
    p = tmp / f"{name}.toml"
    p.write_text(f'name = "{name}"\npivot = "en"\n[[inputs]]\npath = "corpus.jsonl"\n'
                 f'[translate]\nengine = "apertium"\nbatch_size = 4\n[output]\nreport = false\n')
    return p


def _run(pipe: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "TRANSCOMPARE_CACHE": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "transcompare", "run", str(pipe), "--quiet"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cached_rows(cache: Path) -> int:
    db = cache / "translations.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    except sqlite3.OperationalError:  # table not created yet
        return 0


def test_kill_during_translation_then_resume(tmp_path: Path):
    _corpus(tmp_path / "corpus.jsonl")
    # uninterrupted reference run
    ref = _run(_pipeline(tmp_path, "ref"), tmp_path / "cache-ref")
    out, err = ref.communicate(timeout=600)
    assert ref.returncode == 0, err
    ref_m = json.loads((tmp_path / "runs" / "ref" / "manifest.json").read_text())
    total = ref_m["cache"]["translated"]
    assert total > 40 and ref_m["cache"]["hits"] == 0

    # interrupted run: SIGKILL once some batches are in the cache, before the translations table exists
    pipe = _pipeline(tmp_path, "killed")
    cache = tmp_path / "cache-killed"
    proc = _run(pipe, cache)
    deadline = time.monotonic() + 300
    while _cached_rows(cache) < 12:
        assert proc.poll() is None, "run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    run_dir = tmp_path / "runs" / "killed"
    assert not (run_dir / "translations.parquet").exists(), "killed during translation"
    kept = _cached_rows(cache)
    assert 12 <= kept < total

    # resume
    again = _run(pipe, cache)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    m = json.loads((run_dir / "manifest.json").read_text())
    assert m["cache"]["hits"] == kept, "every finished translation is reused"
    assert m["cache"]["translated"] == total - kept, "no sentence is translated twice"
    assert _cached_rows(cache) == total
    for name in TABLES:
        a = pl.read_parquet(tmp_path / "runs" / "ref" / f"{name}.parquet")
        b = pl.read_parquet(run_dir / f"{name}.parquet")
        assert a.equals(b), f"{name} differs from the uninterrupted run"
