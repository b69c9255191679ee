"""Alignment evaluation on NTREX-128: strict precision/recall/F1 of aligners on perturbed document pairs.

The cases (two versions of each document, perturbed, with gold links) come from
:mod:`transcompare.eval.ntrex_cases`. A predicted link counts only if its index sets equal a gold link's
exactly (strict precision/recall/F1).

The same perturbed documents are aligned by transcompare (:func:`transcompare.align.align_pair`) and by a
baseline: all-pairs ``SequenceMatcher.ratio`` on the same tokens, then greedy best-pair-first 1-1 links.
Settings are tuned on even-numbered documents ("dev"); scores are reported on odd-numbered ones ("test").

    python -m transcompare.eval alignment [--ntrex PATH] [--seed 0] [--tune] [--no-translated] [--limit N]
"""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from pathlib import Path

import click

from transcompare.eval import default_ntrex
from transcompare.align.pairwise import Link, align_pair
from transcompare.align.settings import AlignSettings
# the cases' names are imported from here too (tests, benchmarks)
from transcompare.eval.ntrex_cases import (CROSS_PAIRS, PARAPHRASE_PAIRS, TRANSLATED_PAIRS, Doc, build_cases,
                                           gold_links, load_ntrex, perturb, translate_versions)
from transcompare.text import tokens


def baseline(a_texts: list[str], b_texts: list[str], threshold: float) -> list[Link]:
    """All-pairs SequenceMatcher ratio on the same tokens; greedy best-pair-first 1-1 links."""
    ta, tb = [tokens(t) for t in a_texts], [tokens(t) for t in b_texts]
    sm = SequenceMatcher(autojunk=False)
    scored = []
    for j, b in enumerate(tb):
        sm.set_seq2(b)
        for i, a in enumerate(ta):
            sm.set_seq1(a)
            r = sm.ratio()
            if r >= threshold:
                scored.append((r, i, j))
    used_a, used_b, out = set(), set(), []
    for r, i, j in sorted(scored, reverse=True):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append(Link((i,), (j,), r))
    return out


def prf(pred: int, gold: int, correct: int) -> tuple[float, float, float]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_cases(cases, aligner) -> dict[str, dict]:
    acc: dict[str, list[int]] = {}
    for name, _, a, b, gold in cases:
        pred = {(l.a, l.b) for l in aligner(a.texts, b.texts)}
        c = acc.setdefault(name, [0, 0, 0, 0])
        c[0] += len(pred)
        c[1] += len(gold)
        c[2] += len(pred & gold)
        c[3] += sum(1 for g in gold if len(g[0]) + len(g[1]) > 2)
    return {k: {"links": v[1], "merged": v[3], **dict(zip(("P", "R", "F1"), prf(*v[:3])))}
            for k, v in acc.items()}


STATEMENT_GROUPS = [("es, es-MX, es-2", ("es", "es-MX", "es-2")), ("fr, fr-CA", ("fr", "fr-CA"))]
TRANSLATED_GROUP = ("en, es>en, fr>en", ("en", "es>en", "fr>en"))


