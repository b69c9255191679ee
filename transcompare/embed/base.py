"""The embedder protocol: an embedder only turns a batch of texts into a batch of unit vectors.

Batching, caching, model choice and progress live once above it (:class:`transcompare.embed.Embeddings`).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np


class Embedder(Protocol):
    """A sentence embedder. Vectors are float32 and L2-normalised, so a dot product is the cosine."""

    name: str
    dim: int
    languages: frozenset[str] | None  # languages it was trained for (None: any)

    def identity(self) -> dict[str, Any]:
        """What makes its vectors what they are (package, version, model file, settings): cache key, manifest."""
        ...

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


def normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)
