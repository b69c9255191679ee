"""Option bundles and console output shared by the commands."""

from __future__ import annotations

from typing import Callable

import click


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


def trust_lang_option(f: Callable) -> Callable:
    return click.option("--trust-lang", is_flag=True,
                        help="Keep a declared language even where the text is clearly another one "
                             "(otherwise that article fails).")(f)
