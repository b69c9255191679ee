"""The demo pipeline's own report, terminal view and notebook view (pipelines/lavrov-2015.toml, run offline)."""

from __future__ import annotations

import re
import tomllib

import pytest
from click.testing import CliRunner

from transcompare.api import load_run
from transcompare.cli import main
from transcompare.render.html import report_html
from transcompare.schema import C

pytestmark = [pytest.mark.slow, pytest.mark.apertium]

def test_demo_run_loads(demo_run_dir, request):
    demo = request.config.rootpath / "pipelines" / "lavrov-2015.toml"
    config = tomllib.loads(demo.read_text(encoding="utf-8"))
    run = load_run(demo_run_dir)
    assert run.view_langs == config["view_langs"]
    assert "Arutz Sheva" in run.outlets and len(run.outlets) == run.articles.height >= 3
    assert run.manifest.get("pipeline") == config["name"]
    # the pipeline wrote the report; rewriting it from the same run gives the same page
    assert (demo_run_dir / "report.html").read_text(encoding="utf-8") == report_html(run)
    view = run.comparison_view()
    wide = view.to_polars()
    assert wide.height == run.comparison.get_column(C.STATEMENT_ID).n_unique() == len(view)
    assert "<mark class=\"k-diff" in view._repr_html_()


def test_demo_show_fixed_width(demo_run_dir):
    run = load_run(demo_run_dir)
    res = CliRunner().invoke(main, ["show", str(demo_run_dir), "--width", "100", "--lang", "es"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(ln) for ln in lines) <= 100
    assert lines[0].startswith("transcompare · lavrov-2015 · view language es")
    assert "".join(lines[1:4]).startswith(run.signature[:200])  # the signature, folded to the width
    heads = [ln for ln in lines if re.match(r"s\d{3} · \d+ outlets? · divergence", ln)]
    assert len(heads) == run.comparison.get_column(C.STATEMENT_ID).n_unique()
    assert "Arutz Sheva" in res.output


@pytest.mark.browser
def test_demo_report_in_chromium(demo_run_dir, browser, artifacts_dir):
    run = load_run(demo_run_dir)
    n_statements = run.comparison.get_column(C.STATEMENT_ID).n_unique()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((demo_run_dir / "report.html").resolve().as_uri())
        first, second = run.view_langs[:2]
        cards = [c for c in page.query_selector_all(f'.stmts[data-vl="{first}"] .st') if c.is_visible()]
        assert len(cards) == n_statements
        assert sum(m.is_visible() for m in page.query_selector_all(".stmts mark.k-diff")) > 0
        page.screenshot(path=str(artifacts_dir / "view-demo-top.png"))
        page.click(f'.langs button[data-lang="{second}"]')
        assert not page.is_visible(f'.stmts[data-vl="{first}"]')
        assert sum(c.is_visible() for c in page.query_selector_all(f'.stmts[data-vl="{second}"] .st')) == n_statements
        page.uncheck('#outlets input[value="Arutz Sheva"]')
        assert not any(m.is_visible() for m in page.query_selector_all('.mem[data-outlet="Arutz Sheva"]'))
        page.screenshot(path=str(artifacts_dir / "view-demo-es-filtered.png"))
        assert "apertium" in page.inner_text("#manifest") or "argos" in page.inner_text("#manifest")
        assert errors == []
    finally:
        page.close()


def test_run_result_is_the_run_load_run_opens(demo_run_dir, request, monkeypatch):
    """`run_pipeline(...).run` is the same run `load_run` opens: same tables, same page."""
    from polars.testing import assert_frame_equal

    from transcompare.config import load_pipeline
    from transcompare.pipeline import run_pipeline

    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(demo_run_dir.parent / "cache"))
    result = run_pipeline(load_pipeline(request.config.rootpath / "pipelines" / "lavrov-2015.toml"), demo_run_dir)
    opened = load_run(demo_run_dir)
    for name in ("articles", "sentences", "translations", "alignments", "statements", "comparison"):
        assert_frame_equal(getattr(result.run, name), getattr(opened, name))
    assert result.run.manifest == opened.manifest and report_html(result.run) == report_html(opened)


