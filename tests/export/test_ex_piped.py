"""Output into a file or a pipe is not wrapped: the signature, a long cell and a table row stay whole on one line
(rich would wrap at 80 columns, and tables would shorten cells). A width given (--width, $COLUMNS) still wraps."""

from __future__ import annotations

import json

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.schema import C

LONG = ("The harbour authority said on Tuesday that the ferry crossing between the mainland and the island, which "
        "had been suspended for two weeks during the strike of the crews, the longest in the company's history, "
        "would resume at dawn on Monday with every one of its usual daily departures.")


@pytest.fixture
def piped(monkeypatch):
    """CliRunner's output is not a terminal; no $COLUMNS, as in a script or a cron job."""
    monkeypatch.delenv("COLUMNS", raising=False)

    def invoke(*args):
        res = CliRunner().invoke(main, [str(a) for a in args])
        assert res.exit_code == 0, res.output
        return res.stdout.splitlines()
    return invoke


def test_show_keeps_the_signature_and_every_cell_on_one_line(ferry_run, piped):
    run_dir, _ = ferry_run
    signature = json.loads((run_dir / "manifest.json").read_text())["signature"]
    assert len(signature) > 80
    lines = piped("show", run_dir, "--lang", "en")
    assert signature in lines  # a line of its own, whole (it used to break as "mt:a" / "pertium")
    views = pl.read_parquet(run_dir / "comparison.parquet").filter(pl.col(C.VIEW_LANG) == "en")[C.VIEW_TEXT]
    longest = max(views.to_list(), key=len)
    assert len(longest) > 100
    assert any(longest in line for line in lines)  # the longest cell whole, in one line
    for text in views.to_list():
        assert any(text in line for line in lines)
    assert max(len(line) for line in lines) < 2000  # tables at their natural width, not padded to the console's


def test_run_summary_keeps_the_signature_whole(ferry_run, piped, monkeypatch):
    run_dir, _ = ferry_run
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(run_dir.parent.parent / "cache"))
    lines = piped("run", run_dir.parent.parent / "ferry.toml")
    signature = json.loads((run_dir / "manifest.json").read_text())["signature"]
    row = [line for line in lines if "signature" in line]
    assert len(row) == 1 and signature in row[0]
    assert any("ingest, segment, translate, embed, stories, align, statements, speakers, compare (unchanged)" in line
               for line in lines)


def test_a_piped_table_keeps_full_cell_text(tmp_path, piped):
    path = tmp_path / "long.md"
    path.write_text(f"---\noutlet: Example Long Wire (constructed)\nlang: en\ntitle: Ferry to resume\n---\n\n{LONG}\n\n"
                    "(Constructed example for the transcompare tests: not a real outlet's text.)\n", encoding="utf-8")
    lines = piped("segment", path, "--format", "table")
    assert any(LONG in line for line in lines)
    assert not any("…" in line for line in lines)


def test_a_width_given_still_wraps(ferry_run, monkeypatch):
    run_dir, _ = ferry_run
    for args, env in ((["--width", "90"], None), ([], "90")):
        if env:
            monkeypatch.setenv("COLUMNS", env)
        res = CliRunner().invoke(main, ["show", str(run_dir), *args])
        assert res.exit_code == 0, res.output
        assert max(len(line) for line in res.stdout.splitlines()) <= 90
