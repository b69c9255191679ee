from __future__ import annotations

from pathlib import Path
from typing import Callable

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transcompare.config import load_pipeline
from transcompare.eval.coverage_corpus import ROOT, load_events, write_articles
from transcompare.pipeline import run_pipeline
from transcompare.run import TABLES

# the corpus of several stories (tests/pipeline/test_pl_stories.py, test_pl_ray.py): the English articles of
# four events of the constructed coverage corpus, two per event
# four dev events of the coverage corpus (the story model was calibrated on the dev half; how it does on held-out
# events is the stories evaluation's to say: docs/evaluation.md)
STORY_EVENTS = ("e01", "e03", "e05", "e07")


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private translation cache for the test (and for subprocesses it starts)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(path))
    return path


@pytest.fixture(scope="session")
def story_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(folder holding ``articles/``, {article id: event}) of the four-story corpus."""
    tmp = tmp_path_factory.mktemp("corpus")
    events = [ev for ev in load_events(ROOT, "all") if ev.event in STORY_EVENTS]
    for ev in events:
        ev.articles[:] = [a for a in ev.articles if a.lang == "en"]
    paths = write_articles(events, tmp / "articles")
    event_of = {aid: ev.event for ev in events for aid in (a.id for a in ev.articles)}
    assert len(paths) == 2 * len(STORY_EVENTS) and len(set(event_of.values())) == len(STORY_EVENTS)
    return tmp, event_of


@pytest.fixture(scope="session")
def story_run(story_corpus) -> Callable[[str, str], Path]:
    """``story_run(name, extra)``: the run directory of the corpus run with ``extra`` TOML appended."""
    tmp, _ = story_corpus

    def run(name: str, extra: str = "") -> Path:
        path = tmp / f"{name}.toml"
        path.write_text(f'name = "{name}"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n{extra}',
                        encoding="utf-8")
        return run_pipeline(load_pipeline(path), tmp / name).run_dir

    return run


@pytest.fixture(scope="session")
def serial_stories(story_run) -> Path:
    """The corpus run one story after the other (what every other backend must reproduce)."""
    return story_run("serial")


@pytest.fixture(scope="session")
def same_tables() -> Callable[[Path, Path], list[str]]:
    """``same_tables(a, b)`` asserts every table of run ``a`` equals run ``b``'s; returns the names compared."""

    def check(a: Path, b: Path) -> list[str]:
        compared = []
        for name, (file, _table, _required) in TABLES.items():
            assert (a / file).exists() == (b / file).exists(), name
            if (a / file).exists():
                try:
                    assert_frame_equal(pl.read_parquet(a / file), pl.read_parquet(b / file))
                except AssertionError as err:
                    raise AssertionError(f"table {name}: {err}") from None
                compared.append(name)
        return compared

    return check
