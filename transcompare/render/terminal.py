"""The terminal viewer: the comparison as rich tables, word differences in colour, wrapped to the width.

Text is always passed to rich as :class:`rich.text.Text` (never as markup), so article text like
``[bold]`` or ``<script>`` prints as itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from transcompare.render.model import Statement, lost_words, member_segments
from transcompare.schema import C

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from transcompare.render.view import Comparison
    from transcompare.run import Run

STYLES = {
    "diff": "black on yellow",
    "quote": "cyan",
    "speaker": "bold magenta",
    "verb": "underline green",
}


def _text(runs) -> "Text":
    from rich.style import Style
    from rich.text import Text

    out = Text()
    for chunk, marks in runs:
        style = Style.combine(Style.parse(STYLES[m]) for m in marks) if marks else None
        out.append(chunk, style=style)
    return out


def statement_table(st: Statement, lang: str, *, focus: str | None = None, expand: bool = True):
    """One statement as a rich Table: outlet | text in the view language | original; as wide as the console
    (``expand``), else as wide as its text (output that is not wrapped, see ``output_console``)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    title = Text.assemble(
        (st.statement_id, "bold"),
        f" · {st.n_outlets} outlet{'s' if st.n_outlets != 1 else ''} · divergence {st.divergence:.2f}",
    )
    if st.spans_days:
        title.append(f" · spans {st.date_span_days} days", style="bold red")
    if st.missing_outlets:
        title.append(f" · not in: {', '.join(st.missing_outlets)}", style="dim")
    show_original = any(m.lang != lang or m.text != m.view_text for m in st.members)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=expand, show_lines=False,
                  pad_edge=False)
    table.add_column("Outlet", ratio=1, min_width=12, overflow="fold")
    table.add_column(f"Text ({lang})", ratio=3, overflow="fold")
    if show_original:
        table.add_column("Original", ratio=2, overflow="fold", style="dim")
    for m in st.members:
        view_runs, orig_runs = member_segments(m, st)
        who = Text(("▶ " if focus and m.outlet == focus else "") + m.outlet, style="bold")
        who.append(f" [{m.lang}]" + (f"\n{m.published}" if m.published else ""), style="dim")
        compared = m.view_text and st.rep is not None and st.rep.view_text
        who.append("\nreference" if m.is_representative else
                   (f"\ndiv {m.divergence:.2f}" if compared else "\ndiv —"),
                   style="blue" if m.is_representative else "dim")
        for key, value in (("speaker", m.speaker), ("verb", m.verb_label)):
            if value:
                who.append(f"\n{key}: ", style="dim")
                who.append(value, style=STYLES[key])
        if not m.is_representative and m.quote_similarity is not None:
            who.append(f"\nquote match {m.quote_similarity:.2f}", style=STYLES["quote"])
        if not m.is_representative and m.meaning_similarity is not None:
            who.append(f"\nmeaning {m.meaning_similarity:.2f}", style="dim")
        if not m.is_representative and m.original_divergence is not None:
            who.append(f"\nown words div {m.original_divergence:.2f}", style="dim")
        if m.altered:
            who.append(f"\naltered? {m.altered}", style="bold red")
        if m.also_in:
            who.append(f"\nalso carries {', '.join(m.also_in)}", style="dim")
        view = _text(view_runs) if m.view_text else Text(f"(no translation into {lang})", style="dim italic")
        if not m.is_representative and m.only_b:
            shown, more = lost_words(m.only_b)
            view.append("\nnot in this version: ", style="dim")
            view.append(shown + (f" (+{more} more)" if more else ""), style="dim italic")
        cells = [who, view]
        if show_original:
            cells.append(_text(orig_runs) if (m.lang != lang or m.text != m.view_text) else Text("(same)",
                                                                                                  style="dim"))
        table.add_row(*cells)
    return table


