"""Commands on articles without a pipeline file: ``segment``, ``translate``, ``align``. Each builds a pipeline
in memory from its options and runs the stages it needs (:func:`transcompare.stages.run_stages`): the same
code as ``transcompare run``, without a run directory."""

from __future__ import annotations

import sys

import click

from transcompare.cli.options import (check_lang_codes, format_option, lang_option, quiet_option,
                                      report_input_errors, report_warnings, trust_lang_option)


def _pipeline(paths, **sections):
    """A pipeline for the command line's articles. They were read already (with the command's metadata
    defaults), so it is given them as the ingest stage's table; its input list only names the command line
    (a path a user mistyped was reported when it was read, and must not fail here)."""
    from transcompare.config import InputSpec, Pipeline

    return Pipeline(name="cli", inputs=[InputSpec(path="(command line)")], **sections)


def _read(paths, lang, outlet, trust_lang=False):
    from transcompare.ingest import read_articles

    warnings: list[str] = []
    articles, errors = read_articles(paths, lang=lang, outlet=outlet, warnings=warnings, trust_lang=trust_lang)
    report_warnings(warnings)
    return articles, errors


# ---------------------------------------------------------------- segment
@click.command()
@click.argument("paths", nargs=-1, required=True)
@lang_option("Declared language for inputs that do not declare one (skips language identification).")
@click.option("--outlet", default=None, help="Outlet name for inputs that do not declare one.")
@trust_lang_option
@format_option(("table", "jsonl", "csv"), "table")
def segment(paths: tuple[str, ...], lang: str | None, outlet: str | None, trust_lang: bool, fmt: str) -> None:
    """Split articles into sentences (with paragraph index and character offsets).

    PATHS are files, directories or globs: plain text, Markdown with front matter, HTML, or JSONL/CSV/Parquet
    corpora (one article per row).

    \b
    Example:
      transcompare segment data/000_228ebe913f98790d.txt --format jsonl
    """
    from transcompare.output import write_frame
    from transcompare.stages import run_stages

    articles, errors = _read(paths, lang, outlet, trust_lang)
    if articles.height:
        tables, _ = run_stages(_pipeline(paths), "segment", given={"ingest": articles})
        write_frame(tables["segment"], fmt)
    report_input_errors(errors)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- translate (translation issue)
@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "to_langs", required=True, metavar="CODES", help="Target languages, comma-separated, e.g. es,de.")
@click.option("--from", "from_lang", default=None, metavar="CODE",
              help="Source language for inputs that do not declare one (skips language identification).")
@click.option("--engine", type=click.Choice(("auto", "argos", "apertium")), default="auto", show_default=True,
              help="auto: an installed argos package, else Apertium, else a pivot chain.")
