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
# ---------------------------------------------------------------- report / show (viewing issue)
