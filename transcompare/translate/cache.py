"""SQLite translation cache shared by runs (WAL mode; safe for several processes).

Key: engine, model (identity + version + settings that change output), source language, target language and the
source sentence. Every batch is committed as soon as it is translated, so an interrupted run keeps what it finished.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from transcompare.store import SQLiteStore

SCHEMA_VERSION = 1


def default_cache_path() -> Path:
    """``$TRANSCOMPARE_CACHE/translations.sqlite3``; else the user cache directory (platformdirs: on Linux
    ``$XDG_CACHE_HOME/transcompare``, i.e. ``~/.cache/transcompare``; on macOS ``~/Library/Caches/transcompare``)."""
    base = os.environ.get("TRANSCOMPARE_CACHE")
    if base:
        root = Path(base).expanduser()
    else:
        from platformdirs import user_cache_path

        root = user_cache_path("transcompare", appauthor=False)
    return root / "translations.sqlite3"


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses}


class TranslationCache(SQLiteStore):
    """Look up and store translations. Opened lazily; one connection per process."""

    label = "translation cache"
    fix = "delete it, or turn the cache off: --no-cache, or [translate] cache = false in a pipeline file"

    def __init__(self, path: str | os.PathLike, timeout: float = 60.0):
        super().__init__(path, timeout)
        self.stats = CacheStats()

    def create(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS translations ("
            " engine TEXT NOT NULL, model TEXT NOT NULL, src TEXT NOT NULL, tgt TEXT NOT NULL,"
            " source TEXT NOT NULL, translation TEXT NOT NULL, created REAL NOT NULL,"
            " PRIMARY KEY (engine, model, src, tgt, source)) WITHOUT ROWID"
        )
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- use --------------------------------------------------------------------------------------------
    def get_many(self, engine: str, model: str, src: str, tgt: str, sources: list[str]) -> dict[str, str]:
        """Cached translations for those of ``sources`` that are cached (counts hits and misses)."""
        found: dict[str, str] = {}
        uniq = list(dict.fromkeys(sources))
        chunk = 500
        for i in range(0, len(uniq), chunk):
            part = uniq[i:i + chunk]
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                f"SELECT source, translation FROM translations WHERE engine=? AND model=? AND src=? AND tgt=?"
                f" AND source IN ({marks})", [engine, model, src, tgt, *part]).fetchall()
            found.update(rows)
        self.stats.hits += len(found)
        self.stats.misses += len(uniq) - len(found)
        return found

    def put_many(self, engine: str, model: str, src: str, tgt: str, pairs: list[tuple[str, str]]) -> None:
        """Store one batch in one transaction (committed before returning)."""
        if not pairs:
            return
        now = time.time()
        self.write_many(
            "INSERT OR REPLACE INTO translations (engine, model, src, tgt, source, translation, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", [(engine, model, src, tgt, s, t, now) for s, t in pairs])

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
