"""Readers: one function per input format, each returning Articles (or raising InputError)."""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Any, Iterator

from transcompare.errors import InputError, InputFailure
from transcompare.ingest.article import Article
from transcompare.ingest.clean import layout, normalise_space, split_blocks
from transcompare.ingest.decode import MAX_CORPUS_BYTES, decode, read_bytes

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet"}
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES

# Metadata keys accepted in front matter and corpus columns (aliases on the right map to the left).
META_KEYS = {
    "id": ("id", "article_id"),
    "outlet": ("outlet", "source_name", "publication", "site"),
    "lang": ("lang", "language"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at"),
    "byline": ("byline", "author", "authors"),
    "standfirst": ("standfirst", "subtitle", "description"),
    "text": ("text", "body", "content"),
}
IGNORED_FRONT_MATTER = {"constructed", "note", "tags", "notes"}


def slug(text: str) -> str:
    s = re.sub(r"[^\w.-]+", "-", text.strip(), flags=re.UNICODE).strip("-.")
    return s or "article"


def _meta(record: dict[str, Any], key: str) -> str:
    for alias in META_KEYS[key]:
        value = record.get(alias)
        if value is None:
            continue
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        value = str(value).strip()
        if value:
            return value
    return ""


def _from_body(source: str, article_id: str, title: str, body: str, meta: dict[str, Any],
               title_from_body: bool = True) -> Article:
    """An article from its body text; with no title given, the first paragraph is the title (as in the seed
    layout) unless ``title_from_body`` is false (corpus rows) or it is the only paragraph: then the title is
    empty and every paragraph is body text."""
    blocks = split_blocks(body)
    if not title:
        if not blocks:
            raise InputError(source, "no article text")
        if title_from_body and len(blocks) > 1:
            title = " ".join(blocks.pop(0))
    standfirst = _meta(meta, "standfirst")
    lay = layout(title, blocks, byline=_meta(meta, "byline"))
    if standfirst:
        lay.paragraphs.insert(1, normalise_space(standfirst))
        lay.kinds.insert(1, "standfirst")
    if len(lay.paragraphs) < 2:
        raise InputError(source, "no article text after the title")
    return Article(
        article_id=article_id,
        outlet=_meta(meta, "outlet"),
        lang=_meta(meta, "lang").lower() or None,
        title=lay.paragraphs[0],
        paragraphs=lay.paragraphs,
        kinds=lay.kinds,
        source=source,
        url=_meta(meta, "url"),
        published=_meta(meta, "published"),
        byline=lay.byline,
        credits=lay.credits,
    )


def read_text(path: Path) -> list[Article]:
    """Plain text laid out like the seed: title, standfirst, byline, captions/credits, body, editor's note."""
    text = decode(read_bytes(path), str(path))
    if text.lstrip("\ufeff").startswith("---"):
        return read_markdown(path, text)
    return [_from_body(str(path), slug(path.stem), "", text, {})]


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_EMPH = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
_MD_QUOTE = re.compile(r"^>\s?", re.MULTILINE)


def read_markdown(path: Path, text: str | None = None) -> list[Article]:
    """Markdown or text with YAML front matter (outlet, lang, url, published, title, byline)."""
    import yaml

    text = decode(read_bytes(path), str(path)) if text is None else text
    m = _FRONT.match(text.replace("\r\n", "\n"))
    meta: dict[str, Any] = {}
    body = text
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise InputError(path, f"front matter is not valid YAML{where}") from None
        if not isinstance(meta, dict):
            raise InputError(path, "front matter must be a mapping of keys to values")
        body = m.group(2)
    title = _meta(meta, "title")
    heading = re.match(r"\s*#\s+(.+)\n", body)
    if heading:
        title = title or heading.group(1).strip()
        body = body[heading.end():]
    credits = [c for c in _MD_IMAGE.findall(body) if c.strip()]
    body = _MD_IMAGE.sub("\n\n", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_HEADING.sub("", body)
    body = _MD_QUOTE.sub("", body)
    body = _MD_EMPH.sub(r"\2", body)
    art = _from_body(str(path), slug(_meta(meta, "id") or path.stem), title, body, meta)
    art.credits = credits + [c for c in art.credits if c not in credits]
    art.warnings.extend(_front_matter_typos(path, meta))
    return [art]


def _front_matter_typos(path: Path, meta: dict[str, Any]) -> list[str]:
    """Warnings for front-matter keys that look like a misspelt known key (``titel``, ``outet``, ``lagn``).
    Other unknown keys (tags, notes, anything of the user's own) are kept quiet."""
    import difflib

    known = sorted({alias for aliases in META_KEYS.values() for alias in aliases} | IGNORED_FRONT_MATTER)
    out = []
    for key in meta:
        k = str(key).strip().lower()
        if k in known:
            continue
        close = difflib.get_close_matches(k, known, n=1, cutoff=0.7)
        if close:
            out.append(f"{path}: front matter key '{key}' is not used; did you mean '{close[0]}'?")
    return out


def read_html(path: Path) -> list[Article]:
    """An HTML page: main text and metadata via trafilatura."""
    import trafilatura

    html = decode(read_bytes(path), str(path))
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc
    if not doc or not (doc.get("text") or "").strip():
        raise InputError(path, "no article text found in the HTML page")
    meta = {
        "title": doc.get("title") or "",
        "outlet": doc.get("sitename") or doc.get("hostname") or "",
        "url": doc.get("url") or "",
        "published": doc.get("date") or "",
        "byline": doc.get("author") or "",
        "lang": _html_lang(html),
    }
    body = "\n\n".join(line for line in doc["text"].split("\n") if line.strip())
    return [_from_body(str(path), slug(path.stem), meta["title"], body, meta)]


def _html_lang(html: str) -> str:
    m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", html[:5000], re.IGNORECASE)
    return m.group(1).lower() if m else ""


# column names that hold an article's text in exports, suggested when a row has no 'text' (body, content: read)
TEXT_ALIASES = ("article", "texto", "texte", "fulltext", "full_text", "article_text", "story", "maintext")


def iter_corpus(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """Rows of a JSONL/CSV/Parquet corpus as dicts, numbered from 1 (JSONL: the line's number; CSV and Parquet:
    the data row's). A row that cannot be read comes as an InputError naming it, and the rows after it
    still come: one bad line never costs the others."""
    import polars as pl

    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        text = decode(read_bytes(path, MAX_CORPUS_BYTES), str(path))
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield lineno, InputError(path, f"not valid JSON ({err.msg})", row=lineno)
                continue
            except (ValueError, RecursionError) as err:  # 5,000-digit integers, nesting beyond the stack
                reason = "nested too deeply" if isinstance(err, RecursionError) else str(err).split(";")[0]
                yield lineno, InputError(path, f"not valid JSON ({reason})", row=lineno)
                continue
            if not isinstance(record, dict):
                yield lineno, InputError(path, "each line must be a JSON object", row=lineno)
                continue
            yield lineno, record
        return
    if suffix == ".csv":
        import csv
        import io

        text = decode(read_bytes(path, MAX_CORPUS_BYTES), str(path))
        rows = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(rows, None)
            if header is None:
                return
            header = [h.strip() for h in header]
            lineno = 0  # data rows, from 1 (as polars and the other formats count them)
            for row in rows:
                if not any(cell.strip() for cell in row):
                    continue
                lineno += 1
                if len(row) != len(header):
                    yield lineno, InputError(path, f"row has {len(row)} fields, the header has {len(header)}",
                                             row=lineno)
                    continue
                yield lineno, dict(zip(header, row))
        except csv.Error as err:
            yield -1, InputError(path, f"not valid CSV after line {rows.line_num} ({err})")
        return
    read_bytes(path, MAX_CORPUS_BYTES)  # size and readability checks
    try:
        df = pl.read_parquet(path)
    except Exception as err:  # polars raises several error types for malformed files
        raise InputError(path, f"cannot read as {suffix[1:]} ({str(err).splitlines()[0][:120]})") from None
    for rowno, record in enumerate(df.iter_rows(named=True), 1):
        yield rowno, record


def _no_text(where: str, record: dict[str, Any]) -> InputError:
    import difflib

    keys = [str(k) for k in record]
    alias = next((k for k in keys if k.casefold() in TEXT_ALIASES), None)
    close = alias or next(iter(difflib.get_close_matches("text", keys, n=1, cutoff=0.5)), None)
    if close and close != "text":
        return InputError(where, f"row has no text (expected a 'text' column; did you mean '{close}'? "
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
            text = _meta(record, "text")
            if not text:
                raise _no_text(where, record)
            rid = _meta(record, "id") or str(rowno)
            art = _from_body(where, slug(f"{path.stem}-{rid}"), _meta(record, "title"), text, record,
                             title_from_body=False)
            out.append(art)
        except InputError as err:
            row = err.row if err.row is not None else (rowno if rowno >= 0 else None)
            errors.append(InputFailure(str(path), err.problem, row))
    if rows == 0:
        errors.append(InputFailure(str(path), "corpus has no rows"))
    return out
