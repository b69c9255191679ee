"""Readers: one function per input format, each returning Articles (or raising InputError). Corpora (one article
per row) are read in :mod:`transcompare.ingest.corpus`, front matter in :mod:`transcompare.ingest.frontmatter`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transcompare.errors import InputError
from transcompare.ingest.article import Article
from transcompare.ingest.corpus import iter_corpus, read_corpus
from transcompare.ingest.decode import decode, read_bytes
from transcompare.ingest.frontmatter import front_matter, front_matter_typos
from transcompare.ingest.meta import META_KEYS, from_body, meta_value, slug

__all__ = ["SUFFIXES", "CORPUS_SUFFIXES", "HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "TEXT_SUFFIXES", "META_KEYS",
           "extract_html", "iter_corpus", "read_corpus", "read_html", "read_markdown", "read_text"]

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet"}
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES


def read_text(path: Path) -> list[Article]:
    """Plain text laid out like the seed: title, standfirst, byline, captions/credits, body, editor's note."""
    text = decode(read_bytes(path), str(path))
    if text.lstrip("\ufeff").startswith("---"):
        return read_markdown(path, text)
    return [from_body(str(path), slug(path.stem), "", text, {})]


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", re.DOTALL)
_FRONT_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n\s*[A-Za-z_][\w-]*[ \t]*:")  # '---', then a 'key:' line
# Linear time on any text: a bracket or an emphasis run never spans another of its opening characters, so no
# two attempted matches scan the same characters (the obvious patterns take minutes on a line of 20,000 '_x ').
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^)\[\]]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^)\[\]]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_TITLE = re.compile(r"\s*#\s+(\S.*)\n")  # (\S: '#' and 100,000 spaces would backtrack quadratically)
_MD_EMPH = re.compile("|".join(rf"{m}(\S(?:[^{c}\n]*?\S)?){m}" for m, c in (
    (r"\*\*", "*"), ("__", "_"), (r"\*", "*"), ("_", "_"))))  # **strong**, __strong__, *em*, _em_
_MD_QUOTE = re.compile(r"^>\s?", re.MULTILINE)


def read_markdown(path: Path, text: str | None = None) -> list[Article]:
    """Markdown or text with YAML front matter (outlet, lang, url, published, title, byline)."""
    text = decode(read_bytes(path), str(path)) if text is None else text
    m = _FRONT.match(text.replace("\r\n", "\n"))
    meta: dict[str, Any] = {}
    body = text
    if m:
        meta = front_matter(path, m.group(1))
        body = m.group(2)
    elif _FRONT_OPEN.match(text):
        raise InputError(path, "front matter opened with '---' on line 1 is never closed (a line '---' ends it)")
    title = meta_value(meta, "title")
    heading = _MD_TITLE.match(body)
    if heading:
        title = title or heading.group(1).strip()
        body = body[heading.end():]
    credits = [c for c in _MD_IMAGE.findall(body) if c.strip()]
    body = _MD_IMAGE.sub("\n\n", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_HEADING.sub("", body)
    body = _MD_QUOTE.sub("", body)
    body = _MD_EMPH.sub(lambda m: next(g for g in m.groups() if g is not None), body)
    art = from_body(str(path), slug(meta_value(meta, "id") or path.stem), title, body, meta)
    images = set(credits)
    art.credits = credits + [c for c in art.credits if c not in images]
    art.warnings.extend(front_matter_typos(path, meta))
    return [art]


def read_html(path: Path) -> list[Article]:
    """An HTML page: main text and metadata via trafilatura."""
    html = decode(read_bytes(path), str(path))
    found = extract_html(html)
    if found is None:
        raise InputError(path, "no article text found in the HTML page")
    meta, body = found
    return [from_body(str(path), slug(path.stem), meta["title"], body, meta)]


def extract_html(html: str, url: str | None = None) -> tuple[dict[str, str], str] | None:
    """The article in an HTML page (trafilatura): its metadata (title, outlet, url, published, byline, lang)
    and its body, paragraphs separated by blank lines; None when the page holds no article text. Files read
    here and pages fetched from the web (:mod:`transcompare.fetch`) are extracted alike."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc
    if not doc or not (doc.get("text") or "").strip():
        return None
    meta = {
        "title": doc.get("title") or "",
        "outlet": doc.get("sitename") or doc.get("hostname") or "",
        "url": doc.get("url") or "",
        "published": doc.get("date") or "",
        "byline": doc.get("author") or "",
        "lang": _html_lang(html),
    }
    body = "\n\n".join(line for line in doc["text"].split("\n") if line.strip())
    return meta, body


def _html_lang(html: str) -> str:
    m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", html[:5000], re.IGNORECASE)
    return m.group(1).lower() if m else ""
