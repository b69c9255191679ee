"""Where per-story work runs: one after the other (the default), in local processes (``jobs = N``), or on Ray
(``backend = "ray"``). The results come back in the order of the tasks whatever the backend, so a run's
tables are the same on every backend.

A story's tables travel to another process as Arrow IPC (:mod:`transcompare.transport`). Local processes start
once per process (:func:`_pool`) and share the cores (``POLARS_MAX_THREADS`` and the BLAS libraries' thread
counts of cores // jobs, unless the environment sets them), so that two processes do not each start a pool of
threads as large as the machine.
"""

from __future__ import annotations

import atexit
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from transcompare.transport import call_packed, pack_task, unpack

THREAD_VARIABLES = ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class Execution:
    """How to run independent per-story tasks: ``backend`` "local" with ``jobs`` processes (1: in this
    process), or "ray" (``address``: "auto" joins a running cluster, None starts a local one)."""

    backend: str = "local"
    jobs: int = 1
    address: str | None = None


def check_backend(execution: Execution, origin: str = "") -> None:
    """Before any work: the backend's package is installed (a TranscompareError naming ``origin`` if not)."""
    if execution.backend == "ray":
        from transcompare.errors import TranscompareError
        from transcompare.execution_ray import require_ray

        try:
            require_ray()
        except TranscompareError as err:
            raise TranscompareError(f"{origin}: [execution] {err}" if origin else str(err)) from None


@contextmanager
def _shared_cores(jobs: int) -> Iterator[None]:
    """The thread variables (:data:`THREAD_VARIABLES`) that the processes started inside inherit: the cores
    shared among ``jobs`` processes; a variable the environment sets already is left as it is."""
    threads = str(max(1, (os.cpu_count() or 1) // jobs))
    added = [name for name in THREAD_VARIABLES if name not in os.environ]
    os.environ.update({name: threads for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def map_stories(compute: Callable[..., Any], tasks: list[dict[str, Any]], execution: Execution | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``[compute(**task) for task in tasks]``, on the chosen backend, in task order."""
    execution = execution or Execution()
    total = len(tasks)
    if execution.backend == "ray":
        from transcompare.execution_ray import map_ray

        return map_ray(compute, tasks, execution, progress)
    if execution.jobs <= 1 or total <= 1:
        out = []
        for n, task in enumerate(tasks, start=1):
            out.append(compute(**task))
            if progress:
                progress(n, total)
        return out
    pool = _pool(execution.jobs)
    try:
        futures = [pool.submit(call_packed, compute, pack_task(task)) for task in tasks]
        out = []
        for n, future in enumerate(futures, start=1):
            out.append(unpack(future.result()))
            if progress:
                progress(n, total)
        return out
    except BaseException:  # a failed story (or Ctrl-C): the other stories' work stops, the next run starts afresh
        _POOLS.pop(execution.jobs, None)
        pool.shutdown(wait=False, cancel_futures=True)
        raise


_POOLS: dict[int, Any] = {}  # jobs -> the process pool of this process (the stages of one run share it)


def shutdown_pools() -> None:
    """End the processes :func:`map_stories` started (they are otherwise kept until this process ends)."""
    while _POOLS:
        _POOLS.popitem()[1].shutdown(wait=True, cancel_futures=True)


def _ready() -> int:
    return os.getpid()


def _pool(jobs: int):
    """The pool of ``jobs`` spawned processes, started once per process and kept for the next stage (each of its
    processes imports the package once). They start here, inside :func:`_shared_cores`."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = _POOLS.get(jobs)
    if pool is None:
        with _shared_cores(jobs):
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))
            for future in [pool.submit(_ready) for _ in range(jobs)]:  # start all of them now
                future.result()
        if not _POOLS:
            atexit.register(shutdown_pools)  # ended before the interpreter tears down the modules they use
        _POOLS[jobs] = pool
    return pool
