"""Where a reporting verb's form is written in a sentence: the lexicon's forms indexed by their first word
(:mod:`transcompare.align.verbs`), and a form found contiguous or split the way its language splits it."""

from __future__ import annotations

from functools import cache

from transcompare.align.attribution_data import word_set
from transcompare.align.verbs import lexicon


@cache
def _forms(key: str) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """First word -> [(order, the form's words)] of a language's reporting verbs and sources (the lexicon,
    :mod:`transcompare.align.verbs`), longest forms first."""
    forms = sorted(lexicon(key), key=lambda v: -len(v.split()))
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for order, form in enumerate(forms):
        parts = tuple(form.split())
        index.setdefault(parts[0], []).append((order, parts))
    return index


_PARTICLE_GAP = 6  # words between a German verb and its separated particle ("wies sie entschieden zurück")
_GENITIVE_WORDS = 2  # a name in the genitive inside a source ("nach Kovalens Worten", "nach Jonas Ferrats Angaben")


def _form_at(text: str, words, folded: list[str], k: int, parts: tuple[str, ...], key: str) -> tuple[int, ...]:
    """The word positions of a reporting-verb form starting at word k: contiguous, or split the way the language
    splits it: a German separable particle at the clause's end ("wies … zurück") or a genitive name inside a
    source ("nach Kovalens Worten"), a preposition fronted ("Von … sprach"), an adverb between auxiliary
    and participle in the Romance languages ("a toutefois prévenu", "ha además dicho"). Empty if it is not
    there."""
    n = len(parts)
    if tuple(folded[k:k + n]) == parts:
        return tuple(range(k, k + n))
    if n != 2 or k + 2 >= len(folded):
        return ()
    fillers = word_set(key, "fillers")
    if key == "de":
        if 0 < k <= _PARTICLE_GAP and folded[0] == parts[1] and not text[:words[k][1]].count(","):
            return (k, 0)  # "Von einem „schweren Schlag“ sprach der Minister": the preposition fronted
        for m in range(k + 2, min(len(folded), k + 2 + _GENITIVE_WORDS)):  # "nach Kovalens Worten"
            if folded[m] == parts[1] and all(words[g][0][:1].isupper() for g in range(k + 1, m)) \
                    and folded[m - 1].endswith(("s", "’", "'")) and not text[words[k][2]:words[m][1]].count(","):
                return (k, m)
        for m in range(k + 2, min(len(folded), k + 2 + _PARTICLE_GAP)):
            gap = text[words[m - 1][2]:words[m][1]]
            if any(c in ",.;:!?«»„“”\"" for c in gap):
                return ()
            end = text[words[m][2]:words[m][2] + 1]
            if folded[m] == parts[1] and (not end or end in ",.;:!?»“”\""):
                return (k, m)
        return ()
    if key in ("fr", "es", "pt", "it", "ca"):
        for m in range(k + 2, min(len(folded), k + 4)):
            if folded[m] == parts[1] and all(folded[g] in fillers for g in range(k + 1, m)) \
                    and not text[words[k][2]:words[m][1]].strip(" ").count(","):
                return (k, m)
    return ()


def shared_auxiliary(words, folded: list[str], key: str) -> list[tuple[int, int, tuple[str, ...], tuple[int, ...]]]:
    """Participles that share an auxiliary written before them ("a accepté cette démission et annoncé la
    suspension", "ha dimitido y anunciado"): (order, the auxiliary, the form's words, (the auxiliary, the
    participle)) as the matches of :func:`transcompare.align.attribution.attribution`."""
    coordinators = word_set(key, "coordinators")
    if not coordinators:
        return []
    out = []
    for k in range(2, len(folded)):
        if folded[k - 1] not in coordinators:
            continue
        for order, parts in (p for first in set(folded[:k - 1]) for p in _forms(key).get(first, ())):
            if len(parts) == 2 and parts[1] == folded[k]:
                aux = max(j for j in range(k - 1) if folded[j] == parts[0])
                out.append((order, aux, parts, (aux, k)))
                break
    return out
