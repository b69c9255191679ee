"""How the views scale with the number of statements: HTML report and terminal view, in one process, one run.

    .venv/bin/python bench/view.py [RUN_DIR] [--scales 1,4,16]

Starts from a finished run (default: runs the demo pipeline into a temporary directory with a private
translation cache) and makes k-times larger runs by repeating its statements under new ids (same articles,
k x the COMPARISON rows). For each k it times writing report.html (``render_report``: load the run, build
every view language's cards, write the file) and printing every statement with rich at width 120
(``transcompare show``), and reports the report's size. With ``--browser`` it also opens each report in
headless Chromium (Debian's, via Playwright) and times loading it and one search (typing a word into the
search box until the page has filtered). Ratios are against k = 1: close to k means linear.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

from transcompare.api import load_run
from transcompare.api import render_report
from transcompare.render.terminal import show
from transcompare.schema import C


def demo_run(tmp: Path) -> Path:
    from click.testing import CliRunner

    from transcompare.cli import main

    os.environ["TRANSCOMPARE_CACHE"] = str(tmp / "cache")
    pipeline = Path(__file__).resolve().parents[1] / "pipelines" / "lavrov-2015.toml"
    res = CliRunner().invoke(main, ["run", str(pipeline), "--out", str(tmp / "demo"), "-q"])
    if res.exit_code != 0:
        raise SystemExit(f"demo run failed: {res.output or res.exception!r}")
    return tmp / "demo"


def scaled(src: Path, dst: Path, k: int) -> Path:
    """A copy of the run with every statement repeated k times under new ids."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.suffix in (".parquet", ".json") and f.name not in ("statements.parquet", "comparison.parquet"):
            (dst / f.name).write_bytes(f.read_bytes())
    for name in ("statements.parquet", "comparison.parquet"):
        df = pl.read_parquet(src / name)
        copies = [df.with_columns((pl.col(C.STATEMENT_ID) + f"-{i}").alias(C.STATEMENT_ID)) if i else df
                  for i in range(k)]
        pl.concat(copies).write_parquet(dst / name)
    return dst


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir", nargs="?")
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--browser", action="store_true", help="also time load + search in headless Chromium")
    args = ap.parse_args()
    browser = Browser() if args.browser else None
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = Path(args.run_dir) if args.run_dir else demo_run(tmp)
        rows = []
        for k in (int(x) for x in args.scales.split(",")):
            run_dir = scaled(src, tmp / f"k{k}", k)
            run = load_run(run_dir)
            n_st = run.comparison.get_column(C.STATEMENT_ID).n_unique()
            t_html = timed(lambda: render_report(run_dir), args.repeat)
            t_term = timed(lambda: show(run, width=120, file=io.StringIO()), args.repeat)
            size = (run_dir / "report.html").stat().st_size
            b = browser.measure(run_dir / "report.html", args.repeat) if browser else (float("nan"),) * 2
            rows.append((k, n_st, run.comparison.height, t_html, t_term, size, *b))
    if browser:
        browser.close()
    base = rows[0]
    table = Table(title="views vs run size (best of %d; ratios against the first row)" % args.repeat)
    cols = ["k", "statements", "comparison rows", "report.html s", "ratio", "show s", "ratio", "report KiB", "ratio"]
    if browser:
        cols += ["open s", "ratio", "search s", "ratio"]
    for col in cols:
        table.add_column(col, justify="right")
    for k, n_st, n_rows, t_html, t_term, size, t_open, t_search in rows:
        cells = [str(k), str(n_st), str(n_rows), f"{t_html:.3f}", f"{t_html / base[3]:.1f}x",
                 f"{t_term:.3f}", f"{t_term / base[4]:.1f}x", f"{size / 1024:.0f}", f"{size / base[5]:.1f}x"]
        if browser:
            cells += [f"{t_open:.3f}", f"{t_open / base[6]:.1f}x", f"{t_search:.3f}", f"{t_search / base[7]:.1f}x"]
        table.add_row(*cells)
    Console(width=160).print(table)


class Browser:
    ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]

    def __init__(self) -> None:
        import shutil

        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=shutil.which("chromium"), args=self.ARGS)

    def measure(self, path: Path, repeat: int) -> tuple[float, float]:
        t_open = t_search = float("inf")
        for _ in range(repeat):
            page = self._browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => document.getElementById('count').textContent.length > 0")
            t_open = min(t_open, time.perf_counter() - t0)
            t0 = time.perf_counter()
            page.fill("#q", "syria")
            page.wait_for_function("() => document.getElementById('count').textContent.indexOf('syria') >= 0")
            t_search = min(t_search, time.perf_counter() - t0)
            page.close()
        return t_open, t_search

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


if __name__ == "__main__":
    main()
