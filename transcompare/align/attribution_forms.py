"""Where a reporting verb's form is written in a sentence: the lexicon's forms indexed by their first word
(:mod:`transcompare.align.verbs`), and a form found contiguous or split the way its language splits it."""

from __future__ import annotations

from functools import cache

from transcompare.align.attribution_data import _word_lists
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


def _form_at(text: str, words, folded: list[str], k: int, parts: tuple[str, ...], key: str) -> tuple[int, ...]:
    """The word positions of a reporting-verb form starting at word k: contiguous, or split the way the language
    splits it: a German separable particle at the clause's end ("wies … zurück"), an adverb between auxiliary
    and participle in the Romance languages ("a toutefois prévenu", "ha además dicho"). Empty if it is not
    there."""
    n = len(parts)
    if tuple(folded[k:k + n]) == parts:
        return tuple(range(k, k + n))
    if n != 2 or k + 2 >= len(folded):
        return ()
    fillers = set(_word_lists().get(key, {}).get("fillers", []))
    if key == "de":
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
