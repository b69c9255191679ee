"""Per-story work on Ray (``[execution] backend = "ray"``, the optional extra ``transcompare[ray]``).

One Ray task per story; the results come back in the order of the tasks, so the tables are the ones of the
serial run. Embedding and translation run on pools of actors (:func:`embed_on_actors`,
:func:`translate_on_actors`), each loading its model once and working on whole batches, in the order of the
batches. Ray is started once per process: with ``address = "auto"`` the run joins a running cluster
(``ray start`` on each node), without an address a local one starts (``num_cpus = jobs`` when ``jobs`` > 1,
else every core). A Ray that is already initialised (a test's, a notebook's) is used as it is.

A cluster the run joined is never shut down. A local one the run started stays up until the process ends
(Ray shuts it down at exit): alignment and statements are two rounds of tasks in one run, and a second start
would cost more than either round on a small corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from transcompare.errors import TranscompareError

if TYPE_CHECKING:
    from transcompare.execution import Execution

MISSING = "backend = \"ray\" needs the ray extra: pip install 'transcompare[ray]'"


def require_ray():
    """The ``ray`` module, or a one-line TranscompareError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise TranscompareError(MISSING) from None
    return ray


def init_kwargs(execution: Execution) -> dict[str, Any]:
    """The arguments of ``ray.init`` for ``execution`` when this process has no Ray yet."""
    if execution.address:
        return {"address": execution.address}
    kwargs: dict[str, Any] = {"include_dashboard": False}
    if execution.jobs > 1:
        kwargs["num_cpus"] = execution.jobs
    return kwargs


def ensure_ray(execution: Execution):
    """The ``ray`` module, initialised (joined or started) as ``execution`` says unless it already is."""
    ray = require_ray()
    if not ray.is_initialized():
        try:
            ray.init(**init_kwargs(execution))
        except ConnectionError:  # address = "auto" with no cluster running, or a wrong address
            raise TranscompareError(f'[execution] address = "{execution.address}": no Ray cluster found there; '
                                    "start one with `ray start --head` (or leave address out for a local one)"
                                    ) from None
    return ray


def _call(compute: Callable[..., Any], task: dict[str, Any]) -> Any:
    return compute(**task)


def map_ray(compute: Callable[..., Any], tasks: list[dict[str, Any]], execution: Execution,
            progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``[compute(**task) for task in tasks]`` as Ray tasks, in task order; ``progress`` as tasks finish."""
    ray = ensure_ray(execution)
    total = len(tasks)
    if not total:
        return []
    remote = ray.remote(num_cpus=1, max_retries=0)(_call)
    compute_ref = ray.put(compute)
    refs = [remote.remote(compute_ref, task) for task in tasks]
    pending, finished = list(refs), 0
    try:
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            ray.get(ready)  # a failed story fails the run now, not after every other story
            finished += len(ready)
            if progress:
                progress(finished, total)
        return ray.get(refs)
    except ray.exceptions.RayTaskError as err:
        for ref in pending:
            ray.cancel(ref)
        if isinstance(err.cause, TranscompareError):  # the user's problem, as one line (not Ray's traceback)
            raise err.cause from None
        raise


class _EmbedActor:
    """One embedding model, loaded once, in a Ray actor."""

    def __init__(self, name: str, threads: int):
        from transcompare.embed.models import EMBEDDERS

        self.model = EMBEDDERS[name](threads=threads)

    def embed(self, batch: list[str]):
        return self.model.embed_batch(batch)


def embed_on_actors(name: str, threads: int, batches: list[list[str]], execution: Execution):
    """The vectors of each batch (in batch order, as they come), computed by a pool of actors of the embedding
    model ``name``."""
    return _on_actors(_EmbedActor, (name, threads), lambda a, batch: a.embed.remote(batch), batches, execution)


def _on_actors(cls: type, args: tuple, call: Callable[[Any, list[str]], Any], batches: list[list[str]],
               execution: Execution):
    """``call(actor, batch)`` for each batch on a pool of actors of ``cls(*args)`` (one per CPU of the cluster,
    ``jobs`` when given, at most one per batch), results in batch order; the actors end with the work."""
    ray = ensure_ray(execution)
    from ray.util import ActorPool

    cpus = int(ray.available_resources().get("CPU", 1)) or 1
    size = max(1, min(len(batches), execution.jobs if execution.jobs > 1 else cpus))
    actor = ray.remote(num_cpus=1)(cls)
    actors = [actor.remote(*args) for _ in range(size)]
    try:
        yield from ActorPool(actors).map(call, batches)
    finally:
        for a in actors:
            ray.kill(a)


class _TranslateActor:
    """One translation engine (argos with one CTranslate2 thread, or one Apertium process) in a Ray actor."""

    def __init__(self, name: str, args: tuple):
        from transcompare.translate.engines import default_engines

        beam_size, argos_settings = args
        self.engine = default_engines(beam_size, 1, argos_settings)[name]

    def translate(self, batch: list[str], src: str, tgt: str) -> list[str]:
        return self.engine.translate_batch(batch, src, tgt)


def translate_on_actors(name: str, args: tuple, batches: list[list[str]], src: str, tgt: str,
                        execution: Execution):
    """The translations of each batch (in batch order) by a pool of actors of the engine ``name``."""
    return _on_actors(_TranslateActor, (name, args), lambda a, batch: a.translate.remote(batch, src, tgt), batches,
                      execution)
