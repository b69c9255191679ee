"""A small hand-made run directory (3 outlets, 2 view languages) written with the real schema and writers.

One outlet is hostile: its text carries a <script>, an <img onerror=...> and a javascript: link, its URL is
``javascript:alert(1)``, and the manifest carries a ``</script>`` breaking attempt. The views must show all
of it as inert text.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from transcompare.output import atomic_write_text, write_table
from transcompare.schema import (
    ALIGNMENTS,
    ARTICLES,
    COMPARISON,
    SENTENCES,
    STATEMENTS,
    TRANSLATIONS,
    C,
    article_text,
    check_frame,
)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
JSLINK = '<a href="javascript:alert(1)">Click</a>'
MANIFEST_ATTACK = "</script><script>window.__pwned=3</script>"

# article id -> (outlet, lang, url, [(kind, sentence)], {view_lang: [translation per sentence]})
ARTS = {
    "wire": ("Example Wire", "en", "https://example.org/wire/lavrov", [
        ("title", "Lavrov says Russia will keep supporting Syria"),
        ("body", "Russian Foreign Minister Sergei Lavrov said on Sunday that the Syrian army is the most "
                 "effective force against Islamic State."),
        ("body", "“To exclude the Syrian army from fighting Islamic State is absurd,” Lavrov said."),
        ("body", "Washington fears Moscow plans to expand its military support."),
    ], {"es": [
        "Lavrov dice que Rusia seguirá apoyando a Siria",
        "El ministro ruso de Asuntos Exteriores Serguéi Lavrov dijo el domingo que el ejército sirio es la "
        "fuerza más eficaz contra el Estado Islámico.",
        "«Excluir al ejército sirio de la lucha contra el Estado Islámico es absurdo», dijo Lavrov.",
        "Washington teme que Moscú planea ampliar su apoyo militar.",
    ]}),
    "diario": ("Diario Ejemplo", "es", "https://example.org/diario/lavrov", [
        ("title", "Lavrov afirma que Rusia seguirá apoyando a Siria"),
        ("body", "El ministro ruso de Exteriores, Serguéi Lavrov, afirmó el domingo que el ejército sirio es la "
                 "fuerza más eficaz contra el Estado Islámico."),
        ("body", "«Excluir al ejército sirio de la lucha contra el Estado Islámico es absurdo», declaró Lavrov."),
    ], {"en": [
        "Lavrov affirms that Russia will keep supporting Syria",
        "The Russian Foreign Minister, Sergei Lavrov, affirmed on Sunday that the Syrian army is the most "
        "efficient force against the Islamic State.",
        "«Excluding the Syrian army from the fight against the Islamic State is absurd», declared Lavrov.",
    ]}),
    "hostile": ("Hostile Test Outlet", "en", "javascript:alert(1)", [
        ("title", f"Lavrov: {SCRIPT} Syria"),
        ("body", f"Lavrov claimed the Syrian army is the only force able to defeat Islamic State {IMG}."),
        ("body", f"{JSLINK} for details of the talks."),
    ], {"es": [
        f"Lavrov: {SCRIPT} Siria",
        f"Lavrov afirmó que el ejército sirio es la única fuerza capaz de derrotar al Estado Islámico {IMG}.",
        f"{JSLINK} para detalles de las conversaciones.",
    ]}),
}
# statement id -> {article id: sentence index}; the first member is the representative
STMTS = {
    "s001": {"wire": 0, "diario": 0, "hostile": 0},
    "s002": {"wire": 1, "diario": 1, "hostile": 1},
    "s003": {"wire": 2, "diario": 2},
    "s004": {"wire": 3},
    "s005": {"hostile": 2},
}
ATTRIB = {  # (statement, article) -> (quote, speaker, verb)
    ("s002", "wire"): ("", "Sergei Lavrov", "said"),
    ("s002", "diario"): ("", "Serguéi Lavrov", "afirmó"),
    ("s002", "hostile"): ("", "Lavrov", "claimed"),
    ("s003", "wire"): ("To exclude the Syrian army from fighting Islamic State is absurd,", "Lavrov", "said"),
    ("s003", "diario"): ("Excluir al ejército sirio de la lucha contra el Estado Islámico es absurdo",
                         "Lavrov", "declaró"),
}
# reporting verb -> its class, as the verb lexicon has it (the fixture's verb matrix)
VERB_CLASS = {"said": "neutral", "afirmó": "assertive", "claimed": "distancing", "declaró": "neutral"}
VIEW_LANGS = ["en", "es"]
PIVOT = "en"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _view(aid: str, i: int, lang: str) -> str:
    _, alang, _, sents, tr = ARTS[aid]
    return sents[i][1] if alang == lang else tr[lang][i]


def _quote_sim(sid: str, aid: str, rep_aid: str) -> float | None:
    """A stand-in for the compare stage's number: word overlap of the two quotes (null if either has none)."""
    q, r = ATTRIB.get((sid, aid), ("",))[0], ATTRIB.get((sid, rep_aid), ("",))[0]
    if not q or not r:
        return None
    return difflib.SequenceMatcher(None, _words(q), _words(r)).ratio()


