"""Every command explains itself, with an example; --help does not load heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from transcompare.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append(prefix + (name,))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, prefix + (name,)))
    return out


COMMANDS = _commands(main)


def test_top_level_help_lists_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_with_example(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    cmd = main
    for part in path:
        cmd = cmd.commands[part]
    if not isinstance(cmd, click.Group):
        assert "transcompare " + " ".join(path) in result.output, "help should show an example invocation"


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from click.testing import CliRunner; from transcompare.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
            "heavy = [m for m in ('polars', 'ctranslate2', 'argostranslate', 'trafilatura', 'lingua', 'playwright') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "transcompare", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "version" in out.stdout


@pytest.mark.parametrize("args, message", [
    (["show", "runs/x", "--sort", "bogus"], "Invalid value for '--sort'"),
    (["run"], "Missing argument 'PIPELINE'"),
    (["models", "install", "pt"], "Missing argument 'TO'"),
    (["bogus"], "No such command 'bogus'"),
])
def test_usage_errors_are_one_line(args, message):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("Error: ") and message in line and line.endswith("--help')")
