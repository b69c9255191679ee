"""Hostile text is shown, never obeyed, and written files are readable by others as open() would make them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.output import atomic_write_text, printable

HOSTILE = "Title\x1b]0;pwned\x07 and \x1b[2J clear \x9b31m"


@pytest.mark.parametrize("text, expected", [
    ("plain\ttext\nline", "plain\ttext\nline"),
    ("\x1b[2J", "\ufffd[2J"),
    ("a\x07b\x00c\x9bd", "a\ufffdb\ufffdc\ufffdd"),
    ("", ""),
])
def test_printable_keeps_length_and_newlines(text, expected):
    assert printable(text) == expected and len(printable(text)) == len(text)


def test_segment_table_prints_no_escape(tmp_path):
    art = tmp_path / "a.md"
    art.write_text(f"---\nlang: en\ntitle: t\n---\n{HOSTILE}. Second sentence here.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["segment", str(art), "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout and "\x9b" not in res.stdout
    assert "\ufffd[2J" in res.stdout


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_honour_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "report.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == mode
