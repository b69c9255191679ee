"""Benchmark: sentence segmentation scales linearly with paragraph length, and how it compares with pysbd.

The text is NTREX-128 English (../shared/data/ntrex), all 1,997 lines joined into one paragraph and repeated
1, 4 and 16 times (a long paragraph is the worst case: quotation lookups and look-behinds run per paragraph).
For each size the table shows the time per character relative to the 1x size (1.0 = linear). If pysbd is
installed (a comparison only, not a dependency) its time on the 1x text is shown as a ratio to ours.

    .venv/bin/python bench/segment.py
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from transcompare.segment import split_sentences

NTREX = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ntrex" / "newstest2019-src.eng.txt"


def best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    base = " ".join(line.strip() for line in NTREX.read_text(encoding="utf-8").splitlines() if line.strip())
    table = Table(title="split_sentences on one long English paragraph (NTREX-128 lines joined)")
    for col in ("size", "characters", "sentences", "time per char vs 1x"):
        table.add_column(col, justify="right")
    per_char_1x = None
    t_1x = None
    for mult in (1, 4, 16):
        text = " ".join([base] * mult)
        n_sent = len(split_sentences(text, "en"))
        t = best_of(lambda: split_sentences(text, "en"))
        per_char = t / len(text)
        if per_char_1x is None:
            per_char_1x, t_1x = per_char, t
        table.add_row(f"{mult}x", f"{len(text):,}", f"{n_sent:,}", f"{per_char / per_char_1x:.2f}")
    console = Console()
    console.print(table)
    try:
        import pysbd
    except ImportError:
        console.print("pysbd not installed: no comparison")
        return
    seg = pysbd.Segmenter(language="en", clean=False)
    t_pysbd = best_of(lambda: seg.segment(base), repeat=1)
    console.print(f"pysbd / transcompare time on the 1x text: {t_pysbd / t_1x:.1f}")


if __name__ == "__main__":
    main()
