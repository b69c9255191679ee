"""``transcompare init``: a pipeline file for a folder of articles (:mod:`transcompare.scaffold`)."""

from __future__ import annotations

import shlex

import click

from transcompare.cli.options import report_warnings


@click.command()
@click.argument("folder", metavar="DIR")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="Pipeline file to write (default: NAME.toml beside DIR).")
@click.option("--name", default=None, help="Pipeline name, also the run directory's (default: DIR's name).")
@click.option("--force", is_flag=True, help="Replace the pipeline file if it exists.")
def init(folder: str, out: str | None, name: str | None, force: bool) -> None:
    """Write a commented pipeline file for the articles in DIR, and print the command that runs it.

    DIR is read as a run reads it (any supported format): the file lists the languages found (declared or
    identified) with their counts, the outlets, the translation routes the engines installed here give and
    what is missing; it picks the pivot (en if present, else the most common language) and the view languages.

    \b
    Example:
      transcompare init articles --name harbour
    """
    from rich.console import Console

    from transcompare.scaffold import write_pipeline

    with Console(stderr=True).status(f"reading {folder} ..."):
        path, found = write_pipeline(folder, out, name, force)
    report_warnings(found.warnings)
    for failure in found.failures:
        click.echo(f"Warning: {failure} (not readable; the run skips it)", err=True)
    langs = ", ".join(f"{lang} {(found.articles['lang'] == lang).sum()}" for lang in found.langs)
    click.echo(f"{path}: {found.articles.height} articles ({langs}); pivot {found.pivot}, "
               f"view languages {', '.join(found.view_langs)}")
    for (src, tgt), fix in sorted(found.missing.items()):
        click.echo(f"  not translated here: {src}>{tgt}; to translate: {fix}")
    click.echo(f"Run it: transcompare run {shlex.quote(str(path))}")