def print_comparison(view: "Comparison", console: "Console") -> None:
    """Print a header (pipeline, view language, count), the run's short signature, one table per statement."""
    from rich.text import Text

    run = view.run
    name = run.manifest.get("pipeline") or run.path.name
    n = len(view.statements)
    header = Text.assemble(("transcompare", "bold"), " · ", (str(name), "bold"),
                           f" · view language {view.lang} · {n} statement{'s' if n != 1 else ''}")
    if view.outlet:
        header.append(f" · outlet {view.outlet}")
    if view.story is not None:
        label = run.story_index().filter(pl.col(C.STORY_ID) == view.story).get_column(C.LABEL).to_list()
        header.append(f" · story {view.story}" + (f": {label[0]}" if label and label[0] else ""))
    console.print(header, overflow="fold")
    console.print(Text(run.signature, style="dim"), overflow="fold")
    legend = Text("legend: ")
    for key, label in (("diff", "differs from reference"), ("quote", "“quote”"), ("speaker", "speaker"),
                       ("verb", "reporting verb")):
        legend.append(label, style=STYLES[key])
        legend.append("  ")
    console.print(legend, style="dim")
    for st in view.statements:
        console.print(statement_table(st, view.lang, focus=view.outlet, expand=getattr(console, "wraps", True)))
    if not view.statements:
        console.print("No statements.")


def show(run: "Run", *, lang: str | None = None, outlet: str | None = None, statement: str | None = None,
         story: str | None = None, sort: str = "outlets", fmt: str = "table", width: int | None = None,
         file=None) -> None:
    """What ``transcompare show`` prints: rich tables (``table``) or the filtered long rows (``csv``/``jsonl``)."""
    import sys

    view = run.comparison_view(lang, outlet=outlet, statement=statement, story=story, sort=sort)
    out = file or sys.stdout
    if fmt == "table":
        from transcompare.output import output_console

        print_comparison(view, output_console(out, width=width, soft_wrap=False))
        return
    from transcompare.output import frame_bytes

    order = {st.statement_id: i for i, st in enumerate(view.statements)}
    rows = view.long().with_columns(pl.col(C.STATEMENT_ID).replace_strict(order, default=len(order),
                                                                            return_dtype=pl.Int64).alias("_o"))
    rows = rows.sort("_o", maintain_order=True).drop("_o")
    out.write(frame_bytes(rows, fmt).decode("utf-8"))
    out.flush()


def show_stories(run: "Run", *, fmt: str = "table", width: int | None = None, file=None) -> None:
    """What ``transcompare show --stories`` prints: one row per story, most shared statements first (a rich
    table, or the STORY_INDEX rows as ``csv``/``jsonl``)."""
    import sys

    from transcompare.output import frame_bytes, output_console, printable
    from transcompare.story_index import dates, most_shared_first

    index = most_shared_first(run.story_index())
    out = file or sys.stdout
    if fmt != "table":
        out.write(frame_bytes(index, fmt).decode("utf-8"))
        out.flush()
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = output_console(out, width=width, soft_wrap=False)
    name = run.manifest.get("pipeline") or run.path.name
    n = index.height
    console.print(Text.assemble(("transcompare", "bold"), " · ", (str(name), "bold"),
                                f" · {n} stor{'y' if n == 1 else 'ies'}"), overflow="fold")
    console.print(Text(run.signature, style="dim"), overflow="fold")
    table = Table(box=box.SIMPLE_HEAD, expand=getattr(console, "wraps", True), pad_edge=False)
    table.add_column("Story", no_wrap=True)
    table.add_column("Label", ratio=3, min_width=14, overflow="fold")
    table.add_column("Outlets", ratio=2, min_width=10, overflow="fold")
    table.add_column("Languages, dates", ratio=1, min_width=10, overflow="fold")
    for row in index.iter_rows(named=True):
        story = Text(row[C.STORY_ID], style="bold")
        story.append(f"\n{row[C.N_SHARED]} shared\nof {row[C.N_STATEMENTS]}", style="dim")
        table.add_row(story, Text(printable(row[C.LABEL] or "")), Text(printable(", ".join(row[C.OUTLETS]))),
                      Text(", ".join(row[C.LANGUAGES]) + "\n" + dates(row)))
    console.print(table)
