"""Corpus mode: a run of several stories aligns each on its own (no statement holds two stories' sentences),
gives its statements one sequence of ids, and computes the same tables one story after the other and in two
local processes. The corpus (tests/pipeline/conftest.py): the English articles of four events of the
constructed coverage corpus."""

from __future__ import annotations

import polars as pl


def test_each_story_is_one_event_and_no_statement_spans_two(serial_stories, story_corpus):
    _, event_of = story_corpus
    stories = pl.read_parquet(serial_stories / "stories.parquet")
    by_story: dict[str, set[str]] = {}
    for article, story in zip(stories["article_id"], stories["story_id"]):
        by_story.setdefault(story, set()).add(event_of[article])
    assert all(len(events) == 1 for events in by_story.values())
    assert len(by_story) == len(set(event_of.values())) == 4
    statements = pl.read_parquet(serial_stories / "statements.parquet")
    assert statements.height > 0
    for _sid, group in statements.group_by("statement_id"):
        assert len({event_of[a] for a in group["article_id"]}) == 1
    alignments = pl.read_parquet(serial_stories / "alignments.parquet")
    assert all(event_of[a] == event_of[b] for a, b in zip(alignments["article_a"], alignments["article_b"]))


def test_statement_ids_run_across_stories_and_also_in_points_at_them(serial_stories):
    statements = pl.read_parquet(serial_stories / "statements.parquet")
    ids = statements["statement_id"].unique().sort().to_list()
    width = len(ids[0])
    assert ids == [f"s{k:0{width - 1}d}" for k in range(1, len(ids) + 1)]
    assert set(x for v in statements["also_in"].to_list() for x in v) <= set(ids)


def test_two_local_processes_give_the_same_tables(serial_stories, story_run, same_tables):
    compared = same_tables(serial_stories, story_run("parallel", "[execution]\njobs = 2\n"))
    assert {"alignments", "statements", "stories"} <= set(compared)
