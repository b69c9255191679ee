"""Coverage evaluation: the constructed multi-outlet corpus (``data/eval/coverage``), scored against its gold.

The chosen events' articles are written as Markdown files and go through the real stages — ingest, segment,
translate (Apertium here; a language no engine translates stays untranslated), embed, align, statements — in
**one run** (so statements that mix events show up as cross-event links). Each predicted sentence is mapped to
the gold sentence(s) its characters overlap; then

- **outlet pairs**: for each gold statement and each pair of articles carrying it, *found* if one predicted
  statement holds a sentence of each carrying it (recall); for each predicted statement and pair of its
  articles, *correct* if some gold statement is carried by a member of each (precision);
- **sentence links**: pairs of sentences of different articles in one predicted statement, against the pairs
  that share a gold statement;
- **statements recovered**: gold statements (carried by 2+ articles) whose every carrying article is in one
  predicted statement;
- **cross-event links**: predicted sentence pairs from different events (should be 0).

Scores are per split (tune on ``dev``, report on ``test``) and per language (a pair counts for both of its
languages).

    python -m transcompare.eval coverage [--split test] [--method hybrid.v1] [--calibrate] [--embedder auto]
                                         [--events e23,e24]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import click
import polars as pl

from transcompare.eval.coverage_corpus import ROOT, Event, GoldSentence, load_events
from transcompare.schema import C


@dataclass
class Prepared:
    """The stages' tables for a set of events, and the map from predicted to gold sentences."""

    events: list[Event]
    articles: pl.DataFrame
    sentences: pl.DataFrame
    translations: pl.DataFrame
    embeddings: pl.DataFrame | None
    stories: pl.DataFrame | None
    gold: dict[tuple[str, int], list[GoldSentence]]  # (article_id, sentence index) -> overlapping gold
    event_of: dict[str, str]  # article_id -> event
    routes: dict = field(default_factory=dict)


def map_to_gold(sentences: pl.DataFrame, events: list[Event]) -> dict[tuple[str, int], list[GoldSentence]]:
    """Predicted sentence -> the gold sentences whose character span it overlaps (same article)."""
    by_article = {a.id: a for ev in events for a in ev.articles}
    out: dict[tuple[str, int], list[GoldSentence]] = {}
    for aid, idx, start, end, text in sentences.select(C.ARTICLE_ID, C.INDEX, C.START, C.END, C.TEXT).iter_rows():
        art = by_article.get(aid)
        if art is None:
            continue
        hits = [g for g in art.sentences if min(end, g.end) - max(start, g.start) > 0]
        out[(aid, idx)] = hits
    return out


def prepare(events: list[Event], *, cache_path=None, embedder: str = "auto", targets=("en",),
            progress=None, stories_mode: str = "auto") -> Prepared:
    from transcompare.eval.coverage_corpus import read_events
    from transcompare.segment import segment_articles
    from transcompare.translate import translate_sentences

    articles = read_events(events)
    sentences = segment_articles(articles)
    # the paragraphs as read must be the gold's (a mapping by offsets relies on it)
    by_article = {a.id: a for ev in events for a in ev.articles}
    for aid, paras in zip(articles[C.ARTICLE_ID], articles[C.PARAGRAPHS]):
        if list(paras) != by_article[aid].paragraph_texts():
            raise click.ClickException(f"{aid}: the article as read differs from its gold paragraphs")
    translations = translate_sentences(sentences, list(targets), cache_path=cache_path, strict=False,
                                       progress=progress)
    embeddings = None
    if embedder:
        from transcompare.embed import Embeddings
        from transcompare.embed.stage import embed_sentences

        emb = Embeddings(embedder, cache_path=_embed_cache(cache_path))
        try:
            embeddings = embed_sentences(sentences, emb)
        finally:
            emb.close()
    event_of = {a.id: ev.event for ev in events for a in ev.articles}
    stories = None
    if embeddings is not None and stories_mode != "none":
        from transcompare.stories import build_stories

        stories = build_stories(articles, sentences, embeddings, stories_mode)
    return Prepared(events, articles, sentences, translations, embeddings, stories,
                    map_to_gold(sentences, events), event_of)


def _embed_cache(cache_path):
    from transcompare.embed.cache import embedding_cache_beside

    return None if cache_path is None else embedding_cache_beside(cache_path)


# ------------------------------------------------------------------------------------------- scoring
@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def _stmts(gold: list[GoldSentence], event: str) -> set[tuple[str, str]]:
    return {(event, s) for g in gold for s in g.statements}


