"""The side-by-side comparison of one run in one view language: the object notebooks show.

>>> from transcompare.api import load_run
>>> view = load_run("runs/lavrov-2015").comparison_view("en")   # doctest: +SKIP
>>> view.to_polars()                                            # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from transcompare.compare import comparison_wide
from transcompare.render.html import comparison_fragment
from transcompare.render.model import build_statements, resolve_filters
from transcompare.schema import C

if TYPE_CHECKING:
    from transcompare.run import Run

__all__ = ["Comparison"]


class Comparison:
    """How each outlet phrased each statement, in one view language.

    ``to_polars()`` gives the wide table (one row per statement, one column per outlet); in Jupyter the object
    shows the same side-by-side cards as the HTML report, word differences highlighted.
    """

    def __init__(self, run: Run, lang: str, *, outlet: str | None = None, statement: str | None = None,
                 story: str | None = None, sort: str = "outlets") -> None:
        self.run = run
        self.lang = lang
        self.outlet, self.statement, self.story = resolve_filters(run, outlet, statement, story)
        self.statements = build_statements(run, lang, outlet=self.outlet, statement=self.statement, story=self.story,
                                           sort=sort)

    def long(self) -> pl.DataFrame:
        """The comparison rows (long form) for this language and filters."""
        df = self.run.comparison.filter(pl.col(C.VIEW_LANG) == self.lang)
        if self.statement is not None:
            df = df.filter(pl.col(C.STATEMENT_ID) == self.statement)
        if self.outlet is not None:
            keep = df.filter(pl.col(C.OUTLET) == self.outlet).get_column(C.STATEMENT_ID).unique()
            df = df.filter(pl.col(C.STATEMENT_ID).is_in(keep.implode()))
        if self.story is not None:
            ids = pl.Series([st.statement_id for st in self.statements], dtype=pl.Utf8)
            df = df.filter(pl.col(C.STATEMENT_ID).is_in(ids.implode()))
        return df

    def to_polars(self) -> pl.DataFrame:
        """Wide table, in the order shown: one row per statement, one column group per outlet
        (``OUTLET.text`` in the view language, ``.original``, ``.divergence``, ``.quote``, ``.speaker``,
        ``.reporting_verb``; null where the outlet does not carry the statement) -- the compare stage's
        :func:`~transcompare.compare.comparison_wide`."""
        wide = comparison_wide(self.long(), self.lang)
        order = {st.statement_id: i for i, st in enumerate(self.statements)}
        return (wide.with_columns(pl.col(C.STATEMENT_ID).replace_strict(order, default=len(order),
                                                                         return_dtype=pl.Int64).alias("_order"))
                .sort("_order", maintain_order=True).drop("_order"))

    def __len__(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        story = f", story {self.story}" if self.story is not None else ""
        return f"Comparison({self.lang}: {len(self.statements)} statements, {len(self.run.outlets)} outlets{story})"

    def _repr_html_(self) -> str:
        return comparison_fragment(self)