def test_comparison_has_meaning_and_own_words(demo_run_dir):
    """Beside the view-language diff: the meaning-level similarity (embeddings, any pair of languages) and, for
    a member written in the reference's language, the diff of the two originals (no translation between)."""
    import polars as pl

    from transcompare.text import word_diff

    comp = load_run(demo_run_dir).comparison
    refs = comp.filter(pl.col(C.IS_REFERENCE)).select(C.STATEMENT_ID, C.VIEW_LANG,
                                                      pl.col(C.LANG).alias("ref_lang"), pl.col(C.TEXT).alias("ref"))
    rows = comp.join(refs, on=[C.STATEMENT_ID, C.VIEW_LANG])
    assert rows[C.MEANING_SIMILARITY].null_count() == 0
    assert (rows.filter(pl.col(C.IS_REFERENCE))[C.MEANING_SIMILARITY] == 1.0).all()
    others = rows.filter(~pl.col(C.IS_REFERENCE))
    assert others[C.MEANING_SIMILARITY].is_between(-1.0, 1.0).all() and others.height
    same = others.filter(pl.col(C.LANG) == pl.col("ref_lang"))
    cross = others.filter(pl.col(C.LANG) != pl.col("ref_lang"))
    assert same.height and cross.height
    assert cross[C.ORIGINAL_DIVERGENCE].null_count() == cross.height
    for r in same.iter_rows(named=True):
        assert r[C.ORIGINAL_DIVERGENCE] == word_diff(r[C.TEXT], r["ref"]).divergence
    # carried by several outlets in several languages: the meaning of the same statement is close
    assert others[C.MEANING_SIMILARITY].median() > 0.3
    page = (demo_run_dir / "report.html").read_text(encoding="utf-8")
    assert "<dt>meaning</dt>" in page and "<dt>own words div</dt>" in page


def test_one_speaker_across_outlets_and_scripts(demo_run_dir):
    """Lavrov as written by the English, Spanish and Portuguese outlets is one speaker (speakers table)."""
    import polars as pl

    run = load_run(demo_run_dir)
    st = run.statements.filter(pl.col(C.SPEAKER).str.contains("(?i)lavrov|lavrov"))
    ids = set(st[C.SPEAKER_ID].to_list())
    assert len(ids) == 1 and "" not in ids, st.select(C.OUTLET, C.SPEAKER, C.SPEAKER_ID)
    lavrov = run.speakers.filter(pl.col(C.SPEAKER_ID) == ids.pop()).row(0, named=True)
    assert "Lavrov" in lavrov[C.NAME] and len(lavrov[C.OUTLETS]) >= 3 and lavrov[C.N_STATEMENTS] >= 3
    assert set(run.comparison.filter(pl.col(C.SPEAKER).str.contains("Lavrov"))[C.SPEAKER_ID]) == {lavrov[C.SPEAKER_ID]}


def test_who_said_it_and_how(demo_run_dir):
    """Attributions per outlet version, the outlet x verb-class matrix (API, show --verbs, report)."""
    import polars as pl

    run = load_run(demo_run_dir)
    att = run.attributions()
    assert {"speaker_id", "verb_gloss", "verb_class", "quote_type"} <= set(att.columns) and att.height
    assert set(att["quote_type"]) <= {"direct", "indirect", "source", "none"}
    matrix = run.verb_classes()
    classes = [c for c in matrix.columns if c != C.OUTLET]
    assert classes and set(matrix[C.OUTLET]) <= set(run.outlets)
    counted = int(matrix.select(pl.sum_horizontal(classes)).to_series().sum())
    assert counted == run.statements.filter(pl.col(C.VERB_CLASS) != "").height
    res = CliRunner().invoke(main, ["show", str(demo_run_dir), "--verbs", "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[0].split(",") == matrix.columns
    res = CliRunner().invoke(main, ["show", str(demo_run_dir), "--verbs", "--width", "60"])
    lines = res.output.splitlines()
    assert res.exit_code == 0 and "speaker" in res.output and max(len(line) for line in lines) <= 60
    page = (demo_run_dir / "report.html").read_text(encoding="utf-8")
    assert 'id="verbs">Who said it, and how' in page and "<th>speaker_id</th>" not in page
