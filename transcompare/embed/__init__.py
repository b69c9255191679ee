"""Sentence embeddings, offline: one small protocol (:class:`Embedder`), two packaged models, one cache.

Public API::

    emb = Embeddings("auto", cache_path=default_embedding_cache())
    model = emb.choose({"en", "de", "he"})        # e5-small: the only packaged model that knows Hebrew
    vectors = emb.embed(["Lavrov said ...", "Лавров заявил ..."], model)   # (2, dim), unit rows
    emb.signature()                               # for the manifest: model identity, cache hits/misses

``auto`` is ``e5-small`` (see :meth:`Embeddings.choose`). One model per run: vectors of two models are not
comparable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from transcompare.embed.base import Embedder, normalise
from transcompare.embed.cache import EmbeddingCache, default_embedding_cache
from transcompare.embed.models import EMBEDDERS, USE_LANGS, E5Embedder, USEEmbedder
from transcompare.errors import ConfigError

__all__ = ["EMBEDDERS", "E5Embedder", "Embedder", "EmbeddingCache", "Embeddings", "USEEmbedder",
           "default_embedding_cache", "model_choices", "normalise"]

Progress = Callable[[int, int], None]


def model_choices() -> tuple[str, ...]:
    return ("auto", *EMBEDDERS)


def _key(identity: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]


class Embeddings:
    """Model choice, batching and caching above the embedders."""

    def __init__(self, model: str = "auto", *, cache_path: str | Path | None = None, batch_size: int = 64,
                 embedders: dict[str, Embedder] | None = None, threads: int = 2, execution=None):
        if model not in model_choices():
            raise ConfigError(f"unknown embedding model {model!r}; choose one of {', '.join(model_choices())}")
        self.model = model
        self.batch_size = batch_size
        self._embedders: dict[str, Embedder] = dict(embedders) if embedders else {}
        self._given = set(self._embedders)  # embedders handed in (tests): always run here
        self._threads = threads
        self.cache = EmbeddingCache(cache_path) if cache_path is not None else None
        self.used: dict[str, dict[str, Any]] = {}
        self.embedded = 0
        # [execution] backend = "ray": the batches go to a pool of Ray actors, each loading the model once
        self.execution = execution

    def embedder(self, name: str) -> Embedder:
        if name not in self._embedders:
            self._embedders[name] = EMBEDDERS[name](threads=self._threads)
        return self._embedders[name]

    def choose(self, langs: Iterable[str]) -> Embedder:
        """The model for a run in these languages (``auto``: e5-small, the best measured on the coverage corpus and
        the only packaged one that knows Hebrew; ``use-m3`` is ~7x faster where its 16 languages suffice)."""
        if self.model != "auto":
            return self.embedder(self.model)
        return self.embedder("e5-small")

    def embed(self, texts: list[str], embedder: Embedder, progress: Progress | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` (one row each, duplicates embedded once), from the cache when there."""
        ident = embedder.identity()
        key = _key(ident)
        self.used[embedder.name] = ident
        uniq = list(dict.fromkeys(texts))
        done: dict[str, np.ndarray] = {}
        if self.cache is not None:
            done = self.cache.get_many(key, uniq, embedder.dim)
        todo = [t for t in uniq if t not in done]
        total = len(uniq)
        if progress:
            progress(len(done), total)
        batches = [todo[i:i + self.batch_size] for i in range(0, len(todo), self.batch_size)]
        if (self.execution is not None and self.execution.backend == "ray" and len(batches) > 1
                and embedder.name in EMBEDDERS and embedder.name not in self._given):
            from transcompare.execution_ray import embed_on_actors

            results = embed_on_actors(embedder.name, self._threads, batches, self.execution)
        else:
            results = (embedder.embed_batch(batch) for batch in batches)
        for batch, vecs in zip(batches, results):
            if vecs.shape != (len(batch), embedder.dim):
                from transcompare.errors import EngineError

                raise EngineError(f"embedder {embedder.name}: returned {vecs.shape} for {len(batch)} texts")
            if self.cache is not None:
                self.cache.put_many(key, batch, vecs)
            done.update(zip(batch, vecs))
            self.embedded += len(batch)
            if progress:
                progress(len(done), total)
        if not texts:
            return np.zeros((0, embedder.dim), np.float32)
        return np.stack([done[t] for t in texts]).astype(np.float32)

    def pair_embed(self, lang_a: str, lang_b: str) -> tuple[Callable, Callable, str]:
        """Embedding functions for aligning a text in ``lang_a`` with one in ``lang_b`` (for
        :func:`transcompare.align.hybrid.align_pair_embedded`): language-centred e5-small and use-m3 vectors side by
        side, each scaled by 1/sqrt(2), so that a cosine is the mean of the two models' cosines, when USE knows
        both languages; e5-small alone otherwise (USE does not know Hebrew). Returns ``(embed_a, embed_b, name)``.
        The pair of models beats either alone on NTREX (evaluation.md#no-translation-at-all-on-ntrex)."""
        from transcompare.embed.centre import centre

        names = ["e5-small", "use-m3"] if {lang_a, lang_b} <= USE_LANGS else ["e5-small"]
        models = [self.embedder(n) for n in names]
        scale = 1.0 / np.sqrt(len(models))

        def embed_for(lang: str) -> Callable[[list[str]], np.ndarray]:
            def embed(texts: list[str]) -> np.ndarray:
                parts = [centre(self.embed(list(texts), m), [lang] * len(texts), n) for n, m in zip(names, models)]
                return np.hstack(parts) * scale if len(parts) > 1 else parts[0]
            return embed

        return embed_for(lang_a), embed_for(lang_b), "+".join(names)

    def signature(self) -> dict[str, Any]:
        stats = {"enabled": self.cache is not None, "hits": self.cache.hits if self.cache else 0,
                 "misses": self.cache.misses if self.cache else 0, "embedded": self.embedded}
        return {"choice": self.model, "models": dict(self.used), "cache": stats}

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
