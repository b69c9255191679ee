"""Command line: a thin layer over the library.

Each command opens its inputs, calls one library function, and prints. Library errors
(:class:`TranscompareError`) become one line on stderr and exit code 2 -- in one place, :class:`Cli`.
Heavy libraries are imported inside the commands, so ``transcompare --help`` is instant.
"""

from __future__ import annotations

import os
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
        except click.UsageError as err:  # a subcommand's bad option or argument: one line, like every error
            where = err.ctx.command_path if err.ctx is not None else ctx.command_path
            click.echo(f"Error: {err.format_message()} (see '{where} --help')", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: finished work is kept; run the same command again to resume.", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # e.g. `transcompare show RUN | head`: the reader has all it wanted
            # stdout is gone: point it at devnull so that the flush at exit does not fail too (exit code 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except OSError as err:
            if err.filename is not None:  # a file the command was reading or writing: its own message
                raise
            click.echo(f"Error: cannot write the output ({err.strerror or err})", err=True)
            ctx.exit(2)


def format_option(choices: tuple[str, ...], default: str) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def lang_option(help_text: str = "Language code (ISO 639-1), e.g. en, es, ru.") -> Callable:
    return click.option("--lang", "lang", default=None, metavar="CODE", help=help_text)


def quiet_option(f: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="No progress bars or summaries.")(f)


def check_lang_codes(option: str, codes: list[str] | tuple[str, ...]) -> None:
    from transcompare.langs import require_codes

    require_codes(option, codes)


def report_warnings(warnings: list[str]) -> None:
    """Print one line per warning on stderr (nothing failed; something may not be what the user meant)."""
    for line in warnings:
        click.echo(f"Warning: {line}", err=True)


def report_input_errors(errors: list) -> None:
    """Print one line per failed input (an InputFailure) on stderr (the others were processed)."""
    for line in errors:
        click.echo(f"Error: {line}", err=True)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="transcompare")
