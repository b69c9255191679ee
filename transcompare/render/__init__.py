"""Viewing a run: the self-contained HTML report, the terminal viewer and the notebook view.

:func:`transcompare.render.html.report_html` draws a :class:`~transcompare.run.Run` (from a run directory or
from a pipeline's tables in memory); :mod:`transcompare.render.terminal` prints the comparison with rich;
:class:`transcompare.render.view.Comparison` is what a notebook shows. They share the statement model in
:mod:`transcompare.render.model`, and never read files themselves.
"""
