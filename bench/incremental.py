"""Benchmark: online use. A finished corpus-mode run is given 10% more articles: how long does the second run take
against running everything at once, and are its stories and statements the same?

The corpus is ``bench/corpus.py``'s (NTREX-128 documents, perturbed English versions; the gold stories are the
events they report). Two ways of adding articles:

- **new stories**: the first run holds every version of the first documents (``--size`` articles, the last
  documents held out), the addition is the held-out documents' versions (about 10%): a new day's coverage,
  mostly new events;
- **new versions**: the first run is the corpus plan of ``--size`` articles, the addition what the plan of 10%
  more has besides: another version of most documents, so most stories change (the worst case for reuse).

For each: the stages (segment, stories, align, statements; embeddings from the cache, not timed) over all the
articles at once; over the first articles; then over all of them again given the first run's tables (the
stories stage's ``previous``, segment's, align's and statements' :class:`~transcompare.align.by_story.Reuse`), as a pipeline
re-run does. Reported: the seconds of each, **added / at once** (target ≤ 20%), the stories reused, and whether
the stories and statements equal those of the run at once (articles whose story differs, up to the stories'
numbering; statement tables equal or not)::

    .venv/bin/python bench/incremental.py [--size 1000] [--cache DIR] [--with-embedding] [--profile] [--markdown]

``--with-embedding`` also times the embedding, as a run from scratch pays it: the run at once embeds every
sentence into an empty cache, the first run its own into another, and the added run only what that cache lacks
(the new articles' sentences); the embedding seconds are added to each run's and a second ratio is shown.
``--update`` (``redo``, ``extend`` or ``both``, the default) says how the added run treats a story that grew
(``[stories] update``: aligned and clustered again whole, or extended from its earlier rows); the columns
**statement links as at once** (the sentence pairs put in one statement, Jaccard against the run at once) and
**speakers as at once** (the run at once's members found with the same speaker and verb) say how far the
extended tables differ. ``--profile`` prints, for each addition, where the added run's time goes (Python's profiler, by cumulative time).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/corpus.py's table printer


def stages(articles, embeddings_all, previous=None, extend=False):
    """(seconds, tables, (reused stories, stories, extended stories)) of segment -> stories -> align ->
    statements over ``articles``; ``extend``: a grown story starts from its earlier rows (``update = "extend"``)."""
    import polars as pl

    from transcompare.align import AlignSettings, align_articles, build_statements, pivot_translations
    from transcompare.align.by_story import Reuse
    from transcompare.schema import C
    from transcompare.segment import segment_articles
    from transcompare.stories import build_stories

    prev = previous or {}
    t0 = time.perf_counter()
    reuse_seg = Reuse(prev.get("sentences"), prev.get("segment_keys", set()))
    sentences = segment_articles(articles, reuse=reuse_seg)
    embeddings = embeddings_all.filter(pl.col(C.ARTICLE_ID).is_in(articles[C.ARTICLE_ID].to_list()))
    translations = pivot_translations(sentences.filter(pl.col(C.LANG) == "en"), "en")
    settings = AlignSettings()
    stories = build_stories(articles, sentences, embeddings, previous=prev.get("stories"))
    reuse_a = Reuse(prev.get("alignments"), prev.get("align_keys", set()), extend=extend,
                    groups=prev.get("align_groups", {}))
    alignments = align_articles(sentences, translations, "en", settings, embeddings=embeddings, stories=stories,
                                reuse=reuse_a)
    reuse_s = Reuse(prev.get("statements"), prev.get("statement_keys", set()), extend=extend,
                    groups=prev.get("statement_groups", {}), input_keys=prev.get("statement_inputs", {}),
                    derived=("alignments",))
    statements = build_statements(sentences, translations, alignments, "en", settings, embeddings=embeddings,
                                  stories=stories, reuse=reuse_s)
    seconds = time.perf_counter() - t0
    tables = {"sentences": sentences, "segment_keys": set(reuse_seg.made), "stories": stories,
              "alignments": alignments, "statements": statements,
              "align_keys": set(reuse_a.made), "statement_keys": set(reuse_s.made),
              "align_groups": dict(zip(reuse_a.made, reuse_a.made_groups)),
              "statement_groups": dict(zip(reuse_s.made, reuse_s.made_groups)),
              "statement_inputs": dict(zip(reuse_s.made, reuse_s.made_inputs))}
    return seconds, tables, (reuse_a.reused, len(reuse_a.made), reuse_s.extended)


def scenarios(n_docs: int, size: int) -> dict[str, tuple[list, list]]:
    """{name: (first run's plan, the addition's plan)} as (document, version, language) entries (bench/corpus.py's
    plan); the addition is about 10% of ``size`` articles the first run does not have."""
    from transcompare.eval.stories import plan

    extra = size // 10
    full = plan(n_docs, 4 * (size + extra))  # enough versions of every document
    # "new stories": every document in the same number of versions; the last ones held out for the addition
    versions = max(2, (size + extra) // n_docs)
    held_docs = max(1, extra // versions)
    keep_docs = min(n_docs - held_docs, size // versions)
    ordered = sorted(((d, k, lang) for d, k, lang in full if k < versions), key=lambda x: (x[1], x[0]))
    first = set(plan(n_docs, size))
    return {
        "new stories": ([x for x in ordered if x[0] < keep_docs], [x for x in ordered if n_docs - held_docs <= x[0]]),
        "new versions": (plan(n_docs, size), [x for x in plan(n_docs, size + extra) if x not in first]),
    }


def embed_seconds(sentences, cache_dir: Path) -> float:
    """Seconds to embed ``sentences`` with the default embedder into the SQLite cache in ``cache_dir`` (what the
    cache already holds is read, not embedded)."""
    from transcompare.embed import Embeddings
    from transcompare.embed.cache import embedding_cache_beside
    from transcompare.embed.stage import embed_sentences

    emb = Embeddings("auto", cache_path=embedding_cache_beside(cache_dir / "translations.sqlite3"))
    try:
        t0 = time.perf_counter()
        embed_sentences(sentences, emb)
        return time.perf_counter() - t0
    finally:
        emb.close()


def same_partition(a, b) -> int:
    """Articles whose story differs between two STORIES tables, up to the stories' numbering."""
    from transcompare.schema import C

    sa = dict(zip(a[C.ARTICLE_ID], a[C.STORY_ID]))
    sb = dict(zip(b[C.ARTICLE_ID], b[C.STORY_ID]))
    groups_a: dict[str, set] = {}
    groups_b: dict[str, set] = {}
    for art, story in sa.items():
        groups_a.setdefault(story, set()).add(art)
        groups_b.setdefault(sb[art], set()).add(art)
    return sum(groups_a[sa[art]] != groups_b[sb[art]] for art in sa)