@click.option("--beam-size", type=click.IntRange(1, 16), default=4, show_default=True, help="argos beam size.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@trust_lang_option
@format_option(("jsonl", "table"), "jsonl")
@quiet_option
def translate(paths: tuple[str, ...], to_langs: str, from_lang: str | None, engine: str, beam_size: int,
              no_cache: bool, trust_lang: bool, fmt: str, quiet: bool) -> None:
    """Segment articles and translate every sentence into the --to languages.

    Records carry article_id, index, lang, text, target_lang, translation, engine and route. The cache
    (in the folder the TRANSCOMPARE_CACHE environment variable names, default ~/.cache/transcompare)
    makes a second run instant.

    \b
    Example:
      transcompare translate data/constructed-es-diario.md --to en,ca --engine apertium --format table
    """
    import polars as pl

    from transcompare.config import TranslateSection
    from transcompare.errors import EngineError
    from transcompare.output import write_frame
    from transcompare.progress import RichReporter
    from transcompare.schema import C
    from transcompare.stages import run_stages
    from transcompare.translate import plan_routes

    targets = list(dict.fromkeys(t.strip().lower() for t in to_langs.split(",") if t.strip()))
    check_lang_codes("--to", targets)
    check_lang_codes("--from", [from_lang] if from_lang else [])
    articles, errors = _read(paths, from_lang, None, trust_lang)
    if articles.height:
        for src in sorted(set(articles[C.LANG].to_list())):
            try:
                plan_routes([src], targets, engine)
            except EngineError as err:  # name the inputs in the source language that has no route
                sources = articles.filter(pl.col(C.LANG) == src)[C.SOURCE].to_list()
                more = f" (+{len(sources) - 3} more)" if len(sources) > 3 else ""
                raise EngineError(f"{', '.join(sources[:3])}{more}: {err}") from None
        pipe = _pipeline(paths, pivot=targets[0], view_langs=targets, translate=TranslateSection(
            engine=engine, beam_size=beam_size, cache=not no_cache, require_translation=True))
        with RichReporter(quiet=quiet, transient=True) as reporter:
            tables, ctx = run_stages(pipe, "translate", given={"ingest": articles}, reporter=reporter)
        out = tables["translate"]
        write_frame(out.select(C.ARTICLE_ID, C.INDEX, C.LANG, C.TEXT, C.TARGET_LANG, C.TRANSLATION, C.ENGINE,
                               C.ROUTE), fmt)
        stats = ctx.notes.get("translate", {})
        if not quiet and stats.get("enabled"):
            click.echo(f"cache: {stats['hits']} hits, {stats['misses']} misses ({pipe.cache_path()})", err=True)
    report_input_errors(errors)
    if errors:
        sys.exit(2)


# ---------------------------------------------------------------- align (alignment issue)
@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--pivot", default="en", show_default=True, metavar="CODE",
              help="Language the sentences are compared in (articles in other languages are translated).")
@lang_option("Declared language for inputs that do not declare one (skips language identification).")
@click.option("--outlet", default=None, help="Outlet name for inputs that do not declare one.")
@click.option("--engine", type=click.Choice(("auto", "argos", "apertium")), default="auto", show_default=True,
              help="Translation engine for articles not in the pivot language.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Minimum link score (default: the tuned AlignSettings default).")
@trust_lang_option
@format_option(("jsonl", "table"), "table")
@quiet_option
def align(paths: tuple[str, ...], pivot: str, lang: str | None, outlet: str | None, engine: str,
          threshold: float | None, trust_lang: bool, fmt: str, quiet: bool) -> None:
    """Align the sentences of two or more articles and print the statements they share.

    The same stages as `transcompare run` (the articles given are one story): a statement may hold several
    sentences of one article (headline, lead and quote); a sentence no other article carries is a statement
    of its own (n_outlets 1). jsonl records carry statement_id, article_id, outlet, sentence_indices, text,
    score, speaker, reporting_verb (and n_outlets).

    \b
    Example:
      transcompare align data/000_228ebe913f98790d.txt data/constructed-en-wire.md --format jsonl
    """
    from transcompare.config import StoriesSection, TranslateSection
    from transcompare.errors import InputError
    from transcompare.output import write_frame
    from transcompare.progress import RichReporter
    from transcompare.schema import C
    from transcompare.stages import run_stages

    check_lang_codes("--pivot", [pivot])
    pivot = pivot.lower()
    articles, errors = _read(paths, lang, outlet, trust_lang)
    report_input_errors(errors)
    if articles.height < 2:
        raise InputError(f"align needs at least two readable articles, got {articles.height}")
    # the articles given are taken as one story: the user chose them
    pipe = _pipeline(paths, pivot=pivot, translate=TranslateSection(engine=engine), stories=StoriesSection(mode="one"),
                     align={} if threshold is None else {"threshold": threshold})
    settings = pipe.align_settings()
    with RichReporter(quiet=quiet, transient=True) as reporter:
        tables, ctx = run_stages(pipe, "statements", given={"ingest": articles}, reporter=reporter)
    report_warnings(ctx.warnings)
    statements = tables["statements"]
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
