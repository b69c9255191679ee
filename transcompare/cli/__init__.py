"""Command line: a thin layer over the library.

Each command opens its inputs, calls the library (the pipeline's stages), and prints. Library errors
(:class:`TranscompareError`) become one line on stderr and exit code 2 -- in one place, :class:`Cli`.
Heavy libraries are imported inside the commands, so ``transcompare --help`` is instant.
"""

from __future__ import annotations

import os
import sys

import click

from transcompare.cli.articles import align, segment, translate
from transcompare.cli.fetch import fetch
from transcompare.cli.models import models
from transcompare.cli.runs import export, report, run, show
from transcompare.cli.start import init
from transcompare.errors import TranscompareError


class Cli(click.Group):
    """The one place where library errors turn into a clean message and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TranscompareError as err:
            for line in err.lines or [str(err)]:  # several problems: one line each
                click.echo(f"Error: {line}", err=True)
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


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="transcompare")
def main() -> None:
    """Compare how outlets in different languages phrased the same statements.

    \b
    Stages: ingest -> segment -> translate -> embed -> stories -> align -> statements -> speakers -> compare -> report.
    New corpus: transcompare init articles/
    Main job:   transcompare run pipelines/lavrov-2015.toml
    Look at it: transcompare show runs/lavrov-2015
    """


for _command in (init, fetch, segment, translate, models, align, run, report, show, export):
    main.add_command(_command)