def build_run(run_dir: Path, *, manifest: bool = True) -> Path:
    """Write the fixture run's six tables and manifest into ``run_dir``."""
    arts, sents, trans = [], [], []
    for aid, (outlet, lang, url, ss, tr) in ARTS.items():
        paragraphs = [t for _, t in ss]
        arts.append({C.ARTICLE_ID: aid, C.OUTLET: outlet, C.LANG: lang, C.LANG_SOURCE: "declared",
                     C.TITLE: paragraphs[0], C.URL: url, C.PUBLISHED: "2015-09-20", C.BYLINE: "",
                     C.CREDITS: [], C.PARAGRAPHS: paragraphs, C.PARAGRAPH_KINDS: [k for k, _ in ss],
                     C.SOURCE: f"constructed/{aid}.txt"})
        offset = 0
        for i, (kind, text) in enumerate(ss):
            sents.append({C.ARTICLE_ID: aid, C.OUTLET: outlet, C.LANG: lang, C.PARAGRAPH: i, C.INDEX: i,
                          C.KIND: kind, C.START: offset, C.END: offset + len(text), C.TEXT: text})
            assert article_text(paragraphs)[offset:offset + len(text)] == text
            offset += len(text) + 2
            for vl in VIEW_LANGS:
                trans.append({C.ARTICLE_ID: aid, C.INDEX: i, C.LANG: lang, C.TEXT: text, C.TARGET_LANG: vl,
                              C.TRANSLATION: _view(aid, i, vl),
                              C.ENGINE: "identity" if vl == lang else "constructed",
                              C.ROUTE: lang if vl == lang else f"{lang}>{vl}"})
    outlets = [a[0] for a in ARTS.values()]
    stmts, comp = [], []
    for sid, members in STMTS.items():
        rep_aid = next(iter(members))
        missing = [o for aid, (o, *_rest) in ARTS.items() if aid not in members]
        for aid, i in members.items():
            outlet, lang, _, ss, _ = ARTS[aid]
            quote, speaker, verb = ATTRIB.get((sid, aid), ("", "", ""))
            stmts.append({C.STATEMENT_ID: sid, C.ARTICLE_ID: aid, C.OUTLET: outlet, C.LANG: lang,
                          C.SENTENCE_INDICES: [i], C.TEXT: ss[i][1], C.PIVOT_TEXT: _view(aid, i, PIVOT),
                          C.SCORE: 1.0, C.QUOTE: quote, C.SPEAKER: speaker, C.REPORTING_VERB: verb,
                          C.IS_REPRESENTATIVE: aid == rep_aid, C.N_OUTLETS: len(members),
                          C.QUOTE_SIMILARITY: _quote_sim(sid, aid, rep_aid), C.VERB_CLASS: VERB_CLASS.get(verb, "")})
            for vl in VIEW_LANGS:
                view, rep = _view(aid, i, vl), _view(rep_aid, members[rep_aid], vl)
                a, b = _words(view), _words(rep)
                comp.append({C.STATEMENT_ID: sid, C.VIEW_LANG: vl, C.ARTICLE_ID: aid, C.OUTLET: outlet,
                             C.LANG: lang, C.TEXT: ss[i][1], C.VIEW_TEXT: view, C.IS_REFERENCE: aid == rep_aid,
                             C.REPRESENTATIVE: rep,
                             C.SHARED_WORDS: sorted(set(a) & set(b)), C.ONLY_A: sorted(set(a) - set(b)),
                             C.ONLY_B: sorted(set(b) - set(a)),
                             C.DIVERGENCE: 1 - difflib.SequenceMatcher(None, a, b).ratio(),
                             C.QUOTE: quote, C.SPEAKER: speaker, C.REPORTING_VERB: verb,
                             C.N_OUTLETS: len(members), C.MISSING_OUTLETS: missing,
                             C.QUOTE_SIMILARITY: _quote_sim(sid, aid, rep_aid), C.VERB_CLASS: VERB_CLASS.get(verb, "")})
    tables = {
        "articles": (arts, ARTICLES), "sentences": (sents, SENTENCES), "translations": (trans, TRANSLATIONS),
        "statements": (stmts, STATEMENTS), "comparison": (comp, COMPARISON), "alignments": ([], ALIGNMENTS),
    }
    run_dir.mkdir(parents=True, exist_ok=True)
    for name, (rows, table) in tables.items():
        df = pl.DataFrame(rows, schema=table.schema) if rows else table.empty()
        write_table(check_frame(df, table, "fixture"), run_dir / f"{name}.parquet")
    if manifest:
        atomic_write_text(run_dir / "manifest.json", json.dumps({
            "transcompare_version": "0.1.0", "pipeline": "view-fixture", "config_hash": "0123456789abcdef",
            "created": "2015-09-21T00:00:00Z", "pivot": PIVOT, "view_langs": VIEW_LANGS,
            "inputs": [{"path": f"constructed/{aid}.txt", "sha256": "ab" * 32, "article_id": aid} for aid in ARTS],
            "stages": {"segment": {"signature": {"name": "rules", "version": "1"}, "seconds": 0.1, "rows": 10,
                                   "skipped": False}},
            "engines": {"es>en": {"engine": "apertium", "model": "spa-eng", "route": "es>en"}},
            "warnings": [f"constructed fixture {MANIFEST_ATTACK}"],
            "failed_inputs": [],
            "counts": {"articles": 3},
            "signature": "transcompare 0.1.0 · view-fixture · pivot en · apertium",
        }, ensure_ascii=False))
    assert len(outlets) == 3
    return run_dir


