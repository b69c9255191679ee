"""The Ray backend (``[execution] backend = "ray"``): the four-story corpus of tests/pipeline/conftest.py run on
Ray gives every table of the serial run; tasks come back in task order with progress as they finish; a story's
error is the user's one line; a missing ray is one line before any work. One Ray (two CPUs) for the session."""

from __future__ import annotations

import os
import sys
import time

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.errors import ConfigError, TranscompareError
from transcompare.execution import Execution, map_stories
from transcompare.execution_ray import MISSING, init_kwargs

RAY = '[execution]\nbackend = "ray"\n'


@pytest.fixture(scope="session")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'transcompare[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_gives_every_table_of_the_serial_run(ray_cluster, serial_stories, story_run, same_tables):
    compared = same_tables(serial_stories, story_run("ray", RAY))
    assert {"stories", "alignments", "statements", "comparison"} <= set(compared)
    assert ray_cluster.is_initialized()  # a Ray the run found is not shut down by it


def test_results_in_task_order_and_progress_as_tasks_finish(ray_cluster):
    def compute(n: int, delay: float) -> tuple[int, int]:
        time.sleep(delay)
        return n * 10, os.getpid()

    seen: list[tuple[int, int]] = []
    tasks = [{"n": 1, "delay": 1.0}, {"n": 2, "delay": 0.0}, {"n": 3, "delay": 0.3}]
    out = map_stories(compute, tasks, Execution("ray"), lambda done, total: seen.append((done, total)))
    assert [n for n, _pid in out] == [10, 20, 30]
    assert os.getpid() not in {pid for _n, pid in out}  # Ray's workers ran them, not this process
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_an_error_in_a_story_is_the_users_one_line(ray_cluster):
    def compute(n: int) -> int:
        if n == 2:
            raise ConfigError("story 2: something the user must fix")
        return n

    with pytest.raises(ConfigError) as err:
        map_stories(compute, [{"n": 1}, {"n": 2}], Execution("ray"))
    assert str(err.value) == "story 2: something the user must fix"


def test_ray_init_arguments():
    assert init_kwargs(Execution("ray", 4, "auto")) == {"address": "auto"}  # a cluster's own CPUs
    assert init_kwargs(Execution("ray", 2)) == {"include_dashboard": False, "num_cpus": 2}
    assert "num_cpus" not in init_kwargs(Execution("ray", 1))  # Ray's default: every core


def test_missing_ray_is_one_line_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # the package is not installed
    with pytest.raises(TranscompareError) as err:
        map_stories(lambda: None, [{}], Execution("ray"))
    assert str(err.value) == MISSING == "backend = \"ray\" needs the ray extra: pip install 'transcompare[ray]'"
    (tmp_path / "a.md").write_text("# A\n\nOne sentence.\n", encoding="utf-8")
    pipe = tmp_path / "p.toml"
    pipe.write_text(f'name = "p"\n[[inputs]]\npath = "a.md"\nlang = "en"\n{RAY}', encoding="utf-8")
    for args in (["run", str(pipe), "--check"], ["run", str(pipe), "--out", str(tmp_path / "run")]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, res.output
        assert res.output.strip().splitlines() == [f"Error: {pipe}: [execution] {MISSING}"], res.output
    assert not list((tmp_path / "run").glob("*.parquet"))  # no stage ran


def test_embeddings_on_a_pool_of_ray_actors_are_the_serial_ones(ray_cluster):
    """``[execution] backend = "ray"``: the batches go to actors (each loads the model once, in another process)
    and come back in order; the vectors are the ones computed here."""
    import numpy as np

    from transcompare.embed import Embeddings

    texts = [f"The council voted {n} to {n + 3} on the harbour plan, the mayor said." for n in range(40)]
    here = Embeddings("use-m3", batch_size=8).embed(texts, Embeddings("use-m3").embedder("use-m3"))
    pooled = Embeddings("use-m3", batch_size=8, execution=Execution("ray"))
    vectors = pooled.embed(texts, pooled.embedder("use-m3"))
    assert vectors.shape == here.shape and pooled.embedded == 40
    assert np.allclose(vectors, here, atol=1e-6)
    from transcompare.execution_ray import embed_on_actors

    parts = list(embed_on_actors("use-m3", 1, batches_of(texts, 8), Execution("ray")))
    assert len(parts) == 5 and np.allclose(np.vstack(parts), here, atol=1e-6)


def test_translations_on_a_pool_of_ray_actors_are_the_serial_ones(ray_cluster):
    """``[execution] backend = "ray"``: Apertium batches go to actors (one engine each, in other processes) and
    come back in order: the same translations as here."""
    from transcompare.translate.translator import Translator

    texts = [f"El alcalde dijo que el puente abrirá en {n} días." for n in range(2, 14)]
    here = Translator("apertium", cache_path=None, batch_size=4).translate(texts, "es", "en")
    pooled = Translator("apertium", cache_path=None, batch_size=4, execution=Execution("ray"))
    assert pooled.translate(texts, "es", "en") == here
    assert len(set(here)) == len(texts) and all(t and t != s for t, s in zip(here, texts))
    from transcompare.execution_ray import translate_on_actors

    batches = [texts[k:k + 4] for k in range(0, len(texts), 4)]
    assert [list(b) for b in translate_on_actors("apertium", (4, None), batches, "es", "en",
                                                 Execution("ray"))] == batches_of(here, 4)


def batches_of(items, n):
    return [list(items[k:k + n]) for k in range(0, len(items), n)]
