"""The notebook API: load_run, Run, Comparison (wide table, HTML repr) and clear errors for bad run dirs."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.api import Comparison, Run, load_run
from transcompare.cli import main
from transcompare.errors import InputError, TranscompareError
from transcompare.schema import COMPARISON, C


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> TagCollector:
    p = TagCollector()
    p.feed(markup)
    p.close()
    return p


def test_load_run_gives_tables_and_manifest(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    assert isinstance(run, Run)
    assert run.articles.height == len(spec.ARTS)
    assert run.sentences.height == sum(len(a[3]) for a in spec.ARTS.values())
    n_members = sum(len(m) for m in spec.STMTS.values())
    assert run.statements.height == n_members
    assert run.comparison.height == n_members * len(spec.VIEW_LANGS)
    assert run.comparison.schema == COMPARISON.schema
    assert run.view_langs == spec.VIEW_LANGS
    assert run.outlets == [a[0] for a in spec.ARTS.values()]
    assert run.manifest["pipeline"] == "view-fixture"
    assert run.signature == run.manifest["signature"]


@pytest.mark.parametrize("order", [["es", "en"], ["en", "es"]])
def test_view_langs_follow_the_manifest(run_dir, order):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["view_langs"] = order
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    run = load_run(run_dir)
    assert run.view_langs == order
    assert run.comparison_view().lang == order[0]


def test_missing_manifest_is_tolerated(run_dir):
    (run_dir / "manifest.json").unlink()
    run = load_run(run_dir)
    assert run.manifest == {}
    assert run.signature.startswith("transcompare ")
    assert run.view_langs == ["en", "es"]  # from the comparison table
    from transcompare.api import render_report

    text = "".join(parse(render_report(run_dir).read_text(encoding="utf-8")).text)
    assert "No manifest.json in this run directory." in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_to_polars_is_wide_one_column_group_per_outlet(fixture_run_dir, spec, lang):
    view = load_run(fixture_run_dir).comparison_view(lang)
    wide = view.to_polars()
    outlets = [a[0] for a in spec.ARTS.values()]
    assert wide.columns[:4] == [C.STATEMENT_ID, C.N_OUTLETS, C.REPRESENTATIVE, C.MISSING_OUTLETS]
    assert {f"{o}.text" for o in outlets} | {f"{o}.original" for o in outlets} <= set(wide.columns)
    assert wide.height == len(spec.STMTS) == len(view)
    # same order as the cards
    assert wide.get_column(C.STATEMENT_ID).to_list() == [s.statement_id for s in view.statements]
    by_id = {r[C.STATEMENT_ID]: r for r in wide.iter_rows(named=True)}
    for sid, members in spec.STMTS.items():
        row = by_id[sid]
        assert row[C.N_OUTLETS] == len(members)
        for aid, (outlet, _lang, _url, sents, _tr) in spec.ARTS.items():
            assert row[f"{outlet}.text"] == (spec.view(aid, members[aid], lang) if aid in members else None)
            assert row[f"{outlet}.original"] == (sents[members[aid]][1] if aid in members else None)


def test_filtered_view_and_long_rows(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    view = run.comparison_view("ES", outlet="hostile test outlet")  # case-insensitive language and outlet
    assert view.outlet == "Hostile Test Outlet" and view.lang == "es"
    carried = {sid for sid, m in spec.STMTS.items() if "hostile" in m}
    assert {s.statement_id for s in view.statements} == carried
    long = view.long()
    assert set(long.get_column(C.STATEMENT_ID).to_list()) == carried
    assert long.get_column(C.VIEW_LANG).unique().to_list() == ["es"]
    by_div = run.comparison_view("en", sort="divergence").to_polars()
    divs = [max(v for v in row if v is not None) for row in
            by_div.select([c for c in by_div.columns if c.endswith(".divergence")]).iter_rows()]
    assert divs == sorted(divs, reverse=True)
    one = run.comparison_view("en", statement="s003")
    assert one.to_polars().get_column(C.STATEMENT_ID).to_list() == ["s003"]
    assert view.to_polars().get_column(C.STATEMENT_ID).to_list() == [s.statement_id for s in view.statements]


def test_repr_html_shows_side_by_side_escaped(fixture_run_dir, spec):
    view = load_run(fixture_run_dir).comparison_view("en")
    markup = view._repr_html_()
    parsed = parse(markup)
    tags = [t for t, _ in parsed.tags]
    cards = [a for t, a in parsed.tags if t == "article" and "st" in (a.get("class") or "").split()]
    assert [c["data-sid"] for c in cards] == [s.statement_id for s in view.statements]
    assert tags.count("mark") > 0  # word differences highlighted
    members = [a for t, a in parsed.tags if t == "section" and "mem" in (a.get("class") or "")]
    assert len(members) == sum(len(m) for m in spec.STMTS.values())
    # hostile article: text, not markup
    assert "script" not in tags and "img" not in tags and "a" not in tags
    text = "".join(parsed.text)
    assert spec.SCRIPT in text and spec.IMG in text and spec.JSLINK in text
    assert spec.SCRIPT not in markup
    assert "<style>" in markup  # styled on its own, without the report page


def test_repr_html_of_filtered_view(fixture_run_dir):
    view = load_run(fixture_run_dir).comparison_view("es", statement="s003")
    parsed = parse(view._repr_html_())
    cards = [a["data-sid"] for t, a in parsed.tags if t == "article"]
    assert cards == ["s003"]
    assert "ejército" in "".join(parsed.text)


def _write(name: str, data: bytes):
    def go(d: Path) -> Path:
        (d / name).write_bytes(data)
        return d
    return go


def _drop_column(d: Path) -> Path:
    df = pl.read_parquet(d / "comparison.parquet").drop(C.VIEW_TEXT)
    df.write_parquet(d / "comparison.parquet")
    return d


@pytest.mark.parametrize(
    ("breaker", "needle"),
    [
        (lambda d: d / "nope", "does not exist"),
        (lambda d: _write("x.txt", b"hi")(d) / "x.txt", "not a directory"),
        (lambda d: ((d / "comparison.parquet").unlink(), d)[1], "comparison.parquet is missing"),
        (lambda d: ((d / "articles.parquet").unlink(), d)[1], "articles.parquet is missing"),
        (_write("comparison.parquet", b"PAR1 this is not parquet"), "cannot read the table"),
        (_write("manifest.json", b"{not json"), "cannot read the run manifest"),
        (_write("manifest.json", b"[1, 2]"), "not a JSON object"),
        (_drop_column, "missing columns view_text"),
    ],
    ids=["missing", "file", "no-comparison", "no-articles", "corrupt-parquet", "bad-json", "json-list",
         "missing-column"],
)
def test_bad_run_dirs_are_one_line_errors_naming_the_path(run_dir, breaker, needle):
    target = breaker(run_dir)
    with pytest.raises(TranscompareError) as err:
        load_run(target)
    msg = str(err.value)
    assert isinstance(err.value, InputError)
    assert needle in msg
    assert str(target) in msg
    assert "\n" not in msg


def test_comparison_is_public_and_all_is_short():
    import transcompare.api as api

    assert set(api.__all__) == {"Comparison", "Run", "load_run", "render_report"}
    assert api.render_report.__doc__
    assert Comparison.__doc__ and load_run.__doc__


def test_missing_translation_is_said_not_blank(run_dir):
    df = pl.read_parquet(run_dir / "comparison.parquet")
    gone = (pl.col(C.ARTICLE_ID) == "diario") & (pl.col(C.VIEW_LANG) == "en") & (pl.col(C.STATEMENT_ID) == "s002")
    df.with_columns(pl.when(gone).then(None).otherwise(pl.col(C.VIEW_TEXT)).alias(C.VIEW_TEXT)).write_parquet(
        run_dir / "comparison.parquet")
    view = load_run(run_dir).comparison_view("en", statement="s002")
    assert "(no translation into English (en))" in "".join(parse(view._repr_html_()).text)
    res = CliRunner().invoke(main, ["show", str(run_dir), "--statement", "s002", "--width", "150"])
    assert res.exit_code == 0 and "(no translation into en)" in res.output
