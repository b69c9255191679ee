"""Russian names brought back to the nominative: "по словам Андрея Волкова" names Андрей Волков, "с Ксенией
Валуевой" Ксения Валуева. Russian press often introduces a person in an oblique case (genitive after "по словам",
dative after "рассказал", instrumental after "встретился с"), and a speaker shown as "Андрея Волкова" is not the
name a reader or a ``speakers`` table wants.

The morphology is pymorphy3's (OpenCorpora's dictionary, which tags first names, surnames and patronymics): a
name of two or more words whose first word is a known first name is put in the nominative of that first name's
gender, each word that the dictionary knows as a name, surname or patronymic of that gender in one of the cases the
first name can be in; the other words (foreign surnames that do not decline, "Солано") stay as written. A surname
alone is left as written: "Волкова" is the genitive of Волков or a woman's nominative, which only the rest of the
article can tell (:func:`transcompare.align.people.same_name` matches both to the full name).
"""

from __future__ import annotations

from functools import cache

_NAME_TAGS = ("Name", "Surn", "Patr")


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _capital(word: str, like: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-")) if like[:1].isupper() else word


@cache
def nominative(name: str) -> str:
    """``name`` (Russian, as written) in the nominative ("Андрея Волкова" -> "Андрей Волков"), or ``name``
    itself when it is already, when its first word is no first name, or when the cases do not agree."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return name
    morph = _morph()
    firsts = [p for p in morph.parse(words[0]) if "Name" in p.tag and p.tag.number == "sing"]
    if not firsts:
        return name
    best = firsts[0]
    gender, cases = best.tag.gender, {p.tag.case for p in firsts if p.tag.gender == best.tag.gender}
    if "nomn" in cases:
        return name
    out = []
    for word in words:
        parses = [p for p in morph.parse(word) if any(t in p.tag for t in _NAME_TAGS)
                  and p.tag.case in cases and p.tag.number == "sing" and (gender in p.tag or "ms-f" in p.tag)]
        form = parses[0].inflect({"nomn", "sing"} | ({gender} if "ms-f" in parses[0].tag else set())) \
            if parses else None
        if form:
            out.append(_capital(form.word, word))
        elif gender == "masc":  # a foreign man's surname declines like a noun ("Эмиля Старка": Старк)
            bare = _masculine_stem(word, cases)
            if not bare:
                return name  # not sure: as written
            out.append(bare)
        else:
            out.append(word)  # a woman's foreign surname does not decline ("Лейлой Хаддад")
    return " ".join(out)


# the endings of a masculine noun with a consonant stem in the oblique cases, and what the nominative ends with
_MASCULINE_ENDINGS = {"gent": (("а", ""), ("я", "ь")), "accs": (("а", ""), ("я", "ь")),
                      "datv": (("у", ""), ("ю", "ь")), "ablt": (("ом", ""), ("ем", "ь"))}


def _masculine_stem(word: str, cases: set[str]) -> str:
    """The nominative of a foreign masculine surname the dictionary does not know, from its case ending
    ("Старка" -> "Старк", "Вандермоленом" -> "Вандермолен"), or '' when no ending of those cases fits."""
    for case in ("gent", "datv", "ablt", "accs"):
        if case in cases:
            for ending, nominative_ending in _MASCULINE_ENDINGS[case]:
                if word.endswith(ending) and len(word) - len(ending) >= 3:
                    return word[: -len(ending)] + nominative_ending
    return ""
