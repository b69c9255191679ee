"""Corpora: JSONL, CSV and Parquet files of one article per row. A row that cannot be read is reported (naming the
file and the row) and skipped; the other rows are read."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Iterator

from transcompare.errors import InputError, InputFailure
from transcompare.ingest.article import Article
from transcompare.ingest.decode import MAX_CORPUS_BYTES, decode, read_bytes
from transcompare.ingest.meta import (
    clipped,
    first_line,
    from_body,
    lone_surrogate,
    meta_value,
    slug,
    unexpected,
    value_problem,
)

# column names that hold an article's text in exports, suggested when a row has no 'text' (body, content: read)
TEXT_ALIASES = ("article", "texto", "texte", "fulltext", "full_text", "article_text", "story", "maintext")


def iter_corpus(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """Rows of a JSONL/CSV/Parquet corpus as dicts, numbered from 1 (JSONL: the line's number; CSV and Parquet:
    the data row's). A row that cannot be read comes as an InputError naming it, and the rows after it
    still come: one bad line never costs the others."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(path)
    elif suffix == ".csv":
        yield from _csv_rows(path)
    else:
        yield from _parquet_rows(path)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines split at LF (or at CR in a file with no LF) only: U+2028, U+0085 and the other characters
    ``str.splitlines`` breaks at are valid inside a JSON string, so splitting there would break a good row."""
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    start, lineno = 0, 0
    while start < len(text):
        end = text.find(sep, start)
        end = len(text) if end < 0 else end
        lineno += 1
        yield lineno, text[start:end]
        start = end + 1


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    text = decode(read_bytes(path, MAX_CORPUS_BYTES), str(path))
    for lineno, line in _lines(text):
        line = line.removeprefix("\ufeff")  # files joined with cat, each with its byte-order mark
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            at = "" if err.msg.endswith(" at") else " at"  # "Unterminated string starting at" column …
            yield lineno, InputError(path, f"not valid JSON ({err.msg}{at} column {err.colno})", row=lineno)
            continue
        except (ValueError, RecursionError) as err:  # 5,000-digit integers, nesting beyond the stack
            reason = "nested too deeply" if isinstance(err, RecursionError) else str(err).split(";")[0]
            yield lineno, InputError(path, f"not valid JSON ({reason})", row=lineno)
            continue
        if not isinstance(record, dict):
            yield lineno, InputError(path, "each line must be a JSON object", row=lineno)
            continue
        problem = lone_surrogate(record)
        if problem:
            yield lineno, InputError(path, problem, row=lineno)
            continue
        yield lineno, record


CSV_DELIMITERS = ";\t|"  # tried, in this order of preference, when a header has one column and holds one


def _csv_delimiter(text: str) -> str:
    """``,``, or the delimiter of a CSV file written with another one (``;`` by spreadsheets in many locales,
    tab): the header read with commas is one column that holds it. A one-column corpus has only a 'text'
    column, and a header does not hold that column's delimiter otherwise."""
    import csv

    try:
        header = next(csv.reader(io.StringIO(text[:65536], newline="")), [])
    except csv.Error:
        return ","
    if len(header) != 1:
        return ","
    counts = {d: header[0].count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    import csv

    text = decode(read_bytes(path, MAX_CORPUS_BYTES), str(path))
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, min(MAX_CORPUS_BYTES, 2**31 - 1)))  # a long article is one long field
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(text))
        try:
            header = next(rows, None)
        except csv.Error as err:
            yield -1, InputError(path, f"not valid CSV in the header ({err})")
            return
        if header is None:
            return
        header = [h.strip().lstrip("\ufeff").strip() for h in header]  # a second BOM (files joined with cat)
        lineno = 0  # data rows, from 1 (as polars and the other formats count them)
        lines = None  # the file's lines, split only when a row spans several
        while True:
            start = rows.line_num + 1
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as err:  # that row only: the reader goes on at the next line
                lineno += 1
                yield lineno, InputError(path, f"not valid CSV at line {rows.line_num} ({err})", row=lineno)
                continue
            if not any(cell.strip() for cell in row):
                continue
            lineno += 1
            if rows.line_num > start:  # a quoted field with line breaks: it must be closed before the file ends
                lines = lines if lines is not None else io.StringIO(text, newline="").readlines()
                if "".join(lines[start - 1:rows.line_num]).count('"') % 2:
                    yield lineno, InputError(path, f"a quoted field opened on line {start} is never closed (the "
                                             "rest of the file would be read into it)", row=lineno)
                    continue
            if len(row) != len(header):
                yield lineno, InputError(path, f"row has {len(row)} fields, the header has {len(header)}",
                                         row=lineno)
                continue
            yield lineno, dict(zip(header, row))
    finally:
        csv.field_size_limit(old_limit)


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """Rows through pyarrow, which raises an error on a malformed file where polars' reader may panic (a Rust
    panic prints its own lines on stderr), and whose footer tells the size before anything is decompressed."""
    import pyarrow.parquet as pq

    data = read_bytes(path, MAX_CORPUS_BYTES)  # size and readability checks; read once, from these bytes
    try:
        meta = pq.read_metadata(io.BytesIO(data))
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if size > MAX_CORPUS_BYTES:
            raise InputError(path, f"decompresses to {size / 2**20:.0f} MiB, more than the limit of "
                             f"{MAX_CORPUS_BYTES / 2**20:g} MiB")
        table = pq.read_table(io.BytesIO(data))
    except InputError:
        raise
    except BaseException as err:  # pyarrow raises several error types on malformed files
        if not unexpected(err):
            raise
        raise InputError(path, f"cannot read as parquet ({first_line(err)})") from None
    rowno = 0
    try:
        for batch in table.to_batches():
            for record in batch.to_pylist():
                rowno += 1
                yield rowno, record
    except Exception as err:  # a value pyarrow cannot make a Python object of
        yield -1, InputError(path, f"cannot read the rows after row {rowno} ({first_line(err)})")


