"""Per-story work on Ray (``[execution] backend = "ray"``, the optional extra ``transcompare[ray]``).

One Ray task per story; the results come back in the order of the tasks, so the tables are the ones of the
serial run. Embedding and translation run through Ray Data (:func:`embed_on_actors`, :func:`translate_on_actors`):
a dataset of the stage's batches of texts, mapped by a pool of actors that each load the model or engine once
(``map_batches`` with ``concurrency``), streamed back in the order of the batches so that the driver fills its
caches as they come. Ray is started once per process: with ``address = "auto"`` the run joins a running cluster
(``ray start`` on each node), without an address a local one starts (``num_cpus = jobs`` when ``jobs`` > 1,
else every core). A Ray that is already initialised (a test's, a notebook's) is used as it is.

A cluster the run joined is never shut down. A local one the run started stays up until the process ends
(Ray shuts it down at exit): alignment and statements are two rounds of tasks in one run, and a second start
would cost more than either round on a small corpus.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, Callable

from transcompare.errors import TranscompareError
from transcompare.transport import call_packed, pack_task, unpack

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


def map_ray(compute: Callable[..., Any], tasks: list[dict[str, Any]], execution: Execution,
            progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``[compute(**task) for task in tasks]`` as Ray tasks, in task order; ``progress`` as tasks finish."""
    ray = ensure_ray(execution)
    total = len(tasks)
    if not total:
        return []
    remote = ray.remote(num_cpus=1, max_retries=0)(call_packed)  # the tables as Arrow IPC (transport.pack)
    compute_ref = ray.put(compute)
    refs = [remote.remote(compute_ref, pack_task(task)) for task in tasks]
    pending, finished = list(refs), 0
    try:
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            ray.get(ready)  # a failed story fails the run now, not after every other story
            finished += len(ready)
            if progress:
                progress(finished, total)
        return [unpack(r) for r in ray.get(refs)]
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

    def work(self, batch: list[str]):
        return self.model.embed_batch(batch)


def embed_on_actors(name: str, threads: int, batches: list[list[str]], execution: Execution):
    """The vectors of each batch (in batch order, as they come), computed by a pool of actors of the embedding
    model ``name``."""
    return _on_actors(_EmbedActor, (name, threads), batches, execution)


class _Worker:
    """A Ray Data actor around one engine or model (``cls(*args)``, built once per actor): each row of the dataset
    is one batch of texts (its number and its texts), and the result goes back pickled beside the number."""

    def __init__(self, cls: type, args: tuple):
        self.inner = cls(*args)

    def __call__(self, rows: dict) -> dict:
        import numpy as np

        out = [pickle.dumps(self.inner.work(list(texts))) for texts in rows["texts"]]
        return {"k": np.asarray(rows["k"]), "out": np.asarray(out, dtype=object)}


def _on_actors(cls: type, args: tuple, batches: list[list[str]], execution: Execution):
    """``cls(*args).work(batch)`` for each batch, on a Ray Data actor pool (``map_batches`` over a dataset of the
    batches, one actor per CPU of the cluster, ``jobs`` when given, at most one per batch), results in batch
    order as they come; the actors end with the work."""
    ray = ensure_ray(execution)
    try:
        import ray.data
    except ImportError:  # ray without its data extra (pandas)
        raise TranscompareError(MISSING) from None
    cpus = int(ray.available_resources().get("CPU", 1)) or 1
    size = max(1, min(len(batches), execution.jobs if execution.jobs > 1 else cpus))
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # results in batch order
    context.enable_progress_bars = False  # the stage shows its own progress
    rows = ray.data.from_items([{"k": k, "texts": list(b)} for k, b in enumerate(batches)],
                               override_num_blocks=len(batches))
    done = rows.map_batches(_Worker, fn_constructor_args=(cls, args), batch_size=1, concurrency=size, num_cpus=1)
    for expected, row in enumerate(done.iter_rows()):
        if int(row["k"]) != expected:  # preserve_order says this cannot happen; a wrong zip would be silent
            raise RuntimeError(f"Ray Data returned batch {row['k']} where {expected} was expected")
        yield pickle.loads(row["out"])


class _TranslateActor:
    """One translation engine (argos with one CTranslate2 thread, or one Apertium process) in a Ray actor."""

    def __init__(self, name: str, args: tuple, src: str, tgt: str):
        from transcompare.translate.engines import default_engines

        beam_size, argos_settings = args
        self.engine = default_engines(beam_size, 1, argos_settings)[name]
        self.src, self.tgt = src, tgt

    def work(self, batch: list[str]) -> list[str]:
        return self.engine.translate_batch(batch, self.src, self.tgt)


def translate_on_actors(name: str, args: tuple, batches: list[list[str]], src: str, tgt: str,
                        execution: Execution):
    """The translations of each batch (in batch order) by a pool of actors of the engine ``name``."""
    return _on_actors(_TranslateActor, (name, args, src, tgt), batches, execution)
