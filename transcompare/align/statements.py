"""The stage functions: pairwise alignments of all article pairs, and statements across N outlets.

**Statements.** Each article's sentences are nodes; every pairwise link joins its sentences. Links are taken
from the strongest down (a "sort by score with conflict resolution" clustering): a link merges two clusters
only if every article still contributes one *group* of adjacent sentences (at most ``max_group``), and two
clusters that both hold sentences of one article are joined only by a 1-2 link (an outlet that said both
statements in one sentence), never by a 1-1 link, so chains of weak links cannot glue neighbouring
statements together. Merges never cross a change of kind (a headline does not merge with the body). The representative member is the one most
similar, on average, to the others (ties: the earliest article), or a sentence written in the pivot language
within ``original_margin`` of it.

**Unaligned sentences** become statements of their own with ``n_outlets == 1``: that is how a reader sees
what only one outlet said, and (through ``missing_outlets`` in the comparison table) what the others left out.
Sentences of kind ``note`` (editor's notes) are neither aligned nor made into statements.

**Order.** Statements are numbered by first appearance: by the first article (input order) that carries
them, then by their position in that article.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from itertools import combinations
from typing import Callable

import numpy as np
import polars as pl

from transcompare.align.also_in import Links, StatementLinks, sentence_links
from transcompare.align.altered import altered_reasons
from transcompare.align.by_story import Reuse, per_story, renumber_statements, story_groups
from transcompare.align.pairwise import align_units, prepare
from transcompare.align.coref import attribute_sentences
from transcompare.align.grown import earlier_statements, members_key
from transcompare.align.quotes import find_quotes, quote_similarity, quote_text
from transcompare.align.settings import AlignSettings
from transcompare.align.speakers import identify
from transcompare.align.verbs import lookup
from transcompare.align.similarity import Scorer, Unit, idf_table, stems
from transcompare.text import join_sentences, word_diff
from transcompare.schema import ALIGNMENTS, KIND_NOTE, SENTENCES, STATEMENTS, TRANSLATIONS, C, check_frame

Progress = Callable[[int, int], None]


class _Articles:
    """Per article (in input order): its alignable sentence indices and their pivot-language texts."""

    def __init__(self, sentences: pl.DataFrame, translations: pl.DataFrame, pivot: str,
                 require_pivot: bool = True):
        sentences = check_frame(sentences, SENTENCES, "align")
        translations = check_frame(translations, TRANSLATIONS, "align")
        self.frame = sentences
        piv = translations.filter(pl.col(C.TARGET_LANG) == pivot)
        pivot_text = {(a, i): t for a, i, t in zip(piv[C.ARTICLE_ID], piv[C.INDEX], piv[C.TRANSLATION])}
        self.order: list[str] = []
        self.meta: dict[str, dict] = {}
        self.rows: dict[str, list[dict]] = defaultdict(list)  # all sentences, in order
        self.indices: dict[str, list[int]] = defaultdict(list)  # alignable ones
        self.pivot: dict[tuple[str, int], str] = {}
        self.kind: dict[tuple[str, int], str] = {}
        self.text: dict[tuple[str, int], str] = {}
        for r in sentences.sort([C.ARTICLE_ID, C.INDEX], maintain_order=True).iter_rows(named=True):
            a = r[C.ARTICLE_ID]
            if a not in self.meta:
                self.meta[a] = {C.OUTLET: r[C.OUTLET], C.LANG: r[C.LANG]}
            self.rows[a].append(r)
        for a in sentences[C.ARTICLE_ID].unique(maintain_order=True):
            self.order.append(a)
            for r in self.rows[a]:
                if r[C.KIND] == KIND_NOTE:
                    continue
                text = pivot_text.get((a, r[C.INDEX]))
                if text is None and r[C.LANG] == pivot:
                    text = r[C.TEXT]
                if text is None and require_pivot:
                    continue
                self.indices[a].append(r[C.INDEX])
                if text is not None:
                    self.pivot[(a, r[C.INDEX])] = text
                self.kind[(a, r[C.INDEX])] = r[C.KIND]
                self.text[(a, r[C.INDEX])] = r[C.TEXT]

    def texts(self, a: str) -> list[str]:
        return [self.pivot[(a, i)] for i in self.indices[a]]


def _global_idf(arts: _Articles, settings: AlignSettings) -> dict[str, float]:
    return idf_table([stems(arts.pivot[(a, i)], settings.stem_chars) for a in arts.order for i in arts.indices[a]
                      if (a, i) in arts.pivot])


def align_articles(sentences: pl.DataFrame, translations: pl.DataFrame, pivot: str,
                   settings: AlignSettings | None = None, progress: Progress | None = None,
                   embeddings: pl.DataFrame | None = None, stories: pl.DataFrame | None = None,
                   execution=None, reuse: Reuse | None = None, min_story_outlets: int = 1,
                   grown: pl.DataFrame | None = None, grown_articles: list[str] | None = None) -> pl.DataFrame:
    """The ALIGNMENTS table: links between the sentences of every pair of articles of one story (``stories``:
    each story is aligned on its own, on ``execution``'s backend, :mod:`transcompare.align.by_story`;
    ``reuse``: an earlier run's table, with the same settings, whose unchanged stories are not aligned again;
    ``min_story_outlets``: stories of fewer outlets are not aligned).

    ``difflib.v1``: pivot-language texts only; word weights (IDF) are computed once over all articles'
    sentences, so a word every outlet uses (the event's main name) counts less than a rarer one.
    ``hybrid.v1`` (needs ``embeddings``): every cross-article pair of sentences whose probability of carrying a
    common statement reaches ``link_threshold`` (:mod:`transcompare.align.hybrid`), untranslated ones included.
    ``grown`` (hybrid.v1): an earlier run's rows of this story's ``grown_articles``, kept; only the pairs that
    involve another article are aligned (``[stories] update = "extend"``, :mod:`transcompare.align.by_story`).
    """
    settings = settings or AlignSettings()
    groups = story_groups(stories, min_story_outlets)
    if groups is not None and (len(groups) > 1 or min_story_outlets > 1):  # one story at a time (by_story)
        parts = per_story(groups, {"sentences": sentences, "translations": translations, "embeddings": embeddings},
                          partial(align_articles, pivot=pivot, settings=settings), ALIGNMENTS.empty(), progress,
                          execution, reuse)
        return check_frame(pl.concat(parts, how="vertical"), ALIGNMENTS, "align")
    if settings.method == "hybrid.v1":
        from transcompare.align.links import align_hybrid

        arts = _Articles(sentences, translations, pivot, require_pivot=False)
        return align_hybrid(arts, settings, embeddings, progress, grown, grown_articles)
    arts = _Articles(sentences, translations, pivot)
    idf = _global_idf(arts, settings)
    pairs = list(combinations(arts.order, 2))
    # each article tokenised and indexed once; merges stay within a kind (a headline never joins the body)
    units = {a: prepare(arts.texts(a), settings, idf, [arts.kind[(a, i)] for i in arts.indices[a]])
             for a in arts.order}
    rows: list[dict] = []
    for n, (a, b) in enumerate(pairs):
        ia, ib = arts.indices[a], arts.indices[b]
        ta, tb = arts.texts(a), arts.texts(b)
        for link in align_units(units[a], units[b], settings, idf):
            text_a = " ".join(ta[k] for k in link.a)
            text_b = " ".join(tb[k] for k in link.b)
            d = word_diff(text_a, text_b)
            rows.append({
                C.ARTICLE_A: a, C.ARTICLE_B: b,
                C.INDICES_A: [ia[k] for k in link.a], C.INDICES_B: [ib[k] for k in link.b],
                C.TEXT_A: text_a, C.TEXT_B: text_b, C.SCORE: round(link.score, 6),
                C.SHARED_WORDS: d.shared, C.ONLY_A: d.only_a, C.ONLY_B: d.only_b, C.DIVERGENCE: d.divergence,
            })
        if progress:
            progress(n + 1, len(pairs))
    if not rows:
        return ALIGNMENTS.empty()
    return check_frame(pl.DataFrame(rows, schema=ALIGNMENTS.schema), ALIGNMENTS, "align")


def _cluster_hybrid(arts: "_Articles", links: Links, settings: AlignSettings,
                    embeddings: pl.DataFrame | None = None) -> list[dict[str, list[int]]]:
    """Average-linkage clusters over the sentence links' probabilities (hybrid.v1; ``links.nodes`` are the
    alignable sentences in ``arts`` order), and, with ``embeddings``, the probabilities that two sentences of one
    article carry a common statement."""
    from transcompare.align import hybrid
    from transcompare.align.linkage import average_linkage

    nodes = links.nodes
    pos = {n: k for k, n in enumerate(nodes)}
    art_pos = {a: k for k, a in enumerate(arts.order)}
    article = np.asarray([art_pos[a] for a, _ in nodes], np.int64)
    same = None
    if embeddings is not None:
        from transcompare.embed.stage import vectors_of

        model, vectors = vectors_of(embeddings)
        run = hybrid.run_sentences(arts, vectors, model=model)
        si, sj, sp = hybrid.same_article_probabilities(run, model)
        to_node = np.asarray([pos[k] for k in run.keys], np.int64)
        same = (to_node[si], to_node[sj], sp)
    compared = None
    if embeddings is not None:  # the pairs of articles the alignment compared
        near = hybrid.compared_articles(run, settings.story_neighbours)  # by position in arts.order, as here
        if near is not None:
            compared = np.zeros((len(arts.order), len(arts.order)), bool)
            compared[:len(near), :len(near)] = near
    groups = average_linkage(len(nodes), article, links.i, links.j, links.p, settings.statement_threshold,
                             settings.same_article_threshold, same, compared)
    clusters = []
    for g in groups:
        c: dict[str, list[int]] = defaultdict(list)
        for k in g:
            a, i = nodes[k]
            c[a].append(i)
        clusters.append({a: sorted(v) for a, v in c.items()})
    clusters.sort(key=lambda c: min((art_pos[a], s[0]) for a, s in c.items()))
    return clusters


# ------------------------------------------------------------------ statements
def _cluster(arts: _Articles, alignments: pl.DataFrame, max_group: int) -> list[dict[str, list[int]]]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    members: dict[tuple[str, int], dict[str, set[int]]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in arts.order:
        for i in arts.indices[a]:
            members[find((a, i))] = {a: {i}}

    def ok(group: dict[str, set[int]]) -> bool:
        return all(len(s) <= max_group and max(s) - min(s) == len(s) - 1 for s in group.values())

    links = alignments.sort(C.SCORE, descending=True, maintain_order=True)
    for a, b, xs, ys in links.select(C.ARTICLE_A, C.ARTICLE_B, C.INDICES_A, C.INDICES_B).iter_rows():
        nodes = [(a, i) for i in xs] + [(b, j) for j in ys]
        if any(n not in parent for n in nodes):
            continue  # a sentence that is not alignable any more (e.g. now a note)
        roots = {find(n) for n in nodes}
        if len(roots) == 1:
            continue
        merged: dict[str, set[int]] = defaultdict(set)
        carriers: dict[str, int] = defaultdict(int)
        for r in roots:
            for art, s in members[r].items():
                merged[art] |= s
                carriers[art] += 1
        # two clusters that both hold sentences of one article are joined only by a 1-2 link: one outlet said
        # both statements in one sentence, so the others' two adjacent sentences belong together. A 1-1 link
        # never does it, or chains of weak links would glue neighbouring statements into one. (The NTREX
        # statements evaluation: recall 0.90 -> 0.95 with this, precision unchanged.)
        fuse = len(xs) + len(ys) > 2
        if not ok(merged) or (not fuse and any(c > 1 for c in carriers.values())):
            continue
        roots = list(roots)
        for r in roots[1:]:
            parent[r] = roots[0]
            del members[r]
        members[roots[0]] = dict(merged)
    position = {a: k for k, a in enumerate(arts.order)}
    clusters = [{a: sorted(s) for a, s in m.items()} for m in members.values()]
    clusters.sort(key=lambda c: min((position[a], s[0]) for a, s in c.items()))
    return clusters


def build_statements(sentences: pl.DataFrame, translations: pl.DataFrame, alignments: pl.DataFrame, pivot: str,
                     settings: AlignSettings | None = None, max_group: int = 2,
                     embeddings: pl.DataFrame | None = None, stories: pl.DataFrame | None = None,
                     execution=None, reuse: Reuse | None = None, min_story_outlets: int = 1,
                     grown: pl.DataFrame | None = None, grown_articles: list[str] | None = None) -> pl.DataFrame:
    """The STATEMENTS table (long: statement x carrying article); see the module docstring. ``stories``: each
    story's statements are built on their own (ids numbered across stories, :mod:`transcompare.align.by_story`;
    ``reuse`` and ``min_story_outlets`` as for :func:`align_articles`). ``grown`` (hybrid.v1): an earlier run's
    statements of this story's ``grown_articles``, kept (:mod:`transcompare.align.grown`)."""
    settings = settings or AlignSettings()
    groups = story_groups(stories, min_story_outlets)
    if groups is not None and (len(groups) > 1 or min_story_outlets > 1):
        parts = per_story(groups, {"sentences": sentences, "translations": translations, "alignments": alignments,
                                   "embeddings": embeddings},
                          partial(build_statements, pivot=pivot, settings=settings, max_group=max_group),
                          STATEMENTS.empty(), None, execution, reuse)
        return check_frame(renumber_statements(parts, STATEMENTS.empty()), STATEMENTS, "statements")
    hybrid = settings.method == "hybrid.v1"
    arts = _Articles(sentences, translations, pivot, require_pivot=not hybrid)
    alignments = check_frame(alignments, ALIGNMENTS, "statements")
    idf = _global_idf(arts, settings)
    scorer = Scorer(idf, settings.seq_weight, settings.idf_weight)
    earlier = earlier_statements(grown) if hybrid and grown is not None and grown_articles else None
    links = sentence_links(alignments, [(a, i) for a in arts.order for i in arts.indices[a]]) if hybrid else None
    clusters = (_cluster_hybrid(arts, links, settings, embeddings) if hybrid
                else _cluster(arts, alignments, max_group))
    frame = sentences
    if earlier is not None:  # only articles with members the earlier rows do not tell are read for speakers
        need = {a for c in clusters if members_key(c) not in earlier.rows for a, idx in c.items()
                if not earlier.told(a, idx)}
        frame = sentences.filter(pl.col(C.ARTICLE_ID).is_in(sorted(need)))
    attrib = {k: (speaker, verb) for k, (speaker, verb, _) in attribute_sentences(
        frame, arts.pivot, pivot, known_names=earlier.names if earlier else ()).items()}
    if earlier is not None:
        attrib = {**earlier.sentence, **attrib}

    def piv(a: str, idx) -> str:
        return join_sentences(arts.pivot[(a, i)] for i in idx if (a, i) in arts.pivot)
    width = max(3, len(str(len(clusters))))
    on_links = StatementLinks(links, clusters) if hybrid else None
    also = on_links.also_in(settings.also_in_threshold, width) if on_links else {}
    member_best = on_links.members() if on_links else {}
    text_of = {(a, r[C.INDEX]): r[C.TEXT] for a in arts.order for r in arts.rows[a]}
    out: list[dict] = []
    position = {a: k for k, a in enumerate(arts.order)}
    for n, cluster in enumerate(clusters, start=1):
        sid = f"s{n:0{width}d}"
        kept = earlier.rows.get(members_key(cluster)) if earlier is not None else None
        if kept is not None:  # an earlier statement that nothing joined: its rows as they were
            out.extend({**r, C.STATEMENT_ID: sid, C.ALSO_IN: also.get((n - 1, r[C.ARTICLE_ID]), [])} for r in kept)
            continue
        order = sorted(cluster, key=position.__getitem__)
        rank = {a: k for k, a in enumerate(order)}
        mean = {}
        best = member_best.get(n - 1, {})  # (member, other member) -> their best link (none: 0)
        if hybrid:  # mean over the other members of the best link probability between their sentences
            for a in order:
                others = [best.get((a, b), 0.0) for b in order if b != a]
                mean[a] = sum(others) / len(others) if others else 1.0
        else:
            units = {}
            for a in order:
                toks = stems(piv(a, cluster[a]), settings.stem_chars)
                units[a] = Unit(tuple(cluster[a]), toks).weigh(idf, scorer.default)
            for a in order:
                others = [scorer.score(units[a], units[b]) for b in order if b != a]
                mean[a] = sum(others) / len(others) if others else 1.0
        rep = max(order, key=lambda a: (mean[a], -rank[a]))
        # a sentence as written reads better as the reference than a machine translation of one
        originals = [a for a in order if arts.meta[a][C.LANG] == pivot
                     and mean[a] >= mean[rep] - settings.original_margin]
        if originals and arts.meta[rep][C.LANG] != pivot:
            rep = max(originals, key=lambda a: (mean[a], -rank[a]))
        pivot_quote = {a: quote_text(piv(a, cluster[a])) for a in order}
        member_text = {a: join_sentences(text_of[(a, i)] for i in cluster[a]) for a in order}
        close = None
        if hybrid:  # judge a member against the members that carry its claim closely (linked strongly)
            close = [[m for m, b in enumerate(order) if b != a and best.get((a, b), 0.0) >= settings.altered_link_threshold]
                     for a in order]
        altered = dict(zip(order, altered_reasons([member_text[a] for a in order],
                                                  [arts.meta[a][C.LANG] for a in order], close)))
        for a in order:
            idx = cluster[a]
            lang = arts.meta[a][C.LANG]
            text = member_text[a]
            # the attribution of the member's quote first (a statement may hold a headline, a lead and the
            # quote: the quote's verb is the one the outlet chose for it), then of any sentence with a speaker
            quoted = [i for i in idx if find_quotes(text_of[(a, i)])]
            prior = earlier.member.get((a, tuple(idx))) if earlier is not None else None
            speaker, verb = prior or next((attrib[(a, i)] for i in quoted + list(idx) if attrib[(a, i)][0]),
                                          next((attrib[(a, i)] for i in idx if attrib[(a, i)][1]), ("", "")))
            qa, qr = pivot_quote[a], pivot_quote[rep]
            qsim = None
            if qa and qr:
                qsim = round(1.0 if a == rep else quote_similarity(qa, qr, scorer, settings), 6)
            out.append({
                C.STATEMENT_ID: sid, C.ARTICLE_ID: a, C.OUTLET: arts.meta[a][C.OUTLET], C.LANG: lang,
                C.SENTENCE_INDICES: idx, C.TEXT: text,
                C.PIVOT_TEXT: piv(a, idx), C.SCORE: round(mean[a], 6),
                C.QUOTE: quote_text(text, lang),
                C.SPEAKER: speaker, C.REPORTING_VERB: verb, C.IS_REPRESENTATIVE: a == rep,
                C.N_OUTLETS: len(order), C.QUOTE_SIMILARITY: qsim, C.ALTERED: altered[a],
                C.ALSO_IN: also.get((n - 1, a), []),
            })
    if not out:
        return STATEMENTS.empty()
    ids = identify([r[C.SPEAKER] for r in out])  # one person across outlets and scripts
    for r in out:
        r[C.SPEAKER_ID] = ids.get(r[C.SPEAKER], "")
        verb = lookup(r[C.REPORTING_VERB], r[C.LANG])
        r[C.VERB_LEMMA], r[C.VERB_GLOSS], r[C.VERB_CLASS] = (verb.lemma, verb.gloss, verb.cls) if verb else ("", "", "")
    return check_frame(pl.DataFrame(out, schema=STATEMENTS.schema), STATEMENTS, "statements")


def pivot_translations(sentences: pl.DataFrame, pivot: str) -> pl.DataFrame | None:
    """Identity TRANSLATIONS rows when every sentence already is in ``pivot``; None when some are not."""
    sentences = check_frame(sentences, SENTENCES, "align")
    if sentences.height and not (sentences[C.LANG] == pivot).all():
        return None
    return check_frame(sentences.select(
        C.ARTICLE_ID, C.INDEX, C.LANG, C.TEXT,
        pl.lit(pivot).alias(C.TARGET_LANG), pl.col(C.TEXT).alias(C.TRANSLATION),
        pl.lit("identity").alias(C.ENGINE), pl.lit(pivot).alias(C.ROUTE),
    ), TRANSLATIONS, "align")