def _no_text(where: str, record: dict[str, Any]) -> InputError:
    import difflib

    keys = [str(k) for k in record]
    alias = next((k for k in keys if k.casefold() in TEXT_ALIASES), None)
    close = alias or next(iter(difflib.get_close_matches("text", keys, n=1, cutoff=0.5)), None)
    if close and close != "text":
        return InputError(where, f"row has no text (expected a 'text' column; did you mean '{clipped(close)}'? "
                          f"rename it to 'text')")
    return InputError(where, "row has no text (expected a 'text' column)")


def read_corpus(path: Path, errors: list[InputFailure]) -> list[Article]:
    """One article per row; a bad row is reported in ``errors`` (naming it) and skipped, the others are read."""
    out = []
    rows = 0
    for rowno, record in iter_corpus(path):
        rows += 1
        where = f"{path}#{rowno}"
        try:
            if isinstance(record, InputError):
                raise record
            problem = value_problem(record)
            if problem:
                raise InputError(where, problem)
            text = meta_value(record, "text")
            if not text:
                raise _no_text(where, record)
            rid = meta_value(record, "id") or str(rowno)
            art = from_body(where, slug(f"{path.stem}-{rid}"), meta_value(record, "title"), text, record,
                             title_from_body=False)
            out.append(art)
        except InputError as err:
            row = err.row if err.row is not None else (rowno if rowno >= 0 else None)
            errors.append(InputFailure(str(path), err.problem, row))
        except BaseException as err:  # a bug met by one row costs that row only
            if not unexpected(err):
                raise
            errors.append(InputFailure(str(path), f"cannot read the row: {type(err).__name__} ({first_line(err)})",
                                       rowno if rowno >= 0 else None))
    if rows == 0:
        errors.append(InputFailure(str(path), "corpus has no rows"))
    return out
