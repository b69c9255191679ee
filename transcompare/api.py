"""Public Python API for notebooks and scripts: open a finished run and look at its comparison.

>>> from transcompare.api import load_run
>>> run = load_run("runs/lavrov-2015")                  # doctest: +SKIP
>>> run.comparison                                      # polars, long: statement x article x view language
>>> view = run.comparison_view("en")                    # side-by-side view; shows as HTML in Jupyter
>>> view.to_polars()                                    # wide: one row per statement, one column per outlet
>>> run.plot_coverage()                                 # who carried what, as SVG (also plot_divergence, plot_verbs)

Everything here only reads the run directory; nothing is recomputed.
"""

from __future__ import annotations

from pathlib import Path

from transcompare.render.figures import write_figures
from transcompare.render.html import write_report
from transcompare.render.view import Comparison
from transcompare.run import Run, load_run

__all__ = ["Comparison", "Run", "load_run", "render_report"]


def render_report(run_dir: str | Path) -> Path:
    """(Re)write ``RUN_DIR/report.html`` and the figures in ``RUN_DIR/figures/`` atomically from the run
    directory's tables; return the report's path."""
    run = load_run(run_dir)
    write_figures(run)
    return write_report(run)
