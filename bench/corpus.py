"""Benchmark: corpus mode. Many stories mixed in one run: are statements kept within a story, and does the time
grow linearly with the number of articles?

**The corpus.** NTREX-128's 123 documents; the gold stories are the news events they report (most documents
are an event of their own; the 31 that report one of 10 events with another, e.g. two outlets on one earthquake,
are one story: ``transcompare/eval/ntrex_stories.toml``, judged by reading the documents). Each document gets
versions 0, 1, 2, ...; version ``k`` is one outlet (``outlet-00``, ``outlet-01``, ...), and its article for a
document is the English source perturbed with its own seed (``perturb`` of :mod:`transcompare.eval.ntrex_cases`: paragraphs shuffled,
~20% of lines dropped, and, in even versions, ~10% of adjacent line pairs merged). The document's first line is
the headline: it is kept (as the article's title) with the same probability as any other line. A run of N
articles takes the first ``min(123, N // 2)`` documents, version by version (every one of them in version 0,
then in version 1, ...), until it has N: 2,048 articles are 16 versions of every document and a 17th of the
first 80; 256 are two of every document and a third of the first 10; 64 (a quick check) are two versions of 32
documents.
So each (even) size is a superset of the smaller ones.

``--multilingual``: the same plan, but the articles of odd versions are NTREX's human translations in es, fr,
de, ru, ar, he (perturbed the same way), the language turning with the document (document ``d`` of version
``k`` is in language ``(d + k // 2) mod 6`` of that list), so every size has all six; each (version, language)
is an outlet of its own (``outlet-01-es``, ...). Even versions are the English variant's articles. Nothing is
translated: hybrid.v1 aligns the other languages with the English ones through the embeddings alone, and the
stories stage groups them through the embeddings too.

**One run per size.** Each size runs in a fresh process (so its peak memory is its own) through the public
stage functions only: ARTICLES built in memory -> ``segment_articles`` -> ``embed_sentences`` (default
embedder, an SQLite cache in ``--cache`` or a temporary folder) -> ``build_stories`` -> ``align_articles`` ->
``build_statements`` (``AlignSettings()`` defaults, pivot ``en``; the TRANSLATIONS frame holds identity rows for
the English sentences and nothing for the others). Reported per size:

- seconds of each stage, and **total** = segment + stories + align + statements. Embedding is reported on its
  own and left out of the total: its cache makes a re-run fast, so its time says more about the cache than
  about the stages (the number of texts it had to embed is shown beside it);
- **cross-story share** of statement links: among pairs of sentences of different articles put in one
  statement, the share whose articles report different gold stories (target <= 0.5%);
- **story B-cubed** precision, recall and F1 of the predicted stories against the NTREX documents (target F1
  >= 0.97; >= 0.95 with ``--multilingual``);
- **peak RSS**: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that size's process at its end (the imports
  included, and the embedding model when it had texts to embed: it loads lazily);
- **all-pairs**: the same stages with every article in one story (``build_stories(mode="one")``) and every pair
  of its articles compared (``story_neighbours = 0``): the all-pairs alignment of a run that assumes one event,
  in its own process, at the sizes where it finishes
  within ``--limit-seconds`` (after the first size it does not finish, larger ones are not tried), as a time
  ratio to corpus mode, with its cross-story share.

Then the ratios: total(2n) / total(n) for each doubling (target <= 2.3x: near-linear) and all-pairs / corpus.
A size that runs out of time (``--corpus-limit-seconds``) or memory (``--max-memory-gb``, an address-space
limit on its process) is reported as such.

    .venv/bin/python bench/corpus.py                    # 256, 512, 1024, 2048 articles
    .venv/bin/python bench/corpus.py --sizes 64,128     # a quick check
    .venv/bin/python bench/corpus.py --compare-jobs 2   # and align + statements in 2 local processes (ratio)
    .venv/bin/python bench/corpus.py --multilingual [--cache DIR] [--limit-seconds 300] [--json FILE]
                                     [--no-all-pairs] [--stories-only] [--story-threshold T]
                                     [--corpus-limit-seconds 900] [--max-memory-gb 8] [--markdown]

The embedding cache is shared by the sizes of one invocation (a larger size embeds only the texts the smaller
ones did not have); ``--cache DIR`` keeps it between invocations.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

# the package of this checkout, not whichever one the environment installed (the worker processes run this file)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transcompare.eval.stories import (  # after the path above
    OTHER_LANGS, PIVOT, bcubed, build_articles, event_of_documents, plan)

DEFAULT_SIZES = (256, 512, 1024, 2048)
__all__ = ["OTHER_LANGS", "bcubed", "build_articles", "plan"]


# ------------------------------------------------------------------------------------------- scoring
def statement_links(members: Iterable[tuple[str, str, int]], gold: dict[str, str]) -> tuple[int, int]:
    """(cross-story links, all links) of a STATEMENTS table given as (statement id, article id, number of its
    sentences in the statement) rows: a link is a pair of sentences of *different* articles in one statement; it
    is cross-story when the two articles' gold stories differ."""
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid, article, n in members:
        per[sid][article] += n
    cross = total = 0
    for arts in per.values():
        counts = list(arts.values())
        s, sq = sum(counts), sum(c * c for c in counts)
        links = (s * s - sq) // 2  # pairs of sentences of different articles
        by_story: dict[str, list[int]] = defaultdict(list)
        for article, c in arts.items():
            by_story[gold[article]].append(c)
        same = sum((sum(cs) ** 2 - sum(c * c for c in cs)) // 2 for cs in by_story.values())
        total += links
        cross += links - same
    return cross, total


def share(cross: int, total: int) -> float:
    return cross / total if total else 0.0


def same_story_pairs(gold: dict[str, str]) -> int:
    """Pairs of articles that report one gold story: the pairs a within-story aligner compares."""
    return sum(n * (n - 1) // 2 for n in Counter(gold.values()).values())


# ------------------------------------------------------------------------------------ one size, in its own process
def run_size(ntrex: Path, size: int, mode: str, multilingual: bool, cache_dir: Path,
             stories_only: bool = False, story_threshold: float | None = None, jobs: int = 1) -> dict:
    """Every stage over the first ``size`` articles (``stories_only``: up to the stories); ``mode`` and
    ``story_threshold`` are build_stories' (mode "auto": corpus mode, "one": all-pairs; threshold None: the
    calibrated one)."""
    import polars as pl

    from transcompare.align import AlignSettings, align_articles, build_statements, pivot_translations
    from transcompare.embed import Embeddings
    from transcompare.embed.cache import embedding_cache_beside
    from transcompare.embed.stage import embed_sentences
    from transcompare.eval.ntrex_cases import load_ntrex
    from transcompare.schema import C
    from transcompare.segment import segment_articles
    from transcompare.stories import build_stories

    docs, texts = load_ntrex(ntrex)
    articles, doc_of = build_articles(docs, texts, plan(len(docs), size, multilingual))
    events = event_of_documents([d.doc_id for d in docs])
    gold = {a: events[d] for a, d in doc_of.items()}  # the documents that report one event are one story
    times: dict[str, float] = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t0
        return out

    sentences = timed("segment", lambda: segment_articles(articles))
    emb = Embeddings("auto", cache_path=embedding_cache_beside(cache_dir / "translations.sqlite3"))
    try:
        embeddings = timed("embed", lambda: embed_sentences(sentences, emb))
        embedded = emb.embedded
    finally:
        emb.close()
    # identity translations for the pivot-language sentences; the others have none (hybrid.v1 uses embeddings)
    translations = pivot_translations(sentences.filter(pl.col(C.LANG) == PIVOT), PIVOT)
    # all-pairs compares every pair of articles (no nearest-neighbour limit within its one large story)
    settings = AlignSettings(story_neighbours=0) if mode == "one" else AlignSettings()
    stories = timed("stories", lambda: build_stories(articles, sentences, embeddings, mode=mode,
                                                     threshold=story_threshold))
    story_of = dict(zip(stories[C.ARTICLE_ID], stories[C.STORY_ID]))
    out = {
        "size": size, "mode": mode, "multilingual": multilingual, "articles": articles.height,
        "sentences": sentences.height, "embedded": embedded, "times": times,
        "stories": len(set(story_of.values())), "gold_stories": len(set(gold.values())),
        "story_pairs": same_story_pairs(gold), "bcubed": list(bcubed(story_of, gold)),
        "langs": sorted(set(articles[C.LANG])), "stories_only": stories_only,
    }
    if stories_only:
        return {**out, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    from transcompare.execution import Execution

    execution = Execution("local", jobs)
    alignments = timed("align", lambda: align_articles(sentences, translations, PIVOT, settings,
                                                       embeddings=embeddings, stories=stories, execution=execution))
    statements = timed("statements", lambda: build_statements(sentences, translations, alignments, PIVOT, settings,
                                                              embeddings=embeddings, stories=stories,
                                                              execution=execution))
    cross, links = statement_links(
        ((s, a, len(idx)) for s, a, idx in statements.select(C.STATEMENT_ID, C.ARTICLE_ID,
                                                              C.SENTENCE_INDICES).iter_rows()), gold)
    multi = statements.filter(pl.col(C.N_OUTLETS) > 1)[C.STATEMENT_ID].n_unique()
    return {
        **out, "total": sum(times[k] for k in ("segment", "stories", "align", "statements")),
        "links": links, "cross": cross, "alignments": alignments.height, "statements": multi, "jobs": jobs,
        "digest": _digest(alignments, statements),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _worker(spec: str) -> None:
    job = json.loads(spec)
    if job.get("max_memory_gb"):
        limit = int(job["max_memory_gb"] * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        out = run_size(Path(job["ntrex"]), job["size"], job["mode"], job["multilingual"], Path(job["cache"]),
                       job.get("stories_only", False), job.get("story_threshold"), job.get("jobs", 1))
    except MemoryError:
        out = {"error": f"out of memory (> {job['max_memory_gb']} GB)"}
    print("RESULT " + json.dumps(out), flush=True)


def run_job(job: dict, limit: float) -> dict:
    """One size in a fresh process, killed after ``limit`` seconds."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(job)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {limit:.0f} s", "timeout": True, "limit": limit}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            out = json.loads(line[7:])
            out["wall"] = time.perf_counter() - t0
            return out
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail}"}


# ------------------------------------------------------------------------------------------- the report
def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}" if x < 10 else f"{x:.1f}"


SIZE_COLUMNS = ("articles", "sentences", "stories (gold)", "story B³ P", "B³ R", "B³ F1", "statement links",
                "cross-story share", "embed s (texts embedded)", "segment s", "stories s", "align s",
                "statements s", "total s", "peak RSS", "all-pairs total s", "all-pairs cross-story share")
RATIO_COLUMNS = ("articles", "same-story article pairs", "pairs(2n) / pairs(n)", "alignments(2n) / alignments(n)",
                 "total(2n) / total(n)", "align(2n) / align(n)", "statements(2n) / statements(n)",
                 "all-pairs / corpus")


def size_rows(results: list[dict], base: dict[int, dict]) -> list[list[str]]:
    """One row per size (SIZE_COLUMNS)."""
    out = []
    for r in results:
        b = base.get(r["size"], {})
        ap = [b.get("error") or _s(b.get("total")),
              f"{share(b['cross'], b['links']):.2%}" if "links" in b else "—"]
        if "error" in r:
            out.append([f"{r['size']:,}"] + ["—"] * 12 + [r["error"], "—"] + ap)
            continue
        t = r["times"]
        out.append([
            f"{r['articles']:,}", f"{r['sentences']:,}", f"{r['stories']} ({r['gold_stories']})",
            *(f"{x:.3f}" for x in r["bcubed"]), f"{r['links']:,}" if "links" in r else "—",
            f"{share(r['cross'], r['links']):.2%} ({r['cross']:,})" if "links" in r else "—",
            f"{t['embed']:.1f} ({r['embedded']:,})",
            *(_s(t.get(k)) for k in ("segment", "stories", "align", "statements")), _s(r.get("total")),
            f"{r['peak_rss_kib'] / 2**20:.2f} GiB", *ap,
        ])
    return out


def ratio_rows(results: list[dict], base: dict[int, dict]) -> list[list[str]]:
    """One row per size (RATIO_COLUMNS): each doubling's time ratios, and all-pairs / corpus mode."""
    ok = {r["size"]: r for r in results if "error" not in r and not r.get("stories_only")}
    pairs_of = {r["size"]: r["story_pairs"] for r in results if "story_pairs" in r}
    out = []
    for r in results:
        n = r["size"]
        half = ok.get(n // 2) if n % 2 == 0 and n in ok else None

        def ratio(key: str, r=r, half=half) -> str:
            if half is None:
                return "—"
            a, b = (r["total"], half["total"]) if key == "total" else (r["times"][key], half["times"][key])
            return f"{a / b:.2f}x" if b else "—"

        b = base.get(n, {})
        if "total" in b and n in ok:
            vs = f"{b['total'] / r['total']:.2f}x"
        elif b.get("timeout") and n in ok and r.get("wall"):
            # a lower bound, about: the limit less what the corpus-mode run spent outside the timed stages
            # (loading, building the articles, embedding), which is the same in both modes
            vs = f"> {(b['limit'] - (r['wall'] - r['total'])) / r['total']:.1f}x (> {b['limit']:g} s)"
        else:
            vs = b.get("error") or "—"
        pairs = f"{r['story_pairs']:,}" if "story_pairs" in r else "—"
        lower = pairs_of.get(n // 2) if n % 2 == 0 else None
        growth = f"{r['story_pairs'] / lower:.2f}x" if lower and "story_pairs" in r else "—"
        rows = f"{r['alignments'] / half['alignments']:.2f}x" if half and half.get("alignments") else "—"
        out.append([f"{n:,}", pairs, growth, rows, ratio("total"), ratio("align"), ratio("statements"), vs])
    return out


def jobs_columns(n: int) -> tuple[str, ...]:
    return ("articles", "jobs = 1 align + statements s", f"jobs = {n} align + statements s",
            f"jobs {n} / jobs 1", "same tables")


def jobs_rows(results: list[dict], par: dict[int, dict], n: int) -> list[list[str]]:
    """One row per size: the align and statements seconds with one process and with ``n``, their ratio, and
    whether the two runs gave the same tables."""
    out = []
    for r in results:
        q = par.get(r["size"])
        if q is None or "error" in r:
            continue
        if "error" in q:
            out.append([f"{r['size']:,}", "—", q["error"], "—", "—"])
            continue
        one = r["times"]["align"] + r["times"]["statements"]
        many = q["times"]["align"] + q["times"]["statements"]
        out.append([f"{r['size']:,}", _s(one), _s(many), f"{many / one:.2f}x" if one else "—",
                    "yes" if q["digest"] == r["digest"] else "no"])
    return out


def _digest(*frames) -> str:
    import hashlib

    h = hashlib.sha256()
    for f in frames:
        h.update(f.hash_rows(seed=0).to_numpy().tobytes() if f.height else b"-")
    return h.hexdigest()


def markdown(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "|".join("---:" for _ in columns) + "|\n"
    return head + "".join("| " + " | ".join(row) + " |\n" for row in rows)


def show_table(title: str, columns: tuple[str, ...], rows: list[list[str]], as_markdown: bool = False) -> None:
    """Print one table: Markdown, or a rich table."""
    if as_markdown:
        print(f"{title}\n\n{markdown(columns, rows)}")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(*row)
    Console(width=240).print(table)


def report(results: list[dict], base: dict[int, dict], title: str, as_markdown: bool = False) -> None:
    show_table(title, SIZE_COLUMNS, size_rows(results, base), as_markdown)
    show_table("ratios (one run)", RATIO_COLUMNS, ratio_rows(results, base), as_markdown)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="numbers of articles, comma-separated (default: %(default)s)")
    ap.add_argument("--multilingual", action="store_true",
                    help="odd versions in es, fr, de, ru, ar, he (NTREX references), untranslated")
    ap.add_argument("--limit-seconds", type=float, default=300.0,
                    help="time limit of an all-pairs run (default: %(default)s)")
    ap.add_argument("--corpus-limit-seconds", type=float, default=900.0,
                    help="time limit of a corpus-mode run (default: %(default)s)")
    ap.add_argument("--no-all-pairs", action="store_true", help="skip the all-pairs baseline")
    ap.add_argument("--stories-only", action="store_true",
                    help="stop after the stories stage (story B-cubed only; no all-pairs)")
    ap.add_argument("--max-memory-gb", type=float, default=8.0,
                    help="address-space limit of each size's process (default: %(default)s; 0: none)")
    ap.add_argument("--story-threshold", type=float, default=None,
                    help="build_stories' threshold (default: the calibrated one)")
    ap.add_argument("--cache", default=None, help="folder for the embedding cache (default: a temporary folder)")
    ap.add_argument("--json", default=None, help="also write the raw results to this file")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument("--compare-jobs", type=int, default=1,
                    help="also run each size with this many local processes for align and statements (ratio)")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return
    from transcompare.eval import NTREX_ENV, default_ntrex, find_ntrex

    ntrex = find_ntrex()
    if ntrex is None:
        sys.exit(f"bench/corpus.py: NTREX-128 not found at {default_ntrex()} (set {NTREX_ENV})")
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    tmp = None
    if args.cache:
        cache = Path(args.cache)
        cache.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-corpus-")
        cache = Path(tmp.name)
    results, base, par = [], {}, {}
    all_pairs = not (args.no_all_pairs or args.stories_only)
    failed = False
    try:
        for size in sizes:
            if failed:  # a larger size would not finish either
                results.append({"size": size, "error": "not tried (a smaller size did not finish)"})
                continue
            job = {"ntrex": str(ntrex), "size": size, "multilingual": args.multilingual, "cache": str(cache),
                   "max_memory_gb": args.max_memory_gb, "stories_only": args.stories_only,
                   "story_threshold": args.story_threshold}
            r = run_job({**job, "mode": "auto"}, args.corpus_limit_seconds)
            r.setdefault("size", size)
            results.append(r)
            done = r.get("error") or f"story F1 {r['bcubed'][2]:.3f}" + ("" if "links" not in r else
                f", total {r['total']:.1f} s, cross-story {share(r['cross'], r['links']):.2%}")
            print(f"{size} articles, corpus mode: {done}", file=sys.stderr, flush=True)
            failed = "error" in r
            if args.compare_jobs > 1 and not failed and not args.stories_only:
                par[size] = run_job({**job, "mode": "auto", "jobs": args.compare_jobs}, args.corpus_limit_seconds)
                print(f"{size} articles, jobs = {args.compare_jobs}: " + (par[size].get("error") or
                      f"total {par[size]['total']:.1f} s"), file=sys.stderr, flush=True)
            if all_pairs and not failed:
                b = run_job({**job, "mode": "one"}, args.limit_seconds)
                base[size] = b
                print(f"{size} articles, all-pairs: " + (b.get("error") or f"total {b['total']:.1f} s"),
                      file=sys.stderr, flush=True)
                all_pairs = "error" not in b
            elif not args.no_all_pairs and not args.stories_only:
                base[size] = {"error": "not tried (a smaller size did not finish)"}
    finally:
        if tmp is not None:
            tmp.cleanup()
    if args.json:
        Path(args.json).write_text(json.dumps({"corpus": results, "all_pairs": base, "jobs": par}, indent=1),
                                   encoding="utf-8")
    variant = "English versions + es fr de ru ar he (untranslated)" if args.multilingual else "English versions"
    if args.story_threshold is not None:
        variant += f", story threshold {args.story_threshold:g}"
    report(results, base, f"bench/corpus.py: NTREX documents as stories, {variant}, one run per size",
           args.markdown)
    if par:
        show_table(f"jobs = {args.compare_jobs} against jobs = 1 (local processes, one run)",
                   jobs_columns(args.compare_jobs), jobs_rows(results, par, args.compare_jobs), args.markdown)


if __name__ == "__main__":
    main()
