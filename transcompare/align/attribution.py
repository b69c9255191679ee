"""Who said it and with which verb, per sentence: the attribution of every sentence of a run.

:func:`attribute_sentences` reads each article's sentences **as written** (the original language's rules in
:mod:`transcompare.align.quotes`), resolving pronouns and subject-less verbs to the previous named speaker of
the same article. Only when the original yields nothing is the pivot translation asked, and then only for what
is not a pivot-language word: a speaker whose name also occurs in the original text. The reporting verb of a
non-pivot row is always the original's (``attribution_from`` says where the speaker came from).
"""

from __future__ import annotations

import polars as pl

from transcompare.align.quotes import attribute_article
from transcompare.schema import KIND_NOTE, SENTENCES, C, check_frame

ORIGINAL, PIVOT = "original", "pivot"


def _in_text(name: str, text: str) -> bool:
    """The name, or its last word (the surname), occurs in the text (case-insensitive)."""
    low = text.casefold()
    parts = name.split()
    return bool(parts) and (name.casefold() in low or parts[-1].casefold() in low)


def attribute_sentences(sentences: pl.DataFrame, pivot_texts: dict[tuple[str, int], str],
                        pivot: str) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(article_id, index) -> (speaker, reporting_verb, attribution_from) for every sentence but notes.

    ``pivot_texts``: the pivot translation of each sentence, where there is one. ``attribution_from`` is
    ``original``, ``pivot`` (the speaker was found in the translation only; the verb is then left empty, as it
    would be a pivot-language word), or ``""`` (nothing found)."""
    sentences = check_frame(sentences, SENTENCES, "attribution")
    out: dict[tuple[str, int], tuple[str, str, str]] = {}
    for (aid,), rows in sentences.filter(pl.col(C.KIND) != KIND_NOTE).group_by(C.ARTICLE_ID, maintain_order=True):
        lang = rows[C.LANG][0]
        texts = rows[C.TEXT].to_list()
        keys = [(aid, i) for i in rows[C.INDEX].to_list()]
        orig = attribute_article(texts, lang)
        piv = (attribute_article([pivot_texts.get(k, "") for k in keys], pivot) if lang != pivot
               else [("", "")] * len(keys))
        for key, text, (speaker, verb), (p_speaker, _p_verb) in zip(keys, texts, orig, piv):
            if speaker or verb or lang == pivot:
                out[key] = (speaker, verb, ORIGINAL if (speaker or verb) else "")
            elif p_speaker and p_speaker[:1].isupper() and _in_text(p_speaker, text):
                out[key] = (p_speaker, "", PIVOT)
            else:
                out[key] = ("", "", "")
    return out
