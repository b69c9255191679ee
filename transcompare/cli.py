"""Command line: a thin layer over the library.

Each command opens its inputs, calls one library function, and prints. Library errors
(:class:`TranscompareError`) become one line on stderr and exit code 2 -- in one place, :class:`Cli`.
Heavy libraries are imported inside the commands, so ``transcompare --help`` is instant.
"""

from __future__ import annotations

import sys
from typing import Callable

import click

from transcompare.errors import TranscompareError


class Cli(click.Group):
    """The one place where library errors turn into a clean message and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TranscompareError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: finished work is kept; run the same command again to resume.", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # e.g. `transcompare segment ... | head`
            sys.stderr.close()
            ctx.exit(0)


def format_option(choices: tuple[str, ...], default: str) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def lang_option(help_text: str = "Language code (ISO 639-1), e.g. en, es, ru.") -> Callable:
    return click.option("--lang", "lang", default=None, metavar="CODE", help=help_text)


def quiet_option(f: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="No progress bars or summaries.")(f)


def report_input_errors(errors: list[str]) -> None:
    """Print one line per failed input on stderr (the others were processed)."""
    for line in errors:
        click.echo(f"Error: {line}", err=True)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="transcompare")
def main() -> None:
    """Compare how outlets in different languages phrased the same statements.

    \b
    Stages: ingest -> segment -> translate -> align -> compare -> render.
    Main job:   transcompare run pipelines/lavrov-2015.toml
    Look at it: transcompare show runs/lavrov-2015
    """


# ---------------------------------------------------------------- segment
@main.command()
@click.argument("paths", nargs=-1, required=True)
@lang_option("Declared language for inputs that do not declare one (skips language identification).")
@click.option("--outlet", default=None, help="Outlet name for inputs that do not declare one.")
@format_option(("table", "jsonl", "csv"), "table")
def segment(paths: tuple[str, ...], lang: str | None, outlet: str | None, fmt: str) -> None:
    """Split articles into sentences (with paragraph index and character offsets).

    PATHS are files, directories or globs: plain text, Markdown with front matter, HTML, or JSONL/CSV/Parquet
    corpora (one article per row).

    \b
    Example:
      transcompare segment data/000_228ebe913f98790d.txt --format jsonl
    """
    from transcompare.ingest import read_articles
    from transcompare.output import write_frame
    from transcompare.segment import segment_articles

    articles, errors = read_articles(paths, lang=lang, outlet=outlet)
    if articles.height:
        write_frame(segment_articles(articles), fmt)
    report_input_errors(errors)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- translate (translation issue)
# ---------------------------------------------------------------- models (translation issue)
# ---------------------------------------------------------------- align (alignment issue)
# ---------------------------------------------------------------- run (pipeline issue)
@main.command()
@click.argument("pipeline_file", metavar="PIPELINE", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Run directory (default: the pipeline's [output] dir, else runs/NAME beside the pipeline).")
@click.option("--force", is_flag=True, help="Re-run every stage, even if its inputs and settings are unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallel translation workers (CPU threads / Apertium processes).")
@click.option("--check", is_flag=True, help="Only validate: pipeline file, inputs, languages, engines. No work.")
@quiet_option
def run(pipeline_file: str, out_dir: str | None, force: bool, jobs: int, check: bool, quiet: bool) -> None:
    """Run a pipeline: ingest -> segment -> translate -> align -> compare -> report.

    Unchanged stages are skipped on a re-run; an interrupted run resumes where it stopped (finished
    translations are cached). Bad articles are reported and skipped; the manifest lists them.

    \b
    Examples:
      transcompare run pipelines/lavrov-2015.toml
      transcompare run pipelines/lavrov-2015.toml --check
      transcompare run pipelines/lavrov-2015.toml --out /tmp/lavrov --force -q
    """
    from transcompare.config import load_pipeline
    from transcompare.pipeline import check_pipeline, run_pipeline
    from transcompare.progress import RichReporter, print_check, print_summary

    pipe = load_pipeline(pipeline_file)
    if check:
        result = check_pipeline(pipe)
        print_check(pipe, result, quiet)
        report_input_errors([f"{f['path']}: {f['error']}" for f in result.failed_inputs])
        if result.failed_inputs:
            sys.exit(2)
        return
    with RichReporter(quiet=quiet) as reporter:
        result = run_pipeline(pipe, out_dir, force=force, jobs=jobs, reporter=reporter)
    print_summary(result, quiet)
    report_input_errors([f"{f['path']}: {f['error']}" for f in result.failed_inputs])
    if result.failed_inputs:
        sys.exit(2)


# ---------------------------------------------------------------- report / show (viewing issue)
@main.command()
@click.argument("run_dir", metavar="RUN_DIR")
@click.option("--open", "open_", is_flag=True, help="Open the report in the default browser afterwards.")
def report(run_dir: str, open_: bool) -> None:
    """(Re)write RUN_DIR/report.html, one self-contained page, and print its path.

    \b
    Example:
      transcompare report runs/lavrov-2015
    """
    from transcompare.render.html import render_report

    path = render_report(run_dir)
    click.echo(str(path))
    if open_:
        click.launch(str(path.resolve()))


@main.command()
@click.argument("run_dir", metavar="RUN_DIR")
@lang_option("View language (default: the run's first, usually the pivot).")
@click.option("--statement", default=None, metavar="ID", help="Only this statement, e.g. s003.")
@click.option("--outlet", default=None, metavar="NAME", help="Only statements this outlet carries (its row marked ▶).")
@click.option("--sort", type=click.Choice(("outlets", "divergence")), default="outlets", show_default=True,
              help="Most widely carried, or most differently phrased, first.")
@format_option(("table", "csv", "jsonl"), "table")
@click.option("--width", type=click.IntRange(min=40), default=None, metavar="N",
              help="Wrap to N columns (default: the terminal width).")
def show(run_dir: str, lang: str | None, statement: str | None, outlet: str | None, sort: str, fmt: str,
         width: int | None) -> None:
    """Print how each outlet phrased each statement: word differences in colour; csv/jsonl for pipes.

    \b
    Examples:
      transcompare show runs/lavrov-2015 --lang en --width 120
      transcompare show runs/lavrov-2015 --outlet "Arutz Sheva" --sort divergence
      transcompare show runs/lavrov-2015 --format csv > comparison.csv
    """
    from transcompare.api import load_run
    from transcompare.render.terminal import show as show_run

    show_run(load_run(run_dir), lang=lang, outlet=outlet, statement=statement, sort=sort, fmt=fmt, width=width)