def score(prep: Prepared, statements: pl.DataFrame) -> dict:
    """Outlet-pair and sentence-link P/R/F1 (overall and per language), statements recovered, cross-event links."""
    lang_of = dict(zip(prep.articles[C.ARTICLE_ID], prep.articles[C.LANG]))
    ev = prep.event_of
    # gold: statement -> article -> sentence keys
    gold_carriers: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for key, golds in prep.gold.items():
        for st in _stmts(golds, ev[key[0]]):
            gold_carriers[st][key[0]].add(key)
    # predicted: statement -> article -> sentence keys
    pred: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for sid, aid, idx in statements.select(C.STATEMENT_ID, C.ARTICLE_ID, C.SENTENCE_INDICES).iter_rows():
        for i in idx:
            pred[sid][aid].add((aid, i))

    langs = sorted(set(lang_of.values()))
    out = {"pairs": PRF(), "links": PRF(), "pairs_lang": {l: PRF() for l in langs},
           "links_lang": {l: PRF() for l in langs}, "cross_event": 0, "recovered": 0, "gold_statements": 0}

    def count(kind: str, a: str, b: str, what: str) -> None:
        setattr(out[kind], what, getattr(out[kind], what) + 1)
        for l in {lang_of[a], lang_of[b]}:
            prf = out[f"{kind}_lang"][l]
            setattr(prf, what, getattr(prf, what) + 1)

    # outlet pairs, recall side
    sent_pred: dict[tuple[str, int], set[str]] = defaultdict(set)
    for sid, arts in pred.items():
        for keys in arts.values():
            for k in keys:
                sent_pred[k].add(sid)
    for st, arts in gold_carriers.items():
        if len(arts) < 2:
            continue
        out["gold_statements"] += 1
        whole = set.intersection(*[set().union(*(sent_pred[k] for k in keys)) for keys in arts.values()])
        if whole:
            out["recovered"] += 1
        for a, b in combinations(sorted(arts), 2):
            sa = set().union(*(sent_pred[k] for k in arts[a]))
            sb = set().union(*(sent_pred[k] for k in arts[b]))
            count("pairs", a, b, "tp" if sa & sb else "fn")
    # outlet pairs, precision side
    for sid, arts in pred.items():
        for a, b in combinations(sorted(arts), 2):
            ga = set().union(*(_stmts(prep.gold.get(k, []), ev[a]) for k in arts[a]))
            gb = set().union(*(_stmts(prep.gold.get(k, []), ev[b]) for k in arts[b]))
            if not ga & gb:
                count("pairs", a, b, "fp")
    # sentence links
    gold_links: set[tuple] = set()
    for st, arts in gold_carriers.items():
        for a, b in combinations(sorted(arts), 2):
            for x in arts[a]:
                for y in arts[b]:
                    gold_links.add((x, y) if x < y else (y, x))
    pred_links: set[tuple] = set()
    for sid, arts in pred.items():
        for a, b in combinations(sorted(arts), 2):
            for x in arts[a]:
                for y in arts[b]:
                    pred_links.add((x, y) if x < y else (y, x))
    for x, y in pred_links:
        if ev[x[0]] != ev[y[0]]:
            out["cross_event"] += 1
        count("links", x[0], y[0], "tp" if (x, y) in gold_links else "fp")
    for x, y in gold_links - pred_links:
        count("links", x[0], y[0], "fn")
    # altered quotes: members of statements carried by 3+ articles, flagged or not, against the gold
    flags = {"altered": [0, 0], "faithful": [0, 0]}  # [flagged, total]
    if C.ALTERED in statements.columns:
        for aid, idx, n, why in statements.select(C.ARTICLE_ID, C.SENTENCE_INDICES, C.N_OUTLETS,
                                                  C.ALTERED).iter_rows():
            if n < 3:
                continue
            gold = [g for i in idx for g in prep.gold.get((aid, i), [])]
            kind = "altered" if any(g.altered for g in gold) else "faithful"
            flags[kind][0] += bool(why)
            flags[kind][1] += 1
    out["flags"] = flags
    # sentences that carry two (or more) statements: each of them reached through the statement holding the
    # sentence, or through the statements it names in ``also_in``
    also: dict[tuple[str, int], set[str]] = defaultdict(set)
    if C.ALSO_IN in statements.columns:
        for aid, idx, names in statements.select(C.ARTICLE_ID, C.SENTENCE_INDICES, C.ALSO_IN).iter_rows():
            for i in idx:
                also[(aid, i)].update(names or [])
    two = [0, 0, 0]  # [reached without also_in, reached with it, gold statements of such sentences]
    for key, golds in prep.gold.items():
        stmts = _stmts(golds, ev[key[0]])
        if len(stmts) < 2:
            continue
        for st in stmts:
            elsewhere = {k for a, keys in gold_carriers[st].items() if a != key[0] for k in keys}
            if not elsewhere:
                continue
            two[2] += 1
            reach = lambda sids: any(k in pred[sid].get(k[0], ()) for sid in sids for k in elsewhere)  # noqa: E731
            two[0] += reach(sent_pred[key])
            two[1] += reach(sent_pred[key] | also[key])
    out["two_statements"] = two
    return out


