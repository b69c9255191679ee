"""Table columns and dtypes, in one place.

Every stage is a function from polars frames to polars frames. The tables it reads and writes are declared
here; other modules refer to columns through these constants (``C.ARTICLE_ID``), never as bare strings, and
call :func:`check_frame` on what they receive and produce. The README's "Tables" section mirrors this module.

Text offsets: an article's cleaned text is ``"\\n\\n".join(paragraphs)``; a sentence's ``start``/``end`` are
character offsets into that string (``text == article_text[start:end]``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from transcompare.errors import SchemaError


class C:
    """Column names."""

    # articles
    ARTICLE_ID = "article_id"
    OUTLET = "outlet"
    LANG = "lang"
    LANG_SOURCE = "lang_source"
    TITLE = "title"
    URL = "url"
    PUBLISHED = "published"
    BYLINE = "byline"
    CREDITS = "credits"
    PARAGRAPHS = "paragraphs"
    PARAGRAPH_KINDS = "paragraph_kinds"
    SOURCE = "source"
    # sentences
    PARAGRAPH = "paragraph"
    INDEX = "index"
    KIND = "kind"
    START = "start"
    END = "end"
    TEXT = "text"
    # translations
    TARGET_LANG = "target_lang"
    TRANSLATION = "translation"
    ENGINE = "engine"
    ROUTE = "route"
    # stories, story_index
    STORY_ID = "story_id"
    LABEL = "label"
    LABEL_ARTICLE = "label_article"
    N_ARTICLES = "n_articles"
    ARTICLES = "articles"
    FIRST_PUBLISHED = "first_published"
    LAST_PUBLISHED = "last_published"
    N_SHARED = "n_shared"
    # embeddings
    MODEL = "model"
    VECTOR = "vector"
    # alignments
    ARTICLE_A = "article_a"
    ARTICLE_B = "article_b"
    INDICES_A = "indices_a"
    INDICES_B = "indices_b"
    TEXT_A = "text_a"
    TEXT_B = "text_b"
    SCORE = "score"
    SHARED_WORDS = "shared_words"
    ONLY_A = "only_a"
    ONLY_B = "only_b"
    DIVERGENCE = "divergence"
    # statements
    STATEMENT_ID = "statement_id"
    SENTENCE_INDICES = "sentence_indices"
    PIVOT_TEXT = "pivot_text"
    QUOTE = "quote"
    SPEAKER = "speaker"
    REPORTING_VERB = "reporting_verb"
    IS_REPRESENTATIVE = "is_representative"
    IS_REFERENCE = "is_reference"
    N_OUTLETS = "n_outlets"
    QUOTE_SIMILARITY = "quote_similarity"
    ALTERED = "altered"
    DATE_SPAN = "date_span_days"
    MEANING_SIMILARITY = "meaning_similarity"
    ALSO_IN = "also_in"
    SPEAKER_ID = "speaker_id"
    VERB_LEMMA = "verb_lemma"
    VERB_GLOSS = "verb_gloss"
    VERB_CLASS = "verb_class"
    NAME = "name"
    VARIANTS = "variants"
    OUTLETS = "outlets"
    LANGUAGES = "languages"
    N_STATEMENTS = "n_statements"
    ORIGINAL_DIVERGENCE = "original_divergence"
    # comparison (long form: statement x article x view language)
    VIEW_LANG = "view_lang"
    VIEW_TEXT = "view_text"
    REPRESENTATIVE = "representative"
    MISSING_OUTLETS = "missing_outlets"


# paragraph / sentence kinds
KIND_TITLE = "title"
KIND_STANDFIRST = "standfirst"
KIND_BODY = "body"
KIND_NOTE = "note"  # trailing editor's note: kept, flagged, not aligned
KINDS = (KIND_TITLE, KIND_STANDFIRST, KIND_BODY, KIND_NOTE)

Str = pl.Utf8
Int = pl.Int32
Float = pl.Float64
StrList = pl.List(pl.Utf8)
IntList = pl.List(pl.Int32)


@dataclass(frozen=True)
class Table:
    """A named table: what it holds, its columns with dtypes and a one-line description of each, its key (the
    columns that identify a row; none for a table whose rows have no natural key) and its references (columns
    that hold another table's key: ``((columns, table), ...)``). The SQLite export declares them as primary and
    foreign keys (:mod:`transcompare.export`)."""

    name: str
    columns: dict[str, pl.DataType]
    doc: dict[str, str]
    description: str = ""
    key: tuple[str, ...] = ()
    refs: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema(self.columns)

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)


def _table(name: str, cols: list[tuple[str, pl.DataType, str]], description: str = "", key: tuple[str, ...] = (),
           refs: tuple[tuple[tuple[str, ...], str], ...] = ()) -> Table:
    return Table(name, {c: t for c, t, _ in cols}, {c: d for c, _, d in cols}, description, key, refs)


ARTICLES = _table(
    "articles",
    [
        (C.ARTICLE_ID, Str, "stable id: file stem, or corpus file stem + row id"),
        (C.OUTLET, Str, "publication name"),
        (C.LANG, Str, "ISO 639-1 code of the article's language"),
        (C.LANG_SOURCE, Str, "'declared' (metadata/CLI) or 'detected' (language identification)"),
        (C.TITLE, Str, "headline"),
        (C.URL, Str, "source URL (may be empty)"),
        (C.PUBLISHED, Str, "publication date as given (ISO 8601 when known)"),
        (C.BYLINE, Str, "author line, kept as metadata"),
        (C.CREDITS, StrList, "photo captions and credit lines removed from the body"),
        (C.PARAGRAPHS, StrList, "cleaned paragraphs; paragraph 0 is the title"),
        (C.PARAGRAPH_KINDS, StrList, "kind of each paragraph: title, standfirst, body, note"),
        (C.SOURCE, Str, "where it came from: path, or path#row for corpora"),
    ],
    description="one row per article read: its metadata and its cleaned paragraphs",
    key=(C.ARTICLE_ID,),
)

SENTENCES = _table(
    "sentences",
    [
        (C.ARTICLE_ID, Str, "article the sentence belongs to"),
        (C.OUTLET, Str, "publication name"),
        (C.LANG, Str, "language of the sentence"),
        (C.PARAGRAPH, Int, "paragraph index (0 = title)"),
        (C.INDEX, Int, "sentence index within the article, from 0"),
        (C.KIND, Str, "title, standfirst, body or note"),
        (C.START, Int, "character offset into the article's cleaned text"),
        (C.END, Int, "end offset (exclusive)"),
        (C.TEXT, Str, "the sentence as written"),
    ],
    description="one row per sentence of every article, with its character offsets",
    key=(C.ARTICLE_ID, C.INDEX),
    refs=(((C.ARTICLE_ID,), "articles"),),
)

TRANSLATIONS = _table(
    "translations",
    [
        (C.ARTICLE_ID, Str, "article id"),
        (C.INDEX, Int, "sentence index"),
        (C.LANG, Str, "source language"),
        (C.TEXT, Str, "source sentence"),
        (C.TARGET_LANG, Str, "target language"),
        (C.TRANSLATION, Str, "translated sentence (the source itself when lang == target_lang)"),
        (C.ENGINE, Str, "engine signature, e.g. 'apertium:eng-spa' or 'identity'"),
        (C.ROUTE, Str, "languages passed through, e.g. 'pt>es>en'"),
    ],
    description="every sentence in each target language (the pivot and the view languages)",
    key=(C.ARTICLE_ID, C.INDEX, C.TARGET_LANG),
    refs=(((C.ARTICLE_ID, C.INDEX), "sentences"),),
)

EMBEDDINGS = _table(
    "embeddings",
    [
        (C.ARTICLE_ID, Str, "article id"),
        (C.INDEX, Int, "sentence index"),
        (C.MODEL, Str, "embedding model, e.g. 'use-m3' or 'e5-small' (its identity is in the manifest)"),
        (C.VECTOR, pl.List(pl.Float32), "unit-length embedding of the original sentence"),
    ],
    description="a multilingual sentence embedding of every original sentence",
    key=(C.ARTICLE_ID, C.INDEX),
    refs=(((C.ARTICLE_ID, C.INDEX), "sentences"),),
)

STORIES = _table(
    "stories",
    [
        (C.STORY_ID, Str, "story id, e.g. 't01': the articles that report one event"),
        (C.ARTICLE_ID, Str, "article"),
        (C.OUTLET, Str, "publication name"),
        (C.LANG, Str, "article language"),
        (C.PUBLISHED, Str, "publication date as given"),
    ],
    description="which articles report the same event: one row per article",
    key=(C.ARTICLE_ID,),
    refs=(((C.ARTICLE_ID,), "articles"),),
)

STORY_INDEX = _table(
    "story_index",
    [
        (C.STORY_ID, Str, "story id, as in the stories table"),
        (C.LABEL, Str, "the story's most central headline (sharing most words with its other headlines), in "
                       "the pivot language: an article written in it if the story has one, else a translation"),
        (C.LABEL_ARTICLE, Str, "the article whose headline is the label"),
        (C.N_ARTICLES, Int, "how many articles report the story"),
        (C.ARTICLES, StrList, "those articles, in article order"),
        (C.OUTLETS, StrList, "their outlets, each once"),
        (C.LANGUAGES, StrList, "their languages, each once"),
        (C.FIRST_PUBLISHED, Str, "earliest publication date (YYYY-MM-DD; null when no date is ISO 8601)"),
        (C.LAST_PUBLISHED, Str, "latest publication date (YYYY-MM-DD; null when no date is ISO 8601)"),
        (C.N_STATEMENTS, Int, "statements found in the story's articles"),
        (C.N_SHARED, Int, "of those, the statements carried by two or more of its articles (n_outlets >= 2)"),
    ],
    description="one row per story: its articles, outlets, languages and dates, and how many statements they share "
                "(derived from the stories, articles, statements and translations tables when a run is read; "
                "not a file of the run directory)",
    key=(C.STORY_ID,),
    refs=(((C.LABEL_ARTICLE,), "articles"),),
)

SPEAKERS = _table(
    "speakers",
    [
        (C.SPEAKER_ID, Str, "speaker id, e.g. 'p01': one person across outlets and languages"),
        (C.NAME, Str, "the person's name as most often written in Latin script (else as most often written)"),
        (C.VARIANTS, StrList, "every form the outlets used (full name, surname, transliterations)"),
        (C.OUTLETS, StrList, "outlets that quote or cite the person"),
        (C.LANGUAGES, StrList, "languages of those articles"),
        (C.N_STATEMENTS, Int, "statements in which the person is the speaker of at least one outlet's version"),
    ],
    description="one person quoted or cited, across outlets, languages and scripts",
    key=(C.SPEAKER_ID,),
)

ALIGNMENTS = _table(
    "alignments",
    [
        (C.ARTICLE_A, Str, "first article"),
        (C.ARTICLE_B, Str, "second article"),
        (C.INDICES_A, IntList, "sentence indices in A (more than one for an n-1 link)"),
        (C.INDICES_B, IntList, "sentence indices in B"),
        (C.TEXT_A, Str, "A's sentence(s) in the pivot language"),
        (C.TEXT_B, Str, "B's sentence(s) in the pivot language"),
        (C.SCORE, Float, "similarity in [0, 1]"),
        (C.SHARED_WORDS, StrList, "words both share (pivot language)"),
        (C.ONLY_A, StrList, "words only in A"),
        (C.ONLY_B, StrList, "words only in B"),
        (C.DIVERGENCE, Float, "1 - word-level similarity, in [0, 1]"),
    ],
    description="links between sentences of two articles that carry a common statement (pivot language)",
    refs=(((C.ARTICLE_A,), "articles"), ((C.ARTICLE_B,), "articles")),
)

STATEMENTS = _table(
    "statements",
    [
        (C.STATEMENT_ID, Str, "stable id, e.g. 's003'"),
        (C.ARTICLE_ID, Str, "article carrying the statement"),
        (C.OUTLET, Str, "publication name"),
        (C.LANG, Str, "article language"),
        (C.SENTENCE_INDICES, IntList, "the article's sentence(s) that carry it"),
        (C.TEXT, Str, "original text of those sentences (\"—\" after a headline, which does not end as a "
                      "sentence does)"),
        (C.PIVOT_TEXT, Str, "the same in the pivot language"),
        (C.SCORE, Float, "mean similarity to the statement's other members (1.0 if alone)"),
        (C.QUOTE, Str, "direct quotation(s) in the text, joined by ' / ' (empty if none)"),
        (C.SPEAKER, Str, "who the quote/statement is attributed to (empty if unknown)"),
        (C.REPORTING_VERB, Str, "reporting verb ('said', 'claimed', ...), empty if none"),
        (C.IS_REPRESENTATIVE, pl.Boolean, "this member is the statement's representative sentence"),
        (C.N_OUTLETS, Int, "how many articles carry the statement"),
        (C.QUOTE_SIMILARITY, Float, "similarity of this member's quote to the representative's (pivot language; "
                                    "null if either has none)"),
        (C.ALTERED, Str, "why this member may alter the statement: its numbers, negation or modality differ "
                         "from the other members' (e.g. 'number: 4000 (others: 400)'); empty if nothing differs"),
        (C.SPEAKER_ID, Str, "the speaker as one person across the run (see the speakers table); empty when "
                            "the speaker is not a named person"),
        (C.VERB_LEMMA, Str, "the reporting verb's lemma (from the verb lexicon; empty if not in it)"),
        (C.VERB_GLOSS, Str, "its English gloss: comparable across languages ('insistió' -> 'insist')"),
        (C.VERB_CLASS, Str, "its class: neutral, assertive, distancing, negative, warn, admit, announce, suggest, "
                            "source (see docs/align.md)"),
        (C.ALSO_IN, StrList, "other statements this member also carries (hybrid.v1: linked to their members as "
                             "strongly as a member is): a sentence that carries two statements is placed in one "
                             "and named in the other"),
    ],
    description="one row per statement and article carrying it: the members of each statement across outlets",
    key=(C.STATEMENT_ID, C.ARTICLE_ID),
    refs=(((C.ARTICLE_ID,), "articles"), ((C.SPEAKER_ID,), "speakers")),
)

COMPARISON = _table(
    "comparison",
    [
        (C.STATEMENT_ID, Str, "statement id"),
        (C.VIEW_LANG, Str, "language the row is shown in"),
        (C.ARTICLE_ID, Str, "article"),
        (C.OUTLET, Str, "publication name"),
        (C.LANG, Str, "article language"),
        (C.TEXT, Str, "original text"),
        (C.VIEW_TEXT, Str, "text in the view language"),
        (C.IS_REFERENCE, pl.Boolean, "this row is the reference the others are compared with in this view language: the "
                                     "representative, or an original written in the view language within "
                                     "original_margin of it"),
        (C.REPRESENTATIVE, Str, "the reference's text in the view language"),
        (C.SHARED_WORDS, StrList, "view-language words shared with the reference"),
        (C.ONLY_A, StrList, "view-language words only in this outlet's version"),
        (C.ONLY_B, StrList, "view-language words only in the reference"),
        (C.DIVERGENCE, Float, "1 - word similarity to the reference"),
        (C.QUOTE, Str, "quotation(s), original language"),
        (C.SPEAKER, Str, "speaker"),
        (C.REPORTING_VERB, Str, "reporting verb"),
        (C.N_OUTLETS, Int, "how many articles carry the statement"),
        (C.MISSING_OUTLETS, StrList, "outlets in the run that do not carry it"),
        (C.QUOTE_SIMILARITY, Float, "similarity of the quote to the reference's quote (pivot language; null if either "
                                    "has none)"),
        (C.ALTERED, Str, "why this version may alter the statement (numbers, negation, modality); empty if "
                         "nothing differs"),
        (C.PUBLISHED, Str, "the article's publication date as given"),
        (C.DATE_SPAN, Int, "days between the earliest and the latest publication date of the statement's "
                           "members (null if a date is not ISO); more than 3 is marked in the views"),
        (C.SPEAKER_ID, Str, "the speaker as one person across the run (see the speakers table)"),
        (C.VERB_GLOSS, Str, "the reporting verb's English gloss (comparable across languages)"),
        (C.VERB_CLASS, Str, "the reporting verb's class (neutral, assertive, distancing, negative, …)"),
        (C.ALSO_IN, StrList, "other statements this version also carries (see the statements table)"),
        (C.MEANING_SIMILARITY, Float, "meaning-level similarity to the reference, in any language pair: cosine of "
                                      "the two versions' sentence embeddings (originals, centred per language; "
                                      "null without embeddings)"),
        (C.ORIGINAL_DIVERGENCE, Float, "1 - word similarity to the reference on both original texts, when they are "
                                       "in the same language (no translation in between); null otherwise"),
    ],
    description="each outlet's version of each statement against the reference, per view language (long form)",
    key=(C.STATEMENT_ID, C.VIEW_LANG, C.ARTICLE_ID),
    refs=(((C.STATEMENT_ID, C.ARTICLE_ID), "statements"), ((C.ARTICLE_ID,), "articles"),
          ((C.SPEAKER_ID,), "speakers")),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (ARTICLES, SENTENCES, TRANSLATIONS, EMBEDDINGS, STORIES, STORY_INDEX, ALIGNMENTS, STATEMENTS,
                        SPEAKERS, COMPARISON)
}


def check_frame(df: pl.DataFrame, table: Table, stage: str) -> pl.DataFrame:
    """Raise SchemaError naming the stage and the missing columns; cast to the declared dtypes."""
    missing = [c for c in table.columns if c not in df.columns]
    if missing:
        raise SchemaError(f"stage '{stage}': table '{table.name}' is missing columns {', '.join(missing)}")
    return df.select([pl.col(c).cast(t) for c, t in table.columns.items()] + [
        pl.col(c) for c in df.columns if c not in table.columns
    ])


def article_text(paragraphs: list[str]) -> str:
    """The cleaned text that sentence offsets refer to."""
    return "\n\n".join(paragraphs)


def _keys(table: Table) -> str:
    """The key and references of a table, as a sentence for docs/tables.md."""
    def cols(names: tuple[str, ...]) -> str:
        return ", ".join(f"`{c}`" for c in names)

    parts = [f" Key: {cols(table.key)}." if table.key else " No key (one row per link)."]
    parts += [f" {cols(c)} → `{other}`." for c, other in table.refs]
    return "".join(parts)


def markdown() -> str:
    """The tables as Markdown (the README's "Tables" section is this text; a test keeps them in sync)."""
    out = []
    for table in TABLES.values():
        out.append(f"**`{table.name}`**: {table.description}." + _keys(table))
        out.append("\n| column | type | meaning |\n|---|---|---|")
        for col, dtype in table.columns.items():
            out.append(f"| `{col}` | {dtype} | {table.doc[col]} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # python -m transcompare.schema
    print(markdown())
