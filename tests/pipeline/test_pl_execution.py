"""Local processes (``[execution] jobs = N``): a story's tables travel packed (Arrow IPC), compact and unchanged;
the processes share the cores and are started once for the stages of a run; a story's error fails the call and
the next call starts afresh. (Every table of a jobs = 2 run against the serial run: test_pl_stories.py.)"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import polars as pl
import pytest

from transcompare.errors import ConfigError
from transcompare.execution import THREAD_VARIABLES, Execution, _shared_cores, map_stories, shutdown_pools
from transcompare.transport import pack, pack_task, unpack


@pytest.fixture
def workers(monkeypatch):
    """The functions the worker processes run, importable by them (a module beside this one); fresh processes."""
    shutdown_pools()
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    import execution_workers

    yield execution_workers
    shutdown_pools()


def test_a_slice_of_a_frame_packs_to_its_own_size_and_back_unchanged(workers):
    whole = workers.story_frame(20_000)
    part = whole.partition_by("article_a", as_dict=True)[("a3",)]
    packed = pack(part)
    assert unpack(packed).equals(part) and unpack(packed).schema == part.schema
    assert len(packed.data) < len(pack(whole).data) / 4  # a seventh of the rows, not the whole frame's buffers
    assert unpack(pack(None)) is None and unpack(pack(3)) == 3
    task = pack_task({"frame": part, "scale": 2.0})
    assert len(pickle.dumps(task)) < len(pickle.dumps({"frame": part, "scale": 2.0}))


def test_processes_get_the_frames_share_the_cores_and_serve_every_stage(workers):
    frames = [workers.story_frame(50 + k) for k in range(4)]
    tasks = [{"frame": f, "scale": 2.0} for f in frames]
    first = map_stories(workers.rows_and_threads, tasks, Execution("local", 2))
    second = map_stories(workers.rows_and_threads, tasks, Execution("local", 2))
    for frame, out in zip(frames, first):  # in task order, each story's own rows
        assert out.drop("pid", "threads", "env").equals(frame.with_columns(pl.col("score") * 2.0))
    pids = {p for out in first for p in out["pid"]}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert pids == {p for out in second for p in out["pid"]}  # the next stage finds the processes started
    share = max(1, (os.cpu_count() or 1) // 2)
    for out in first:
        if "POLARS_MAX_THREADS" not in os.environ:
            assert set(out["threads"]) == {share}
        if "OPENBLAS_NUM_THREADS" not in os.environ:
            assert set(out["env"]) == {str(share)}


def test_the_environment_keeps_the_thread_counts_it_sets(monkeypatch):
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    with _shared_cores(2):
        inside = {name: os.environ[name] for name in THREAD_VARIABLES}
    assert inside["OMP_NUM_THREADS"] == "7"
    assert inside["POLARS_MAX_THREADS"] == str(max(1, (os.cpu_count() or 1) // 2))
    assert "POLARS_MAX_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "7"  # as it was


def test_an_error_in_a_story_is_the_users_and_the_next_call_starts_afresh(workers):
    with pytest.raises(ConfigError) as err:
        map_stories(workers.fail_on_two, [{"n": 1}, {"n": 2}, {"n": 3}], Execution("local", 2))
    assert str(err.value) == "story 2: something the user must fix"
    assert map_stories(workers.fail_on_two, [{"n": 1}, {"n": 3}], Execution("local", 2)) == [1, 3]


def test_the_transport_modules_example_runs():
    import doctest

    from transcompare import transport

    result = doctest.testmod(transport)
    assert result.attempted >= 1 and result.failed == 0
