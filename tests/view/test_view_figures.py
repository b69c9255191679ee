"""The figures (who carried what, divergence per outlet, outlet × verb class): SVG that parses as XML, cells
that match the fixture's hand-written content and the run's tables, hostile outlet names as inert text, the
same bytes from the API, in the report and in RUN_DIR/figures/."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.api import load_run, render_report
from transcompare.cli import main
from transcompare.render.figures import Figure, figures, write_figures
from transcompare.run import TABLES, Run
from transcompare.schema import C

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Evil <script>alert(1)</script> "onmouseover=alert(1) & \x07bell\ufffe Outlet'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML: the same text is a standalone .svg file
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    return root


def cells(root: ET.Element, kind: str = "cell") -> list[ET.Element]:
    out = [el for el in root.iter(f"{SVG}rect") if el.get("class") == kind]
    assert all(el.find(f"{SVG}title") is not None and el.find(f"{SVG}title").text for el in out)  # a title each
    return out


def test_coverage_matrix_is_the_fixture(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    root = parse(run.plot_coverage())
    assert root.get("data-figure") == "coverage"
    got = {(c.get("data-outlet"), c.get("data-statement")): int(c.get("data-count")) for c in cells(root)}
    outlets = {aid: a[0] for aid, a in spec.ARTS.items()}
    want = {(outlets[aid], sid): int(aid in members) for sid, members in spec.STMTS.items() for aid in spec.ARTS}
    assert got == want and len(cells(root)) == len(spec.ARTS) * len(spec.STMTS)
    # columns most widely carried first, ties in id order; each labelled with its id
    columns = [t.get("data-statement") for t in root.iter(f"{SVG}text") if t.get("data-statement")]
    assert columns == sorted(spec.STMTS, key=lambda s: (-len(spec.STMTS[s]), s))
    titles = {c.find(f"{SVG}title").text for c in cells(root)}
    assert "Diario Ejemplo · s004: left out" in titles and "Example Wire · s004: carried" in titles
    # a filled square where carried, an empty one where left out
    fills = {int(c.get("data-count")) > 0: c.get("fill") for c in cells(root)}
    assert fills[True] != fills[False] == "#ffffff"


def test_verb_matrix_counts_the_statements(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    root = parse(run.plot_verbs())
    got = {(c.get("data-outlet"), c.get("data-class")): int(c.get("data-count")) for c in cells(root)}
    want: dict[tuple[str, str], int] = {}
    for (sid, aid), (_quote, _speaker, verb) in spec.ATTRIB.items():
        key = (spec.ARTS[aid][0], spec.VERB_CLASS[verb])
        want[key] = want.get(key, 0) + 1
    assert {k: v for k, v in got.items() if v} == want
    classes = {cls for _, cls in want}
    assert {cls for _, cls in got} == classes  # only the classes that occur
    # the count is written in the cell, not only shaded
    written = [int(t.text) for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert sorted(written) == sorted(want.values()) and max(written) == 2  # Example Wire said it twice
    # one speaker only: a speaker the run does not have gives an empty matrix that still draws
    assert cells(parse(run.plot_verbs("nobody"))) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_divergence_is_the_mean_over_non_reference_versions(fixture_run_dir, lang):
    run = load_run(fixture_run_dir)
    root = parse(run.plot_divergence(lang))
    bars = {(b.get("data-outlet"), b.get("data-measure")): (float(b.get("data-value")), int(b.get("data-n")))
            for b in cells(root, "bar")}
    comp = run.comparison.filter((pl.col(C.VIEW_LANG) == lang) & ~pl.col(C.IS_REFERENCE))
    want = comp.group_by(C.OUTLET).agg(pl.col(C.DIVERGENCE).mean(), pl.len())
    assert {o for o, m in bars if m == "divergence"} == set(want[C.OUTLET])
    for outlet, mean, n in want.iter_rows():
        value, count = bars[(outlet, "divergence")]
        assert value == pytest.approx(mean, abs=5e-4) and count == n
    # the fixture has no original_divergence: no own-words bar
    assert {m for _, m in bars} == {"divergence"}
    with pytest.raises(Exception, match="no view language 'de'"):
        run.plot_divergence("de")


def _hostile_run(run: Run, name: str) -> Run:
    tables = {attr: getattr(run, attr) for attr in TABLES}
    for attr in ("articles", "statements", "comparison"):
        tables[attr] = tables[attr].with_columns(pl.col(C.OUTLET).replace("Hostile Test Outlet", name))
    return Run.from_tables(run.path, run.manifest, tables)


def test_a_hostile_outlet_name_is_text(fixture_run_dir):
    """Outlet names are untrusted: escaped, never an element or an attribute; control characters and XML's
    non-characters cannot make a figure file unreadable."""
    run = _hostile_run(load_run(fixture_run_dir), HOSTILE)
    shown = HOSTILE.replace("\x07", "\ufffd").replace("\ufffe", "\ufffd")
    for name, svg in figures(run).items():
        assert "<script" not in svg and "\x07" not in svg, name
        root = parse(svg)
        assert not [el for el in root.iter() if el.tag != f"{SVG}svg" and not el.tag.startswith(SVG)]
        assert {el.tag for el in root.iter()} <= {f"{SVG}{t}" for t in ("svg", "title", "rect", "text", "line")}
        assert not any(k.startswith("on") for el in root.iter() for k in el.attrib), name
        outlets = {el.get("data-outlet") for el in root.iter() if el.get("data-outlet")}
        if name != "verbs.svg":  # the hostile outlet has no classed verb in the fixture
            assert shown in outlets, name
        titles = {el.text for el in root.iter(f"{SVG}title")}
        assert shown in titles, name  # the whole name where the label is cut
        labels = [el for el in root.iter(f"{SVG}text") if el.find(f"{SVG}title") is not None
                  and el.find(f"{SVG}title").text == shown]
        assert labels and all(len(el.find(f"{SVG}title").tail) <= 24 for el in labels)  # cut to 24 characters


def test_figure_is_a_string_jupyter_shows(fixture_run_dir, tmp_path):
    run = load_run(fixture_run_dir)
    fig = run.plot_coverage()
    assert isinstance(fig, Figure) and isinstance(fig, str) and fig._repr_svg_() == str(fig)
    path = fig.save(tmp_path / "sub" / "coverage.svg")
    assert path.read_text(encoding="utf-8") == fig
    assert list((tmp_path / "sub").iterdir()) == [path]  # no temporary file left behind


def test_report_writes_the_figures_it_shows(run_dir):
    """`transcompare report RUN_DIR` writes RUN_DIR/figures/*.svg; the report inlines the same bytes."""
    res = CliRunner().invoke(main, ["report", str(run_dir)])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (run_dir / "figures").iterdir())
    assert names == ["coverage.svg", "divergence-en.svg", "divergence-es.svg", "verbs.svg"]
    run = load_run(run_dir)
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert (run_dir / "figures" / "coverage.svg").read_text(encoding="utf-8") == run.plot_coverage()
    assert (run_dir / "figures" / "divergence-es.svg").read_text(encoding="utf-8") == run.plot_divergence("es")
    assert (run_dir / "figures" / "verbs.svg").read_text(encoding="utf-8") == run.plot_verbs()
    for name in names:
        assert (run_dir / "figures" / name).read_text(encoding="utf-8") in page, name


def test_figures_of_a_dropped_view_language_go(run_dir):
    render_report(run_dir)
    assert (run_dir / "figures" / "divergence-es.svg").exists()
    comp = pl.read_parquet(run_dir / "comparison.parquet")
    comp.filter(pl.col(C.VIEW_LANG) == "en").write_parquet(run_dir / "comparison.parquet")
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["view_langs"] = ["en"]
    (run_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    paths = write_figures(load_run(run_dir))
    assert sorted(p.name for p in (run_dir / "figures").iterdir()) == sorted(p.name for p in paths) == [
        "coverage.svg", "divergence-en.svg", "verbs.svg"]


def test_a_run_without_statements_still_draws(fixture_run_dir, tmp_path):
    run = load_run(fixture_run_dir)
    empty = Run.from_tables(tmp_path, run.manifest, {"articles": run.articles})
    assert cells(parse(empty.plot_coverage())) == [] and "no statements" in empty.plot_coverage()
    assert cells(parse(empty.plot_verbs())) == []


@pytest.mark.slow
@pytest.mark.apertium
def test_the_run_and_report_write_the_same_figures(demo_run_dir):
    """The pipeline draws the figures from the tables in memory; `transcompare report` from the run
    directory: the same bytes (the report itself: test_view_demo.test_demo_run_loads)."""
    written = {p.name: p.read_bytes() for p in (demo_run_dir / "figures").iterdir()}
    assert set(written) >= {"coverage.svg", "verbs.svg"} and len(written) >= 3
    render_report(demo_run_dir)
    assert {p.name: p.read_bytes() for p in (demo_run_dir / "figures").iterdir()} == written
    page = (demo_run_dir / "report.html").read_bytes()
    assert all(svg in page for svg in written.values())
