"""A role that an article never ties to a name ("la toxicologue", "le patron", "глава перевозчика", "השרה"): the
person whom the other articles of its story, in its language, introduce with that title, when exactly one person
is so introduced there ("la toxicologue de l’hôpital, Theodora Kallimachopoulou" in another outlet's report).
:func:`transcompare.align.coref.attribute_article` collects each article's titles (:func:`add_titles`, from the
people it reads), and :func:`transcompare.align.coref.attribute_sentences` then gives the roles to their holders."""

from __future__ import annotations

from transcompare.align.attribution import is_pronoun
from transcompare.align.attribution_data import PRONOUNS
from transcompare.align.attribution_uncased import uncased
from transcompare.align.coref_rules import _is_role, _role_title
from transcompare.schema import C

Titles = dict[str, dict[str, str]]  # title -> {surname key: the person as the articles write them}


def add_titles(roles: dict[str, list[tuple[int, str]]], into: Titles | None) -> None:
    """Add an article's titles (``People.roles``: title -> [(sentence, person)]) to ``into`` (None: nothing)."""
    if into is None:
        return
    for title, items in roles.items():
        for _sentence, person in items:
            words = person.replace(",", " ").split()
            if words:
                into.setdefault(title, {}).setdefault(words[-1].casefold(), person)


def story_role(speaker: str, lang: str, titles: Titles) -> str:
    """The one person the story introduces with the title of ``speaker`` (a role, not a pronoun), else ''."""
    key = (lang or "").split("-")[0].casefold()
    if not speaker or speaker.casefold() in PRONOUNS.get(key, set()):
        return ""
    if not (_is_role(speaker, lang) or is_pronoun(speaker, lang)):
        return ""
    title = _role_title(speaker, not uncased(lang))
    holders = titles.get(title, {}) if title else {}
    return next(iter(holders.values())) if len(holders) == 1 else ""


def resolve_story_roles(found: dict, articles: list, story_of: dict[str, str],
                        titles: dict[tuple[str, str], Titles]) -> dict:
    """``found`` (attribute_sentences' rows) with each role that no sentence of its article tied to a name given to
    the one person its story's articles in its language introduce with that title. ``articles``: (article id,
    sentences) groups; ``titles``: (story, language) -> the titles its articles give their people."""
    lang_of = {aid: rows[C.LANG][0] for (aid,), rows in articles}
    out = dict(found)
    for key, (speaker, verb, source) in found.items():
        lang = lang_of.get(key[0], "")
        person = story_role(speaker, lang, titles.get((story_of.get(key[0], ""), lang), {})) if speaker else ""
        if person:
            out[key] = (person, verb, source)
    return out
