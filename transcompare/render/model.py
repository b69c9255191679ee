"""The statement model every view shares (HTML report, terminal, notebook).

:func:`build_statements` turns the long COMPARISON table of a run into one :class:`Statement` per statement
(its members = the outlets carrying it), sorted and filtered; :func:`segments` cuts a text into runs marked
with ``diff`` (word differs from the representative), ``quote``, ``speaker`` and ``verb``. The views only
decide how to draw those runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from transcompare.align.quotes import find_quotes
from transcompare.errors import InputError
from transcompare.output import printable
from transcompare.schema import C
from transcompare.text import word_diff, words

if TYPE_CHECKING:
    from transcompare.run import Run

SORTS = ("outlets", "divergence")
MARKS = ("diff", "quote", "speaker", "verb")



@dataclass
class Member:
    """One outlet's version of a statement, in one view language."""

    article_id: str
    outlet: str
    lang: str
    text: str
    view_text: str
    divergence: float
    quote: str = ""
    speaker: str = ""
    reporting_verb: str = ""
    is_representative: bool = False
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    quote_similarity: float | None = None
    altered: str = ""  # why this version may alter the statement (numbers, negation, modality)
    published: str = ""
    meaning_similarity: float | None = None  # embeddings, any language pair
    original_divergence: float | None = None  # own words, when written in the reference's language
    also_in: list[str] = field(default_factory=list)  # other statements this version carries too
    speaker_id: str = ""  # one person across outlets and scripts (the speakers table)
    verb_gloss: str = ""  # the reporting verb in English, and its class
    verb_class: str = ""

    @property
    def verb_label(self) -> str:
        """The reporting verb as written, with its English gloss and class: "a affirmé (affirm, assertive)",
        "selon (according to, source)", "according to (source)" (no gloss that repeats the verb)."""
        if not self.reporting_verb or not self.verb_class:
            return self.reporting_verb
        same = self.verb_gloss.casefold() == self.reporting_verb.casefold() or not self.verb_gloss
        return f"{self.reporting_verb} ({self.verb_class if same else f'{self.verb_gloss}, {self.verb_class}'})"


@dataclass
class Statement:
    """A statement and every outlet's version of it (representative first, then in article order)."""

    statement_id: str
    n_outlets: int
    divergence: float
    representative: str
    members: list[Member]
    missing_outlets: list[str]
    date_span_days: int | None = None  # between its members' publication dates
    story_id: str = ""  # the story of its articles (statements never span stories)

    @property
    def spans_days(self) -> bool:
        """Its members were published more than a few days apart: maybe several occasions read as one."""
        from transcompare.compare import DATE_SPAN_MARK

        return self.date_span_days is not None and self.date_span_days > DATE_SPAN_MARK

    @property
    def rep(self) -> Member | None:
        return next((m for m in self.members if m.is_representative), None)


