"""Where per-story work runs: one after the other (the default), in local processes (``jobs = N``), or on Ray
(``backend = "ray"``). The results come back in the order of the tasks whatever the backend, so a run's
tables are the same on every backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


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


def _call(compute: Callable[..., Any], task: dict[str, Any]) -> Any:
    return compute(**task)


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
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=min(execution.jobs, total), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_call, compute, task) for task in tasks]
        out = []
        for n, future in enumerate(futures, start=1):
            out.append(future.result())
            if progress:
                progress(n, total)
        return out
