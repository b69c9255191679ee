"""Viewing a run: the self-contained HTML report and the terminal viewer.

``render_report(run_dir)`` (re)writes ``RUN_DIR/report.html``; :mod:`transcompare.render.terminal` prints the
comparison with rich. Both read the run through :func:`transcompare.api.load_run` and share the statement model
in :mod:`transcompare.render.model`.
"""

from __future__ import annotations

from pathlib import Path


def render_report(run_dir: str | Path) -> Path:
    """Write ``RUN_DIR/report.html`` atomically and return its path (see :mod:`transcompare.render.html`)."""
    from transcompare.render.html import render_report as _render

    return _render(run_dir)


__all__ = ["render_report"]
