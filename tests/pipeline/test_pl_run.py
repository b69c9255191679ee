"""The main job: the demo pipeline end to end (real Apertium), re-runs, bad articles, early failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import load_pipeline
from transcompare.pipeline import STAGES, run_pipeline
from transcompare.schema import C

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "pipelines" / "lavrov-2015.toml"
pytestmark = pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian package apertium not installed")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("demo")
    mp = pytest.MonkeyPatch()
    mp.setenv("TRANSCOMPARE_CACHE", str(tmp / "cache.sqlite3"))
    out = tmp / "run"
    result = CliRunner().invoke(main, ["run", str(DEMO), "--out", str(out)])
    yield out, result
    mp.undo()


def test_demo_run_produces_tables_report_manifest(demo_run):
    out, result = demo_run
    assert result.exit_code == 0, result.output
    assert f"Report: {out / 'report.html'}" in result.stdout
    comparison = pl.read_parquet(out / "comparison.parquet")
    assert comparison.height > 0
    assert set(comparison[C.VIEW_LANG].unique()) == {"en", "es"}
    statements = pl.read_parquet(out / "statements.parquet")
    shared = statements.filter(pl.col(C.N_OUTLETS) >= 3)
    assert shared[C.STATEMENT_ID].n_unique() >= 3, "the demo's quotes are carried by several outlets"
    # the summary counts statements and says how many rows (the progress bar's count) they have
    n, rows = statements[C.STATEMENT_ID].n_unique(), statements.height
    line = next(x for x in result.stdout.splitlines() if "statements" in x and "rows" in x)
    assert f"{n} ({rows} rows: one per outlet version)" in line and rows > n
    for name in ("articles", "sentences", "translations", "alignments", "statements", "comparison"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
        assert (out / f"{name}.jsonl").exists()
    m = json.loads((out / "manifest.json").read_text())
    assert m["pipeline"] == "lavrov-2015" and m["pivot"] == "en" and m["view_langs"] == ["en", "es"]
    assert m["counts"]["articles"] == pl.read_parquet(out / "articles.parquet").height >= 5
    assert len(m["inputs"]) == m["counts"]["articles"] and all(len(i["sha256"]) == 64 for i in m["inputs"])
    assert {"es>en", "pt>en", "fr>en", "ca>en"} <= set(m["engines"])
    assert all(m["engines"][p]["engine"] for p in m["engines"])
    assert any("pt>en" in w and "pivot" in w for w in m["warnings"])
    assert m["cache"]["misses"] > 0
    assert m["signature"].startswith("pipe:lavrov-2015|") and m["signature"].endswith("version:0.1.0")
    assert set(m["stages"]) == set(STAGES) - {"report"}
    # real translation: the Spanish article's sentences come back in English
    tr = pl.read_parquet(out / "translations.parquet")
    es_en = tr.filter((pl.col(C.LANG) == "es") & (pl.col(C.TARGET_LANG) == "en"))
    assert es_en.height > 0 and es_en[C.ENGINE].str.contains("apertium").all()
    assert any("Islamic State" in t for t in es_en[C.TRANSLATION].to_list())


def test_reference_is_an_original_when_close(demo_run):
    """A statement's reference (representative) is a sentence written in the pivot language, not a machine
    translation, unless every original is more than ``original_margin`` less similar to the others."""
    from transcompare.align import AlignSettings

    out, _ = demo_run
    margin = AlignSettings().original_margin
    st = pl.read_parquet(out / "statements.parquet").filter(pl.col(C.N_OUTLETS) > 1)
    preferred = 0
    for _, g in st.group_by(C.STATEMENT_ID):
        rep = g.filter(pl.col(C.IS_REPRESENTATIVE)).row(0, named=True)
        best = g[C.SCORE].max()
        originals = g.filter(pl.col(C.LANG) == "en")
        if rep[C.LANG] != "en":
            assert rep[C.SCORE] == best
            assert (originals[C.SCORE] < best - margin).all()
        elif rep[C.SCORE] < best:
            assert rep[C.SCORE] >= best - margin
            preferred += 1
    assert preferred >= 1  # the demo has statements where a translation scored higher


def test_each_view_language_has_one_reference_preferring_its_originals(demo_run):
    """In the Spanish view, a statement the Spanish outlet carries is compared with its own words."""
    from transcompare.align import AlignSettings

    out, _ = demo_run
    margin = AlignSettings().original_margin
    st = pl.read_parquet(out / "statements.parquet")
    score = {(s, a): x for s, a, x in st.select(C.STATEMENT_ID, C.ARTICLE_ID, C.SCORE).iter_rows()}
    rep = {s: a for s, a in st.filter(pl.col(C.IS_REPRESENTATIVE)).select(C.STATEMENT_ID, C.ARTICLE_ID).iter_rows()}
    cmp = pl.read_parquet(out / "comparison.parquet")
    per = cmp.group_by(C.STATEMENT_ID, C.VIEW_LANG).agg(pl.col(C.IS_REFERENCE).sum())
    assert per[C.IS_REFERENCE].to_list() == [1] * per.height
    spanish_refs = 0
    for row in cmp.filter(pl.col(C.VIEW_LANG) == "es").iter_rows(named=True):
        sid = row[C.STATEMENT_ID]
        spanish = cmp.filter((pl.col(C.STATEMENT_ID) == sid) & (pl.col(C.VIEW_LANG) == "es")
                             & (pl.col(C.LANG) == "es"))
        if not row[C.IS_REFERENCE] or not spanish.height:
            continue
        es_aid = spanish[C.ARTICLE_ID][0]
        close = score[(sid, es_aid)] >= score[(sid, rep[sid])] - margin
        assert (row[C.ARTICLE_ID] == es_aid) == (close or rep[sid] == es_aid)
        assert row[C.DIVERGENCE] == 0.0 and row[C.VIEW_TEXT] == row[C.REPRESENTATIVE]
        spanish_refs += row[C.LANG] == "es"
    assert spanish_refs >= 1
    # "quote match" is measured against the reference shown: the reference's own quote matches itself
    refs = cmp.filter(pl.col(C.IS_REFERENCE) & pl.col(C.QUOTE_SIMILARITY).is_not_null())
    assert refs.height >= 2 and (refs[C.QUOTE_SIMILARITY] == 1.0).all()
    assert refs.filter(pl.col(C.VIEW_LANG) == "es", pl.col(C.LANG) == "es").height >= 1


def test_rerun_skips_every_stage_and_keeps_tables(demo_run, tmp_path: Path):
    out, first = demo_run
    assert first.exit_code == 0
    before = {p.name: pl.read_parquet(p) for p in out.glob("*.parquet")}
    result = CliRunner().invoke(main, ["run", str(DEMO), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    m = json.loads((out / "manifest.json").read_text())
    assert all(info["skipped"] for info in m["stages"].values())
    assert m["cache"] == {"hits": 0, "misses": 0}  # this run looked nothing up
    assert m["stages"]["translate"]["cache"]["misses"] > 0  # how the table was made, kept
    for name, df in before.items():
        assert pl.read_parquet(out / name).equals(df), name


def test_changed_setting_reruns_from_that_stage(demo_run, tmp_path: Path):
    out, _ = demo_run
    copy = tmp_path / "run"
    shutil.copytree(out, copy)
    text = DEMO.read_text().replace('beam_size = 4', 'beam_size = 4\n\n[align]\nstatement_threshold = 0.5')
    pipe_file = REPO / "pipelines" / ".test-threshold.toml"
    pipe_file.write_text(text)
    try:
        result = run_pipeline(load_pipeline(pipe_file), copy)
    finally:
        pipe_file.unlink()
    skipped = {s: i["skipped"] for s, i in result.manifest["stages"].items()}
    assert skipped == {"ingest": True, "segment": True, "translate": True, "embed": True, "stories": True,
                       "align": False, "statements": False, "speakers": False, "compare": False}


def test_bad_article_is_skipped_and_listed(tmp_path: Path, cache_env: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copy(REPO / "data" / "000_228ebe913f98790d.txt", tmp_path / "seed.txt")
    shutil.copy(REPO / "data" / "constructed-es-diario.md", tmp_path / "es.md")
    pipe = tmp_path / "p.toml"
    pipe.write_text('name = "p"\n[[inputs]]\npath = "*.txt"\nlang = "en"\n[[inputs]]\npath = "es.md"\n')
    result = CliRunner().invoke(main, ["run", str(pipe), "--quiet"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'empty.txt'}: file is empty"
    m = json.loads((tmp_path / "runs" / "p" / "manifest.json").read_text())
    assert m["failed_inputs"] == [{"path": str(tmp_path / "empty.txt"), "error": "file is empty"}]
    assert m["counts"]["articles"] == 2
    assert pl.read_parquet(tmp_path / "runs" / "p" / "comparison.parquet").height > 0


@pytest.mark.parametrize(
    "inputs, extra, expected",
    [
        ('path = "missing.txt"', "", "missing.txt: no such file or directory"),
        ('path = "he.md"', "[translate]\nrequire_translation = true\n", "p.toml: cannot translate he->en"),
        ('path = "es.md"', '[translate]\nengine = "argos"\nrequire_translation = true\n',
         "p.toml: cannot translate es->en"),
    ],
)
def test_check_fails_before_any_work(tmp_path: Path, cache_env: Path, inputs: str, extra: str, expected: str):
    (tmp_path / "he.md").write_text("---\nlang: he\ntitle: כותרת\n---\nלברוב אמר ביום ראשון שרוסיה תמשיך לתמוך בממשלת סוריה.\n")
    shutil.copy(REPO / "data" / "constructed-es-diario.md", tmp_path / "es.md")
    pipe = tmp_path / "p.toml"
    pipe.write_text(f'name = "p"\n[[inputs]]\n{inputs}\n{extra}')
    result = CliRunner().invoke(main, ["run", str(pipe), "--check"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert ": OK" not in result.stdout  # a failing check never says OK
    assert not (tmp_path / "runs").exists()
    assert not cache_env.exists()


def test_check_ok_lists_routes(cache_env: Path):
    result = CliRunner().invoke(main, ["run", str(DEMO), "--check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout and "pt>en" in result.stdout and "pt>es>en" in result.stdout


def test_run_directory_inside_the_input_folder_is_not_read_back(tmp_path: Path, cache_env: Path):
    """`path = "."` with the default run directory (runs/NAME beside the file): the second run reads the same
    two articles, not the first run's tables."""
    for name in ("constructed-en-wire.md", "constructed-es-diario.md"):
        shutil.copy(REPO / "data" / name, tmp_path / name)
    pipe = tmp_path / "p.toml"
    pipe.write_text('name = "p"\n[[inputs]]\npath = "."\n[output]\nformats = ["parquet", "csv", "jsonl"]\n')
    for args in (["--quiet"], ["--quiet", "--force"]):
        result = CliRunner().invoke(main, ["run", str(pipe), *args])
        assert result.exit_code == 0, result.output
        m = json.loads((tmp_path / "runs" / "p" / "manifest.json").read_text())
        assert m["counts"]["articles"] == 2 and m["failed_inputs"] == []
    assert (tmp_path / "runs" / "p" / "articles.csv").exists()  # the tables were there to be misread


@pytest.mark.parametrize("where", ["toml", "cli"])
def test_unwritable_run_directory_is_a_one_line_error(tmp_path: Path, cache_env: Path, where: str):
    shutil.copy(REPO / "data" / "constructed-en-wire.md", tmp_path / "a.md")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    pipe = tmp_path / "p.toml"
    out = blocker / "run"
    extra = f'[output]\ndir = "{out}"\n' if where == "toml" else ""
    pipe.write_text(f'name = "p"\n[[inputs]]\npath = "a.md"\n{extra}')
    args = [] if where == "toml" else ["--out", str(out)]
    for mode in (["--check"], ["--quiet"]):
        result = CliRunner().invoke(main, ["run", str(pipe), *args, *mode])
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("Error: ") and "is a file, not a directory" in line
        assert ("[output.dir]" in line) == (where == "toml") and ("--out" in line) == (where == "cli")
