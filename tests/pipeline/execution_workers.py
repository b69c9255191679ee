"""What the worker processes of tests/pipeline/test_pl_execution.py run (a module they can import)."""

from __future__ import annotations

import os

import polars as pl

from transcompare.errors import ConfigError


def story_frame(n: int) -> pl.DataFrame:
    return pl.DataFrame({
        "article_a": [f"a{k % 7}" for k in range(n)], "score": [k / n for k in range(n)],
        "text_a": [f"sentence {k} of a story, as an outlet wrote it" for k in range(n)],
        "only_a": [[f"word{k}", f"other{k}", "said"] for k in range(n)],
        "indices_a": pl.Series([[k, k + 1] for k in range(n)], dtype=pl.List(pl.Int32)),
    })


def rows_and_threads(frame: pl.DataFrame, scale: float) -> pl.DataFrame:
    """What a worker process sees: the frame it was given (scaled), its pid and its threads."""
    return frame.with_columns(pl.col("score") * scale, pid=pl.lit(os.getpid()),
                              threads=pl.lit(pl.thread_pool_size()),
                              env=pl.lit(os.environ.get("OPENBLAS_NUM_THREADS", "")))


def fail_on_two(n: int) -> int:
    if n == 2:
        raise ConfigError("story 2: something the user must fix")
    return n
