"""Corpus mode: a run of several stories aligns each on its own (no statement holds two stories' sentences),
gives its statements one sequence of ids, and computes the same tables one story after the other and in two
local processes. The articles are the English ones of four events of the constructed coverage corpus."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transcompare.config import load_pipeline
from transcompare.eval.coverage_corpus import ROOT, load_events, write_articles
from transcompare.pipeline import run_pipeline
from transcompare.run import TABLES

EVENTS = ("e01", "e02", "e03", "e04")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("corpus")
    events = [ev for ev in load_events(ROOT, "all") if ev.event in EVENTS]
    for ev in events:
        ev.articles[:] = [a for a in ev.articles if a.lang == "en"]
    paths = write_articles(events, tmp / "articles")
    event_of = {aid: ev.event for ev in events for aid in (a.id for a in ev.articles)}
    assert len(paths) == 2 * len(EVENTS) and len(set(event_of.values())) == len(EVENTS)
    return tmp, event_of


def _pipeline(tmp: Path, name: str, extra: str = "") -> Path:
    path = tmp / f"{name}.toml"
    path.write_text(f'name = "{name}"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n{extra}',
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def serial(corpus) -> Path:
    tmp, _ = corpus
    return run_pipeline(load_pipeline(_pipeline(tmp, "serial")), tmp / "serial").run_dir


def test_each_story_is_one_event_and_no_statement_spans_two(serial, corpus):
    _, event_of = corpus
    stories = pl.read_parquet(serial / "stories.parquet")
    by_story: dict[str, set[str]] = {}
    for article, story in zip(stories["article_id"], stories["story_id"]):
        by_story.setdefault(story, set()).add(event_of[article])
    assert all(len(events) == 1 for events in by_story.values())
    assert len(by_story) == len(EVENTS)
    statements = pl.read_parquet(serial / "statements.parquet")
    assert statements.height > 0
    for _sid, group in statements.group_by("statement_id"):
        assert len({event_of[a] for a in group["article_id"]}) == 1
    alignments = pl.read_parquet(serial / "alignments.parquet")
    assert all(event_of[a] == event_of[b] for a, b in zip(alignments["article_a"], alignments["article_b"]))


def test_statement_ids_run_across_stories_and_also_in_points_at_them(serial):
    statements = pl.read_parquet(serial / "statements.parquet")
    ids = statements["statement_id"].unique().sort().to_list()
    width = len(ids[0])
    assert ids == [f"s{k:0{width - 1}d}" for k in range(1, len(ids) + 1)]
    assert set(x for v in statements["also_in"].to_list() for x in v) <= set(ids)


def test_two_local_processes_give_the_same_tables(serial, corpus):
    tmp, _ = corpus
    parallel = run_pipeline(load_pipeline(_pipeline(tmp, "parallel", "[execution]\njobs = 2\n")),
                            tmp / "parallel").run_dir
    for name, (file, _table, _required) in TABLES.items():
        if (serial / file).exists():
            assert_frame_equal(pl.read_parquet(serial / file), pl.read_parquet(parallel / file)), name
