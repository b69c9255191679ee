"""transcompare: compare how outlets in different languages phrased the same statements.

Public API (everything else is internal)::

    from transcompare import load_pipeline, run_pipeline, load_run
    run = run_pipeline(load_pipeline("pipelines/lavrov-2015.toml"))
    view = load_run(run.run_dir).comparison_view("en")   # polars tables + an HTML view in notebooks
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

__all__ = ["load_pipeline", "run_pipeline", "load_run", "TABLES", "TranscompareError", "__version__"]

_LAZY = {
    "load_pipeline": "transcompare.config",
    "run_pipeline": "transcompare.pipeline",
    "load_run": "transcompare.api",
    "TABLES": "transcompare.schema",
    "TranscompareError": "transcompare.errors",
}


def __getattr__(name: str) -> Any:  # imports on first use keep `transcompare --help` fast
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'transcompare' has no attribute {name!r}")
