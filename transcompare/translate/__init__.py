"""Translation stage: engines (argos via CTranslate2, Apertium), routing with pivots, cache, model management.

Public API::

    translate_sentences(sentences, targets, engine="auto", cache_path=default_cache_path(), progress=None)
    plan_routes(src_langs, targets, engine="auto")      # raises EngineError before any model is loaded
    Translator(engine, cache_path=...)                  # the same, keeping counts and signatures for the manifest
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import polars as pl

from transcompare.translate.base import Engine, Route, Step
from transcompare.translate.cache import TranslationCache, default_cache_path
from transcompare.translate.translator import ENGINE_CHOICES, Progress, Translator

__all__ = [
    "ENGINE_CHOICES", "Engine", "Route", "Step", "TranslationCache", "Translator", "default_cache_path",
    "plan_routes", "translate_sentences",
]


def plan_routes(src_langs: list[str], targets: list[str], engine: str | Mapping[str, str] = "auto",
                strict: bool = True, missing: dict[tuple[str, str], str] | None = None,
                **kwargs: Any) -> dict[tuple[str, str], Route]:
    """Route for every (source, target) pair an engine connects, identity pairs included. ``strict``: an
    EngineError names every missing pair and its fix; otherwise they go into ``missing`` (pair -> message)."""
    tr = Translator(engine, cache_path=None, **kwargs)
    routes = tr.plan_all(src_langs, targets, strict=strict)
    if missing is not None:
        missing.update(tr.missing)
    return routes


def translate_sentences(sentences: pl.DataFrame, targets: list[str], *, engine: str | Mapping[str, str] = "auto",
                        cache_path: str | Path | None, progress: Progress | None = None,
                        stats: dict[str, Any] | None = None, beam_size: int = 4, jobs: int | None = None,
                        batch_size: int = 512, translator: Translator | None = None,
                        strict: bool = True) -> pl.DataFrame:
    """The translate stage: SENTENCES -> TRANSLATIONS (schema.py), one row per sentence and target language.

    Rows whose language already is the target get ``translation == text``, engine ``identity``.
    ``cache_path=None`` disables the cache. ``progress(done, total)`` counts sentence translation steps.
    ``stats`` (a dict) receives cache hit/miss counts, every pair's route and model signature, and per route step
    how many sentences were looked up / translated. ``batch_size`` sentences are translated and committed to the
    cache at a time; ``jobs`` > 1 sets the argos engine's thread count and
    the number of Apertium processes sharing a batch.
    """
    own = translator is None
    tr = translator or Translator(engine, cache_path=cache_path, beam_size=beam_size, jobs=jobs,
                                  batch_size=batch_size)
    try:
        out = tr.translate_sentences(sentences, targets, progress=progress, strict=strict)
        if stats is not None:
            sig = tr.signature()
            stats.update(sig["cache"])
            stats["routes"] = sig["routes"]
            stats["steps"] = sig["steps"]
        return out
    finally:
        if own:
            tr.close()
