"""SQLite embedding cache shared by runs (WAL mode; several processes may use it at once).

Key: the embedder's identity (a hash of its name, package, version and settings) and the text. A vector is
stored as float32 bytes. Every batch is committed as soon as it is embedded.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np

from transcompare.store import SQLiteStore


def embedding_cache_beside(translation_cache: str | os.PathLike) -> Path:
    """The embedding cache that goes with a translation cache: ``embeddings.sqlite3`` in the same folder."""
    return Path(translation_cache).with_name("embeddings.sqlite3")


def default_embedding_cache() -> Path:
    """``embeddings.sqlite3`` beside the translation cache (``$TRANSCOMPARE_CACHE`` or the XDG cache dir)."""
    from transcompare.translate.cache import default_cache_path

    return embedding_cache_beside(default_cache_path())


class EmbeddingCache(SQLiteStore):
    label = "embedding cache"

    def __init__(self, path: str | os.PathLike, timeout: float = 60.0):
        super().__init__(path, timeout)
        self.hits = 0
        self.misses = 0

    def create(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, text TEXT NOT NULL,"
                     " vector BLOB NOT NULL, PRIMARY KEY (model, text)) WITHOUT ROWID")

    def get_many(self, model: str, texts: list[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        uniq = list(dict.fromkeys(texts))
        for i in range(0, len(uniq), 500):
            part = uniq[i:i + 500]
            marks = ",".join("?" * len(part))
            for text, blob in self.conn.execute(
                    f"SELECT text, vector FROM embeddings WHERE model=? AND text IN ({marks})", [model, *part]):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (dim,):
                    found[text] = vec
        self.hits += len(found)
        self.misses += len(uniq) - len(found)
        return found

    def put_many(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        if not texts:
            return
        self.write_many("INSERT OR REPLACE INTO embeddings (model, text, vector) VALUES (?, ?, ?)",
                        [(model, t, np.asarray(v, np.float32).tobytes()) for t, v in zip(texts, vectors)])

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
