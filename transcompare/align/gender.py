"""The gender a speaker's words carry, so that "she" goes to a woman: words next to a name ("la ministra",
"Mrs", "mother"), a role's article ("la ministre"), a verb's agreement ("заявила", "אמרה", "a-t-elle ajouté");
the word lists are ``feminine``, ``masculine`` and ``feminine_articles``/``masculine_articles`` in
``lexicons/attribution_words.toml``; a person's first name ("Ingrid Solano") where nothing in the article
says, from ``lexicons/names/first_names.tsv`` (the US census's first-name lists and nomquamgender's name data:
names nearly all of whose bearers are women, or men) with per-language exceptions
(``first_names_feminine``/``_masculine``)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from anyascii import anyascii

from transcompare.align.attribution_data import _bare, title_of, word_set

FIRST_NAMES = Path(__file__).with_name("lexicons") / "names" / "first_names.tsv"


@cache
def _first_names() -> dict[str, str]:
    out = {}
    for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            out[name.casefold()] = sex
    return out


def _key(lang: str | None) -> str:
    return (lang or "").split("-")[0].casefold()


def gender_of_first_name(name: str, lang: str | None) -> str:
    """"f" or "m" when the first word of a full name is a first name of that gender ("Ingrid Solano" -> "f"),
    in the language's exceptions first (Italian "Andrea" is a man), else ''."""
    words = name.split()
    if len(words) < 2:  # a surname alone says nothing
        return ""
    first, key = words[0].casefold(), _key(lang)
    if first in word_set(key, "first_names_feminine"):
        return "f"
    if first in word_set(key, "first_names_masculine"):
        return "m"
    names = _first_names()
    if first in names:
        return names[first]
    # "Salomé", "Noémie", "Zoë": the lists spell them without accents too
    plain = "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))
    if plain not in names and not plain.isascii() and key in _TRANSLITERATED:  # "Нора" is "Nora"
        plain = anyascii(plain).casefold()
    return names.get(plain, "")


_TRANSLITERATED = {"ru", "uk", "bg", "sr", ""}  # Cyrillic first names, looked up in Latin letters


def gender_of_words(words: list[str], lang: str | None) -> str:
    """"f" or "m" when the words next to a name say it (an article or honorific: "la ministra", "Mme", "Mrs";
    a feminine title: "alcaldesa", "Bürgermeisterin", "présidente"), else ''."""
    fem, masc = word_set(_key(lang), "feminine"), word_set(_key(lang), "masculine")
    for w in words:
        b = _bare(w)
        if b in fem:
            return "f"
        if b in masc:
            return "m"
    return ""


def gender_of_role(role: str, lang: str | None) -> str:
    """"f" or "m" when a role's article says it ("la ministre", "le porte-parole"; the title itself may say
    nothing), else ''."""
    words = role.casefold().split()
    if len(words) < 2 or not title_of(words[1]):
        return ""
    return "f" if words[0] in word_set(_key(lang), "feminine_articles") else \
        "m" if words[0] in word_set(_key(lang), "masculine_articles") else ""


def gender_of_verb(verb: str, lang: str | None) -> str:
    """The speaker's gender a verb form carries: Russian past tense ("заявила" / "заявил"), Hebrew and Arabic
    verbs ("אמרה" / "אמר", "قالت" / "قال"), French inversion ("a-t-elle ajouté"); '' where it carries none."""
    key = _key(lang)
    v = verb.casefold().split()[0] if verb else ""
    if key == "ru" and v:
        return "f" if v.endswith(("ла", "лась")) else "m" if v.endswith(("л", "лся")) else ""
    if key == "he" and v:
        return "f" if v.endswith(("ה", "ת")) else "m"
    if key == "ar" and v:
        return "f" if v.endswith("ت") else "m"
    if key == "fr" and "-t-elle" in verb:
        return "f"
    if key == "fr" and "-t-il" in verb:
        return "m"
    return ""