def resolve_filters(run: "Run", outlet: str | None, statement: str | None,
                    story: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Check filter values against the run; see :func:`match_outlet` for outlet names."""
    if outlet is not None:
        outlet = match_outlet(run, outlet)
    if statement is not None:
        ids = run.comparison.get_column(C.STATEMENT_ID).unique().sort().to_list()
        if statement not in ids:
            shown = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
            raise InputError(f"{run.path}: no statement '{statement}' in this run (ids: {shown or 'none'})")
    if story is not None:
        story = run.check_story(story)
    return outlet, statement, story


def match_outlet(run: "Run", given: str) -> str:
    """The run's outlet ``given`` names: its name in any case, or the start of one name only ("arutz" for
    "Arutz Sheva"), or a part of one name only; otherwise an error listing the candidates."""
    import difflib

    key = given.casefold().strip()
    names = list(run.outlets)
    if given in names:  # "BBC" when the run also has a "bbc"
        return given
    for test in (lambda o: o.casefold() == key, lambda o: o.casefold().startswith(key),
                 lambda o: key in o.casefold()):
        found = [o for o in names if key and test(o)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"{run.path}: outlet '{given}' matches several in this run ({', '.join(found)}); "
                             "give more of the name")
    close = difflib.get_close_matches(key, [o.casefold() for o in names], n=1, cutoff=0.6)
    hint = next((f"; did you mean '{o}'?" for o in names if close and o.casefold() == close[0]), "")
    raise InputError(f"{run.path}: no outlet '{given}' in this run{hint} (outlets: {', '.join(names)})")


def _rep_flags(run: "Run") -> dict[tuple[str, str], bool]:
    st = run.statements
    if not st.height:
        return {}
    return {(s, a): bool(r) for s, a, r in st.select(C.STATEMENT_ID, C.ARTICLE_ID, C.IS_REPRESENTATIVE).iter_rows()}


def story_articles(run: "Run") -> dict[str, list[tuple[str, str]]] | None:
    """story id -> its (article, outlet) pairs, for a run of several stories (None for one story): there, a
    statement's missing outlets are those of its story that do not carry it (as the compare stage's
    ``missing_outlets`` names them since it reads the stories; recomputed here for runs made before)."""
    story_of = run.story_ids
    if len(set(story_of.values())) < 2:
        return None
    out: dict[str, list[tuple[str, str]]] = {}
    for aid, outlet in run.articles.select(C.ARTICLE_ID, C.OUTLET).iter_rows():
        if aid in story_of:
            out.setdefault(story_of[aid], []).append((aid, printable(outlet or aid)))
    return out


def _missing(row: dict, members: list[Member], story_id: str, arts: dict[str, list[tuple[str, str]]] | None) -> list:
    if arts is None:
        return list(row[C.MISSING_OUTLETS] or [])
    carried = {m.article_id for m in members}
    carriers = {m.outlet for m in members}
    return list(dict.fromkeys(o for a, o in arts.get(story_id, []) if a not in carried and o not in carriers))


def build_statements(run: "Run", lang: str, *, outlet: str | None = None, statement: str | None = None,
                     story: str | None = None, sort: str = "outlets") -> list[Statement]:
    """Statements of ``run`` in view language ``lang``.

    ``outlet`` keeps the statements that outlet carries (with all their members, for comparison);
    ``statement`` keeps one statement; ``story`` the statements of one story. ``sort``: ``outlets`` (most
    widely carried first) or ``divergence`` (most differently phrased first).
    """
    if sort not in SORTS:
        raise InputError(f"unknown sort '{sort}' (choose from {', '.join(SORTS)})")
    df = run.comparison.filter(pl.col(C.VIEW_LANG) == lang)
    if statement is not None:
        df = df.filter(pl.col(C.STATEMENT_ID) == statement)
    order = {a: i for i, a in enumerate(run.articles.get_column(C.ARTICLE_ID).to_list())}
    flags = _rep_flags(run)
    story_of = run.story_ids
    arts_of = story_articles(run)
    groups: dict[str, list[dict]] = {}
    for row in df.iter_rows(named=True):
        groups.setdefault(row[C.STATEMENT_ID], []).append(row)
    out: list[Statement] = []
    for sid, rows in groups.items():
        if outlet is not None and not any(r[C.OUTLET] == outlet for r in rows):
            continue
        representative = printable(rows[0][C.REPRESENTATIVE] or "")
        members = [
            Member(  # article text is shown, never obeyed: control characters become U+FFFD (same offsets)
                article_id=r[C.ARTICLE_ID], outlet=printable(r[C.OUTLET] or r[C.ARTICLE_ID]), lang=r[C.LANG] or "",
                text=printable(r[C.TEXT] or ""), view_text=printable(r[C.VIEW_TEXT] or ""),
                divergence=float(r[C.DIVERGENCE] or 0.0), quote=printable(r[C.QUOTE] or ""),
                speaker=printable(r[C.SPEAKER] or ""), reporting_verb=printable(r[C.REPORTING_VERB] or ""),
                # the reference in this view language; runs written before that column: the representative
                is_representative=(bool(r[C.IS_REFERENCE]) if r.get(C.IS_REFERENCE) is not None
                                   else flags.get((sid, r[C.ARTICLE_ID]), False)),
                only_a=list(r[C.ONLY_A] or []), only_b=list(r[C.ONLY_B] or []),
                quote_similarity=r.get(C.QUOTE_SIMILARITY), altered=r.get(C.ALTERED) or "",
                published=r.get(C.PUBLISHED) or "",
                meaning_similarity=r.get(C.MEANING_SIMILARITY), original_divergence=r.get(C.ORIGINAL_DIVERGENCE),
                also_in=list(r.get(C.ALSO_IN) or []), speaker_id=r.get(C.SPEAKER_ID) or "",
                verb_gloss=r.get(C.VERB_GLOSS) or "", verb_class=r.get(C.VERB_CLASS) or "",
            )
            for r in rows
        ]
        if not any(m.is_representative for m in members):  # no statements table: match the text instead
            rep = next((m for m in members if m.view_text == representative), members[0])
            rep.is_representative = True
        members.sort(key=lambda m: (not m.is_representative, order.get(m.article_id, len(order)), m.article_id))
        n_outlets = rows[0][C.N_OUTLETS]
        story_id = next((story_of[m.article_id] for m in members if m.article_id in story_of), "")
        if story is not None and story_id != story:
            continue
        out.append(Statement(
            statement_id=sid,
            n_outlets=int(n_outlets) if n_outlets is not None else len(members),
            divergence=max(m.divergence for m in members),
            representative=representative,
            members=members,
            missing_outlets=_missing(rows[0], members, story_id, arts_of),
            date_span_days=rows[0].get(C.DATE_SPAN), story_id=story_id,
        ))
    return sort_statements(out, sort)


def sort_statements(statements: list[Statement], sort: str) -> list[Statement]:
    if sort == "divergence":
        return sorted(statements, key=lambda s: (-s.divergence, -s.n_outlets, s.statement_id))
    return sorted(statements, key=lambda s: (-s.n_outlets, s.statement_id))  # ties: order of first appearance


# ---------------------------------------------------------------- highlighting

def diff_spans(text: str, reference: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that the ``reference`` does not have at that place.

    The compare stage's :func:`transcompare.text.word_diff` (difflib opcodes on case-folded, accent-free
    words; punctuation is not compared), so the highlights match the table's ``only_a`` words.
    """
    return word_diff(text, reference).changed_spans("a")


