"""`transcompare show` and `transcompare report`: fixed-width rich tables, coloured diffs, csv/jsonl, errors."""

from __future__ import annotations

import io
import json
import re

import polars as pl
import pytest
from click.testing import CliRunner
from rich.console import Console

from transcompare.api import load_run
from transcompare.cli import main
from transcompare.render.model import diff_spans
from transcompare.render.terminal import print_comparison
from transcompare.schema import COMPARISON, C

WORD = re.compile(r"\w+")


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_show_table_fixed_width(fixture_run_dir, spec, lang):
    res = invoke("show", fixture_run_dir, "--lang", lang, "--width", "100")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0] == f"transcompare · view-fixture · view language {lang} · {len(spec.STMTS)} statements"
    assert lines[1] == load_run(fixture_run_dir).manifest["signature"]
    # one block per statement, most widely carried first
    heads = [ln.split(" · ")[0] for ln in lines if re.match(r"s\d{3} · \d+ outlets? · divergence", ln)]
    assert sorted(heads) == sorted(spec.STMTS)
    assert [len(spec.STMTS[h]) for h in heads] == sorted((len(m) for m in spec.STMTS.values()), reverse=True)
    words = set(WORD.findall(res.output))
    for sid, members in spec.STMTS.items():
        for aid, i in members.items():
            assert set(WORD.findall(spec.view(aid, i, lang))) <= words  # every version, wrapped into its cell
            outlet_words = spec.ARTS[aid][0].split()
            assert set(outlet_words) <= words
    # the quote's similarity to the reference's quote is shown for members that have one
    assert res.output.count("quote match ") == sum(
        1 for (sid, aid), (q, *_r) in spec.ATTRIB.items()
        if q and aid != next(iter(spec.STMTS[sid])) and spec.ATTRIB.get((sid, next(iter(spec.STMTS[sid]))), ("",))[0])
    # missing outlets named in the statement's title line
    assert any(ln.startswith("s003 ·") and "not in: Hostile Test Outlet" in ln for ln in lines)


def test_show_prints_hostile_text_literally(fixture_run_dir, spec):
    res = invoke("show", fixture_run_dir, "--statement", "s001", "--width", "200")
    assert res.exit_code == 0, res.output
    assert spec.SCRIPT in res.output


def _yellow_words(ansi: str) -> set[str]:
    """Words printed with a yellow background (ANSI 43)."""
    out: set[str] = set()
    for codes, chunk in re.findall(r"\x1b\[([0-9;]*)m([^\x1b]*)", ansi):
        if "43" in codes.split(";"):
            out.update(WORD.findall(chunk))
    return out


@pytest.mark.parametrize("sid", ["s001", "s002", "s003"])
def test_word_differences_are_coloured(fixture_run_dir, spec, sid):
    run = load_run(fixture_run_dir)
    console = Console(width=100, record=True, force_terminal=True, color_system="standard", file=io.StringIO())
    view = run.comparison_view("en", statement=sid)
    print_comparison(view, console)
    ansi = console.file.getvalue()
    st = view.statements[0]
    expected = {w for m in st.members if not m.is_representative
                for a, b in diff_spans(m.view_text, st.representative) for w in WORD.findall(m.view_text[a:b])}
    assert expected  # the fixture's versions do differ
    assert _yellow_words(ansi) - {"differs", "from", "reference"} == expected
    assert max(len(line) for line in console.export_text().splitlines()) <= 100


def test_show_outlet_filter_marks_the_outlet(fixture_run_dir, spec):
    res = invoke("show", fixture_run_dir, "--outlet", "diario ejemplo", "--width", "120")
    assert res.exit_code == 0, res.output
    heads = {ln.split(" · ")[0] for ln in res.output.splitlines() if re.match(r"s\d{3} · ", ln)}
    assert heads == {sid for sid, m in spec.STMTS.items() if "diario" in m}
    assert res.output.count("▶ Diario Ejemplo") == len(heads)


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("jsonl", "es")])
def test_show_csv_jsonl_for_pipes(fixture_run_dir, spec, fmt, lang):
    res = invoke("show", fixture_run_dir, "--format", fmt, "--lang", lang)
    assert res.exit_code == 0, res.output
    if fmt == "csv":
        df = pl.read_csv(io.StringIO(res.output))
    else:
        df = pl.DataFrame([json.loads(line) for line in res.output.splitlines()])
    assert df.columns == list(COMPARISON.columns)
    assert df.height == sum(len(m) for m in spec.STMTS.values())
    assert set(df.get_column(C.VIEW_LANG).to_list()) == {lang}
    for row in df.iter_rows(named=True):
        aid = row[C.ARTICLE_ID]
        assert row[C.VIEW_TEXT] == spec.view(aid, spec.STMTS[row[C.STATEMENT_ID]][aid], lang)
    # grouped by statement, in the table's order (most outlets first)
    n = df.get_column(C.N_OUTLETS).to_list()
    assert n == sorted(n, reverse=True)


