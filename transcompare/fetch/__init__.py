"""Articles from the web: fetch pages (and the items of RSS/Atom feeds) politely into a store directory, once.

:class:`Fetcher` fetches one URL at a time into a :class:`~transcompare.fetch.store.FetchStore`: the page's
bytes, the article extracted from them (a Markdown file the ingest reads) and a row in the index. A URL
already in the index is not fetched again, so a second fetch of the same URLs makes no HTTP request, and a
pipeline whose URLs are all stored runs offline. The HTTP side is :mod:`transcompare.fetch.client`.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from transcompare.config import FetchSection
from transcompare.fetch.client import FetchFailed, PoliteClient, user_agent
from transcompare.fetch.page import FEED_TYPES, HTML_TYPES, article_file, article_meta, decode_html, feed_links, \
    page_key
from transcompare.fetch.store import FetchStore, Record, canonical, now
from transcompare.output import atomic_write_bytes, atomic_write_text

__all__ = ["Fetcher", "FetchSection", "FetchStore", "Outcome", "Record", "canonical", "fetch_all", "user_agent"]


@dataclass
class Outcome:
    """What became of one URL: its record; ``fetched`` is False when it was stored already (no request made);
    ``kept`` is the earlier copy a failed refresh left in place."""

    url: str
    record: Record
    fetched: bool
    kept: Record | None = None

    @property
    def ok(self) -> bool:
        return self.record.ok

    def problem(self) -> str:
        """The one line of a failure: ``URL: reason``."""
        kept = f"; kept the copy fetched {self.kept.fetched_at}" if self.kept else ""
        return f"{self.url}: {self.record.reason}{kept}"


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


class Fetcher:
    """Fetch URLs into the store at ``root`` with ``settings`` (delay, timeout, retries, size cap, user agent).

    ``refresh``: fetch again what is stored; ``retry_failed``: fetch again what failed. The HTTP client is
    made on the first request, so a fetcher that finds everything stored makes none."""

    def __init__(self, root: str | Path, settings: FetchSection, *, refresh: bool = False,
                 retry_failed: bool = False, sleep: Callable[[float], None] = time.sleep):
        self.store = FetchStore(root)
        self.settings, self.refresh, self.retry_failed, self.sleep = settings, refresh, retry_failed, sleep
        self._client: PoliteClient | None = None

    @property
    def client(self) -> PoliteClient:
        if self._client is None:
            self._client = PoliteClient(self.settings, self.sleep)
        return self._client

    @property
    def requests(self) -> int:
        """HTTP requests made so far (robots.txt, redirects and retries included)."""
        return self._client.requests if self._client else 0

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self.store.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what needs fetching -------------------------------------------------------------------------------
    def stored(self, url: str) -> Record | None:
        """The record of ``url`` when it need not be fetched (given refresh/retry_failed); else None."""
        if self.refresh:
            return None
        rec = self.store.get(url)
        if rec is None or (self.retry_failed and not rec.ok):
            return None
        return rec

    def page(self, url: str) -> Outcome:
        return self._one(canonical(url), "page")

    def feed(self, url: str) -> Outcome:
        return self._one(canonical(url), "feed")

    def _one(self, url: str, kind: str) -> Outcome:
        rec = self.stored(url)
        if rec is not None:
            return Outcome(url, rec, False)
        previous = self.store.get(url)
        rec = self._fetch(url, kind)
        if not rec.ok and previous is not None and previous.ok:  # a failed refresh keeps the copy it had
            return Outcome(url, rec, True, kept=previous)
        self.store.put(rec)
        return Outcome(url, rec, True)

    # -- one fetch -----------------------------------------------------------------------------------------
    def _fetch(self, url: str, kind: str) -> Record:
        rec = Record(url, kind=kind, fetched_at=now())
        if not _is_http(url):
            rec.reason = "not an http(s) URL"
            return rec
        try:
            resp = self.client.get(url)
        except FetchFailed as err:
            rec.reason, rec.status, rec.final_url = err.reason, err.status, err.final_url or ""
            return rec
        rec.status, rec.final_url, rec.content_type = resp.status, resp.final_url, resp.content_type
        key = page_key(url, hashlib.sha256(url.encode("utf-8")).hexdigest())
        if kind == "feed":
            return self._feed_record(rec, resp, key)
        if resp.content_type not in HTML_TYPES:
            rec.reason = f"not an HTML page ({resp.content_type})"
            return rec
        rec.raw = f"raw/{key}.html"
        atomic_write_bytes(self.store.path_of(rec.raw), resp.body)
        text, rec.charset = decode_html(resp.body, resp.charset)
        found = _extract(text, resp.final_url)
        if isinstance(found, str):
            rec.reason = found
            return rec
        meta, body = found
        front = article_meta(meta, resp.final_url, key)
        rec.title = front["title"]
        how = {"requested_url": url if url != resp.final_url else "", "fetched_at": rec.fetched_at,
               "http_status": resp.status, "charset": rec.charset, "raw_html": rec.raw}
        rec.article = f"articles/{key}.md"
        atomic_write_text(self.store.path_of(rec.article), article_file(front, body, how))
        rec.ok = True
        return rec

    def _feed_record(self, rec: Record, resp, key: str) -> Record:
        if resp.content_type not in FEED_TYPES:
            rec.reason = f"not an RSS or Atom feed ({resp.content_type})"
            return rec
        rec.raw = f"raw/{key}.xml"
        atomic_write_bytes(self.store.path_of(rec.raw), resp.body)
        try:
            rec.links, rec.title = feed_links(resp.body, resp.final_url)
        except ValueError as err:
            rec.reason = str(err)
            return rec
        if not rec.links:
            rec.reason = "the feed has no items with a link"
            return rec
        rec.ok = True
        return rec


MIN_LETTERS = 80  # fewer letters of text than this besides the title: a menu, a consent wall, not an article


def _extract(text: str, url: str):
    """(meta, body) of the article in a page, or the reason there is none."""
    from transcompare.ingest.readers import extract_html

    try:
        found = extract_html(text, url=url)
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, LookupError) as err:
        return f"cannot extract the article ({type(err).__name__}: {str(err)[:100]})"
    if found is None:
        return "no article text found in the page (not an article?)"
    meta, body = found
    letters = sum(ch.isalpha() for ch in body.replace(meta.get("title") or "\x00", "", 1))
    if letters < MIN_LETTERS:
        return f"not an article: only {letters} letters of text found in the page (fewer than {MIN_LETTERS})"
    return found


def fetch_all(fetcher: Fetcher, urls: Iterable[str], feeds: Iterable[str] = (),
              progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """Every feed (its items' links join the URLs), then every URL, in order and once each; one Outcome each."""
    outcomes: list[Outcome] = []
    pages: list[str] = []
    for feed in feeds:
        got = fetcher.feed(feed)
        outcomes.append(got)
        usable = got.record if got.ok else got.kept
        pages.extend(usable.links if usable else [])
    pages = list(dict.fromkeys([*(canonical(u) for u in urls), *pages]))
    for n, url in enumerate(pages, 1):
        outcomes.append(fetcher.page(url))
        if progress:
            progress(n, len(pages))
    return outcomes