def main() -> None:
    """Compare how outlets in different languages phrased the same statements.

    \b
    Stages: ingest -> segment -> translate -> align -> statements -> compare -> report.
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

    warnings: list[str] = []
    articles, errors = read_articles(paths, lang=lang, outlet=outlet, warnings=warnings)
    report_warnings(warnings)
    if articles.height:
        write_frame(segment_articles(articles), fmt)
    report_input_errors(errors)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- translate (translation issue)
@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "to_langs", required=True, metavar="CODES", help="Target languages, comma-separated, e.g. es,de.")
@click.option("--from", "from_lang", default=None, metavar="CODE",
              help="Source language for inputs that do not declare one (skips language identification).")
@click.option("--engine", type=click.Choice(("auto", "argos", "apertium")), default="auto", show_default=True,
              help="auto: an installed argos package, else Apertium, else a pivot chain.")
@click.option("--beam-size", type=click.IntRange(1, 16), default=4, show_default=True, help="argos beam size.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@format_option(("jsonl", "table"), "jsonl")
@quiet_option
def translate(paths: tuple[str, ...], to_langs: str, from_lang: str | None, engine: str, beam_size: int,
              no_cache: bool, fmt: str, quiet: bool) -> None:
    """Segment articles and translate every sentence into the --to languages.

    Records carry article_id, index, lang, text, target_lang, translation, engine and route. The cache
    (``$TRANSCOMPARE_CACHE``, default ~/.cache/transcompare) makes a second run instant.

    \b
    Example:
      transcompare translate data/constructed-es-diario.md --to en,ca --engine apertium --format table
    """
    from transcompare.ingest import read_articles
    from transcompare.output import write_frame
    from transcompare.schema import C
    from transcompare.segment import segment_articles
    import polars as pl

    from transcompare.errors import EngineError
    from transcompare.translate import Translator, default_cache_path

    targets = [t.strip().lower() for t in to_langs.split(",") if t.strip()]
    check_lang_codes("--to", targets)
    check_lang_codes("--from", [from_lang] if from_lang else [])
    warnings: list[str] = []
    articles, errors = read_articles(paths, lang=from_lang, outlet=None, warnings=warnings)
    report_warnings(warnings)
    if articles.height:
        sentences = segment_articles(articles)
        tr = Translator(engine, cache_path=None if no_cache else default_cache_path(), beam_size=beam_size)
        try:
            for src in sorted(set(sentences[C.LANG].to_list())):
                try:
                    tr.plan_all([src], targets)
                except EngineError as err:  # name the inputs in the source language that has no route
                    sources = articles.filter(pl.col(C.LANG) == src)[C.SOURCE].to_list()
                    more = f" (+{len(sources) - 3} more)" if len(sources) > 3 else ""
                    raise EngineError(f"{', '.join(sources[:3])}{more}: {err}") from None
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(TextColumn("translate"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=Console(stderr=True), disable=quiet, transient=True) as bar:
                task = bar.add_task("translate", total=None)
                out = tr.translate_sentences(
                    sentences, targets, progress=lambda done, total: bar.update(task, completed=done, total=total))
            stats = tr.cache_stats()
        finally:
            tr.close()
        write_frame(out.select(C.ARTICLE_ID, C.INDEX, C.LANG, C.TEXT, C.TARGET_LANG, C.TRANSLATION, C.ENGINE,
                               C.ROUTE), fmt)
        if not quiet and stats["enabled"]:
            click.echo(f"cache: {stats['hits']} hits, {stats['misses']} misses ({stats['path']})", err=True)
    report_input_errors(errors)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- models (translation issue)
@main.group()
def models() -> None:
    """Translation models: installed argos packages and Apertium pairs.

    \b
    Examples:
      transcompare models list
      transcompare models install pt en
      transcompare models install-file translate-pt_en-1_0.argosmodel
      transcompare models remove pt en
    """


@models.command("list")
@format_option(("table", "jsonl"), "table")
def models_list(fmt: str) -> None:
    """Installed argos packages and Apertium pairs, and every pair reachable through pivots.

    \b
    Example:
      transcompare models list --format jsonl
    """
    from transcompare.output import write_frame
    from transcompare.translate.models import model_table, route_table

    installed, problems = model_table()
    write_frame(installed, fmt)
    if fmt == "table" and not (installed["engine"] == "argos").any():
        click.echo("argos: no packages installed (transcompare models install FROM TO, or models install-file)")
    routes = route_table()
    if fmt == "table":
        click.echo("Reachable pairs (engine auto):")
    write_frame(routes, fmt)
    for line in problems:
        click.echo(f"Warning: {line}", err=True)


@models.command("install")
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def models_install(from_code: str, to_code: str) -> None:
    """Download and install the argos package FROM->TO from the argos package index.

    \b
    Example:
      transcompare models install pt en
    """
    from transcompare.translate.models import install_from_index

    path = install_from_index(from_code, to_code)
    click.echo(f"installed argos {from_code}->{to_code} in {path}")


@models.command("install-file")
@click.argument("package_file", metavar="PKG.argosmodel")
def models_install_file(package_file: str) -> None:
    """Validate a local .argosmodel (zip, one folder, metadata, safe paths, size) and install it.

    \b
    Example:
      transcompare models install-file translate-pt_en-1_9.argosmodel
    """
    from transcompare.translate.models import install_file, validate_package_file

    info = validate_package_file(package_file)
    path = install_file(package_file)
    click.echo(f"installed argos {info.from_code}->{info.to_code} (version {info.package_version}) in {path}")


@models.command("remove")
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def models_remove(from_code: str, to_code: str) -> None:
    """Remove the installed argos package FROM->TO.

    \b
    Example:
      transcompare models remove pt en
    """
    from transcompare.translate.models import remove

    for path in remove(from_code, to_code):
        click.echo(f"removed {path}")


# ---------------------------------------------------------------- align (alignment issue)
@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--pivot", default="en", show_default=True, metavar="CODE",
              help="Language the sentences are compared in (articles in other languages are translated).")
@lang_option("Declared language for inputs that do not declare one (skips language identification).")
@click.option("--outlet", default=None, help="Outlet name for inputs that do not declare one.")
@click.option("--engine", type=click.Choice(("auto", "argos", "apertium")), default="auto", show_default=True,
              help="Translation engine for articles not in the pivot language.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Minimum link score (default: the tuned AlignSettings default).")
@format_option(("jsonl", "table"), "table")
@quiet_option
def align(paths: tuple[str, ...], pivot: str, lang: str | None, outlet: str | None, engine: str,
          threshold: float | None, fmt: str, quiet: bool) -> None:
    """Align the sentences of two or more articles and print the statements they share.

    Each statement groups at most one sentence (or two adjacent ones) per article; a sentence no other
    article carries is a statement of its own (n_outlets 1). jsonl records carry statement_id, article_id,
    outlet, sentence_indices, text, score, speaker, reporting_verb (and n_outlets).

    \b
    Example:
      transcompare align data/000_228ebe913f98790d.txt data/constructed-en-wire.md --format jsonl
    """
    from transcompare.align import AlignSettings, align_articles, build_statements, pivot_translations
    from transcompare.errors import InputError
    from transcompare.ingest import read_articles
    from transcompare.output import write_frame
    from transcompare.schema import C
    from transcompare.segment import segment_articles

    check_lang_codes("--pivot", [pivot])
    pivot = pivot.lower()
    settings = AlignSettings() if threshold is None else AlignSettings(threshold=threshold)
    warnings: list[str] = []
    articles, errors = read_articles(paths, lang=lang, outlet=outlet, warnings=warnings)
    report_warnings(warnings)
    report_input_errors(errors)
    if articles.height < 2:
        raise InputError(f"align needs at least two readable articles, got {articles.height}")
    sentences = segment_articles(articles)
    translations = pivot_translations(sentences, pivot)
    if translations is None:
        from transcompare.translate import default_cache_path, translate_sentences

        translations = translate_sentences(sentences, [pivot], engine=engine, cache_path=default_cache_path())
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("align"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True),
                  disable=quiet, transient=True) as bar:
        task = bar.add_task("align", total=None)
        alignments = align_articles(sentences, translations, pivot, settings,
                                    progress=lambda done, total: bar.update(task, completed=done, total=total))
    statements = build_statements(sentences, translations, alignments, pivot, settings)
    cols = [C.STATEMENT_ID, C.ARTICLE_ID, C.OUTLET, C.SENTENCE_INDICES, C.TEXT, C.SCORE, C.SPEAKER,
            C.REPORTING_VERB, C.N_OUTLETS]
    if fmt == "table":
        cols = [C.STATEMENT_ID, C.OUTLET, C.SPEAKER, C.REPORTING_VERB, C.SCORE, C.TEXT]
    write_frame(statements.select(cols), fmt)
    if not quiet:
        shared = statements.filter(statements[C.N_OUTLETS] > 1)[C.STATEMENT_ID].n_unique()
        click.echo(f"{statements[C.STATEMENT_ID].n_unique()} statements, {shared} carried by 2+ articles "
                   f"({settings.method}, threshold {settings.threshold})", err=True)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- run (pipeline issue)
@main.command()
@click.argument("pipeline_file", metavar="PIPELINE", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Run directory (default: the pipeline's [output] dir, else runs/NAME beside the pipeline).")
@click.option("--force", is_flag=True, help="Re-run every stage, even if its inputs and settings are unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallel translation: argos CPU threads, Apertium processes sharing a batch.")
@click.option("--check", is_flag=True, help="Only validate: pipeline file, inputs, languages, engines. No work.")
@quiet_option
def run(pipeline_file: str, out_dir: str | None, force: bool, jobs: int, check: bool, quiet: bool) -> None:
    """Run a pipeline: ingest -> segment -> translate -> align -> statements -> compare -> report.

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
        result = check_pipeline(pipe, out_dir)
        print_check(pipe, result, quiet)
        report_input_errors(result.failed_inputs)
        if result.failed_inputs:
            sys.exit(2)
        return
    with RichReporter(quiet=quiet) as reporter:
        result = run_pipeline(pipe, out_dir, force=force, jobs=jobs, reporter=reporter)
    print_summary(result, quiet)
    report_input_errors(result.failed_inputs)
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
    from transcompare.api import render_report

    path = render_report(run_dir)
    click.echo(str(path))
    if open_:
        import webbrowser

        uri = path.resolve().as_uri()
        try:
            opened = webbrowser.open(uri)
        except webbrowser.Error:
            opened = False
        if not opened:  # the report is written all the same: say where, not fail
            click.echo(f"Note: no browser could be started here; open {uri} in one.", err=True)


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
