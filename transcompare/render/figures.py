"""Figures of a run as SVG, drawn from its tables: who carried which statement (outlet × statement coverage),
how differently each outlet phrased what it shares with others (divergence per outlet, in one view
language), and which reporting verbs each outlet used (outlet × verb class, :meth:`Run.verb_classes`).

No plotting library: each figure is a macro of ``render/templates/figures.svg.j2`` drawing the geometry
computed here, escaped like the report (:func:`transcompare.render.templating.finalize`, which is valid XML
too). A figure is the same bytes inline in the report, from the API (:class:`Figure`, a ``str`` Jupyter
shows as SVG) and in ``RUN_DIR/figures/`` (:func:`write_figures`).

Every cell and bar carries ``data-*`` attributes (``data-outlet``, ``data-statement`` or ``data-class``,
``data-count`` or ``data-value``) and a ``<title>``; the ``<svg>`` has ``role="img"`` and an ``aria-label``.
Labels are the tables' text, cut to :data:`LABEL_CHARS` characters (the whole text is in the title).
Matrices keep their natural size (a cell is :data:`CELL` px); the report puts each in a box that scrolls
sideways on its own, so a run of 200 statements never widens the page. Colours: one blue (Okabe–Ito) for
"carried", white for "left out", a single-hue scale with the count printed in each cell for the verbs:
readable without colour, in print and by colour-blind readers.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transcompare.output import atomic_write_text, printable
from transcompare.render.model import Statement, build_statements
from transcompare.render.templating import short, template
from transcompare.schema import C

if TYPE_CHECKING:
    from transcompare.run import Run

__all__ = ["Figure", "coverage_svg", "divergence_svg", "figures", "verbs_svg", "write_figures"]

FIGURES_DIR = "figures"
LABEL_CHARS = 24   # an outlet's name is cut to this many characters (the whole name is in the cell titles)
CELL = 14          # px: a coverage cell (with a 2 px gap)
FONT = 12          # px: labels
LEVELS = 4         # shades of the verb matrix above zero (figures.svg.j2 has one colour per level, and white)
BAR = 200          # px: the divergence scale from 0 to 1
PAD = 8
SWATCH = 17        # px: a legend's text starts this far right of its swatch (figures.svg.j2's swatch macro)


class Figure(str):
    """An SVG document. It is a ``str`` (write it anywhere, put it in a page); Jupyter shows it as a picture
    (``_repr_svg_``); :meth:`save` writes it atomically."""

    def _repr_svg_(self) -> str:
        return str(self)

    def __html__(self) -> str:  # markup already: the figure's template escaped every value
        return str(self)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        atomic_write_text(path, str(self))
        return path


# ---------------------------------------------------------------- text

def _clean(text: Any) -> str:
    """Table text as a label: control characters and XML's non-characters as U+FFFD, on one line."""
    return " ".join(printable(str(text or "")).replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd").split())


def _label(text: Any) -> str:
    return short(_clean(text), LABEL_CHARS)


def _width(text: str, size: int = FONT) -> int:
    """A generous estimate of the drawn width of ``text`` (no font metrics here): wide characters a full
    em, others 0.62 em."""
    return math.ceil(sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.62) for ch in text))


def _render(macro: str, fig: dict[str, Any]) -> Figure:
    return Figure(str(getattr(template("figures.svg.j2").module, macro)(fig)))


def _outlets(run: "Run") -> list[tuple[str, str]]:
    """(name as the statements give it, label) per outlet, in article order."""
    return [(_clean(o), _label(o)) for o in run.outlets]


# ---------------------------------------------------------------- coverage

