"""Hostile inputs, one :class:`Case` each: what a probe of `transcompare segment` found (issue #14, "misuse loses
nothing"). Shared by tests/ingest/test_in_hostile.py and bench/probe_inputs.py.

A case writes its input into an empty directory and returns the path (or glob) to give. Read together with one
good article, it must give: no traceback, no hang, the good article read, and either the articles it holds
(``read``) or one line naming the input and its ``problem``.
"""

from __future__ import annotations

import json
import os
import random
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

GOOD = ("---\nlang: en\ntitle: Lavrov says Russia will keep supporting Syria\n---\n\n"
        "Russia will keep supporting the Syrian government in its fight against Islamic State, Foreign "
        "Minister Sergei Lavrov said on Sunday.\n\n"
        "Excluding the Syrian army from that fight would be absurd, he added.\n")
BODY = ("Lavrov said on Sunday that Russia would keep supporting the Syrian government.\n\n"
        "He called the exclusion of the Syrian army from the fight absurd.")
ROW = {"lang": "en", "title": "Lavrov backs Syria", "text": BODY}
ROW_LINE = json.dumps(ROW)
SYSFS_UNREADABLE = Path("/sys/bus/pci/rescan")  # write-only: opening it to read fails even for root


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    build: Callable[[Path], "str | bytes"] = field(repr=False)
    problem: str | None = None  # in the one error line; None: read with no error
    read: int = 0  # articles read from the hostile input
    skip: Callable[[], "str | None"] = field(default=lambda: None, repr=False)  # why it cannot run here

    @property
    def id(self) -> str:
        return f"{self.category}:{self.name}"


def _write(name: str, data: str | bytes) -> Callable[[Path], str]:
    def build(d: Path) -> str:
        p = d / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return str(p)
    return build


def _jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _md(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}\n---\n\n{body}\n".encode("utf-8")


def _seeded(seed: int, n: int, lo: int = 0, hi: int = 256) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(lo, hi) for _ in range(n))


def _laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join([f'*{prev}'] * 10)}]")
    return "\n".join(lines) + "\ntitle: *j"


