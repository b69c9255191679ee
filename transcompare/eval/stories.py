"""``python -m transcompare.eval stories``: does the stories stage put the articles that report one event in one
story, and nothing else? Story B-cubed precision, recall and F1 of the predicted stories against the gold, on
three corpora, each split in a dev half (for ``--calibrate``) and a test half (reported):

- **NTREX, English**: NTREX-128's documents as stories, several perturbed English versions of each (the corpus of
  ``bench/corpus.py``: :func:`plan`, :func:`build_articles`), the documents that report one news event being one
  story (``ntrex_stories.toml`` beside this file, judged by reading the documents: e.g. two outlets' reports of
  one earthquake). The events are numbered in the order of their first document; even ones are dev, odd test.
- **NTREX, multilingual**: the same, odd versions in es, fr, de, ru, ar, he (NTREX's human translations).
- **coverage**: the constructed coverage corpus (``data/eval/coverage``), its events as stories, split by the
  corpus's own ``split``: independent reports of one event in their own words and languages; and **coverage
  en**, its English reports alone (two per event: paraphrase, and nothing in another language to link them).

``--calibrate`` fits the story model (:mod:`transcompare.stories`: weights per embedding model, and the
threshold) on the dev halves, each corpus counting as much as the others, and writes ``stories_v1.json``;
the threshold is the middle of the plateau of the best mean dev F1. Without NTREX-128 only the coverage corpus
is scored (the calibration needs NTREX)::

    python -m transcompare.eval stories [--size 512] [--cache DIR] [--embedder e5-small] [--calibrate]
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import polars as pl

from transcompare.schema import C

EVENTS_FILE = Path(__file__).with_name("ntrex_stories.toml")
OTHER_LANGS = ("es", "fr", "de", "ru", "ar", "he")  # NTREX human translations, for the multilingual corpus
PIVOT = "en"
THRESHOLDS = tuple(float(t) for t in np.round(np.arange(0.2, 0.81, 0.05), 2))


# ------------------------------------------------------------------------------------------- scoring
def bcubed(pred: dict, gold: dict) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of the clustering ``pred`` (item -> cluster) against ``gold`` (item ->
    class), over the items of ``gold``: per item, the share of its predicted cluster that is in its class
    (precision) and the share of its class that is in its cluster (recall), averaged over the items."""
    items = list(gold)
    if not items:
        return 1.0, 1.0, 1.0
    both = Counter((pred[x], gold[x]) for x in items)
    size_p = Counter(pred[x] for x in items)
    size_g = Counter(gold[x] for x in items)
    p = sum(n * n / size_p[c] for (c, _), n in both.items()) / len(items)
    r = sum(n * n / size_g[g] for (_, g), n in both.items()) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------------------------------- NTREX events