def agreement(once, added) -> tuple[float, float]:
    """How far the added run's statements agree with the run at once's: the sentence pairs (of different
    articles) put in one statement, as a Jaccard index of the two sets, and the share of the run at once's
    members (article and sentences) that the added run has too, with the same speaker and reporting verb."""
    from transcompare.schema import C

    def links(table) -> set:
        out = set()
        for _sid, part in table.group_by(C.STATEMENT_ID):
            nodes = [(a, i) for a, idx in zip(part[C.ARTICLE_ID], part[C.SENTENCE_INDICES]) for i in idx]
            out.update((x, y) for x in nodes for y in nodes if x[0] < y[0])
        return out

    def members(table) -> dict:
        return {(a, tuple(idx)): (s, v) for a, idx, s, v in
                table.select(C.ARTICLE_ID, C.SENTENCE_INDICES, C.SPEAKER, C.REPORTING_VERB).iter_rows()}

    la, lb = links(once), links(added)
    ma, mb = members(once), members(added)
    return (len(la & lb) / len(la | lb) if la | lb else 1.0,
            sum(mb.get(k) == v for k, v in ma.items()) / len(ma) if ma else 1.0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1000, help="articles of the first run (default: %(default)s)")
    ap.add_argument("--cache", default=None, help="folder for the embedding cache")
    ap.add_argument("--with-embedding", action="store_true", help="time the embedding too (empty caches)")
    ap.add_argument("--profile", action="store_true", help="profile the added runs (printed to stderr)")
    ap.add_argument("--update", choices=("redo", "extend", "both"), default="both",
                    help="how the added run treats a story that grew ([stories] update; default: both, one row each)")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    import tempfile

    from transcompare.embed import Embeddings
    from transcompare.embed.cache import embedding_cache_beside
    from transcompare.embed.stage import embed_sentences
    from transcompare.eval import NTREX_ENV, find_ntrex
    from transcompare.eval.ntrex_cases import load_ntrex
    from transcompare.eval.stories import build_articles
    from transcompare.segment import segment_articles

    ntrex = find_ntrex()
    if ntrex is None:
        sys.exit(f"bench/incremental.py: NTREX-128 not found (set {NTREX_ENV})")
    docs, texts = load_ntrex(ntrex)
    cases = scenarios(len(docs), args.size)
    tmp = tempfile.TemporaryDirectory(prefix="bench-incr-")
    cache = Path(args.cache) if args.cache else Path(tmp.name)
    rows = []
    for name, (first, added) in cases.items():
        articles_all, _ = build_articles(docs, texts, first + added)
        articles_first, _ = build_articles(docs, texts, first)
        emb = Embeddings("auto", cache_path=embedding_cache_beside(cache / "translations.sqlite3"))
        try:
            embeddings_all = embed_sentences(segment_articles(articles_all), emb)
        finally:
            emb.close()
        at_once, tables_once, _ = stages(articles_all, embeddings_all)
        first_s, tables_first, _ = stages(articles_first, embeddings_all)
        for update in ("redo", "extend") if args.update == "both" else (args.update,):
            extend = update == "extend"
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                added_s, tables_added, (reused, stories, extended) = profiler.runcall(
                    stages, articles_all, embeddings_all, tables_first, extend)
                print(f"{name}, {update}: the added run's profile", file=sys.stderr)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
            else:
                added_s, tables_added, (reused, stories, extended) = stages(articles_all, embeddings_all,
                                                                            tables_first, extend)
            embedded = ["", "", "", ""]
            if args.with_embedding:
                with tempfile.TemporaryDirectory(prefix="bench-incr-once-") as once, \
                        tempfile.TemporaryDirectory(prefix="bench-incr-first-") as later:
                    e_once = embed_seconds(tables_once["sentences"], Path(once))
                    e_first = embed_seconds(tables_first["sentences"], Path(later))
                    e_added = embed_seconds(tables_added["sentences"], Path(later))  # only what the first lacks
                embedded = [f"{at_once + e_once:.1f}", f"{first_s + e_first:.1f}", f"{added_s + e_added:.1f}",
                            f"{(added_s + e_added) / (at_once + e_once):.0%}"]
            moved = same_partition(tables_once["stories"], tables_added["stories"])
            same = tables_once["statements"].equals(tables_added["statements"])
            links, speakers = agreement(tables_once["statements"], tables_added["statements"])
            rows.append([name, update, f"{len(first):,} + {len(added):,}", f"{at_once:.1f}", f"{first_s:.1f}",
                         f"{added_s:.1f}", f"{added_s / at_once:.0%}", f"{reused} + {extended} of {stories}",
                         f"{moved}", "yes" if same else "no", f"{links:.1%}", f"{speakers:.1%}"]
                        + (embedded if args.with_embedding else []))
            print(f"{name}, {update}: at once {at_once:.1f} s, added {added_s:.1f} s ({added_s / at_once:.0%}), "
                  f"{reused} reused and {extended} extended of {stories} stories", file=sys.stderr, flush=True)
        del articles_all, embeddings_all, tables_once, tables_first, tables_added
    tmp.cleanup()
    columns = ("added", "update", "articles (first + added)", "at once s", "first run s", "added run s",
               "added / at once", "stories reused + extended", "articles in another story than at once",
               "statements as at once", "statement links as at once", "speakers as at once")
    if args.with_embedding:
        columns += ("with embedding: at once s", "with embedding: first s", "with embedding: added s",
                    "with embedding: added / at once")
    from corpus import show_table  # bench/corpus.py, beside this file

    show_table(f"bench/incremental.py: {args.size:,} articles, then 10% more (NTREX, English)", columns, rows,
               args.markdown)

if __name__ == "__main__":
    main()