def _parquet(name: str, frame: Callable[[], object], cut: bool = False) -> Callable[[Path], str]:
    def build(d: Path) -> str:
        p = d / name
        frame().write_parquet(p)
        if cut:
            data = p.read_bytes()
            p.write_bytes(data[: len(data) // 2])
        return str(p)
    return build


def _frame(**columns):
    import polars as pl

    return lambda: pl.DataFrame(columns)


def _fifo(d: Path) -> str:
    p = d / "pipe.txt"
    os.mkfifo(p)
    return str(p)


def _symlink(name: str, target: str | Path, spec: str = "link") -> Callable[[Path], str]:
    def build(d: Path) -> str:
        (d / name).symlink_to(target if target != "." else d)
        return str(d / name) if spec == "link" else str(d)
    return build


def _dir_with_loops(d: Path) -> str:
    (d / "a.txt").write_text(f"A headline\n\n{BODY}\n", encoding="utf-8")
    (d / "loop").symlink_to(d)  # a directory link back to its parent: not followed
    (d / "self.txt").symlink_to(d / "self.txt")  # a file link to itself: reported
    return str(d)


def _glob_through_loops(d: Path) -> str:
    (d / "a.txt").write_text(f"A headline\n\n{BODY}\n", encoding="utf-8")
    for name in ("l1", "l2", "l3"):  # glob.glob('**') recurs into each, exponentially, until ELOOP
        (d / name).symlink_to(d)
    return str(d / "**" / "*.txt")


def _dev_zero_in_dir(d: Path) -> str:
    (d / "zero.txt").symlink_to("/dev/zero")
    return str(d)


def _broken_in_dir(d: Path) -> str:
    (d / "a.txt").write_text(f"A headline\n\n{BODY}\n", encoding="utf-8")
    (d / "gone.md").symlink_to(d / "missing.md")
    return str(d)


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _sysfs_refuses_root() -> bool:
    try:
        with open(SYSFS_UNREADABLE, "rb"):
            return False
    except OSError:
        return SYSFS_UNREADABLE.exists()


def _unreadable_file(d: Path) -> str:
    p = d / "unreadable.txt"
    if _root():  # permission bits do not stop root; a write-only sysfs attribute does
        p.symlink_to(SYSFS_UNREADABLE)
    else:
        p.write_text(f"A headline\n\n{BODY}\n", encoding="utf-8")
        p.chmod(0)
    return str(p)


def _unreadable_file_skip() -> str | None:
    if _root() and not _sysfs_refuses_root():
        return f"running as root, and {SYSFS_UNREADABLE} (which refuses even root) is not here"
    return None


def _unlistable_dir(d: Path) -> str:
    sub = d / "locked"
    sub.mkdir()
    (sub / "a.txt").write_text(f"A headline\n\n{BODY}\n", encoding="utf-8")
    sub.chmod(0)
    return str(d)


def _unlistable_dir_skip() -> str | None:
    if _root():
        return "running as root: permission bits do not stop root (test_unlistable_directory_simulated covers it)"
    return None


def _non_utf8_name(as_bytes: bool) -> Callable[[Path], str | bytes]:
    def build(d: Path) -> str | bytes:
        p = os.path.join(os.fsencode(d), b"caf\xe9-\xff.txt")  # latin-1 bytes: not UTF-8
        with open(p, "wb") as fh:
            fh.write(f"A headline\n\n{BODY}\n".encode())
        return p if as_bytes else os.fsdecode(p)
    return build


def _non_utf8_skip() -> str | None:
    if sys.getfilesystemencoding().lower() not in ("utf-8", "utf8"):
        return "the file system encoding is not UTF-8"
    return None


def _no_fifo() -> str | None:
    return None if hasattr(os, "mkfifo") else "no named pipes on this system"


def _no_dev_zero() -> str | None:
    return None if Path("/dev/zero").exists() and stat.S_ISCHR(os.stat("/dev/zero").st_mode) else "no /dev/zero"


def _through_a_file(d: Path) -> str:
    (d / "file.txt").write_text("x", encoding="utf-8")
    return str(d / "file.txt" / "a.txt")


def _long_csv_field() -> bytes:
    long = "Lavrov said Russia would keep supporting Syria. " * 5000  # 240,000 characters: past csv's 131,072
    return f'lang,text\nen,"{long}"\nen,"{BODY}"\n'.encode()


CASES: list[Case] = [
    # ---- JSONL corpora: a bad row is named (file#row); the good row of the same file is read
    Case("jsonl", "nested arrays (RecursionError)",
         _write("deep.jsonl", _jsonl(ROW_LINE, "[" * 100_000 + "]" * 100_000)), "#2: not valid JSON (nested", 1),
    Case("jsonl", "nested objects (RecursionError)",
         _write("deepo.jsonl", _jsonl(ROW_LINE, '{"a": ' * 50_000 + "1" + "}" * 50_000)), "#2: not valid JSON", 1),
    Case("jsonl", "5,000-digit integer",
         _write("bigint.jsonl", _jsonl(ROW_LINE, '{"lang": "en", "text": ' + "9" * 5000 + "}")),
         "#2: not valid JSON", 1),
    Case("jsonl", "lone surrogate escape in the text",
         _write("surrogate.jsonl", _jsonl(ROW_LINE, json.dumps(ROW).replace("Sunday", "Sunday \\ud800"))),
         "#2: 'text' holds a lone surrogate (\\ud800)", 1),
    Case("jsonl", "lone surrogate escape in a key",
         _write("surrogate-key.jsonl", _jsonl(ROW_LINE, '{"\\udfff": 1, ' + ROW_LINE[1:])),
         "#2: '\\udfff' holds a lone surrogate", 1),
    Case("jsonl", "lone surrogate escape in the id",
         _write("surrogate-id.jsonl", _jsonl(ROW_LINE, '{"id": "x\\udc80", ' + ROW_LINE[1:])),
         "#2: 'id' holds a lone surrogate (\\udc80)", 1),
    Case("jsonl", "surrogate pair (an emoji): fine",
         _write("pair.jsonl", _jsonl(ROW_LINE, json.dumps(ROW).replace("Sunday", "Sunday \\ud83d\\ude00"))), None, 2),
    Case("jsonl", "raw U+2028 and U+0085 inside a string",
         _write("u2028.jsonl", _jsonl(ROW_LINE, json.dumps(ROW, ensure_ascii=False).replace(
             "Sunday", "Sunday\u2028and\x85Monday"))), None, 2),
    Case("jsonl", "files joined with cat, each with a BOM",
         _write("joined.jsonl", b"\xef\xbb\xbf" + _jsonl(ROW_LINE) + b"\xef\xbb\xbf" + _jsonl(ROW_LINE)), None, 2),
    Case("jsonl", "text is a mapping",
         _write("mapping.jsonl", _jsonl(ROW_LINE, json.dumps({"lang": "en", "text": {"p": BODY}}))),
         "#2: 'text' holds a mapping, not text", 1),
    Case("jsonl", "text is NaN",
         _write("nan.jsonl", _jsonl(ROW_LINE, '{"lang": "en", "text": NaN}')), "#2: 'text' holds a number", 1),
    Case("jsonl", "a line that is an array", _write("array.jsonl", _jsonl(ROW_LINE, "[1, 2]")),
         "#2: each line must be a JSON object", 1),
    # ---- YAML front matter
    Case("front matter", "never closed", _write("unclosed.md", f"---\nlang: en\ntitle: Lavrov\n\n{BODY}\n"),
         "front matter opened with '---' on line 1 is never closed"),
    Case("front matter", "a rule on the first line, no front matter", _write("rule.md", f"---\n\n{BODY}\n"), None, 1),
    Case("front matter", "lone surrogate escape in the title",
         _write("surrogate.md", _md('lang: en\ntitle: "Lavrov \\ud800"')),
         "front matter 'title' holds a lone surrogate (\\ud800)"),
    Case("front matter", "lone surrogate escape in the language",
         _write("surrogate-lang.md", _md('lang: "e\\udc80"')), "front matter 'lang' holds a lone surrogate"),
    Case("front matter", "nested lists (RecursionError)",
         _write("deep.md", _md("title: " + "[" * 20_000 + "]" * 20_000)), "nested more than 20 levels deep"),
    Case("front matter", "nested mappings (RecursionError)",
         _write("deep-map.md", _md("title: " + "{a: " * 5_000 + "1" + "}" * 5_000)), "nested more than 20 levels"),
    Case("front matter", "billion laughs (aliases)", _write("laughs.md", _md(_laughs())), "uses an alias (*a)"),
    Case("front matter", "an alias loop", _write("loop.md", _md("title: &a [*a]")), "uses an alias (*a)"),
    Case("front matter", "a date whose UTC offset is out of range",
         _write("offset.md", _md("lang: en\npublished: 2015-09-13 10:00:00 +25:00")),
         "line 3: '2015-09-13 10:00:00 +25:00' is not a valid date: its UTC offset is out of range"),
    Case("front matter", "!!timestamp on a non-date (AttributeError: groupdict)",
         _write("tag.md", _md("lang: en\npublished: !!timestamp last Sunday")), "'last Sunday' is not a date"),
    Case("front matter", "!!timestamp in a .txt that starts with ---",
         _write("tag.txt", _md("published: !!timestamp 2015")), "'2015' is not a date"),
    Case("front matter", "a 5,000-digit integer",
         _write("bigint.md", _md("lang: en\nid: " + "9" * 5000)), "line 3: '9999"),
    Case("front matter", "a Python tag (safe_load refuses it)",
         _write("python.md", _md('lang: en\ntitle: !!python/object/apply:os.system ["true"]')),
         "front matter is not valid YAML (line 3: could not determine a constructor"),
    Case("front matter", "title is a mapping", _write("mapping.md", _md("lang: en\ntitle: {a: 1}")),
         "front matter 'title' holds a mapping, not text"),
    Case("front matter", "title is binary", _write("binary.md", _md("lang: en\ntitle: !!binary aGVsbG8=")),
         "front matter 'title' holds binary data, not text"),
    Case("front matter", "lang: no (Norwegian, not false)", _write("norwegian.md", _md("lang: no")), None, 1),
    Case("front matter", "2 MiB of front matter",
         _write("huge.md", _md("lang: en\ntags: [" + ", ".join(["tag"] * 500_000) + "]")),
         "front matter is too large"),
    # ---- text and Markdown layouts (quadratic patterns: minutes before)
    Case("layout", "a line of 30,000 '_x ' (emphasis)",
         _write("emph.md", f"# Headline\n\n{BODY}\n\n{'_x ' * 30_000}\n"), None, 1),
    Case("layout", "50,000 '[' (links)", _write("brackets.md", f"# Headline\n\n{BODY}\n\n{'[' * 50_000}\n"), None, 1),
    Case("layout", "20,000 '[x](' (links)", _write("links.md", f"# Headline\n\n{BODY}\n\n{'[x](' * 20_000}\n"),
         None, 1),
    Case("layout", "30,000 '![' (images)", _write("images.md", f"# Headline\n\n{BODY}\n\n{'![' * 30_000}\n"), None, 1),
    Case("layout", "'#', 1,000,000 spaces and no newline (heading)",
         _write("hash.md", f"---\nlang: en\ntitle: Headline\n---\n#{' ' * 1_000_000}{BODY.splitlines()[0]}"), None, 1),
    Case("layout", "a block of 100,000 short lines",
         _write("lines.txt", f"Headline\n\n{BODY}\n\n" + "\n".join(f"line {i}" for i in range(100_000)) + "\n"),
         None, 1),
    Case("layout", "CR line endings", _write("cr.txt", f"Headline\n\n{BODY}\n".replace("\n", "\r")), None, 1),
    Case("layout", "a heading and nothing else", _write("heading.md", "# Headline\n"), "no article text"),
    # ---- the file system
    Case("files", "a named pipe (hang)", _fifo, "not a regular file (a named pipe)", skip=_no_fifo),
    Case("files", "/dev/zero (MemoryError)", lambda d: "/dev/zero",
         "/dev/zero: not a regular file (a character device)", skip=_no_dev_zero),
    Case("files", "a link to /dev/zero in a directory", _dev_zero_in_dir, "zero.txt: not a regular file",
         skip=_no_dev_zero),
    Case("files", "a link to itself", _symlink("self.txt", "self.txt"), "cannot read (Too many levels of symbolic"),
    Case("files", "a directory holding link loops", _dir_with_loops, "self.txt: cannot read (Too many levels", 1),
    Case("files", "a glob through link loops (hang)", _glob_through_loops, None, 1),
    Case("files", "a broken link", _symlink("gone.txt", "missing.txt"), "a symbolic link to a missing file"),
    Case("files", "a broken link in a directory", _broken_in_dir, "gone.md: a symbolic link to a missing file", 1),
    Case("files", "an unreadable file", _unreadable_file, "cannot read (Permission denied)",
         skip=_unreadable_file_skip),
    Case("files", "an unreadable directory", _unlistable_dir, "locked: cannot list the directory (Permission denied)",
         skip=_unlistable_dir_skip),
    Case("files", "a name too long", lambda d: str(d / ("x" * 300 + ".txt")), "cannot read (File name too long)"),
    Case("files", "a path through a file", _through_a_file, "no such file or directory (a part of the path is a file)"),
    Case("files", "a name that is not UTF-8 (str)", _non_utf8_name(False), None, 1, skip=_non_utf8_skip),
    Case("files", "a name that is not UTF-8 (bytes)", _non_utf8_name(True), None, 1, skip=_non_utf8_skip),
    Case("files", "a name with a lone surrogate", lambda d: str(d / "x\ud800.txt"),
         "not a valid file name (it holds \\ud800, a lone surrogate)"),
    Case("files", "a name with a NUL", lambda d: str(d / "x\x00.txt"), "not a valid file name (it holds a NUL"),
    # ---- CSV corpora
    Case("csv", "';' as the delimiter", _write("semicolon.csv", f'lang;text\nen;"{BODY}"\n'), None, 1),
    Case("csv", "tab as the delimiter", _write("tab.csv", f'lang\ttext\nen\t"{BODY}"\n'), None, 1),
    Case("csv", "a BOM", _write("bom.csv", b"\xef\xbb\xbf" + f'text,lang\n"{BODY}",en\n'.encode()), None, 1),
    Case("csv", "two BOMs (files joined with cat)",
         _write("bom2.csv", b"\xef\xbb\xbf\xef\xbb\xbf" + f'text,lang\n"{BODY}",en\n'.encode()), None, 1),
    Case("csv", "a field of 240,000 characters (csv's limit: 131,072)", _write("long.csv", _long_csv_field()), None, 2),
    Case("csv", "a header only", _write("header.csv", "lang,text\n"), "corpus has no rows"),
    Case("csv", "a quoted field never closed (the rest of the file in it)",
         _write("unclosed.csv", f'lang,text\nen,"{BODY}"\nen,"The mayor said on Monday.\nen,Two.\nen,Three.\n'),
         "#2: a quoted field opened on line 5 is never closed", 1),  # BODY holds two line breaks
    Case("csv", "a quoted field over several lines, closed", _write("multiline.csv",
         f'lang,text\nen,"{BODY}\n\nHe said ""no"" twice."\nen,"{BODY}"\n'), None, 2),
    # ---- whitespace only
    Case("whitespace", "spaces and newlines (.txt)", _write("blank.txt", "  \n\n \t\n"), "file is empty"),
    Case("whitespace", "no-break, ideographic and zero-width spaces (.txt)",
         _write("unicode.txt", "\u00a0\u3000\n\u200b\ufeff\n\u2028\n"), "file is empty (only whitespace)"),
    Case("whitespace", "spaces (.md)", _write("blank.md", " \n\n"), "file is empty"),
    Case("whitespace", "spaces (.jsonl)", _write("blank.jsonl", " \n\t\n"), "file is empty"),
    Case("whitespace", "spaces (.csv)", _write("blank.csv", "\n \n"), "file is empty"),
    Case("whitespace", "spaces (.html)", _write("blank.html", "\n\n   "), "file is empty"),
    Case("whitespace", "front matter and no body", _write("front-only.md", "---\nlang: en\n---\n  \n"),
         "no article text"),
    # ---- Parquet corpora
    Case("parquet", "truncated", _parquet("cut.parquet", _frame(**{k: [v] for k, v in ROW.items()}), cut=True),
         "cannot read as parquet"),
    Case("parquet", "not Parquet at all", _write("text.parquet", f"Headline\n\n{BODY}\n"), "cannot read as parquet"),
    Case("parquet", "text is an integer column", _parquet("int.parquet", _frame(lang=["en"], text=[12345])),
         "#1: 'text' holds a number, not text"),
    Case("parquet", "text is a binary column", _parquet("bin.parquet", _frame(lang=["en"], text=[BODY.encode()])),
         "#1: 'text' holds binary data, not text"),
    Case("parquet", "text is a struct column", _parquet("struct.parquet", _frame(lang=["en"], text=[{"p": BODY}])),
         "#1: 'text' holds a mapping, not text"),
    # ---- random bytes
    Case("binary", "every byte value (.txt)", _write("bytes.txt", bytes(range(256)) * 40), "looks like a binary file"),
    Case("binary", "random high bytes (.txt)", _write("high.txt", _seeded(1, 5000, 128)), "cannot decode the text"),
    Case("binary", "random bytes, no NUL (.md)", _write("random.md", _seeded(2, 5000, 1)), "cannot decode the text"),
    Case("binary", "random bytes (.jsonl)", _write("random.jsonl", _seeded(3, 5000, 1)), "cannot decode the text"),
    Case("binary", "random bytes (.csv)", _write("random.csv", _seeded(4, 5000)), "looks like a binary file"),
    Case("binary", "random bytes (.html)", _write("random.html", _seeded(5, 5000)), "looks like a binary file"),
    Case("binary", "random bytes (.parquet)", _write("random.parquet", _seeded(6, 5000)), "cannot read as parquet"),
]