def _coverage(run: "Run", statements: list[Statement], lang: str) -> dict[str, Any]:
    outlets = _outlets(run)
    counts: dict[tuple[str, str], int] = {}
    for st in statements:
        for m in st.members:
            key = (_clean(m.outlet), st.statement_id)
            counts[key] = counts.get(key, 0) + 1
    carried_by = {st.statement_id: sum(1 for o, _ in outlets if counts.get((o, st.statement_id))) for st in statements}
    # most widely carried first (by the outlets drawn), ties in statement order: the report's order
    statements = sorted(statements, key=lambda s: (-carried_by[s.statement_id], s.statement_id))
    step = CELL + 2
    lw = max([_width(lab) for _, lab in outlets] + [40]) + 10
    top = max([_width(s.statement_id, FONT - 1) for s in statements] + [20]) + 8
    x0, y0 = PAD + lw, PAD + 22 + top
    n_st = len(statements)
    columns = [{"sid": _clean(s.statement_id), "x": x0 + j * step, "cx": x0 + j * step + CELL // 2 + 4,
                "n": carried_by[s.statement_id], "text": short(_clean(s.representative), 90)}
               for j, s in enumerate(statements)]
    rows = []
    for i, (outlet, label) in enumerate(outlets):
        y = y0 + i * step
        cells = [{"sid": c["sid"], "x": c["x"], "count": counts.get((outlet, c["sid"]), 0)} for c in columns]
        rows.append({"outlet": outlet, "label": label, "y": y, "cells": cells,
                     "carried": sum(1 for c in cells if c["count"])})
    legend_y = y0 + len(outlets) * step + 14
    caption = f"Who carried what: {len(outlets)} outlets × {n_st} statements"
    width = max(x0 + n_st * step + 8 + _width(f"{n_st} of {n_st}"), PAD + _width(caption, FONT + 1), 300) + PAD
    return {"caption": caption, "lang": lang, "columns": columns, "rows": rows, "x0": x0, "y0": y0,
            "cell": CELL, "count_x": x0 + n_st * step + 6, "n_statements": n_st, "legend_y": legend_y,
            "width": width, "height": legend_y + 22, "pad": PAD, "font": FONT}


# ---------------------------------------------------------------- divergence

def _divergence(run: "Run", statements: list[Statement], lang: str) -> dict[str, Any]:
    versions: dict[str, list[tuple[float, float | None]]] = {}
    for st in statements:
        for m in st.members:
            if not m.is_representative:  # the reference of this view language is what the others are measured by
                versions.setdefault(_clean(m.outlet), []).append((m.divergence, m.original_divergence))
    # each outlet's name above its bars, so the figure is narrow enough for a phone without shrinking
    x0, y0 = PAD, PAD + 22 + 18
    rows, y = [], y0
    for outlet, label in _outlets(run):
        mine = versions.get(outlet, [])
        own = [o for _, o in mine if o is not None]
        bars = []
        for k, (measure, values) in enumerate((("divergence", [d for d, _ in mine]), ("original_divergence", own))):
            if values:
                value = sum(values) / len(values)
                bars.append({"measure": measure, "value": round(value, 3), "n": len(values), "k": k,
                             "y": y + 18 + len(bars) * 12, "w": max(1, round(value * BAR))})
        rows.append({"outlet": outlet, "label": label, "y": y, "bars": bars, "n": len(mine)})
        y += 18 + 12 * max(1, len(bars)) + 10
    caption = f"Divergence per outlet, view language {lang}"
    legend_y = y + 4
    keys = ["divergence in the view language (· versions)", "own words: both originals in one language"]
    nothing = "no version to measure: it is the reference, or shares nothing"  # under an outlet without bars
    notes = [x0 + _width(nothing, FONT - 1)] if any(not r["bars"] for r in rows) else []
    width = max(x0 + BAR + 8 + _width("0.00 · 999", FONT - 1), PAD + _width(caption, FONT + 1),
                *(PAD + _width(r["label"]) for r in rows), *(PAD + SWATCH + _width(k, 11) for k in keys),
                *notes) + PAD
    ticks = [{"v": v, "x": x0 + round(v * BAR)} for v in (0, 0.25, 0.5, 0.75, 1)]
    return {"caption": caption, "lang": lang, "rows": rows, "x0": x0, "y0": y0, "bar": BAR, "ticks": ticks,
            "legend_y": legend_y, "keys": keys, "nothing": nothing, "width": width, "height": legend_y + 40, "pad": PAD,
            "font": FONT}


# ---------------------------------------------------------------- verbs