def run_method(prep: Prepared, method: str, settings=None) -> pl.DataFrame:
    """Alignments and statements for the prepared tables with one method; returns the statements table."""
    from transcompare.align import AlignSettings, align_articles, build_statements

    settings = settings or AlignSettings(method=method)
    alignments = align_articles(prep.sentences, prep.translations, "en", settings, embeddings=prep.embeddings,
                                stories=prep.stories)
    return build_statements(prep.sentences, prep.translations, alignments, "en", settings,
                            embeddings=prep.embeddings if settings.method == "hybrid.v1" else None,
                            stories=prep.stories)


def _table(title: str, results: dict[str, dict]) -> "object":
    from rich.table import Table

    t = Table(title=title)
    for col in ("method", "outlet-pair P", "R", "F1", "sentence-link P", "R", "F1", "recovered", "cross-event",
                "altered flagged", "faithful flagged", "two-statement sentences"):
        t.add_column(col, justify="right")
    for name, r in results.items():
        fa, ff = r["flags"]["altered"], r["flags"]["faithful"]
        t.add_row(name, f"{r['pairs'].p:.3f}", f"{r['pairs'].r:.3f}", f"**{r['pairs'].f1:.3f}**",
                  f"{r['links'].p:.3f}", f"{r['links'].r:.3f}", f"**{r['links'].f1:.3f}**",
                  f"{r['recovered']}/{r['gold_statements']}", str(r["cross_event"]),
                  f"{fa[0]}/{fa[1]}", f"{ff[0]}/{ff[1]}",
                  f"{r['two_statements'][0]} → {r['two_statements'][1]}/{r['two_statements'][2]}")
    return t


def _lang_table(results: dict[str, dict]) -> "object":
    from rich.table import Table

    t = Table(title="per language (a pair counts for both its languages): outlet-pair F1 / sentence-link F1")
    t.add_column("method")
    langs = sorted(next(iter(results.values()))["pairs_lang"])
    for l in langs:
        t.add_column(l, justify="right")
    for name, r in results.items():
        t.add_row(name, *[f"{r['pairs_lang'][l].f1:.2f} / {r['links_lang'][l].f1:.2f}" for l in langs])
    return t


def select_events(events: list[Event], only: str, split: str) -> list[Event]:
    """The events named in ``only`` ("e23,e24"; all of them when empty), in corpus order; a name that is no event
    of the split is the user's one-line error."""
    wanted = {e.strip() for e in only.split(",") if e.strip()}
    if not wanted:
        return events
    unknown = sorted(wanted - {e.event for e in events})
    if unknown:
        raise click.BadParameter(f"no {split} event {', '.join(unknown)}", param_hint="--events")
    return [e for e in events if e.event in wanted]


@click.command()
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="test", show_default=True)
@click.option("--method", "methods", multiple=True, default=("hybrid.v1", "difflib.v1"), show_default=True)
@click.option("--embedder", default="auto", show_default=True, help="embedding model (auto, use-m3, e5-small)")
@click.option("--calibrate", is_flag=True, help="fit hybrid.v1's weights on the dev split and write them")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="folder for the translation and embedding caches (default: the user cache)")
@click.option("--events", "only", default="", metavar="IDS",
              help="only these events of the split, comma-separated (e23,e24): a check on events added later")
def main(split: str, methods: tuple[str, ...], embedder: str, calibrate: bool, cache_dir: str | None,
         only: str = "") -> None:
    """Score statements on the constructed coverage corpus (tune on dev, report on test)."""
    from rich.console import Console

    from transcompare.translate import default_cache_path

    console = Console(stderr=False, width=150)
    cache = Path(cache_dir) / "translations.sqlite3" if cache_dir else default_cache_path()
    if calibrate:
        from transcompare.eval.calibrate import calibrate as fit

        events = load_events(ROOT, "dev")
        prep = prepare(events, cache_path=cache, embedder=embedder, stories_mode="none")
        console.print(fit(prep, lambda settings: score(prep, run_method(prep, "hybrid.v1", settings))))
        return
    events = select_events(load_events(ROOT, split), only, split)
    prep = prepare(events, cache_path=cache, embedder=embedder)
    results = {m: score(prep, run_method(prep, m)) for m in methods}
    console.print(f"{len(events)} events ({split}), {prep.articles.height} articles, {prep.sentences.height} "
                  f"sentences; languages {' '.join(sorted(set(prep.articles[C.LANG])))}")
    console.print(_table(f"Coverage corpus, {split} events", results))
    console.print(_lang_table(results))
    from transcompare.eval import attribution

    console.print(attribution.table(attribution.scores(prep)))


if __name__ == "__main__":
    main()
