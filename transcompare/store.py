"""A SQLite file shared by runs and processes (WAL mode), opened lazily: the base of the translation and
embedding caches. Subclasses give ``label`` and ``fix`` (for error messages) and create their tables."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from transcompare.errors import EngineError
from transcompare.files import creatable_at


class SQLiteStore:
    label = "cache"
    fix = "delete it"

    def __init__(self, path: str | os.PathLike, timeout: float = 60.0):
        self.path = Path(path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None

    def create(self, conn: sqlite3.Connection) -> None:
        """Create the tables (``CREATE TABLE IF NOT EXISTS``)."""

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    self._conn = self._open()
                    break
                except sqlite3.OperationalError as err:
                    # switching to WAL while another process opens the same new file can report "locked"
                    # at once, without waiting for the busy timeout: retry until our own timeout
                    if "locked" in str(err) and time.monotonic() < deadline:
                        time.sleep(0.05)
                        continue
                    raise EngineError(f"{self.label} {self.path}: {err} ({self.fix})") from err
                except sqlite3.DatabaseError as err:
                    raise EngineError(f"{self.label} {self.path}: {err} ({self.fix})") from err
                except (OSError, ValueError) as err:  # a folder that cannot be made, a NUL byte in the path
                    reason = getattr(err, "strerror", None) or str(err)
                    raise EngineError(f"{self.label} {self.path}: cannot create it ({reason}) ({self.fix})") from None
        return self._conn

    def check(self) -> None:
        """An EngineError now rather than in the middle of a run: an existing store is opened and closed; for a
        new one, a folder is made (and removed) where it will be created. Nothing is left behind."""
        if self.path.exists():
            self.conn
            self.close()
            return
        try:
            creatable_at(self.path.parent)
        except (OSError, ValueError) as err:
            reason = getattr(err, "strerror", None) or str(err)
            raise EngineError(f"{self.label} {self.path}: cannot create it ({reason}) ({self.fix})") from None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self.create(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def write_many(self, sql: str, rows: list[tuple]) -> None:
        """``executemany`` in one immediate transaction, committed before returning (rolled back on failure)."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, rows)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