def statement_scores(docs: list[Doc], texts: dict[str, list[str]], versions: tuple[str, ...], n_articles: int,
                     seed: int, settings: AlignSettings) -> dict[str, float]:
    """Statements across ``n_articles`` perturbed versions of each document (cycling through ``versions``).

    Pairwise over sentences of different articles: precision = share of sentence pairs put in one statement
    that carry a common line (or a line each of one member that merged them); recall = share of sentence
    pairs carrying a common line that are put in one statement; pure = share of multi-outlet statements
    whose members all carry a common line.
    """
    import polars as pl

    from transcompare.align import align_articles, build_statements, pivot_translations
    from transcompare.schema import SENTENCES, C

    together = correct = related = found = pure = multi = 0
    for doc in docs:
        rng = random.Random(f"{seed}:statements:{'/'.join(versions)}:{doc.doc_id}")
        sides = [perturb(doc, texts[versions[k % len(versions)]], rng, merge=k % 2 == 0) for k in range(n_articles)]
        rows = [{C.ARTICLE_ID: f"v{k}", C.OUTLET: f"v{k}", C.LANG: "xx", C.PARAGRAPH: i, C.INDEX: i,
                 C.KIND: "body", C.START: 0, C.END: len(t), C.TEXT: t}
                for k, side in enumerate(sides) for i, t in enumerate(side.texts)]
        if not rows:
            continue
        sentences = pl.DataFrame(rows, schema=SENTENCES.schema)
        tr = pivot_translations(sentences, "xx")
        st = build_statements(sentences, tr, align_articles(sentences, tr, "xx", settings), "xx", settings)
        lines = {(f"v{k}", i): set(u) for k, side in enumerate(sides) for i, u in enumerate(side.lines)}
        where = {}
        member_lines: dict[str, list[set[int]]] = {}
        for sid, a, idx in zip(st[C.STATEMENT_ID], st[C.ARTICLE_ID], st[C.SENTENCE_INDICES]):
            for i in idx:
                where[(a, i)] = sid
            member_lines.setdefault(sid, []).append(set().union(*(lines[(a, i)] for i in idx)))
        keys = sorted(lines)
        for x in range(len(keys)):
            for y in range(x + 1, len(keys)):
                if keys[x][0] == keys[y][0]:
                    continue
                lx, ly = lines[keys[x]], lines[keys[y]]
                share = bool(lx & ly)
                related += share
                if where.get(keys[x]) != where.get(keys[y]):
                    continue
                together += 1
                # right if they share a line, or one member carries a line of each (an outlet that merged
                # the two sentences into one)
                correct += share or any(m & lx and m & ly for m in member_lines[where[keys[x]]])
                found += share
        for _, g in st.group_by(C.STATEMENT_ID):
            if g.height > 1:
                multi += 1
                sets = [set().union(*(lines[(a, i)] for i in idx))
                        for a, idx in zip(g[C.ARTICLE_ID], g[C.SENTENCE_INDICES])]
                pure += bool(set.intersection(*sets))
    p, _, _ = prf(together, related, correct)
    r = found / related if related else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "pure": pure / multi if multi else 0.0, "statements": multi}


def cross_embedder(model: str = "pair", cache_path=None):
    """``pair_embed(la, lb) -> (embed_a, embed_b, name)`` of language-centred unit vectors (cached): ``pair`` is
    :meth:`transcompare.embed.Embeddings.pair_embed` (e5-small and use-m3 together where USE knows both
    languages), a model name that model alone."""
    from transcompare.embed import Embeddings
    from transcompare.embed.centre import centre

    emb = Embeddings("auto" if model == "pair" else model, cache_path=cache_path)
    if model == "pair":
        return emb.pair_embed
    embedder = emb.embedder(model)

    def embed_for(lang: str):
        return lambda texts: centre(emb.embed(texts, embedder), [lang] * len(texts), model)

    return lambda la, lb: (embed_for(la), embed_for(lb), model)


def score_cross(cases, pair_embed, threshold: float | None = None, margin: float | None = None, k: int | None = None,
                settings: dict | None = None) -> dict[str, dict]:
    """score_cases for cross-language cases ('en vs de'): embeddings only (hybrid.align_pair_embedded);
    ``pair_embed(la, lb) -> (embed_a, embed_b, name)``, e.g. :meth:`transcompare.embed.Embeddings.pair_embed`;
    ``settings``: (threshold, margin, k) per embeddings name, else ``threshold``, ``margin`` and ``k`` for all."""
    from transcompare.align.hybrid import align_pair_embedded

    out: dict[str, dict] = {}
    for name in dict.fromkeys(c[0] for c in cases):
        la, lb = name.split(" vs ")
        ea, eb, model = pair_embed(la, lb)
        sub = [c for c in cases if c[0] == name]
        acc = [0, 0, 0, 0]
        for _, _, a, b, gold in sub:
            t, m, kk = settings.get(model, (threshold, margin, k)) if settings else (threshold, margin, k)
            pred = {(l.a, l.b) for l in align_pair_embedded(a.texts, b.texts, ea, eb, t, m, kk)}
            acc[0] += len(pred)
            acc[1] += len(gold)
            acc[2] += len(pred & gold)
            acc[3] += sum(1 for g in gold if len(g[0]) + len(g[1]) > 2)
        out[name] = {"links": acc[1], "merged": acc[3], "model": model,
                     **dict(zip(("P", "R", "F1"), prf(*acc[:3])))}
    return out


