"""Alignment + statements of a multi-story corpus on each backend of ``[execution]``, in one run.

    .venv/bin/python bench/execution.py [--repeat 3] [--cpus 2]

The corpus: every event of the constructed coverage corpus (transcompare/eval/coverage_corpus: every event, two or
more articles each), written as Markdown articles and run once through the
pipeline up to the stories (translations, embeddings). Then ``align_articles`` + ``build_statements`` — the
per-story work — are timed with ``jobs = 1`` (this process), local processes with ``jobs = CPUS`` (started
in each repeat, as a run starts them once for its two rounds) and Ray with ``CPUS`` CPUs (started once before the timings, as a run
starts it once; its start is shown apart). Each contestant runs ``--repeat`` times, alternating; the best time
counts. Every contestant's tables are checked against ``jobs = 1``'s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per contestant (the best counts)")
    ap.add_argument("--cpus", type=int, default=2, help="local processes and Ray CPUs")
    args = ap.parse_args(argv)

    import polars as pl
    from polars.testing import assert_frame_equal
    from rich.console import Console
    from rich.table import Table

    from transcompare.align import align_articles, build_statements
    from transcompare.config import load_pipeline
    from transcompare.eval.coverage_corpus import ROOT, load_events, write_articles
    from transcompare.execution import Execution, shutdown_pools
    from transcompare.pipeline import run_pipeline

    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSCOMPARE_CACHE"] = str(Path(tmp) / "cache")
        events = load_events(ROOT, "all")
        write_articles(events, Path(tmp) / "articles")
        path = Path(tmp) / "corpus.toml"
        path.write_text('name = "corpus"\n[[inputs]]\npath = "articles"\n[output]\nreport = false\n',
                        encoding="utf-8")
        pipe = load_pipeline(path)
        t0 = time.perf_counter()
        tables = run_pipeline(pipe, Path(tmp) / "run").tables
        console.print(f"corpus: {tables['ingest'].height} articles, {tables['segment'].height} sentences, "
                      f"{tables['stories']['story_id'].n_unique()} stories; prepared in "
                      f"{time.perf_counter() - t0:.0f} s")
        settings = pipe.align_settings()

        def work(execution: Execution) -> tuple[pl.DataFrame, pl.DataFrame]:
            kw = {"embeddings": tables["embed"], "stories": tables["stories"], "execution": execution}
            alignments = align_articles(tables["segment"], tables["translate"], pipe.pivot, settings, **kw)
            statements = build_statements(tables["segment"], tables["translate"], alignments, pipe.pivot,
                                          settings, **kw)
            return alignments, statements

        import ray

        t0 = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
        ray_start = time.perf_counter() - t0
        contestants = {"local, jobs = 1": Execution("local", 1),
                       f"local, jobs = {args.cpus}": Execution("local", args.cpus),
                       f"ray, {args.cpus} CPUs": Execution("ray", args.cpus)}
        best = {name: float("inf") for name in contestants}
        outputs = {}
        for _ in range(args.repeat):
            for name, execution in contestants.items():
                shutdown_pools()  # each repeat starts its local processes, as a run does
                t0 = time.perf_counter()
                outputs[name] = work(execution)
                best[name] = min(best[name], time.perf_counter() - t0)
        ray.shutdown()

    serial = "local, jobs = 1"
    out = Table(title=f"alignment + statements, best of {args.repeat} (ray started once: {ray_start:.1f} s)")
    for col in ("backend", "seconds", "jobs=1 time / this", "tables == jobs = 1"):
        out.add_column(col, justify="left" if col == "backend" else "right")
    for name in contestants:
        same = True
        for a, b in zip(outputs[serial], outputs[name]):
            try:
                assert_frame_equal(a, b)
            except AssertionError:
                same = False
        out.add_row(name, f"{best[name]:.2f}", f"{best[serial] / best[name]:.2f}x", "yes" if same else "NO")
    console.print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