@pytest.fixture(scope="session")
def fixture_run_dir(tmp_path_factory) -> Path:
    """A read-only run directory shared by tests that do not write into it."""
    return build_run(tmp_path_factory.mktemp("view") / "run")


@pytest.fixture
def run_dir(fixture_run_dir, tmp_path) -> Path:
    """A private copy a test may modify."""
    return Path(shutil.copytree(fixture_run_dir, tmp_path / "run"))


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where the browser tests save screenshots for people to look at: ``$TRANSCOMPARE_TEST_ARTIFACTS`` if
    set, else test-artifacts/ at the repository root (gitignored)."""
    out = Path(os.environ.get("TRANSCOMPARE_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def spec():
    """The fixture's hand-written content, for tests to derive expectations from."""
    from types import SimpleNamespace

    return SimpleNamespace(ARTS=ARTS, STMTS=STMTS, ATTRIB=ATTRIB, VERB_CLASS=VERB_CLASS, VIEW_LANGS=VIEW_LANGS,
                           PIVOT=PIVOT,
                           SCRIPT=SCRIPT, IMG=IMG, JSLINK=JSLINK, MANIFEST_ATTACK=MANIFEST_ATTACK,
                           view=_view, build_run=build_run)


REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "pipelines" / "lavrov-2015.toml"


@pytest.fixture(scope="session")
def demo_run_dir(tmp_path_factory) -> Path:
    """The demo pipeline run end to end (offline) into a temporary directory, with a private cache."""
    from click.testing import CliRunner

    from transcompare.cli import main

    if not DEMO.exists():
        pytest.skip("the demo pipeline is not in this checkout")
    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSCOMPARE_CACHE", str(base / "cache"))
        res = CliRunner().invoke(main, ["run", str(DEMO), "--out", str(base / "run"), "-q"])
    assert res.exit_code == 0, res.output
    return base / "run"


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (no browser download; --no-sandbox so root works)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("needs Debian's chromium package (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


# four dev events of the coverage corpus (the story model was calibrated on the dev half; how it does on held-out
# events is the stories evaluation's to say: docs/evaluation.md)
STORY_EVENTS = ("e01", "e03", "e05", "e07")


@pytest.fixture(scope="session")
def stories_run_dir(tmp_path_factory) -> Path:
    """A run of several stories, made by the pipeline (offline, no translation): the English articles of four
    events of the constructed coverage corpus, two articles each (as tests/pipeline/test_pl_stories.py)."""
    from transcompare.config import load_pipeline
    from transcompare.eval.coverage_corpus import ROOT, load_events, write_articles
    from transcompare.pipeline import run_pipeline

    tmp = tmp_path_factory.mktemp("stories")
    events = [ev for ev in load_events(ROOT, "all") if ev.event in STORY_EVENTS]
    for ev in events:
        ev.articles[:] = [a for a in ev.articles if a.lang == "en"]
    write_articles(events, tmp / "articles")
    pipeline = tmp / "stories.toml"
    pipeline.write_text('name = "stories"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n',
                        encoding="utf-8")
    return run_pipeline(load_pipeline(pipeline), tmp / "run").run_dir