def _mean_f1(res: dict[str, dict]) -> float:
    return sum(r["F1"] for r in res.values()) / len(res)


def tune(cases) -> tuple[AlignSettings, float]:
    """Small grid search on dev cases: threshold x weights."""
    best: tuple[float, AlignSettings] | None = None
    for sw in (0.3, 0.5, 0.7):
        for t in (0.25, 0.3, 0.35, 0.4, 0.45):
            for ct in (0.15, 0.2, 0.25, 0.3):
                s = AlignSettings(method="difflib.v1", threshold=t, seq_weight=sw, idf_weight=1 - sw,
                                  context_threshold=ct)
                f = _mean_f1(score_cases(cases, lambda a, b, s=s: align_pair(a, b, s)))
                if best is None or f > best[0]:
                    best = (f, s)
    bt = max((0.2, 0.25, 0.3, 0.4, 0.5),
             key=lambda t: _mean_f1(score_cases(cases, lambda a, b, t=t: baseline(a, b, t))))
    return best[1], bt


@click.command()
@click.option("--ntrex", type=click.Path(file_okay=False), default=None, help="NTREX-128 directory.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--tune/--no-tune", "do_tune", default=False, help="Grid-search settings on the dev documents.")
@click.option("--baseline-threshold", type=float, default=0.3, show_default=True)
@click.option("--translated/--no-translated", default=True, show_default=True,
              help="Also evaluate English vs es/fr references translated into English with Apertium.")
@click.option("--limit", type=int, default=None, help="Use only the first N documents.")
@click.option("--cross", is_flag=True, help="Only the cross-language pairs (English source vs de, ru, ar, he, fr "
                                            "originals), aligned from embeddings with no translation.")
@click.option("--cross-model", type=click.Choice(["pair", "e5-small", "use-m3"]), default="pair", show_default=True,
              help="With --cross: the embeddings (pair: e5-small and use-m3 together where USE knows both languages).")
@click.option("--outlets", "n_outlets", type=int, default=6, show_default=True,
              help="Articles per document in the statements evaluation.")
def main(ntrex: str | None, seed: int, do_tune: bool, baseline_threshold: float, translated: bool,
         limit: int | None, cross: bool, cross_model: str, n_outlets: int) -> None:
    """Strict P/R/F1 of sentence alignment on perturbed NTREX document pairs, and of statements across outlets.

    \b
    Example:
      python -m transcompare.eval alignment --limit 20 --no-translated
    """
    from transcompare.errors import TranscompareError

    try:
        if cross:
            _run_cross(ntrex, seed, do_tune, limit, cross_model)
        else:
            _run(ntrex, seed, do_tune, baseline_threshold, translated, limit, n_outlets)
    except TranscompareError as err:
        click.echo(f"Error: {err}", err=True)
        raise SystemExit(err.exit_code) from None


