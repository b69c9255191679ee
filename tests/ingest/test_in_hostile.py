"""Misuse loses nothing (issue #14): every hostile input of tests/ingest/hostile.py, read with one good article,
gives one line naming it and its problem (or its articles), never a traceback or a hang, and the good article is
read. The CLI exits 2 when something failed and 0 otherwise. bench/probe_inputs.py runs the same cases and
random mutations of data/'s articles."""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import re
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.ingest import read_articles
from transcompare.ingest.meta import shown
from transcompare.ingest.paths import expand_paths

from .hostile import BODY, CASES, GOOD, Case

# A case this machine cannot produce (as root, permission bits do not stop a directory listing) is not run here
# at all rather than skipped: test_unlistable_directory_simulated covers it on every machine.
RUNNABLE = [c for c in CASES if not (c.skip() or "").startswith("running as root")]

TIMEOUT = 60  # seconds; every case takes well under one: more is a hang


@pytest.fixture(autouse=True)
def no_hang():
    """Fail instead of hanging (SIGALRM interrupts a blocking open or read, too)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hang(signum, frame):
        raise TimeoutError(f"no answer in {TIMEOUT} s: a hang")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _setup(case: Case, tmp_path: Path) -> tuple[str | bytes, Path, Path]:
    reason = case.skip()
    if reason:
        pytest.skip(reason)
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    spec = case.build(case_dir)
    good = tmp_path / "good" / "probe-good.md"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    return spec, case_dir, good


def _names_input(line: str, spec: str | bytes, case_dir: Path) -> bool:
    name = shown(os.fsdecode(spec) if isinstance(spec, bytes) else spec)
    return line.startswith(name) or line.startswith(shown(str(case_dir)))


@pytest.mark.parametrize("case", RUNNABLE, ids=[c.id for c in RUNNABLE])
def test_hostile_input_is_named_and_the_good_one_read(case: Case, tmp_path: Path):
    spec, case_dir, good = _setup(case, tmp_path)
    df, failures = read_articles([spec, good])
    lines = [str(f) for f in failures]
    ids = df["article_id"].to_list()
    assert "probe-good" in ids, lines
    assert len(ids) - 1 == case.read, (ids, lines)
    if case.problem is None:
        assert lines == []
    else:
        assert len(lines) == 1, lines
        assert case.problem in lines[0] and "\n" not in lines[0], lines[0]
        assert _names_input(lines[0], spec, case_dir), lines[0]
    for line in lines:
        line.encode("utf-8")  # printable and writable: no lone surrogate
    df.write_parquet(io.BytesIO())  # the table can be written


@pytest.mark.parametrize("case", RUNNABLE, ids=[c.id for c in RUNNABLE])
def test_hostile_input_cli_exit_code(case: Case, tmp_path: Path):
    spec, case_dir, good = _setup(case, tmp_path)
    arg = os.fsdecode(spec) if isinstance(spec, bytes) else spec  # what Python makes of such an argv item
    result = CliRunner().invoke(main, ["segment", arg, str(good), "--format", "jsonl"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == (0 if case.problem is None else 2), result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == (0 if case.problem is None else 1), result.stderr
    assert all(_names_input(line.removeprefix("Error: "), spec, case_dir) for line in errors), errors
    assert all(line.startswith(("Error: ", "Warning: ")) for line in result.stderr.splitlines() if line.strip())
    ids = {json.loads(line)["article_id"] for line in result.stdout.split("\n") if line}  # not splitlines: U+2028
    assert "probe-good" in ids and len(ids) - 1 == case.read


# ------------------------------------------------------------------ what the cases cannot show


def test_unlistable_directory_simulated(tmp_path: Path, monkeypatch):
    """As root, permission bits do not stop a listing: the OS's refusal is simulated. Before, a subdirectory that
    could not be listed was skipped without a word (pathlib's rglob swallows PermissionError)."""
    (tmp_path / "a.txt").write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    df, failures = read_articles([tmp_path])
    assert df["article_id"].to_list() == ["a"]
    assert [str(f) for f in failures] == [f"{locked}: cannot list the directory (Permission denied)"]
    df, failures = read_articles([str(tmp_path / "**" / "*.txt")])
    assert df["article_id"].to_list() == ["a"]
    assert [str(f) for f in failures] == [f"{locked}: cannot list the directory (Permission denied)"]


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    real = os.open

    def refuse(path, flags, *args, **kwargs):
        if os.fspath(path) == str(p):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    df, failures = read_articles([p])
    assert df.height == 0 and [str(f) for f in failures] == [f"{p}: cannot read (Permission denied)"]


def test_non_utf8_name_is_read_and_shown_with_escapes(tmp_path: Path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(f"Headline\n\n{BODY}\n".encode())
    warnings: list[str] = []
    df, failures = read_articles([raw], warnings=warnings)
    assert failures == [] and df["source"].to_list() == [f"{tmp_path}/caf\\xe9.txt"]
    assert df["article_id"].to_list() == ["caf"]
    assert warnings == [f"{tmp_path}/caf\\xe9.txt: the file name is not valid UTF-8; shown with \\x escapes"]


def test_lang_no_is_norwegian(tmp_path: Path):
    p = tmp_path / "nb.md"
    p.write_text("---\nlang: no\ntitle: Lavrov\n---\n\nRussland vil fortsette å støtte den syriske regjeringen, "
                 "sa utenriksminister Sergej Lavrov søndag.\n", encoding="utf-8")
    df, failures = read_articles([p])
    assert failures == [] and df["lang"].to_list() == ["no"]


def test_one_path_not_in_a_list(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    for spec in (str(p), p, os.fsencode(p)):
        df, failures = read_articles(spec)  # not each character of the path as a path
        assert failures == [] and df["article_id"].to_list() == ["a"]


def test_csv_field_size_limit_is_restored(tmp_path: Path):
    before = csv.field_size_limit()
    p = tmp_path / "c.csv"
    p.write_text(f'lang,text\nen,"{"Lavrov spoke. " * 20_000}"\n', encoding="utf-8")
    df, failures = read_articles([p])
    assert failures == [] and df.height == 1 and csv.field_size_limit() == before


def test_expansion_returns_regular_files_only(tmp_path: Path):
    """A pipeline hashes every expanded path (transcompare.stages.input_files): a pipe among them would hang it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(tmp_path / "pipe.txt")
    errors: list = []
    assert expand_paths([tmp_path / "pipe.txt"], errors) == []
    assert [str(e) for e in errors] == [f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe); give a file, "
                                        "not a pipe or a device"]


def _tree(root: Path) -> None:
    """Nested directories, hidden ones, files of several suffixes, and links to a file and to a directory."""
    for rel in ("a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt", "sub/deeper/e.md", ".hidden/f.txt", "sub/.g.txt",
                "x1.txt", "sub/x2.md", "other/h.txt"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    (root / "sub" / "to-other").symlink_to(root / "other")
    (root / "link.txt").symlink_to(root / "a.txt")


@pytest.mark.parametrize("pattern", ["**/*.txt", "*.txt", "*/*.md", "**", "sub/**/*.md", "**/x*", ".hidden/*.txt",
                                     "sub/*/d.txt", "**/deeper/*", "*/to-other/*.txt", "sub/**"])
def test_glob_matches_what_glob_glob_matches(tmp_path: Path, monkeypatch, pattern: str):
    """The loop-proof glob finds the regular files glob.glob(recursive=True) finds (relative and absolute)."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    for spec in (pattern, f"{tmp_path}/{pattern}", f"./{pattern}"):
        expected = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        errors: list = []
        assert expand_paths([spec], errors) == list(dict.fromkeys(_first_of_each(expected))), spec
        assert errors == [] if expected else [str(e) for e in errors] == [f"{spec}: pattern matches no files"]


def _first_of_each(paths: list[Path]) -> list[Path]:
    """One path per file (expand_paths keeps the first of the paths that resolve to the same file)."""
    seen, out = set(), []
    for p in paths:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            out.append(p)
    return out


# The patterns that took quadratic time, as they were: on ordinary Markdown the new ones give the same text.
OLD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
OLD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
OLD_EMPH = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")


@pytest.mark.parametrize("text", [
    "Lavrov said **the army** was *crucial* and __absurd__ to _exclude_.",
    "A [link](https://example.org/a) and ![a caption](img.jpg) and [another](u \"title\").",
    "snake_case_words and 2*3*4 and a lone * star and a lone _ underscore.",
    "**bold with _inner_ emphasis** then *em with __strong__ inside*.",
    "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) and ***both*** marks.",
    "Lines\n*one* here\nand _two_ there, ** not bold **, and [broken](link.",
])
def test_markdown_cleanup_unchanged_on_ordinary_text(text: str):
    from transcompare.ingest.readers import _MD_EMPH, _MD_IMAGE, _MD_LINK

    def old(body: str) -> str:
        body = OLD_IMAGE.sub("\n\n", body)
        body = OLD_LINK.sub(r"\1", body)
        return OLD_EMPH.sub(r"\2", body)

    def new(body: str) -> str:
        body = _MD_IMAGE.sub("\n\n", body)
        body = _MD_LINK.sub(r"\1", body)
        return _MD_EMPH.sub(lambda m: next(g for g in m.groups() if g is not None), body)

    assert new(text) == old(text)
