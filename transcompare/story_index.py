"""The story index: one row per story of a run (the STORY_INDEX table), derived from its tables when it is read.

The stories stage (:mod:`transcompare.stories`) says which articles report the same event, one row per
article. This module summarises each story: its articles, outlets and languages (each once, in article
order), its first and last publication dates, how many statements its articles carry and how many of those
two or more of its articles share, and a label from its headlines.

The **label** is the story's most central headline: each article's headline (the sentences of paragraph 0,
in the pivot language where the run translated them, else as written) is scored by its mean word overlap
(Jaccard on folded words of three letters or more) with the story's other headlines, and the best one is
the label, ties going to the first article. Only articles written in the pivot language are candidates
when the story has one (an outlet's own headline reads better than a machine translation); the others still
count in the overlap. A story of one article is labelled with its headline.

A statement belongs to the story of its articles (statements never span stories). A run written before the
stories stage (no ``stories.parquet``) is one story, ``t01``, holding every article, as ``mode = "one"``
would make it.

The index is computed on load (:meth:`transcompare.run.Run.story_index`), never stored in the run directory,
so it cannot disagree with the tables it summarises; the SQLite export writes it as the ``story_index`` table.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transcompare.schema import STORY_INDEX, C, check_frame
from transcompare.text import tokens

__all__ = ["ONE_STORY", "article_stories", "dates", "most_shared_first", "story_index"]

ONE_STORY = "t01"  # the story of a run without a stories table


def article_stories(articles: pl.DataFrame, stories: pl.DataFrame) -> dict[str, str]:
    """article id -> story id (every article in :data:`ONE_STORY` when the run has no stories table)."""
    if stories.height:
        return dict(stories.select(C.ARTICLE_ID, C.STORY_ID).iter_rows())
    return {a: ONE_STORY for a in articles.get_column(C.ARTICLE_ID).to_list()}


def _day(value: str | None) -> str | None:
    try:
        return date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        return None


def _headlines(articles: pl.DataFrame, sentences: pl.DataFrame | None, translations: pl.DataFrame | None,
               pivot: str | None) -> dict[str, str]:
    """article id -> headline in the pivot language where translated (else the title as written)."""
    out = {a: t or "" for a, t in articles.select(C.ARTICLE_ID, C.TITLE).iter_rows()}
    if not (pivot and sentences is not None and translations is not None and sentences.height
            and translations.height):
        return out
    title = sentences.filter(pl.col(C.PARAGRAPH) == 0).select(C.ARTICLE_ID, C.INDEX)
    rows = (translations.filter(pl.col(C.TARGET_LANG) == pivot).join(title, on=[C.ARTICLE_ID, C.INDEX])
            .sort(C.ARTICLE_ID, C.INDEX).group_by(C.ARTICLE_ID, maintain_order=True)
            .agg(pl.col(C.TRANSLATION).str.join(" ")))
    out.update({a: t for a, t in rows.iter_rows() if t and t.strip()})
    return out


def _label(members: list[str], headlines: dict[str, str], in_pivot: dict[str, bool]) -> str:
    """The most central headline's article (see the module's docstring)."""
    bags = {a: {w for w in tokens(headlines.get(a, "")) if len(w) >= 3} for a in members}
    candidates = [a for a in members if in_pivot.get(a)] or members

    def score(a: str) -> float:
        others = [b for b in members if b != a]
        if not others:
            return 0.0
        return sum(len(bags[a] & bags[b]) / (len(bags[a] | bags[b]) or 1) for b in others) / len(others)

    return max(candidates, key=lambda a: (score(a), -members.index(a)))


def story_index(articles: pl.DataFrame, stories: pl.DataFrame, statements: pl.DataFrame,
                sentences: pl.DataFrame | None = None, translations: pl.DataFrame | None = None,
                pivot: str | None = None) -> pl.DataFrame:
    """The STORY_INDEX table: one row per story, in story id order (see the module's docstring)."""
    by_article = article_stories(articles, stories)
    headlines = _headlines(articles, sentences, translations, pivot)
    members: dict[str, list[dict]] = {}
    for row in articles.select(C.ARTICLE_ID, C.OUTLET, C.LANG, C.PUBLISHED).iter_rows(named=True):
        story = by_article.get(row[C.ARTICLE_ID])
        if story is not None:
            members.setdefault(story, []).append(row)
    counts: dict[str, list[int]] = {}
    if statements.height:
        per = statements.group_by(C.STATEMENT_ID, maintain_order=True).agg(pl.col(C.ARTICLE_ID).first(),
                                                                            pl.col(C.N_OUTLETS).max())
        for _sid, aid, n in per.iter_rows():
            story = by_article.get(aid)
            if story is not None:
                c = counts.setdefault(story, [0, 0])
                c[0] += 1
                c[1] += int((n or 0) >= 2)
    rows = []
    for story in sorted(members):
        arts = members[story]
        ids = [r[C.ARTICLE_ID] for r in arts]
        label_article = _label(ids, headlines, {r[C.ARTICLE_ID]: r[C.LANG] == pivot for r in arts})
        days = sorted(d for d in (_day(r[C.PUBLISHED]) for r in arts) if d)
        n_statements, n_shared = counts.get(story, [0, 0])
        rows.append({
            C.STORY_ID: story, C.LABEL: " ".join(headlines.get(label_article, "").split()) or label_article,
            C.LABEL_ARTICLE: label_article, C.N_ARTICLES: len(ids), C.ARTICLES: ids,
            C.OUTLETS: list(dict.fromkeys(r[C.OUTLET] or r[C.ARTICLE_ID] for r in arts)),
            C.LANGUAGES: list(dict.fromkeys(r[C.LANG] or "" for r in arts)),
            C.FIRST_PUBLISHED: days[0] if days else None, C.LAST_PUBLISHED: days[-1] if days else None,
            C.N_STATEMENTS: n_statements, C.N_SHARED: n_shared,
        })
    frame = pl.DataFrame(rows, schema=STORY_INDEX.schema) if rows else STORY_INDEX.empty()
    return check_frame(frame, STORY_INDEX, "story_index")


def most_shared_first(index: pl.DataFrame) -> pl.DataFrame:
    """The order the views list stories in: most shared statements first, then most articles, then by id."""
    return index.sort([C.N_SHARED, C.N_ARTICLES], descending=True, maintain_order=True)


def dates(row: dict) -> str:
    """A story's dates as one string: ``2026-03-10``, ``2026-03-10 – 2026-03-11`` or empty."""
    first, last = row.get(C.FIRST_PUBLISHED), row.get(C.LAST_PUBLISHED)
    if not first:
        return ""
    return first if first == last else f"{first} – {last}"