def _run(ntrex: str | None, seed: int, do_tune: bool, baseline_threshold: float, translated: bool,
         limit: int | None, n_outlets: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from transcompare.errors import EngineError
    from transcompare.translate import default_cache_path

    docs, texts = load_ntrex(Path(ntrex) if ntrex else default_ntrex())
    docs = docs[:limit] if limit else docs
    pairs = list(PARAPHRASE_PAIRS)
    if translated:
        try:
            for version, route in translate_versions(texts, cache_path=default_cache_path()).items():
                click.echo(f"{version}: {route}", err=True)
            pairs += TRANSLATED_PAIRS
        except EngineError as err:
            click.echo(f"skipping translated pairs: {err}", err=True)
    cases = build_cases(docs, texts, pairs, seed)
    dev = [c for c in cases if c[1] % 2 == 0]
    test = [c for c in cases if c[1] % 2 == 1]
    settings = AlignSettings(method="difflib.v1")  # this evaluation measures the words-only method (see --cross)
    if do_tune:
        settings, baseline_threshold = tune([c for c in dev if "en" not in c[0].split()])
        click.echo(f"tuned: {settings.signature()} baseline threshold {baseline_threshold}")
    ours = score_cases(test, lambda a, b: align_pair(a, b, settings))
    base = score_cases(test, lambda a, b: baseline(a, b, baseline_threshold))
    table = Table(title=f"Alignment, NTREX test documents (odd-numbered), seed {seed}")
    for col in ("pair", "gold links", "of which n-1", "method", "P", "R", "F1"):
        table.add_column(col, justify="left" if col in ("pair", "method") else "right")
    for name in ours:
        for method, res in (("transcompare", ours), (f"all-pairs + greedy @{baseline_threshold}", base)):
            r = res[name]
            table.add_row(name, str(r["links"]), str(r["merged"]), method,
                          f"{r['P']:.3f}", f"{r['R']:.3f}", f"{r['F1']:.3f}")
    Console(width=110).print(table)
    groups = STATEMENT_GROUPS + ([TRANSLATED_GROUP] if "es>en" in texts else [])
    table = Table(title=f"Statements across {n_outlets} outlets (perturbed versions), test documents")
    for col in ("versions", "multi-outlet statements", "pair P", "pair R", "pair F1"):
        table.add_column(col, justify="left" if col == "versions" else "right")
    for name, versions in groups:
        r = statement_scores(docs[1::2], texts, versions, n_outlets, seed, settings)
        table.add_row(name, str(r["statements"]), f"{r['P']:.3f}", f"{r['R']:.3f}", f"{r['F1']:.3f}")
    Console(width=110).print(table)
    click.echo(f"settings: {settings.signature()}")


def _run_cross(ntrex: str | None, seed: int, do_tune: bool, limit: int | None, model: str = "pair") -> None:
    from rich.console import Console
    from rich.table import Table

    from transcompare.embed.cache import default_embedding_cache

    docs, texts = load_ntrex(Path(ntrex) if ntrex else default_ntrex())
    docs = docs[:limit] if limit else docs
    pairs = [p for p in CROSS_PAIRS if p[1] in texts]
    cases = build_cases(docs, texts, pairs, seed)
    dev = [c for c in cases if c[1] % 2 == 0]
    test = [c for c in cases if c[1] % 2 == 1]
    from transcompare.align.hybrid import EMBEDDED_SETTINGS

    embed_for = cross_embedder(model, default_embedding_cache())
    settings = dict(EMBEDDED_SETTINGS)
    if do_tune:  # per embeddings: the pairs each serves
        grid = [(t, m, k) for k in (3, 4, 5) for t in (1.0, 1.04, 1.08, 1.12, 1.15, 1.2, 1.25)
                for m in (0.0, 0.015, 0.03, 0.06)]
        served: dict[str, list] = {}
        names = {pair: embed_for(*pair.split(" vs "))[2] for pair in dict.fromkeys(c[0] for c in dev)}
        for case in dev:
            served.setdefault(names[case[0]], []).append(case)
        for name, sub in served.items():
            f1s = [_mean_f1(score_cross(sub, embed_for, *tm)) for tm in grid]
            f1, settings[name] = max(zip(f1s, grid), key=lambda fg: fg[0])  # the first of equals, in grid order
            click.echo(f"tuned on dev ({name}, {len(sub)} cases): threshold {settings[name][0]}, "
                       f"merge margin {settings[name][1]}, k {settings[name][2]} (dev mean F1 {f1:.3f})")
    res = score_cross(test, embed_for, settings=settings)
    table = Table(title=f"Cross-language alignment with no translation (language-centred embeddings, ratio margin), "
                        f"NTREX test documents, seed {seed}")
    for col in ("pair", "embeddings", "gold links", "of which n-1", "P", "R", "F1"):
        table.add_column(col, justify="left" if col in ("pair", "embeddings") else "right")
    for name, r in res.items():
        table.add_row(name, r["model"], str(r["links"]), str(r["merged"]), f"{r['P']:.3f}", f"{r['R']:.3f}",
                      f"{r['F1']:.3f}")
    Console(width=110).print(table)
    used = dict.fromkeys(r["model"] for r in res.values())
    click.echo("; ".join(f"{name}: threshold {settings[name][0]}, merge margin {settings[name][1]}, "
                         f"k {settings[name][2]}" for name in used))


if __name__ == "__main__":
    main()
