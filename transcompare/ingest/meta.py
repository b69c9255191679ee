"""Metadata of an article: the keys read from front matter and corpus columns, what their values may be, and
an Article from a body of text. Also what every reader shares: names fit to print, the catch of a failure no
reader foresaw."""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from typing import Any

from transcompare.errors import InputError
from transcompare.ingest.article import Article
from transcompare.ingest.clean import layout, normalise_space, split_blocks

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


def meta_value(record: dict[str, Any], key: str) -> str:
    """The value of metadata ``key`` (the first of its aliases that is set), as text; ``""`` if none is."""
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


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` as it can be printed and written: a lone surrogate (from a ``\\ud800`` escape in JSON or YAML, or
    from a file name that is not UTF-8) as a ``\\ud800`` escape."""
    if not _SURROGATE.search(text):
        return text
    try:  # a file name's undecodable bytes (os.fsdecode's surrogateescape) as \\xff
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def clipped(text: str, limit: int = 60) -> str:
    """``text`` for a one-line message: printable (:func:`shown`), on one line, at most ``limit`` characters."""
    text = " ".join(shown(str(text)).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def lone_surrogate(record: dict[Any, Any]) -> str | None:
    """The problem with the first key or string of a parsed record (nested lists and mappings too) that holds a
    lone surrogate -- a ``\\ud800`` escape is valid JSON and YAML syntax but no character, so no text can hold it
    (it fails later, when the text is encoded for language identification or output)."""
    for key, value in record.items():
        stack = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                m = _SURROGATE.search(item)
                if m:
                    name = clipped(str(key).encode("utf-8", "backslashreplace").decode("utf-8"))
                    return (f"'{name}' holds a lone surrogate (\\u{ord(m.group()):04x}), which is not a "
                            f"character (a broken \\u escape)")
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, (list, tuple)):
                stack.extend(item)
    return None


def _not_text(value: Any, strict: bool) -> str | None:
    """What ``value`` is when an article field cannot be made of it ('a mapping', 'binary data'); None when
    it can. ``strict`` (the article's text): only a string or a list of strings."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "binary data"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, (list, tuple)):
        for item in value:
            inner = "a nested list" if isinstance(item, (list, tuple)) else _not_text(item, strict)
            if inner:
                return inner
        return None
    if not strict:
        return None
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return "a date or time"
    return f"a {type(value).__name__} value"


def value_problem(record: dict[str, Any], skip: tuple[str, ...] = ()) -> str | None:
    """The problem with the first metadata value no article field can hold (``'title' holds a mapping, not
    text``, ``'text' holds a number, not text``), else None. Values of other keys are not looked at."""
    for key, aliases in META_KEYS.items():
        if key in skip:
            continue
        for alias in aliases:
            what = _not_text(record.get(alias), strict=key == "text")
            if what:
                return f"'{alias}' holds {what}, not text"
    return None


def unexpected(err: BaseException) -> bool:
    """Whether ``err`` is a failure to read one input that is not an InputError -- a bug met by hostile input,
    or a library's own error on a malformed file -- that the caller reports for that input alone (naming it)
    before going on with the others. Interrupts and exits are not: they stop the command. pyo3's
    PanicException (a Rust library's panic on a malformed file) is a BaseException, and is."""
    return isinstance(err, Exception) or type(err).__name__ == "PanicException"


def first_line(err: BaseException, limit: int = 120) -> str:
    """The first line of an exception's message, at most ``limit`` characters (its type if it has none)."""
    text = next((line.strip() for line in str(err).splitlines() if line.strip()), "") or type(err).__name__
    return shown(text if len(text) <= limit else text[:limit - 3] + "...")


def from_body(source: str, article_id: str, title: str, body: str, meta: dict[str, Any],
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
    standfirst = meta_value(meta, "standfirst")
    lay = layout(title, blocks, byline=meta_value(meta, "byline"))
    if standfirst:
        lay.paragraphs.insert(1, normalise_space(standfirst))
        lay.kinds.insert(1, "standfirst")
    if len(lay.paragraphs) < 2:
        raise InputError(source, "no article text after the title")
    return Article(
        article_id=article_id,
        outlet=meta_value(meta, "outlet"),
        lang=meta_value(meta, "lang").lower() or None,
        title=lay.paragraphs[0],
        paragraphs=lay.paragraphs,
        kinds=lay.kinds,
        source=source,
        url=meta_value(meta, "url"),
        published=meta_value(meta, "published"),
        byline=lay.byline,
        credits=lay.credits,
    )
