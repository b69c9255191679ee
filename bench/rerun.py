"""Cold vs warm run of a pipeline (default: the demo), in one process, one run.

    .venv/bin/python bench/rerun.py [--pipeline pipelines/lavrov-2015.toml] [--repeat 5]

Cold: a fresh run directory and a fresh translation cache (everything is computed, every sentence is
translated). Warm: the same pipeline run again, unchanged (every stage is skipped). Prints both and the ratio
(target: warm is at least 50x faster than cold).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pipeline", default=str(REPO / "pipelines" / "lavrov-2015.toml"))
    ap.add_argument("--repeat", type=int, default=5, help="warm runs (the median is reported)")
    args = ap.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    from transcompare.config import load_pipeline
    from transcompare.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSCOMPARE_CACHE"] = str(Path(tmp) / "cache")
        pipe = load_pipeline(args.pipeline)
        out = Path(tmp) / "run"
        t0 = time.perf_counter()
        cold = run_pipeline(pipe, out)
        cold_s = time.perf_counter() - t0
        warm_times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            warm = run_pipeline(load_pipeline(args.pipeline), out)
            warm_times.append(time.perf_counter() - t0)
        skipped = [s for s, i in warm.manifest["stages"].items() if i.get("skipped")]
        warm_s = statistics.median(warm_times)

    table = Table(title=f"bench/rerun.py — {pipe.name}: cold vs warm (unchanged) run")
    for col in ("run", "seconds", "stages skipped", "sentences translated"):
        table.add_column(col)
    table.add_row("cold", f"{cold_s:.3f}", "0", str(cold.manifest.get("cache", {}).get("translated", "?")))
    table.add_row(f"warm (median of {args.repeat})", f"{warm_s:.4f}", f"{len(skipped)}/{len(warm.manifest['stages'])}",
                  "0")
    table.add_row("ratio cold/warm", f"{cold_s / warm_s:.0f}x", "", "target >= 50x")
    Console().print(table)
    return 0 if cold_s / warm_s >= 50 else 1


if __name__ == "__main__":
    sys.exit(main())
