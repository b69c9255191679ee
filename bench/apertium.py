"""Apertium: one process per batch vs the tagger-isolated engine, against Apertium on each line alone.

    .venv/bin/python bench/apertium.py [--lines 500] [--pair en-es]

Apertium's HMM tagger keeps state through a process (README, "Apertium engine"). For the first N NTREX lines
of the pair's source language this prints, in one run: how many lines come out differently from
`apertium -u MODE` run on that line alone, (a) when the whole batch goes through one process and (b) with the
engine's isolation (a new process after each sentence that changes the tagger's state); how many processes
(b) took; and the time of (b) relative to (a). The one-line reference runs take about 0.3 s a line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NTREX = REPO / ".." / "shared" / "data" / "ntrex"
SOURCES = {"en": "newstest2019-src.eng.txt", "es": "newstest2019-ref.spa.txt", "fr": "newstest2019-ref.fra.txt"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=500)
    ap.add_argument("--pair", default="en-es", help=f"SRC-TGT, SRC one of {', '.join(SOURCES)}")
    args = ap.parse_args(argv)
    src, tgt = args.pair.split("-")
    if src not in SOURCES or not (NTREX / SOURCES[src]).exists():
        print(f"bench/apertium.py: no NTREX text for '{src}' under {NTREX}", file=sys.stderr)
        return 2

    from rich.console import Console
    from rich.table import Table

    from transcompare.translate.apertium import ApertiumEngine, clean_marks

    lines = [x.strip() for x in (NTREX / SOURCES[src]).read_text(encoding="utf-8").splitlines()]
    lines = [x for x in lines if x][: args.lines]
    engine = ApertiumEngine()
    mode = engine.mode(src, tgt)

    def alone(line: str) -> str:
        out = subprocess.run(["apertium", "-u", mode], input=(line + "\n").encode(), capture_output=True,
                             check=True).stdout.decode()
        return clean_marks(out.strip(), line)

    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = list(pool.map(alone, lines))

    t0 = time.perf_counter()
    chunks = engine._deformat(lines)
    one = [clean_marks(t.strip(), s) for t, s in zip(engine._translate(chunks, mode), lines)]
    t_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    isolated = engine.translate_batch(lines, src, tgt)
    t_iso = time.perf_counter() - t0

    def differing(outs: list[str]) -> list[int]:
        return [i for i, (a, b) in enumerate(zip(outs, reference)) if a != b]

    d_one, d_iso = differing(one), differing(isolated)
    table = Table(title=f"bench/apertium.py — {mode}, first {len(lines)} NTREX lines")
    for col in ("method", "processes", "lines differing from one-line runs", "first differing line",
                "time / one process"):
        table.add_column(col, justify="right")
    table.add_row("(a) one process", "1", str(len(d_one)), str(d_one[0]) if d_one else "—", "1.0x")
    table.add_row("(b) isolated (engine)", str(engine.last_runs), str(len(d_iso)),
                  str(d_iso[0]) if d_iso else "—", f"{t_iso / t_one:.1f}x")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
