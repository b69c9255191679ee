"""Commands on pipelines and runs: ``run``, ``report``, ``show``, ``export``."""

from __future__ import annotations

import sys

import click

from transcompare.cli.options import format_option, lang_option, quiet_option, report_input_errors


@click.command()
@click.argument("pipeline_file", metavar="PIPELINE", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Run directory (default: the pipeline's [output] dir, else runs/NAME beside the pipeline).")
@click.option("--force", is_flag=True, help="Re-run every stage, even if its inputs and settings are unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallel translation: argos CPU threads, Apertium processes sharing a batch.")
@click.option("--check", is_flag=True, help="Only validate: pipeline file, inputs, languages, engines. No work.")
@quiet_option
def run(pipeline_file: str, out_dir: str | None, force: bool, jobs: int, check: bool, quiet: bool) -> None:
    """Run a pipeline: ingest -> segment -> translate -> embed -> stories -> align -> statements -> speakers ->
    compare -> report.

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
    if check:  # URLs not stored yet are fetched: a progress line for those, nothing else
        web = any(spec.from_web for spec in pipe.inputs)
        with RichReporter(quiet=quiet or not web, transient=True) as reporter:
            result = check_pipeline(pipe, out_dir, reporter)
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


@click.command()
@click.argument("run_dir", metavar="RUN_DIR")
@click.option("--open", "open_", is_flag=True, help="Open the report in the default browser afterwards.")
def report(run_dir: str, open_: bool) -> None:
    """(Re)write RUN_DIR/report.html, one self-contained page, and the figures in RUN_DIR/figures/ (SVG: who
    carried what, divergence per outlet, reporting verbs); print the report's path.

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


@click.command()
@click.argument("run_dir", metavar="RUN_DIR")
@lang_option("View language (default: the run's first, usually the pivot).")
@click.option("--statement", default=None, metavar="ID", help="Only this statement, e.g. s003.")
@click.option("--outlet", default=None, metavar="NAME",
              help="Only statements this outlet carries (its row marked ▶); the start of its name will do.")
@click.option("--story", default=None, metavar="ID", help="Only the statements of this story, e.g. t02 (see --stories).")
@click.option("--sort", type=click.Choice(("outlets", "divergence")), default="outlets", show_default=True,
              help="Most widely carried, or most differently phrased, first.")
@format_option(("table", "csv", "jsonl"), "table")
@click.option("--width", type=click.IntRange(min=40), default=None, metavar="N",
              help="Wrap to N columns (default: the terminal width).")
@click.option("--verbs", is_flag=True,
              help="Instead: who said it and how (outlet x reporting-verb class, then the speakers).")
@click.option("--stories", is_flag=True,
              help="Instead: the stories (articles, outlets, languages, dates, shared statements).")
def show(run_dir: str, lang: str | None, statement: str | None, outlet: str | None, story: str | None, sort: str,
         fmt: str, width: int | None, verbs: bool, stories: bool) -> None:
    """Print how each outlet phrased each statement: word differences in colour; csv/jsonl for pipes.

    \b
    Examples:
      transcompare show runs/lavrov-2015 --lang en --width 120
      transcompare show runs/lavrov-2015 --outlet "Arutz Sheva" --sort divergence
      transcompare show runs/lavrov-2015 --format csv > comparison.csv
      transcompare show runs/lavrov-2015 --verbs
      transcompare show runs/lavrov-2015 --stories
      transcompare show runs/lavrov-2015 --story t01
    """
    from transcompare.api import load_run
    from transcompare.render.terminal import show as show_run
    from transcompare.render.terminal import show_stories

    run = load_run(run_dir)
    if stories:
        show_stories(run, fmt=fmt, width=width)
        return
    if verbs:
        from transcompare.output import write_frame

        write_frame(run.verb_classes(), fmt, width=width)
        if fmt == "table":
            write_frame(run.speakers, fmt, width=width)
        return
    show_run(run, lang=lang, outlet=outlet, statement=statement, story=story, sort=sort, fmt=fmt, width=width)


@click.command()
@click.argument("run_dir", metavar="RUN_DIR")
@format_option(("sqlite",), "sqlite")
def export(run_dir: str, fmt: str) -> None:
    """Write RUN_DIR/run.sqlite (every table, keys, full-text search on sentences) and RUN_DIR/metadata.json
    (Datasette's description of every table and column), and print the database's path.

    A run with `formats = ["sqlite"]` in its [output] writes them itself.

    \b
    Examples:
      transcompare export runs/lavrov-2015
      datasette runs/lavrov-2015/run.sqlite --metadata runs/lavrov-2015/metadata.json
    """
    from transcompare.export import export_run

    click.echo(str(export_run(run_dir, fmt)))