def _verbs(run: "Run", speaker_id: str | None) -> dict[str, Any]:
    matrix = run.verb_classes(speaker_id)
    classes = [c for c in matrix.columns if c != C.OUTLET]
    counts = {(_clean(r[C.OUTLET]), c): int(r[c] or 0) for r in matrix.iter_rows(named=True) for c in classes}
    top_value = max(counts.values(), default=0)
    cw, ch = 34, 22
    lw = max([_width(lab) for _, lab in _outlets(run)] + [40]) + 10
    top = max([_width(c, FONT - 1) for c in classes] + [20]) + 8
    x0, y0 = PAD + lw, PAD + 22 + top
    columns = [{"name": c, "x": x0 + j * cw, "cx": x0 + j * cw + cw // 2 + 4} for j, c in enumerate(classes)]
    rows = []
    for i, (outlet, label) in enumerate(_outlets(run)):
        cells = []
        for col in columns:
            n = counts.get((outlet, col["name"]), 0)
            level = 0 if n == 0 else max(1, math.ceil(LEVELS * n / top_value))
            cells.append({"cls": col["name"], "x": col["x"], "count": n, "level": level})
        rows.append({"outlet": outlet, "label": label, "y": y0 + i * ch, "cells": cells,
                     "total": sum(c["count"] for c in cells)})
    legend = []  # the counts each shade stands for
    for level in range(1, LEVELS + 1):
        low, high = math.floor(top_value * (level - 1) / LEVELS) + 1, math.floor(top_value * level / LEVELS)
        if low <= high:
            legend.append({"level": level, "text": str(low) if low == high else f"{low}–{high}"})
    who = f", speaker {speaker_id}" if speaker_id else ""
    caption = f"Reporting verbs by class{who}"
    legend_y = y0 + len(rows) * ch + 14
    keys = PAD + 44 * len(legend) + SWATCH + (_width(legend[-1]["text"], 11) if legend else 0)  # the last key's end
    width = max(x0 + len(classes) * cw + 8 + _width("999"), PAD + _width(caption, FONT + 1), keys, 320) + PAD
    return {"caption": caption, "columns": columns, "rows": rows, "x0": x0, "y0": y0, "cw": cw, "ch": ch,
            "total_x": x0 + len(classes) * cw + 6, "legend": legend, "legend_y": legend_y, "width": width,
            "height": legend_y + 22, "pad": PAD, "font": FONT}


# ---------------------------------------------------------------- public

def coverage_svg(run: "Run", statements: list[Statement] | None = None) -> Figure:
    """Outlet × statement: a filled cell where the outlet carries the statement, an empty one where it left
    it out; statements most widely carried first. ``statements``: the run's, in its first view language,
    if already built (:func:`transcompare.render.model.build_statements`)."""
    lang = run.view_langs[0] if run.view_langs else ""
    if statements is None:
        statements = build_statements(run, lang) if lang else []
    return _render("coverage", _coverage(run, statements, lang))


def divergence_svg(run: "Run", lang: str | None = None, statements: list[Statement] | None = None) -> Figure:
    """Per outlet, the mean divergence of its versions from each statement's reference in view language
    ``lang`` (default: the run's first) and, where both originals are in one language, the mean own-words
    divergence (``original_divergence``); the reference's own versions are not counted."""
    lang = run.check_lang(lang)
    if statements is None:
        statements = build_statements(run, lang)
    return _render("divergence", _divergence(run, statements, lang))


def verbs_svg(run: "Run", speaker_id: str | None = None) -> Figure:
    """Outlet × reporting-verb class (:meth:`transcompare.run.Run.verb_classes`), a count in every cell."""
    return _render("verbs", _verbs(run, speaker_id))


def figures(run: "Run", per_lang: dict[str, list[Statement]] | None = None) -> dict[str, Figure]:
    """Every figure of the run by file name: ``coverage.svg``, ``divergence-LANG.svg`` per view language,
    ``verbs.svg``. ``per_lang``: the statements per view language, if already built."""
    per_lang = per_lang if per_lang is not None else {vl: build_statements(run, vl) for vl in run.view_langs}
    first = run.view_langs[0] if run.view_langs else ""
    out = {"coverage.svg": coverage_svg(run, per_lang.get(first, []))}
    for vl in run.view_langs:
        out[f"divergence-{vl}.svg"] = divergence_svg(run, vl, per_lang[vl])
    out["verbs.svg"] = verbs_svg(run)
    return out


def write_figures(run: "Run", out_dir: str | Path | None = None,
                  drawn: dict[str, Figure] | None = None) -> list[Path]:
    """Write every figure (default into ``RUN_DIR/figures/``) atomically, remove the divergence figure of a
    view language the run no longer has; return the paths written."""
    out = Path(out_dir) if out_dir is not None else run.path / FIGURES_DIR
    drawn = drawn if drawn is not None else figures(run)
    paths = [fig.save(out / name) for name, fig in drawn.items()]
    for old in out.glob("divergence-*.svg"):
        if old.name not in drawn:
            old.unlink()
    return paths