def ntrex_events(path: Path = EVENTS_FILE) -> dict[str, str]:
    """{document id: event}: the documents of one ``[[group]]`` share the group's event (``g01``, ...); any other
    document is an event of its own (its id)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for k, group in enumerate(data.get("group", []), 1):
        for doc in group["documents"]:
            out[doc] = f"g{k:02d}"
    return out


def event_of_documents(doc_ids: list[str], path: Path = EVENTS_FILE) -> dict[str, str]:
    """The event of each document of ``doc_ids`` (NTREX order)."""
    grouped = ntrex_events(path)
    return {d: grouped.get(d, d) for d in doc_ids}


def event_splits(doc_ids: list[str], path: Path = EVENTS_FILE) -> dict[str, str]:
    """{event: "dev" | "test"}: the events in the order of their first document, even ones dev, odd ones test
    (the documents of one event are always on one side)."""
    events = list(dict.fromkeys(event_of_documents(doc_ids, path)[d] for d in doc_ids))
    return {e: ("dev" if k % 2 == 0 else "test") for k, e in enumerate(events)}


def plan(n_docs: int, size: int, multilingual: bool = False) -> list[tuple[int, int, str]]:
    """(document number, version, language) of the first ``size`` articles: the first ``min(n_docs, size // 2)``
    documents, version by version (every document of the plan in version 0, then in version 1, ...); with
    ``multilingual``, odd versions in the languages of OTHER_LANGS, turning with the document."""
    stories = max(1, min(n_docs, size // 2))
    out = []
    k = 0
    while len(out) < size:
        out += [(d, k, PIVOT if not multilingual or k % 2 == 0 else OTHER_LANGS[(d + k // 2) % len(OTHER_LANGS)])
                for d in range(min(stories, size - len(out)))]
        k += 1
    return out


def build_articles(docs, texts: dict[str, list[str]], articles_plan: list[tuple[int, int, str]]):
    """The ARTICLES frame of the plan, and the NTREX document of each article. Version ``k`` of a document is
    the outlet ``outlet-KK`` (``outlet-KK-LANG`` in another language than English): its text perturbed with its
    own seed (paragraphs shuffled, ~20% of lines dropped, in even versions ~10% of adjacent lines merged), the
    headline (the document's first line) kept as the title with the same probability as any other line."""
    from transcompare.eval.ntrex_cases import Doc, perturb
    from transcompare.schema import ARTICLES, KIND_BODY, KIND_TITLE, check_frame

    rows, doc_of = [], {}
    for d, k, lang in articles_plan:
        doc = docs[d]
        rng = random.Random(f"bench-corpus:{doc.doc_id}:{k}")
        head = doc.lines[0]  # NTREX documents start with their headline
        title = texts[lang][head] if rng.random() >= 0.2 else ""
        body = Doc(doc.doc_id, doc.lines[1:], [[n for n in p if n != head] for p in doc.paragraphs])
        body.paragraphs = [p for p in body.paragraphs if p]
        side = perturb(body, texts[lang], rng, merge=k % 2 == 0)
        para_of = {n: p for p, lines in enumerate(body.paragraphs) for n in lines}
        paragraphs: list[list[str]] = []
        last = None
        for text, unit in zip(side.texts, side.lines):
            if para_of[unit[0]] != last:
                paragraphs.append([])
                last = para_of[unit[0]]
            paragraphs[-1].append(text)
        outlet = f"outlet-{k:02d}" + ("" if lang == PIVOT else f"-{lang}")
        aid = f"{outlet}-{d:03d}"
        doc_of[aid] = doc.doc_id
        paras = [title] + [" ".join(p) for p in paragraphs]
        rows.append({C.ARTICLE_ID: aid, C.OUTLET: outlet, C.LANG: lang, C.LANG_SOURCE: "declared", C.TITLE: title,
                     C.URL: "", C.PUBLISHED: "", C.BYLINE: "", C.CREDITS: [], C.PARAGRAPHS: paras,
                     C.PARAGRAPH_KINDS: [KIND_TITLE] + [KIND_BODY] * (len(paras) - 1), C.SOURCE: f"ntrex:{aid}"})
    return check_frame(pl.DataFrame(rows, schema=ARTICLES.schema), ARTICLES, "ingest"), doc_of


# ------------------------------------------------------------------------------------------- the corpora
@dataclass
class StoryData:
    """One corpus: its stages' tables up to the embeddings, each article's gold story and split."""

    name: str
    articles: pl.DataFrame
    sentences: pl.DataFrame
    embeddings: pl.DataFrame
    gold: dict[str, str]  # article -> story (event)
    split: dict[str, str]  # article -> dev | test

    def part(self, split: str) -> StoryData:
        keep = [a for a in self.articles[C.ARTICLE_ID] if self.split[a] == split]
        ids = pl.Series(keep, dtype=pl.Utf8)
        return StoryData(f"{self.name} {split}", self.articles.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                         self.sentences.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                         self.embeddings.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                         {a: self.gold[a] for a in keep}, {a: split for a in keep})


def _embed(sentences: pl.DataFrame, embedder: str, cache_dir: Path | None) -> pl.DataFrame:
    from transcompare.embed import Embeddings
    from transcompare.embed.cache import embedding_cache_beside
    from transcompare.embed.stage import embed_sentences

    cache = None if cache_dir is None else embedding_cache_beside(Path(cache_dir) / "translations.sqlite3")
    emb = Embeddings(embedder, cache_path=cache)
    try:
        return embed_sentences(sentences, emb)
    finally:
        emb.close()


def ntrex_data(root: Path, size: int, multilingual: bool, embedder: str = "auto",
               cache_dir: Path | None = None) -> StoryData:
    from transcompare.eval.ntrex_cases import load_ntrex
    from transcompare.segment import segment_articles

    docs, texts = load_ntrex(root)
    articles, doc_of = build_articles(docs, texts, plan(len(docs), size, multilingual))
    events = event_of_documents([d.doc_id for d in docs])
    splits = event_splits([d.doc_id for d in docs])
    sentences = segment_articles(articles)
    gold = {a: events[d] for a, d in doc_of.items()}
    return StoryData("NTREX multilingual" if multilingual else "NTREX English", articles, sentences,
                     _embed(sentences, embedder, cache_dir), gold, {a: splits[e] for a, e in gold.items()})


def only_lang(data: StoryData, lang: str) -> StoryData:
    """The articles of one language of a corpus (e.g. the coverage corpus's English reports: paraphrase only)."""
    keep = [a for a, l in zip(data.articles[C.ARTICLE_ID], data.articles[C.LANG]) if l == lang]
    ids = pl.Series(keep, dtype=pl.Utf8)
    return StoryData(f"{data.name} {lang}", data.articles.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                     data.sentences.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                     data.embeddings.filter(pl.col(C.ARTICLE_ID).is_in(ids)),
                     {a: data.gold[a] for a in keep}, {a: data.split[a] for a in keep})


def coverage_data(embedder: str = "auto", cache_dir: Path | None = None) -> StoryData:
    from transcompare.eval.coverage_corpus import load_events, read_events
    from transcompare.segment import segment_articles

    events = load_events()
    articles = read_events(events)
    sentences = segment_articles(articles)
    gold = {a.id: ev.event for ev in events for a in ev.articles}
    split = {a.id: ev.split for ev in events for a in ev.articles}
    return StoryData("coverage", articles, sentences, _embed(sentences, embedder, cache_dir), gold, split)


# ------------------------------------------------------------------------------------------- fitting
def labelled_pairs(data: StoryData) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the pairs the stage scores: each article's nearest neighbours, and every pair of
    one gold story (so that all positives are seen)."""
    from transcompare.stories import article_matrices, neighbours, pair_features

    order = data.articles[C.ARTICLE_ID].to_list()
    arts = article_matrices(data.sentences, data.embeddings, order, data.articles[C.LANG].to_list())
    i, j, _ = neighbours(arts.vectors)
    pairs = set(zip(i.tolist(), j.tolist()))
    by_story: dict[str, list[int]] = {}
    for k, a in enumerate(order):
        by_story.setdefault(data.gold[a], []).append(k)
    for members in by_story.values():
        pairs |= {(a, b) for x, a in enumerate(members) for b in members[x + 1:]}
    ordered = sorted(pairs)
    i = np.asarray([p[0] for p in ordered], np.int64)
    j = np.asarray([p[1] for p in ordered], np.int64)
    y = np.asarray([float(data.gold[order[a]] == data.gold[order[b]]) for a, b in ordered])
    return pair_features(arts, i, j), y


def predict(data: StoryData, params: dict, threshold: float) -> dict[str, str]:
    from transcompare.stories import build_stories

    stories = build_stories(data.articles, data.sentences, data.embeddings, threshold=threshold, params=params)
    return dict(zip(stories[C.ARTICLE_ID], stories[C.STORY_ID]))


def fit(devs: list[StoryData], model: str) -> tuple[dict, list[str]]:
    """The story model fitted on the dev corpora (each counting as much as the others), and report lines."""
    from transcompare.align.hybrid import fit_logistic
    from transcompare.stories import FEATURES

    xs, ys, ws = [], [], []
    for data in devs:
        x, y = labelled_pairs(data)
        xs.append(x)
        ys.append(y)
        ws.append(np.full(len(y), 1.0 / max(1, len(y))))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    weights, bias = fit_logistic(x, y, l2=1e-3, sample_weight=w * len(y) / len(devs))
    params = {"weights": {f: round(float(v), 6) for f, v in zip(FEATURES, weights)}, "bias": round(bias, 6)}
    lines = [f"{model}: fitted on {len(y)} pairs ({int(y.sum())} of one story) of "
             + ", ".join(d.name for d in devs),
             "weights: " + ", ".join(f"{k} {v:+.3f}" for k, v in params["weights"].items()) + f", bias {bias:+.3f}"]
    f1 = {t: float(np.mean([bcubed(predict(d, params, t), d.gold)[2] for d in devs])) for t in THRESHOLDS}
    best = max(f1.values())
    plateau = [t for t in THRESHOLDS if f1[t] >= best - 1e-9]
    params["threshold"] = plateau[len(plateau) // 2]
    lines.append(f"threshold: mean dev F1 {best:.3f} from {plateau[0]:.2f} to {plateau[-1]:.2f}; "
                 f"chosen {params['threshold']:.2f}")
    params["fitted_on"] = {"corpora": [d.name for d in devs], "pairs": len(y), "positives": int(y.sum()),
                           "date": _dt.date.today().isoformat()}
    return params, lines


def write_params(model: str, params: dict, path: Path | None = None) -> Path:
    from transcompare import stories
    from transcompare.output import atomic_write_text

    path = path or stories.PARAMS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {"method": "stories.v1", "features": list(stories.FEATURES), "models": {}}
    data["features"] = list(stories.FEATURES)
    data["models"][model] = params
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    stories._params_file.cache_clear()
    return path


# ------------------------------------------------------------------------------------------- the command
@click.command()
@click.option("--size", type=int, default=512, show_default=True, help="articles of each NTREX corpus")
@click.option("--embedder", default="auto", show_default=True, help="embedding model (auto, e5-small, use-m3)")
@click.option("--calibrate", is_flag=True, help="fit the story model on the dev halves and write it")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="folder for the embedding cache (default: none)")
def main(size: int, embedder: str, calibrate: bool, cache_dir: str | None) -> None:
    """Story B-cubed of the stories stage on NTREX and the coverage corpus (tune on dev, report on test)."""
    from rich.console import Console
    from rich.table import Table

    from transcompare.eval import NTREX_ENV, find_ntrex
    from transcompare.stories import story_params

    console = Console(width=150)
    cache = Path(cache_dir) if cache_dir else None
    ntrex = find_ntrex()
    corpora = []
    if ntrex is None:
        if calibrate:
            raise click.ClickException(f"the calibration needs NTREX-128 (set {NTREX_ENV})")
        console.print(f"NTREX-128 not found (set {NTREX_ENV}): the coverage corpus only")
    else:
        corpora += [ntrex_data(ntrex, size, False, embedder, cache), ntrex_data(ntrex, size, True, embedder, cache)]
    coverage = coverage_data(embedder, cache)
    corpora += [coverage, only_lang(coverage, "en")]
    model = corpora[0].embeddings[C.MODEL][0]
    if calibrate:
        params, lines = fit([c.part("dev") for c in corpora], model)
        for line in lines:
            console.print(line)
        console.print(f"written to {write_params(model, params).name}")
    params = story_params(model)
    table = Table(title=f"stories.v1 ({model}, threshold {params['threshold']:.2f}): story B-cubed")
    for col in ("corpus", "half", "articles", "stories (gold)", "P", "R", "F1"):
        table.add_column(col, justify="right")
    for data in corpora:
        for half in ("dev", "test"):
            part = data.part(half)
            pred = predict(part, params, params["threshold"])
            p, r, f = bcubed(pred, part.gold)
            table.add_row(data.name, half, str(len(part.gold)),
                          f"{len(set(pred.values()))} ({len(set(part.gold.values()))})", f"{p:.3f}", f"{r:.3f}",
                          f"{f:.3f}")
    console.print(table)


if __name__ == "__main__":
    main()
