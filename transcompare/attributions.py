"""Who said it and how, per outlet: the attributions view of a run's statements (statement × outlet: speaker,
reporting verb, its lemma, gloss and class, quote type), and the outlet × verb-class matrix media researchers
count first ("which outlet made Lavrov *claim* what another made him *say*?").

>>> import polars as pl
>>> from transcompare.attributions import verb_class_matrix
>>> st = pl.DataFrame({"outlet": ["A", "A", "B"], "verb_class": ["neutral", "assertive", "distancing"],
...                    "speaker_id": ["p01", "p01", "p01"]})
>>> verb_class_matrix(st).to_dicts()
[{'outlet': 'A', 'neutral': 1, 'assertive': 1, 'distancing': 0}, {'outlet': 'B', 'neutral': 0, 'assertive': 0, 'distancing': 1}]
"""

from __future__ import annotations

import polars as pl

from transcompare.align.verbs import CLASSES
from transcompare.schema import C

QUOTE_TYPES = ("direct", "indirect", "source", "none")


def attributions(statements: pl.DataFrame) -> pl.DataFrame:
    """One row per statement × outlet version that names a speaker or a reporting verb: statement_id, outlet,
    lang, speaker, speaker_id, reporting_verb, verb_lemma, verb_gloss, verb_class, quote_type (``direct``: it
    quotes; ``source``: "according to"; ``indirect``: a reporting verb without a quote; ``none``)."""
    cols = [C.STATEMENT_ID, C.ARTICLE_ID, C.OUTLET, C.LANG, C.SPEAKER, C.SPEAKER_ID, C.REPORTING_VERB,
            C.VERB_LEMMA, C.VERB_GLOSS, C.VERB_CLASS, C.QUOTE]
    df = statements.select([c for c in cols if c in statements.columns])
    quote_type = (pl.when(pl.col(C.QUOTE).fill_null("") != "").then(pl.lit("direct"))
                  .when(pl.col(C.VERB_CLASS) == "source").then(pl.lit("source"))
                  .when(pl.col(C.REPORTING_VERB).fill_null("") != "").then(pl.lit("indirect"))
                  .otherwise(pl.lit("none")))
    named = (pl.col(C.SPEAKER).fill_null("") != "") | (pl.col(C.REPORTING_VERB).fill_null("") != "")
    return df.with_columns(quote_type.alias("quote_type")).filter(named).drop(C.QUOTE)


def verb_class_matrix(statements: pl.DataFrame, speaker_id: str | None = None) -> pl.DataFrame:
    """Outlet × verb class: how many of each outlet's versions use a verb of each class (optionally for one
    speaker), classes in the lexicon's order, only those that occur."""
    df = statements.filter(pl.col(C.VERB_CLASS).fill_null("") != "")
    if speaker_id is not None:
        df = df.filter(pl.col(C.SPEAKER_ID) == speaker_id)
    present = [c for c in CLASSES if c in set(df[C.VERB_CLASS].to_list())]
    outlets = list(dict.fromkeys(df[C.OUTLET].to_list()))
    rows = []
    for outlet in outlets:
        mine = df.filter(pl.col(C.OUTLET) == outlet)[C.VERB_CLASS].to_list()
        rows.append({C.OUTLET: outlet, **{c: mine.count(c) for c in present}})
    schema = {C.OUTLET: pl.Utf8, **{c: pl.Int64 for c in present}}
    return pl.DataFrame(rows, schema=schema)
