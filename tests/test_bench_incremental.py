"""bench/incremental.py: its comparison of two groupings (known answers) and, with NTREX-128, a tiny run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "incremental.py"
_spec = importlib.util.spec_from_file_location("bench_incremental", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _stories(pairs):
    return pl.DataFrame({"article_id": [a for a, _ in pairs], "story_id": [s for _, s in pairs]})


def test_same_partition_ignores_the_numbering_and_counts_moved_articles():
    a = _stories([("x", "t01"), ("y", "t01"), ("z", "t02")])
    assert bench.same_partition(a, _stories([("x", "t07"), ("y", "t07"), ("z", "t03")])) == 0
    # z joins x and y: all three are in another group than before
    assert bench.same_partition(a, _stories([("x", "t01"), ("y", "t01"), ("z", "t01")])) == 3
    # y leaves: x and y are in other groups, z is not
    assert bench.same_partition(a, _stories([("x", "t01"), ("y", "t03"), ("z", "t02")])) == 2


def test_agreement_counts_shared_statement_links_and_speakers():
    def table(rows):  # (statement, article, indices, speaker)
        return pl.DataFrame({"statement_id": [r[0] for r in rows], "article_id": [r[1] for r in rows],
                             "sentence_indices": [r[2] for r in rows], "speaker": [r[3] for r in rows],
                             "reporting_verb": ["said"] * len(rows)})
    once = table([("s1", "a", [0], "X"), ("s1", "b", [1], "X"), ("s1", "c", [0], ""), ("s2", "a", [1], "")])
    assert bench.agreement(once, once) == (1.0, 1.0)
    # c leaves the statement: links a-b kept of a-b, a-c, b-c; c's member has another speaker
    other = table([("s1", "a", [0], "X"), ("s1", "b", [1], "X"), ("s2", "c", [0], "Y"), ("s3", "a", [1], "")])
    assert bench.agreement(once, other) == (1 / 3, 0.75)


@pytest.mark.slow
@pytest.mark.needs_ntrex
def test_tiny_run(tmp_path, capsys):
    bench.main(["--size", "60", "--cache", str(tmp_path), "--markdown"])
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| new")]
    assert len(rows) == 4 and all(row.count("|") == 13 for row in rows)  # each addition redone, then extended
    assert [r.split("|")[1:3] for r in rows] == [[" new stories ", " redo "], [" new stories ", " extend "],
                                                [" new versions ", " redo "], [" new versions ", " extend "]]


def test_each_scenario_adds_about_a_tenth_of_new_articles():
    for size in (60, 1000):
        for name, (first, added) in bench.scenarios(123, size).items():
            assert len(set(first)) == len(first) and len(set(added)) == len(added), name
            assert added and not set(added) & set(first), name  # new articles only
            assert 0.05 <= len(added) / len(first) <= 0.15, (name, len(added), len(first))
    first, added = bench.scenarios(123, 1000)["new stories"]
    assert not {d for d, _, _ in first} & {d for d, _, _ in added}  # documents held out whole
