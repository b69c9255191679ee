"""The words of a sentence and the names in them, for the attribution rules of cased scripts: words with their
offsets, whether a word is capitalised or a title, and the person's or organisation's name at the end of a run
of capitalised words ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")."""

from __future__ import annotations

import re
from functools import lru_cache

from transcompare.align.attribution_data import _OF, _OPENERS, _union, _word_lists, title_of
from transcompare.align.gender import gender_of_first_name

_WORD = re.compile(r"[^\W_][\w’'\-.]*", re.UNICODE)


def _title_word(word: str) -> bool:
    """A title or role, also with an elided article: "l'entraîneur", "d’opposition"."""
    return bool(title_of(word))


_ELIDED_BEFORE_NAME = re.compile(r"(?:[dl]|qu)[’'](?=[^\W\d_])")  # lower case: "D’Angelo" is a name


def _words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word; an elided article or preposition before a capital is a word of its own
    ("d’Anton Kellerup": "d’", "Anton", "Kellerup"), so that the name runs from its first name. (A new list
    each call: a sentence is read by several rules, and wire copy repeats sentences across outlets.)"""
    return list(_words_of(text))


@lru_cache(maxsize=1 << 16)
def _words_of(text: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for m in _WORD.finditer(text):
        w, start = m.group().rstrip(".").rstrip("’'"), m.start()
        elided = _ELIDED_BEFORE_NAME.match(w)
        if elided and w[elided.end():elided.end() + 1].isupper():
            out.append((elided.group(), start, start + elided.end()))
            w, start = w[elided.end():], start + elided.end()
        out.append((w, start, start + len(w)))
    return tuple(out)


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _titled(word: str) -> bool:
    """A title, also as the last part of a compound: "Minister", "Kestrel-Bay-Trainer"."""
    w = word.casefold()
    return bool(title_of(w))


def _name_run(words: list[str]) -> str:
    """The trailing person/organisation name in a run of capitalised words, without titles."""
    run = [w for w in words]
    while len(run) > 1 and run[0].casefold() in _OPENERS:  # "But Tomas Erby"
        run = run[1:]
    if any(w.casefold() in _JOINS for w in run[1:-1]):
        return ""  # "Kerry And Lavrov" (a translation's title case): two people, not one name
    while run and _titled(run[0]):
        run = run[1:]
    # drop title words inside ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")
    for k in range(len(run) - 1, -1, -1):
        if _titled(run[k]):
            run = run[k + 1:]
            break
    while len(run) > 1 and _script(run[0]) != _script(run[-1]):
        run = run[1:]  # "Castrova Rail Бруно Кайля": a name is written in one script, the company before it
    if len(run) >= 3:  # "Адвокат Ахтерхольда Нора Савина": whose lawyer, then her first name and surname
        if gender_of_first_name(" ".join(run[-2:]), None) and not gender_of_first_name(" ".join(run[-3:-1]), None):
            run = run[-2:]
    return _POSSESSIVE.sub("", " ".join(run[-4:]))


_POSSESSIVE = re.compile(r"(’s|'s)$")  # "Brindair’s": the name without its possessive


def _script(word: str) -> str:
    """The script of a word's letters: "cyrillic", "greek" or "latin"."""
    if any("\u0400" <= c <= "\u04ff" for c in word):
        return "cyrillic"
    return "greek" if any("\u0370" <= c <= "\u03ff" for c in word) else "latin"


_OPENING_WORDS = 8  # words between "Para" and the name: an article, a title and its complement
_HONORIFICS = _union("honorifics")
# "and" in every language, but not one letter long: "John E Smith", "Anna I Petrova" hold initials
_JOINS = {w for w in _union("coordinators") | _union("conjunctions") if len(w) > 1}


def _opening_source(text: str, key: str, words, folded: list[str]) -> str:
    """"Pour le pharmacologue Dario Lunt, de l’université de Calmonte, le risque est …", "Para la analista
    Selma Dorne, …": a sentence that opens with "for", a role and a person's name set off by a comma gives that
    person's view; the name ('' when there is none)."""
    if not words or folded[0] not in _word_lists().get(key, {}).get("opening_sources", []):
        return ""
    honorific = len(words) > 2 and folded[1].rstrip(".") in _HONORIFICS
    if honorific:  # "Pour M. Ketemba, …", "For Dr Rao, …": an honorific makes the name a person's
        run = []
        j = 2
        while j < len(words) and _capitalised(words[j][0]) and (not run or not text[words[j - 1][2]:words[j][1]].strip()):
            run.append(words[j][0])
            j += 1
        return _name_run(run) if run and text[words[j - 1][2]:words[j - 1][2] + 1] == "," else ""
    j = 1
    while j < min(len(words), _OPENING_WORDS) and not _capitalised(words[j][0]):
        j += 1
    if j == 1:  # "For Callum Wrenn, who speaks for the fans, …": a person's first name, not "For Brindair Airlines"
        run = []
        while j < len(words) and _capitalised(words[j][0]) and (not run or not text[words[j - 1][2]:words[j][1]].strip()):
            run.append(words[j][0])
            j += 1
        name = _name_run(run)
        return name if len(run) >= 2 and text[words[j - 1][2]:words[j - 1][2] + 1] == "," \
            and gender_of_first_name(name, key) else ""
    if j < 3:
        return ""  # "Pour le pharmacologue Dario Lunt, …": a role first, then the name
    run: list[str] = []
    while j < len(words) and _capitalised(words[j][0]) and (not run or not text[words[j - 1][2]:words[j][1]].strip()):
        run.append(words[j][0])
        j += 1
    person: list[str] = []  # "Pour l’avocate de Ruben Achterhold, Nora Savina, …": the person after the complement
    while run and j < len(words) and _capitalised(words[j][0]) and \
            text[words[j - 1][2]:words[j][1]].strip() == ("," if not person else ""):
        person.append(words[j][0])
        j += 1
    if len(person) >= 2 and text[words[j - 1][2]:words[j - 1][2] + 1] == ",":
        return _name_run(person)
    j -= len(person)
    if len(run) < 2 or folded[j - len(run) - 1] in _OF or text[words[j - 1][2]:words[j - 1][2] + 1] != ",":
        return ""  # "Para el Gobierno de Kestria,": an institution's complement
    return _name_run(run)


def _opening_view(text: str, key: str, words, folded: list[str]) -> tuple[str, str] | None:
    """"Pour elle, …": ('', "pour elle"), the view of the person last spoken of; "Pour l’économiste, …": the role
    (resolved in the article); else None."""
    lists = _word_lists().get(key, {})
    if len(words) < 3 or folded[0] not in lists.get("opening_sources", ()) or \
            re.sub(r"[\s«“„\"]", "", text[words[1][2]:words[2][1]]) != ",":  # "Pour elle, « … »" too
        return None
    if folded[1] in lists.get("disjunctive_pronouns", ()):
        return "", f"{folded[0]} {folded[1]}"
    if folded[1][:2] in ("l'", "l’") and _title_word(folded[1]):
        return words[1][0], ""
    return None


_ORGANISATION_WORDS = _union("organisation_words")


def _organisation(name: str) -> bool:
    """"Norrvald Maritime Safety Inspectorate", "Nimbatra Cloud’s", "Radio Sable", "Sporting Union Brennholt": a
    body's name, no person's."""
    return any(_POSSESSIVE.sub("", w).casefold() in _ORGANISATION_WORDS for w in name.split())
