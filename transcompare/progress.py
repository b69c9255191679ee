"""Rich progress bars and summaries for the CLI (the library only calls Reporter hooks)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, \
    TimeRemainingColumn
from rich.table import Table

from transcompare.output import output_console
from transcompare.pipeline import CheckResult, RunResult
from transcompare.stages import Reporter


class RichReporter(Reporter):
    """One progress line per stage, with counts and ETA while translating; silent when quiet."""

    def __init__(self, quiet: bool = False, console: Console | None = None, transient: bool = False):
        self.quiet = quiet
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=self.console, disable=quiet, transient=transient,
        )
        self.task = None

    def __enter__(self) -> "RichReporter":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def stage_start(self, stage: str, total: int | None = None) -> None:
        self.task = self.progress.add_task(stage, total=total, note="")

    def advance(self, done: int, total: int | None = None) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=done, total=total)

    def stage_end(self, stage: str, skipped: bool, rows: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, total=max(rows, 1), completed=max(rows, 1),
                                 note="unchanged, skipped" if skipped else f"{rows} rows")
            self.task = None


def print_summary(result: RunResult, quiet: bool, console: Console | None = None) -> None:
    m = result.manifest
    console = console or output_console(sys.stdout)
    counts = m.get("counts", {})
    cache = m.get("cache", {})
    if not quiet:
        table = Table(title=f"transcompare run: {m.get('pipeline')}", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        stages = m.get("stages", {})
        for key in ("articles", "sentences", "translations", "stories", "alignments", "statements"):
            value = str(counts.get(key, 0))
            rows = stages.get(key, {}).get("rows")
            if key in ("stories", "statements") and rows is not None:  # the progress bar counted the rows
                value += f" ({rows} rows: one per {'article' if key == 'stories' else 'outlet version'})"
            table.add_row(key, value)
        if m.get("stages", {}).get("translate", {}).get("skipped"):
            table.add_row("cache", "not used: translations unchanged, 0 translated")
        elif cache:
            table.add_row("cache", f"{cache.get('hits', 0)} hits, {cache.get('misses', 0)} translated")
        skipped = [s for s, info in m.get("stages", {}).items() if info.get("skipped")]
        if skipped:
            table.add_row("skipped", ", ".join(skipped) + " (unchanged)")
        table.add_row("failed inputs", str(len(result.failed_inputs)))
        table.add_row("signature", m.get("signature", ""))
        console.print(table)
        for w in result.warnings:
            console.print(f"[yellow]warning:[/] {w}", highlight=False)
    console.print(f"Run directory: {result.run_dir}", highlight=False)
    if result.report_path:
        console.print(f"Report: {result.report_path}", highlight=False)


def print_check(pipe, result: CheckResult, quiet: bool, console: Console | None = None) -> None:
    console = console or output_console(sys.stdout)
    if quiet:
        return
    n, failed = result.articles.height, len(result.failed_inputs)
    status = "OK" if not failed else f"{failed} input{'s' if failed != 1 else ''} failed (listed below)"
    langs = ", ".join(sorted(set(result.articles["lang"].to_list()))) or "none"
    console.print(f"{pipe.source}: {status} — {n} article{'s' if n != 1 else ''} readable, languages {langs}",
                  highlight=False, soft_wrap=True)
    for pair, info in result.routes.items():
        console.print(f"  {pair}: {info.get('route', '')} via {info.get('engine', '')}", highlight=False)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
