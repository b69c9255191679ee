"""Phrasing diffs between aligned sentences, and the comparison tables.

:func:`word_diff` compares two texts word by word (difflib opcodes on case-folded, accent-free words) and
keeps each word's character span, so any view can highlight what differs. :func:`build_comparison` builds the
long ``comparison`` table (statement x article x view language: each outlet's version, its diff against the
statement's representative, the quote, the speaker, the outlets that do not carry it);
:func:`comparison_wide` turns one view language of it into one row per statement, one column group per outlet.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from transcompare.align.quotes import quote_scorer
from transcompare.align.settings import AlignSettings
from transcompare.schema import COMPARISON, STATEMENTS, TRANSLATIONS, ARTICLES, C, check_frame
from transcompare.text import DIFF_METHOD, join_sentences, word_diff


def signature() -> dict:
    return {"name": "compare", "method": DIFF_METHOD}


# ------------------------------------------------------------------ tables
def _view_texts(translations: pl.DataFrame, view_lang: str) -> dict[tuple[str, int], str]:
    rows = translations.filter(pl.col(C.TARGET_LANG) == view_lang)
    return {(a, i): t for a, i, t in zip(rows[C.ARTICLE_ID], rows[C.INDEX], rows[C.TRANSLATION])}


def build_comparison(statements: pl.DataFrame, translations: pl.DataFrame, articles: pl.DataFrame,
                     view_langs: list[str] | tuple[str, ...], settings: AlignSettings,
                     embeddings: pl.DataFrame | None = None, stories: pl.DataFrame | None = None) -> pl.DataFrame:
    """The long COMPARISON table: one row per statement x carrying article x view language (``stories``: an
    outlet that left a statement out is one of its story's, not of the whole corpus).

    ``view_text`` joins the article's sentences from ``translations`` with ``target_lang == view_lang`` (the
    original when the article is already in that language); it is null when no such translation exists.
    The diff columns compare ``view_text`` with the *reference* in the same language (``is_reference``): the
    statement's representative, unless a member written in the view language scores within the run's
    ``settings.original_margin`` of it (``score``, mean similarity to the others): a Spanish reader then
    compares with the Spanish outlet's own words, not with a machine translation. ``quote_similarity`` against
    such a reference is measured as the statements stage measures it, with the same ``settings``.

    Beside the view-language diff: ``original_divergence``, the diff of the two originals when a member and the
    reference are written in the same language (the outlets' own words, no machine translation in between),
    and, with ``embeddings``, ``meaning_similarity`` (cosine of the two versions' sentence embeddings, centred
    per language): how close in meaning two versions are in any language pair.
    """
    original_margin = settings.original_margin
    statements = check_frame(statements, STATEMENTS, "compare")
    translations = check_frame(translations, TRANSLATIONS, "compare")
    articles = check_frame(articles, ARTICLES, "compare")
    outlets = list(zip(articles[C.ARTICLE_ID], articles[C.OUTLET]))
    story_of = dict(zip(stories[C.ARTICLE_ID], stories[C.STORY_ID])) if stories is not None else {}
    published = dict(zip(articles[C.ARTICLE_ID], articles[C.PUBLISHED]))
    quote_sim = C.QUOTE_SIMILARITY in statements.columns
    rows: list[dict] = []
    quote_vs: Callable[[str | None, str | None], float | None] | None = None  # made when a reference is not the representative
    meaning = _meaning_scorer(embeddings, articles) if embeddings is not None else None
    members_by_sid: dict[str, list[dict]] = {}
    for row in statements.iter_rows(named=True):
        members_by_sid.setdefault(row[C.STATEMENT_ID], []).append(row)
    for view_lang in view_langs:
        views = _view_texts(translations, view_lang)

        def view_text(m: dict) -> str | None:
            parts = [views.get((m[C.ARTICLE_ID], i)) for i in m[C.SENTENCE_INDICES]]
            if all(p is not None for p in parts) and parts:
                return join_sentences(parts)
            if m[C.LANG] == view_lang:
                return m[C.TEXT]
            return None

        for sid, members in members_by_sid.items():
            rep = representative = next((m for m in members if m[C.IS_REPRESENTATIVE]), members[0])
            if rep[C.LANG] != view_lang:
                originals = [m for m in members if m[C.LANG] == view_lang
                             and (m[C.SCORE] or 0.0) >= (rep[C.SCORE] or 0.0) - original_margin]
                if originals:
                    rep = max(originals, key=lambda m: m[C.SCORE] or 0.0)  # first of equals: article order
            rep_text = view_text(rep)
            if rep_text is None:  # an untranslated reference cannot be compared with: the best member that can
                shown = [m for m in members if view_text(m) is not None]
                if shown:
                    rep = max(shown, key=lambda m: m[C.SCORE] or 0.0)
                    rep_text = view_text(rep)
            carried = {m[C.ARTICLE_ID] for m in members}
            span = date_span([published.get(a) for a in carried])
            in_story = {story_of.get(a) for a in carried}
            missing = [o for a, o in outlets if a not in carried and story_of.get(a) in in_story]
            if rep is not representative and quote_vs is None:
                quote_vs = quote_scorer(statements[C.PIVOT_TEXT].to_list(), settings)
            for m in members:
                vt = view_text(m)
                d = word_diff(vt, rep_text) if vt is not None and rep_text is not None else None
                if not quote_sim:
                    qsim = None
                elif rep is representative:
                    qsim = m[C.QUOTE_SIMILARITY]
                elif m is rep:
                    qsim = 1.0 if quote_vs(m[C.PIVOT_TEXT], rep[C.PIVOT_TEXT]) is not None else None
                else:  # the number shown next to a reference must be about that reference
                    qsim = quote_vs(m[C.PIVOT_TEXT], rep[C.PIVOT_TEXT])
                rows.append({
                    C.STATEMENT_ID: sid, C.VIEW_LANG: view_lang, C.ARTICLE_ID: m[C.ARTICLE_ID],
                    C.OUTLET: m[C.OUTLET], C.LANG: m[C.LANG], C.TEXT: m[C.TEXT], C.VIEW_TEXT: vt,
                    C.IS_REFERENCE: m is rep, C.REPRESENTATIVE: rep_text,
                    C.SHARED_WORDS: d.shared if d else None, C.ONLY_A: d.only_a if d else None,
                    C.ONLY_B: d.only_b if d else None, C.DIVERGENCE: d.divergence if d else None,
                    C.QUOTE: m[C.QUOTE], C.SPEAKER: m[C.SPEAKER], C.REPORTING_VERB: m[C.REPORTING_VERB],
                    C.N_OUTLETS: m[C.N_OUTLETS], C.MISSING_OUTLETS: missing,
                    C.QUOTE_SIMILARITY: qsim, C.ALTERED: m.get(C.ALTERED) or "",
                    C.PUBLISHED: published.get(m[C.ARTICLE_ID]) or "", C.DATE_SPAN: span,
                    C.ALSO_IN: list(m.get(C.ALSO_IN) or []),
                    C.SPEAKER_ID: m.get(C.SPEAKER_ID) or "",
                    C.VERB_GLOSS: m.get(C.VERB_GLOSS) or "", C.VERB_CLASS: m.get(C.VERB_CLASS) or "",
                    C.MEANING_SIMILARITY: (1.0 if m is rep else meaning(m, rep)) if meaning else None,
                    C.ORIGINAL_DIVERGENCE: (word_diff(m[C.TEXT], rep[C.TEXT]).divergence
                                            if m is not rep and m[C.LANG] == rep[C.LANG] else None),
                })
    if not rows:
        return COMPARISON.empty()
    return check_frame(pl.DataFrame(rows, schema=COMPARISON.schema), COMPARISON, "compare")


def _meaning_scorer(embeddings: pl.DataFrame, articles: pl.DataFrame) -> Callable[[dict, dict], float | None]:
    """Cosine of two members' sentence embeddings (the mean of each member's centred sentence vectors)."""
    import numpy as np

    from transcompare.embed.centre import centre
    from transcompare.embed.stage import vectors_of

    model, vectors = vectors_of(embeddings)
    lang_of = dict(zip(articles[C.ARTICLE_ID], articles[C.LANG]))
    memo: dict[tuple, np.ndarray | None] = {}

    def vector(m: dict):
        key = (m[C.ARTICLE_ID], tuple(m[C.SENTENCE_INDICES]))
        if key not in memo:
            vs = [vectors[(key[0], i)] for i in key[1] if (key[0], i) in vectors]
            if not vs:
                memo[key] = None
            else:
                c = centre(np.stack(vs), [lang_of.get(key[0], "")] * len(vs), model).mean(axis=0)
                norm = float(np.linalg.norm(c))
                memo[key] = c / norm if norm > 0 else None
        return memo[key]

    def similarity(m: dict, ref: dict) -> float | None:
        a, b = vector(m), vector(ref)
        return None if a is None or b is None else round(float(a @ b), 6)

    return similarity


DATE_SPAN_MARK = 3  # a statement whose members were published more days apart than this is marked


def date_span(dates: list[str | None]) -> int | None:
    """Days between the earliest and latest of ISO dates ('2015-09-13', '2015-09-13T10:00'); None if any is not."""
    import datetime as _dt

    days = []
    for d in dates:
        try:
            days.append(_dt.date.fromisoformat((d or "")[:10]))
        except ValueError:
            return None
    return (max(days) - min(days)).days if days else None


def comparison_wide(comparison: pl.DataFrame, view_lang: str) -> pl.DataFrame:
    """One row per statement, one column group per outlet (``OUTLET.text``, ``OUTLET.divergence``, ...).

    Columns: statement_id, n_outlets, representative, missing_outlets, then for each outlet (or article id
    when one outlet has several articles) ``.text`` (view language), ``.original``, ``.divergence``,
    ``.quote``, ``.speaker``, ``.reporting_verb``. Outlets that do not carry a statement have nulls.
    """
    comparison = check_frame(comparison, COMPARISON, "comparison_wide")
    long = comparison.filter(pl.col(C.VIEW_LANG) == view_lang)
    arts = long.select(C.ARTICLE_ID, C.OUTLET).unique(maintain_order=True)
    dup = arts[C.OUTLET].is_duplicated().any()
    label = {a: (a if dup else o) for a, o in zip(arts[C.ARTICLE_ID], arts[C.OUTLET])}
    fields = [(C.VIEW_TEXT, "text"), (C.TEXT, "original"), (C.DIVERGENCE, "divergence"), (C.QUOTE, "quote"),
              (C.SPEAKER, "speaker"), (C.REPORTING_VERB, "reporting_verb")]
    out: dict[str, dict] = {}
    for r in long.iter_rows(named=True):
        row = out.setdefault(r[C.STATEMENT_ID], {
            C.STATEMENT_ID: r[C.STATEMENT_ID], C.N_OUTLETS: r[C.N_OUTLETS],
            C.REPRESENTATIVE: r[C.REPRESENTATIVE], C.MISSING_OUTLETS: r[C.MISSING_OUTLETS],
        })
        for col, suffix in fields:
            row[f"{label[r[C.ARTICLE_ID]]}.{suffix}"] = r[col]
    schema: dict[str, pl.DataType] = {C.STATEMENT_ID: pl.Utf8, C.N_OUTLETS: pl.Int32, C.REPRESENTATIVE: pl.Utf8,
                                      C.MISSING_OUTLETS: pl.List(pl.Utf8)}
    for a in label.values():
        for col, suffix in fields:
            schema[f"{a}.{suffix}"] = COMPARISON.columns[col]
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in out.values()], schema=schema)
