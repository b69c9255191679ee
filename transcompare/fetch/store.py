"""The store of articles from the web: one directory that makes a run reproducible offline.

    DIR/index.sqlite3        one row per URL asked for: when it was fetched, the HTTP status, the final URL
                             after redirects, the files below, or the reason it failed
    DIR/raw/KEY.html         the page's bytes as they came (a feed: KEY.xml)
    DIR/articles/KEY.md      the article extracted from it: front matter (outlet, lang, title, url, published,
                             byline, fetched_at, http_status, ...) and the text, read by the Markdown reader

A URL in the index is never fetched again (unless asked to: ``--refresh``, ``--retry-failed``). Files are
written atomically, then the row is committed, so an interrupted fetch leaves no row without its files.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from transcompare.store import SQLiteStore

INDEX = "index.sqlite3"
SCHEMA_VERSION = 1
_COLUMNS = ("url", "kind", "ok", "status", "reason", "final_url", "fetched_at", "raw", "article", "content_type",
            "charset", "title", "links")


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def canonical(url: str) -> str:
    """The key a URL is stored under: without surrounding space and without its #fragment."""
    return url.strip().split("#", 1)[0]


@dataclass
class Record:
    """One URL in the index. ``ok``: its article (a page) or its links (a feed) are stored; else ``reason``."""

    url: str
    kind: str = "page"  # or "feed"
    ok: bool = False
    status: int | None = None
    reason: str = ""
    final_url: str = ""
    fetched_at: str = ""
    raw: str = ""  # relative to the store's directory
    article: str = ""
    content_type: str = ""
    charset: str = ""
    title: str = ""
    links: list[str] = field(default_factory=list)

    def row(self) -> tuple:
        data = asdict(self)
        data["ok"] = int(self.ok)
        data["links"] = json.dumps(self.links, ensure_ascii=False)
        return tuple(data[c] for c in _COLUMNS)

    @classmethod
    def from_row(cls, row: tuple) -> "Record":
        data = dict(zip(_COLUMNS, row))
        data["ok"] = bool(data["ok"])
        data["links"] = json.loads(data["links"] or "[]")
        return cls(**{k: ("" if v is None and k not in ("status",) else v) for k, v in data.items()})


class FetchStore(SQLiteStore):
    """The index of a store directory (``DIR/index.sqlite3``) and where its files go."""

    label = "fetch store"
    fix = "give another directory (--out, or [fetch] dir in a pipeline file), or delete it to fetch again"

    def __init__(self, root: str | Path, timeout: float = 60.0):
        self.root = Path(root)
        super().__init__(self.root / INDEX, timeout)

    def create(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, kind TEXT NOT NULL, ok INTEGER NOT NULL,"
            " status INTEGER, reason TEXT, final_url TEXT, fetched_at TEXT NOT NULL, raw TEXT, article TEXT,"
            " content_type TEXT, charset TEXT, title TEXT, links TEXT) WITHOUT ROWID")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def get(self, url: str) -> Record | None:
        """The stored record of ``url``; None if it was never fetched. Reading an index that does not exist
        yet creates nothing."""
        if self._conn is None and not self.path.exists():
            return None
        row = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM pages WHERE url = ?",
                                (canonical(url),)).fetchone()
        return Record.from_row(row) if row else None

    def put(self, record: Record) -> None:
        marks = ", ".join("?" * len(_COLUMNS))
        self.write_many(f"INSERT OR REPLACE INTO pages ({', '.join(_COLUMNS)}) VALUES ({marks})", [record.row()])

    def records(self) -> list[Record]:
        if self._conn is None and not self.path.exists():
            return []
        rows = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM pages ORDER BY url").fetchall()
        return [Record.from_row(r) for r in rows]

    def path_of(self, relative: str) -> Path:
        return self.root / relative
