"""One run at a time writes a run directory: a second run is a one-line error naming the directory and the
other run; a lock left by a killed run does not stop the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import load_pipeline
from transcompare.errors import ConfigError
from transcompare.pipeline import run_pipeline
from transcompare.runlock import LOCK_FILE, run_lock

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "pipelines" / "lavrov-2015.toml"

HOLDER = """
import sys, time
from pathlib import Path
from transcompare.runlock import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_second_run_in_one_directory_is_refused(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    with run_lock(out):
        with pytest.raises(ConfigError) as err:
            run_pipeline(load_pipeline(DEMO), out)
    msg = str(err.value)
    assert str(out) in msg and f"pid {os.getpid()}" in msg and "another run" in msg and "\n" not in msg
    assert not (out / "articles.parquet").exists()  # nothing was started


def test_a_killed_runs_lock_does_not_stop_the_next(tmp_path, cache_env):
    out = tmp_path / "run"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        res = CliRunner().invoke(main, ["run", str(DEMO), "--out", str(out), "-q"])
        assert res.exit_code == 2
        assert f"pid {holder.pid}" in res.output and res.output.count("\n") == 1, res.output
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (out / LOCK_FILE).exists()  # the file stays; the lock went with the process
    res = CliRunner().invoke(main, ["run", str(DEMO), "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert (out / "comparison.parquet").exists()
