"""Benchmark: transcompare's pairwise alignment vs naive all-pairs scoring, 20 articles x ~40 sentences.

Articles are built from NTREX-128 (../shared/data/ntrex): a window of consecutive lines (several documents,
their paragraphs rebuilt), taken in three Spanish versions (es, es-MX, es-2) and perturbed with different
seeds (paragraphs shuffled, ~20% of sentences dropped, ~10% of adjacent pairs merged). Two scenarios:

- one event: all 20 articles are versions of the same window (every pair of articles shares most statements:
  the hardest case for candidate pruning, and the normal case for a run);
- mixed: 5 windows x 4 versions (most pairs of articles share nothing).

Both methods use the same similarity (``AlignSettings()`` defaults, same IDF over all articles) and the same
threshold on all 190 article pairs. **naive** scores every sentence pair in full (``SequenceMatcher.ratio`` +
weighted Dice, no index, no bounds) and takes a maximum-weight 1-1 matching of the pairs above the threshold.
**transcompare** is :func:`transcompare.align.align_pair` (inverted index of informative words, cheap upper
bounds, the same matching, then merges and neighbour links). "naive links kept" is the share of the naive
method's links (a, b) that transcompare also links (a in its link's A side, b in its B side).

    .venv/bin/python bench/align.py
"""

from __future__ import annotations

import random
import time
from itertools import combinations
from pathlib import Path

from rich.console import Console
from rich.table import Table

from difflib import SequenceMatcher

from transcompare.align import AlignSettings
from transcompare.align.pairwise import align_units, clear_caches, max_weight_matching, prepare
from transcompare.align.similarity import Scorer, idf_table, stems
from transcompare.eval.alignment import Doc, load_ntrex, perturb

NTREX = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ntrex"
VERSIONS = ("es", "es-MX", "es-2")
REPEATS = 3


def window(docs: list[Doc], start_doc: int, lines: int = 50) -> Doc:
    out = Doc(f"w{start_doc}", [], [])
    for doc in docs[start_doc:]:
        out.lines += doc.lines
        out.paragraphs += doc.paragraphs
        if len(out.lines) >= lines:
            break
    return out


def build(scenario: str, docs, texts, n_articles: int = 20) -> list[list[str]]:
    rng = random.Random(f"bench:{scenario}")
    starts = [0] if scenario == "one event" else [0, 20, 40, 60, 80]
    wins = [window(docs, s) for s in starts]
    articles = []
    for k in range(n_articles):
        w = wins[k % len(wins)]
        articles.append(perturb(w, texts[VERSIONS[k % len(VERSIONS)]], rng, merge=k % 2 == 0).texts)
    return articles


def naive(ua, ub, idf, s: AlignSettings, cached: bool):
    """Every sentence pair scored in full, then the same 1-1 matching. ``cached``: one SequenceMatcher per
    sentence of B (its index reused); otherwise a fresh SequenceMatcher per pair (the textbook loop)."""
    scorer = Scorer(idf, s.seq_weight, s.idf_weight)
    edges = {}
    for j, b in enumerate(ub):
        for i, a in enumerate(ua):
            if not a.toks or not b.toks:  # a punctuation-only line scores 0 (as in Scorer)
                continue
            base, _ = scorer.bound(a, b)
            if cached:
                sc = scorer.exact(a, b, base)
            else:
                sc = min(1.0, base + scorer.ws * SequenceMatcher(None, a.toks, b.toks, autojunk=False).ratio())
            if sc >= s.threshold:
                edges[(i, j)] = sc
    return max_weight_matching(edges)


def run(scenario: str, docs, texts, s: AlignSettings) -> dict:
    articles = build(scenario, docs, texts)
    idf = idf_table([stems(t, s.stem_chars) for art in articles for t in art])
    units = [prepare(art, s, idf) for art in articles]  # tokenised once, for both methods (not timed)
    pairs = list(combinations(range(len(articles)), 2))
    def timed(fn):
        best, out = float("inf"), None
        for _ in range(REPEATS):  # min of a few runs: the machine is shared
            t0 = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - t0)
        return best, out

    naive_s, naive_links = timed(lambda: {(x, y): naive(units[x], units[y], idf, s, cached=False)
                                          for x, y in pairs})
    naive_cached_s, _ = timed(lambda: [naive(units[x], units[y], idf, s, cached=True) for x, y in pairs])
    stats: dict = {}
    def ours_cold():  # every repeat starts cold: no memoised ratio or joined sentence from the last repeat
        clear_caches(*units)
        return {(x, y): align_units(units[x], units[y], s, idf, stats=stats) for x, y in pairs}

    ours_s, ours = timed(ours_cold)
    stats = {k: v // REPEATS for k, v in stats.items()}
    total = kept = 0
    for key, links in naive_links.items():
        covered = {(i, j) for l in ours[key] for i in l.a for j in l.b}
        total += len(links)
        kept += sum(1 for p in links if p in covered)
    sentence_pairs = sum(len(articles[x]) * len(articles[y]) for x, y in pairs)
    return {
        "scenario": scenario, "articles": len(articles),
        "sentences": sum(map(len, articles)) / len(articles), "sentence_pairs": sentence_pairs,
        "naive_s": naive_s, "naive_cached_s": naive_cached_s, "ours_s": ours_s, "naive_links": total, "kept": kept,
        "full_ratios": stats["full_ratios"], "candidates": stats["candidate_pairs"],
        "identical": stats["identical"],
    }


def main() -> None:
    docs, texts = load_ntrex(NTREX)
    s = AlignSettings()
    table = Table(title=f"bench/align.py: 20 articles, all 190 pairs, threshold {s.threshold} ({s.method})")
    for col in ("scenario", "sentences/article", "sentence pairs", "ratio() calls (transcompare)",
                "identical pairs (no ratio() needed)",
                "time naive / transcompare", "time naive, cached seq2 / transcompare", "naive links",
                "naive links kept"):
        table.add_column(col, justify="left" if col == "scenario" else "right")
    for scenario in ("one event", "mixed"):
        r = run(scenario, docs, texts, s)
        table.add_row(
            r["scenario"], f"{r['sentences']:.1f}", f"{r['sentence_pairs']:,}",
            f"{r['full_ratios']:,} ({r['full_ratios'] / r['sentence_pairs']:.1%})", f"{r['identical']:,}",
            f"{r['naive_s'] / r['ours_s']:.1f}x", f"{r['naive_cached_s'] / r['ours_s']:.1f}x", f"{r['naive_links']:,}",
            f"{r['kept'] / max(r['naive_links'], 1):.2%}",
        )
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
