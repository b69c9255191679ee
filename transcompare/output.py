"""Writing tables to stdout (CLI) and to files (atomic)."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import polars as pl


# C0 and C1 control characters but newline and tab: a hostile article's terminal escapes (ESC ]0;title BEL,
# ESC [2J) would retitle or clear the reader's terminal. Replaced one for one, so character offsets still hold.
_CONTROL = {c: "\ufffd" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def printable(text: str) -> str:
    """``text`` with control characters (but newline and tab) replaced by U+FFFD, one for one."""
    return text.translate(_CONTROL) if text else text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory and a rename; the file gets the
    permissions ``open()`` would give it (0666 less the umask), not mkstemp's 0600."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """For writers that want a file name rather than bytes (SQLite): a temp file in the directory of ``path``,
    renamed to ``path`` when the block ends (with the permissions ``open()`` would give), removed if it raises."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def frame_bytes(df: pl.DataFrame, fmt: str) -> bytes:
    """Serialise a frame as parquet, csv or jsonl (list columns in csv are joined by ' | ')."""
    buf = io.BytesIO()
    if fmt == "parquet":
        df.write_parquet(buf)
    elif fmt == "csv":
        flat = df.with_columns(
            [pl.col(c).cast(pl.List(pl.Utf8)).list.join(" | ") for c, t in df.schema.items() if isinstance(t, pl.List)]
        )
        flat.write_csv(buf)
    elif fmt == "jsonl":
        for row in df.iter_rows(named=True):
            buf.write((json.dumps(row, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buf.getvalue()


def write_table(df: pl.DataFrame, path: str | os.PathLike, fmt: str | None = None) -> None:
    """Atomically write a frame; the format defaults to the file's suffix."""
    fmt = fmt or Path(path).suffix.lstrip(".")
    atomic_write_bytes(path, frame_bytes(df, fmt))


# Piped into a file or another program, output is this wide: wider than any line it prints, so nothing is wrapped
UNWRAPPED = 1_000_000


def output_console(file=None, width: int | None = None, **kwargs):
    """A rich console for a command's main output (stdout by default).

    On a terminal, it is the terminal's width. Piped into a file or another program it does not wrap at all
    (rich would wrap at 80 columns: a signature broken as ``mt:a`` / ``pertium``, table cells in narrow
    stacks): each line is as long as its text, and ``wraps`` is false, so views draw tables at their natural
    width rather than expanded to the console's. ``width`` (``show --width``) or $COLUMNS sets a width
    anywhere. When the reader stops early (``transcompare show RUN | head``), it raises BrokenPipeError, which
    the CLI ends quietly with exit code 0, instead of rich's own exit code 1.
    """
    from rich.console import Console

    class _Console(Console):
        wraps = True

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    file = file or sys.stdout
    unwrapped = width is None and not os.environ.get("COLUMNS") and not (hasattr(file, "isatty") and file.isatty())
    console = _Console(file=file, width=UNWRAPPED if unwrapped else width, **kwargs)
    console.wraps = not unwrapped
    return console


def write_frame(df: pl.DataFrame, fmt: str, out=None, width: int | None = None) -> None:
    """Print a frame to stdout as a rich table (``width``: wrapped to that many columns, default the
    terminal's), jsonl or csv."""
    out = out or sys.stdout
    if fmt == "table":
        from rich.table import Table

        console = output_console(out, width=width)
        table = Table(show_lines=False)
        for col in df.columns:
            table.add_column(col, overflow="fold")
        for row in df.iter_rows():
            table.add_row(*["" if v is None else printable(str(v)) for v in row])
        console.print(table)
    else:
        out.write(frame_bytes(df, fmt).decode("utf-8"))
        out.flush()


def frame_from_columns(cols: dict[str, list], schema: pl.Schema) -> pl.DataFrame:
    """A frame from Python columns; list columns go through Arrow (several times faster than polars' own
    conversion of lists of lists)."""
    import pyarrow as pa

    out = []
    for name, dtype in schema.items():
        if isinstance(dtype, pl.List):
            inner = pa.string() if dtype.inner == pl.Utf8 else pa.int64()
            out.append(pl.from_arrow(pa.array(cols[name], type=pa.list_(inner))).alias(name).cast(dtype))
        else:
            out.append(pl.Series(name, cols[name], dtype=dtype))
    return pl.DataFrame(out)
