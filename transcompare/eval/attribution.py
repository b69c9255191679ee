"""Attribution on the coverage corpus: is the speaker the named person, is the reporting verb found, and is
any pivot-language word put on a row in another language? Per language, from
:func:`transcompare.align.coref.attribute_sentences` (what the statements stage uses).

Counted on the predicted sentences that overlap exactly one gold sentence:

- speaker: gold sentences with a speaker (a cast member); right when the predicted speaker is one of that
  person's names as written in the corpus (``variants``: name, surname, transliterations; in Russian also each
  one brought to the nominative, "Томаса Эгурена" -> "Томас Эгурен"), or contains one;
  a role ("the mayor") or a pronoun is wrong;
- verb: gold sentences with a reporting verb (``verb`` as written); found when the predicted verb equals it
  (case and punctuation aside) or one contains the other ("a déclaré" / "déclaré");
- class: gold sentences with a verb class; the class of the predicted verb in the lexicon agrees (the corpus's
  ``other`` stands for the lexicon's ``suggest``);
- pivot words: predicted attributions of non-pivot rows whose verb came from the pivot translation.
"""

from __future__ import annotations

import re
from collections import defaultdict

from transcompare.align.attribution import PIVOT
from transcompare.align.coref import attribute_sentences
from transcompare.align.names_ru import nominative
from transcompare.align.verbs import lookup
from transcompare.schema import C

_PUNCT = re.compile(r"[^\w\s'’-]", re.UNICODE)


def _norm(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", (text or "").casefold()).split())


def speaker_is(predicted: str, variants: list[str]) -> bool:
    """The predicted speaker names this person: one of the variants, or a text containing one as words."""
    pred = f" {_norm(predicted)} "
    return any(f" {_norm(v)} " in pred for v in variants if _norm(v))


_CLITIC = re.compile(r"-t?-?(?:il|elle|ils|elles|on)\b")  # "a-t-il ajouté" is "a ajouté"


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def verb_found(predicted: str, gold: str) -> bool:
    """The predicted verb is the gold one as written: equal, one containing the other ("a déclaré" /
    "déclaré"), or with words between ("по её словам" / "по словам", "a-t-il ajouté" / "a ajouté")."""
    p, g = _norm(_CLITIC.sub("", predicted or "")).split(), _norm(_CLITIC.sub("", gold or "")).split()
    return bool(p) and bool(g) and (_subsequence(g, p) or _subsequence(p, g))


def scores(prep, pivot: str = "en") -> dict[str, dict[str, list[int]]]:
    """Per language: {"speaker": [right, total], "verb": [found, total], "pivot_words": [n, rows]}."""
    tr = prep.translations
    pivot_texts = {(a, i): t for a, i, t, tgt in zip(tr[C.ARTICLE_ID], tr[C.INDEX], tr[C.TRANSLATION],
                                                     tr[C.TARGET_LANG]) if tgt == pivot}
    story_of = (dict(zip(prep.stories[C.ARTICLE_ID], prep.stories[C.STORY_ID])) if prep.stories is not None
                else None)  # the run's stories as predicted, not the gold events
    found = attribute_sentences(prep.sentences, pivot_texts, pivot, story_of)
    lang_of = dict(zip(prep.articles[C.ARTICLE_ID], prep.articles[C.LANG]))
    cast = {ev.event: ev.cast for ev in prep.events}
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"speaker": [0, 0], "verb": [0, 0],
                                                                "class": [0, 0], "pivot_words": [0, 0]})
    for key, (speaker, verb, source) in found.items():
        lang = lang_of[key[0]]
        row = out[lang]
        if lang != pivot:
            row["pivot_words"][1] += 1
            row["pivot_words"][0] += source == PIVOT and bool(verb)
        gold = prep.gold.get(key, [])
        if len(gold) != 1:
            continue
        g = gold[0]
        if g.speaker:
            person = cast[prep.event_of[key[0]]].get(g.speaker, {})
            variants = [person.get("name", "")] + list(person.get("variants", []))
            if lang == "ru":  # a name as written in an oblique case is the person in the nominative too
                variants += [nominative(v) for v in variants]
            row["speaker"][1] += 1
            row["speaker"][0] += speaker_is(speaker, variants)
        if g.verb:
            row["verb"][1] += 1
            row["verb"][0] += verb_found(verb, g.verb)
        if g.verb_class:  # the corpus calls the lexicon's "suggest" (hint, leave open) "other"
            predicted = lookup(verb, lang)
            cls = predicted.cls if predicted else ""
            row["class"][1] += 1
            row["class"][0] += (cls == g.verb_class) or (cls == "suggest" and g.verb_class == "other")
    return dict(out)


def table(results: dict[str, dict[str, list[int]]], title: str | None = None,
          keys: tuple[str, ...] = ("speaker", "verb", "class")):
    """A rich table of ``results`` per language and in all, for ``keys`` (and the pivot words, when counted)."""
    from rich.table import Table

    pivot = all("pivot_words" in r for r in results.values()) and bool(results)
    t = Table(title=title or "attribution per language: speaker right / reporting verb found / verb class "
                             "agrees / pivot words on the row")
    for col in ("lang", *keys, *(["pivot words"] if pivot else [])):
        t.add_column(col, justify="right")
    tot = {k: [0, 0] for k in (*keys, *(["pivot_words"] if pivot else []))}
    for lang in sorted(results):
        r = results[lang]
        for k in tot:
            tot[k][0] += r[k][0]
            tot[k][1] += r[k][1]
        t.add_row(lang, *[_frac(r[k]) for k in keys], *([f"{r['pivot_words'][0]}"] if pivot else []))
    t.add_row("all", *[_frac(tot[k]) for k in keys], *([f"{tot['pivot_words'][0]}"] if pivot else []))
    return t


def _frac(x: list[int]) -> str:
    return f"{x[0] / x[1]:.2f} ({x[0]}/{x[1]})" if x[1] else "—"