def test_show_sort_by_divergence(fixture_run_dir):
    res = invoke("show", fixture_run_dir, "--sort", "divergence", "--width", "100")
    assert res.exit_code == 0, res.output
    divs = [float(m) for m in re.findall(r"^s\d{3} · \d+ outlets? · divergence (\d\.\d\d)", res.output, re.M)]
    assert len(divs) == 5 and divs == sorted(divs, reverse=True)


def test_report_command_writes_and_prints_path(run_dir):
    (run_dir / "report.html").unlink(missing_ok=True)
    res = invoke("report", run_dir)
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(run_dir / "report.html")
    assert (run_dir / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("show", "{run}", "--lang", "xx"), "no view language 'xx' in this run (it has: en, es)"),
        (("show", "{run}", "--outlet", "Nope"), "no outlet 'Nope'"),
        (("show", "{run}", "--statement", "s999"), "no statement 's999'"),
        (("show", "{run}/missing"), "run directory does not exist"),
        (("report", "{run}/missing"), "run directory does not exist"),
        (("report", "{run}/comparison.parquet"), "not a directory"),
    ],
)
def test_cli_errors_are_one_line(fixture_run_dir, args, needle):
    res = invoke(*(a.format(run=fixture_run_dir) for a in args))
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert needle in lines[0]
    assert str(fixture_run_dir) in lines[0]
    assert "Traceback" not in res.output


def test_show_piped_into_head_ends_quietly(fixture_run_dir):
    """`transcompare show RUN | head -1`: the reader stops early; no traceback, exit code 0 (rich alone says 1)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "transcompare", "show", str(fixture_run_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**__import__("os").environ,
                                                                                  "COLUMNS": "60"})
    import fcntl

    fcntl.fcntl(proc.stdout.fileno(), 1031, 4096)  # F_SETPIPE_SZ: a small pipe, so the writer meets the close
    first = proc.stdout.readline()
    proc.stdout.close()  # what head does after one line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert first.startswith(b"transcompare") and "Traceback" not in err


def test_report_open_without_a_browser_says_where(run_dir, tmp_path):
    """`report --open` on a machine with no browser: the report is written, a note gives its address, exit 0."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    env["PATH"] = str(tmp_path / "empty")  # nothing to start a browser with
    proc = subprocess.run([sys.executable, "-m", "transcompare", "report", str(run_dir), "--open"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("report.html")
    assert proc.stderr.strip().splitlines() == [
        f"Note: no browser could be started here; open {(run_dir / 'report.html').resolve().as_uri()} in one."]


def test_show_never_prints_terminal_escapes(run_dir):
    """A hostile article's escape sequences (retitle, clear screen) reach the terminal as U+FFFD."""
    import polars as pl
    from click.testing import CliRunner

    from transcompare.cli import main
    from transcompare.schema import C

    path = run_dir / "comparison.parquet"
    comp = pl.read_parquet(path)
    evil = "\x1b]0;pwned\x07\x1b[2J"
    comp = comp.with_columns(pl.concat_str(pl.lit(evil), pl.col(C.TEXT)).alias(C.TEXT),
                             pl.concat_str(pl.lit(evil), pl.col(C.VIEW_TEXT)).alias(C.VIEW_TEXT),
                             pl.concat_str(pl.lit(evil), pl.col(C.OUTLET)).alias(C.OUTLET))
    comp.write_parquet(path)
    res = CliRunner().invoke(main, ["show", str(run_dir), "--width", "160"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "\ufffd]0;pwned" in res.stdout
