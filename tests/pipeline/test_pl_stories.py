"""Corpus mode: a run of several stories aligns each on its own (no statement holds two stories' sentences),
gives its statements one sequence of ids, and computes the same tables one story after the other and in two
local processes. The corpus (tests/pipeline/conftest.py): the English articles of four events of the
constructed coverage corpus."""

from __future__ import annotations

from pathlib import Path

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


def test_articles_added_to_a_finished_run_join_its_stories_or_start_new_ones(story_corpus, tmp_path):
    """Online use: a second run of the same pipeline with more articles keeps every story id, puts an
    article of a known event into that event's story and starts a new story for a new event."""
    import shutil

    from transcompare.config import load_pipeline
    from transcompare.pipeline import run_pipeline

    root, event_of = story_corpus
    articles = sorted((root / "articles").rglob("*.md"))
    by_event: dict[str, list[Path]] = {}
    for path in articles:
        by_event.setdefault(event_of[path.stem], []).append(path)
    e1, e2, e3, e4 = sorted(by_event)
    first = [by_event[e1][0], by_event[e1][1], by_event[e2][0], by_event[e2][1], by_event[e3][0]]
    later = [by_event[e3][1], *by_event[e4]]
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in first:
        shutil.copy(path, folder / path.name)
    pipe_file = tmp_path / "online.toml"
    pipe_file.write_text('name = "online"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n',
                         encoding="utf-8")
    run_dir = tmp_path / "run"
    run_pipeline(load_pipeline(pipe_file), run_dir)
    before = dict(pl.read_parquet(run_dir / "stories.parquet").select("article_id", "story_id").iter_rows())
    assert len(set(before.values())) == 3
    for path in later:
        shutil.copy(path, folder / path.name)
    run_pipeline(load_pipeline(pipe_file), run_dir)
    after = dict(pl.read_parquet(run_dir / "stories.parquet").select("article_id", "story_id").iter_rows())
    assert {a: after[a] for a in before} == before  # nobody moved
    third = before[by_event[e3][0].stem]
    assert after[by_event[e3][1].stem] == third  # joins its event's story
    new = {after[p.stem] for p in by_event[e4]}
    assert len(new) == 1 and new.isdisjoint(before.values())  # a new event, a new story, numbered after
    assert sorted(new)[0] > max(before.values())


def test_a_run_given_more_articles_aligns_only_the_stories_that_changed(story_corpus, tmp_path):
    """Online use: the stories whose articles are unchanged keep their alignments and statements, and unchanged
    articles their sentences (taken from the run directory, not computed again), and every table equals a fresh
    run over all the articles."""
    import json
    import shutil

    from transcompare.config import load_pipeline
    from transcompare.pipeline import STATE_FILE, run_pipeline

    root, event_of = story_corpus
    by_event: dict[str, list[Path]] = {}
    for path in sorted((root / "articles").rglob("*.md")):
        by_event.setdefault(event_of[path.stem], []).append(path)
    events = sorted(by_event)
    first = [p for e in events[:3] for p in by_event[e]]  # three complete events
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in first:
        shutil.copy(path, folder / path.name)
    pipe_text = 'name = "more"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n'
    (tmp_path / "more.toml").write_text(pipe_text, encoding="utf-8")
    run_dir = tmp_path / "run"
    run_pipeline(load_pipeline(tmp_path / "more.toml"), run_dir)
    for path in by_event[events[3]]:  # a fourth event: a new story, the others unchanged
        shutil.copy(path, folder / path.name)
    run_pipeline(load_pipeline(tmp_path / "more.toml"), run_dir)
    state = json.loads((run_dir / STATE_FILE).read_text(encoding="utf-8"))
    for stage in ("align", "statements"):
        info = state[stage]["info"]
        assert info["reused_stories"] == 3 and len(info["story_keys"]) == 4, (stage, info["reused_stories"])
    segment = state["segment"]["info"]  # the old articles' sentences are taken, the new ones segmented
    assert segment["reused_articles"] == len(first) and len(segment["article_keys"]) == len(list(folder.iterdir()))
    fresh_dir = tmp_path / "fresh"
    (fresh_dir / "articles").mkdir(parents=True)
    for path in folder.iterdir():
        shutil.copy(path, fresh_dir / "articles" / path.name)
    (fresh_dir / "more.toml").write_text(pipe_text, encoding="utf-8")
    run_pipeline(load_pipeline(fresh_dir / "more.toml"), fresh_dir / "run")
    fresh = json.loads((fresh_dir / "run" / STATE_FILE).read_text(encoding="utf-8"))
    assert fresh["align"]["info"]["reused_stories"] == 0
    from polars.testing import assert_frame_equal

    for table in ("sentences", "stories", "alignments", "statements", "comparison"):  # (articles differ: their file paths)
        assert_frame_equal(pl.read_parquet(run_dir / f"{table}.parquet"),
                           pl.read_parquet(fresh_dir / "run" / f"{table}.parquet"))


def test_stories_of_too_few_outlets_are_not_aligned(serial_stories, story_run):
    """``[stories] min_outlets``: every story of the corpus has two outlets; with 3 none is aligned (the stories
    are still found), with 2 the tables are the default run's."""
    few = story_run("min-outlets-3", "[stories]\nmin_outlets = 3\n")
    assert pl.read_parquet(few / "stories.parquet").equals(pl.read_parquet(serial_stories / "stories.parquet"))
    assert pl.read_parquet(few / "alignments.parquet").height == 0
    assert pl.read_parquet(few / "statements.parquet").height == 0
    two = story_run("min-outlets-2", "[stories]\nmin_outlets = 2\n")
    for table in ("alignments", "statements"):
        assert pl.read_parquet(two / f"{table}.parquet").equals(pl.read_parquet(serial_stories / f"{table}.parquet"))