def _word_occurrences(text: str, phrase: str, *, ignore_case: bool) -> list[tuple[int, int]]:
    phrase = phrase.strip()
    if not phrase:
        return []
    flags = re.IGNORECASE if ignore_case else 0
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags)]


def mark_spans(text: str, *, reference: str | None = None, quote: str = "", speaker: str = "",
               verb: str = "") -> dict[str, list[tuple[int, int]]]:
    """Spans per mark: ``diff`` against ``reference`` (if given), quotations (quote marks, or the ``quote``
    column's parts), the ``speaker`` (full name or any capitalised part of it), the reporting ``verb``."""
    spans: dict[str, list[tuple[int, int]]] = {k: [] for k in MARKS}
    if reference is not None:
        spans["diff"] = diff_spans(text, reference)
    spans["quote"] = [q.outer for q in find_quotes(text)]  # the finder that fills the quote column
    for part in (p.strip() for p in quote.split(" / ")):
        if len(part) >= 4:
            at = text.find(part)
            if at >= 0:
                spans["quote"].append((at, at + len(part)))
    if speaker.strip():
        names = [speaker] + [w for w in words(speaker) if len(w) >= 3 and w[:1].isupper()]
        for name in names:
            spans["speaker"].extend(_word_occurrences(text, name, ignore_case=False))
    spans["verb"] = _word_occurrences(text, verb, ignore_case=True)
    return spans


def segments(text: str, **kw) -> list[tuple[str, tuple[str, ...]]]:
    """``text`` cut into consecutive runs, each with the marks (a subset of MARKS, in that order) covering it.

    Joining the run texts gives back ``text`` exactly.
    """
    if not text:
        return []
    marks = [set() for _ in text]
    for name, spans in mark_spans(text, **kw).items():
        for a, b in spans:
            for i in range(max(a, 0), min(b, len(text))):
                marks[i].add(name)
    out: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            out.append((text[start:i], tuple(m for m in MARKS if m in marks[start])))
            start = i
    return out


def member_segments(member: Member, statement: Statement) -> tuple[list, list]:
    """(view-text runs, original-text runs) for one member: diff against the representative in the view
    language; quote/speaker/verb marks in both."""
    attrib = dict(quote=member.quote, speaker=member.speaker, verb=member.reporting_verb)
    reference = None if member.is_representative else statement.representative
    return segments(member.view_text, reference=reference, **attrib), segments(member.text, **attrib)


def lost_words(words: list[str], limit: int = 12) -> tuple[str, int]:
    """The reference's words a version lacks, each once, at most ``limit``; and how many more there are."""
    unique = list(dict.fromkeys(words))
    return " ".join(unique[:limit]), max(0, len(unique) - limit)
