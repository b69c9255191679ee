"""Who a sentence's subject is when no reporting phrase says it outright: the word opening the sentence as the
subject of a verb further on ("He has also sent …, and insists", "Belhadj refused to concede, alleging"), the
person of a source of their own account ("nach eigenen Angaben"), and the person a headline's role stands for
("Minister says …", "Глава Brindair: …"); two passes over an article's attributions: a lead's role named later,
and lines of dialogue. Used by :mod:`transcompare.align.coref`."""

from __future__ import annotations

import re

from transcompare.align.attribution import _ARTICLES, _lang_key, is_pronoun
from transcompare.align.attribution_data import (
    _OF,
    PRONOUNS,
    _bare,
    title_of,
    uncased_title,
    word_set,
)
from transcompare.align.people import People, _stem, verb_position


def opening_subject(people: People, text: str, verb: str, lang: str | None) -> str:
    """The word opening the sentence as the subject of a verb further on, when it is a pronoun or the surname of
    someone the article names ("He has also sent …, and insists", "Belhadj refused to concede, alleging"); ''
    otherwise (a possessive, "Belhadj's lawyer", is not)."""
    words = text.split()
    pos = verb_position(text, verb)
    if not words or pos <= len(words[0]) or not people.cased:
        return ""
    first = words[0].strip(",;:")
    if first != words[0] and not words[0].endswith(","):
        return ""
    if is_pronoun(first, lang) and first.casefold() in PRONOUNS.get(_lang_key(lang), set()):
        return first.casefold()
    if first[:1].isupper() and not _POSSESSIVE_END.search(first) and people.surname(first):
        return people.surname(first)
    return ""


def own_account(people: People, at: int, text: str, verb: str, key: str) -> str:
    """"Kenji Strahl … stieß nach eigenen Angaben auf …", "by his own account": a source of the speaker's own
    words (``own_words`` after it) is the person the sentence names before it; '' otherwise."""
    pos = verb_position(text, verb)
    own = word_set(key, "own_words")
    if pos < 0 or not own or not any(w.strip(",.").casefold() in own for w in text[pos:].split()[:4]):
        return ""
    before = [n for s, n in people.mentions[at] if s < pos]
    weak = [n for n in people.weak[at] if 0 <= text.find(n) < pos]  # a name no title marks as a person's
    return before[0] if before else weak[0] if weak else ""


_POSSESSIVE_END = re.compile(r"(’s|'s|’|')$")
_HEADLINE_ROLE_WORDS = 5  # the words before a headline's verb that can be its role ("Norvale Bank chief")


def headline_role(text: str, verb: str, people: People, key: str) -> str:
    """The person a headline's role stands for: the title words just before the verb (after the last ";", ":",
    dash or "and"), the head first (English and German put it last: "Norvale Bank chief"), resolved by the
    titles the article gives its people (:func:`role_person`), else by :func:`fallback_person`; '' when neither
    finds one."""
    pos = verb_position(text, verb)
    if pos <= 0:
        return ""
    chunks = re.split(r"[;:,—–]|\s-\s", text[:pos])
    head = chunks[-1].split()
    joins = word_set(key, "coordinators") | word_set(key, "conjunctions")
    cut = max((k + 1 for k, w in enumerate(head) if w.casefold() in joins), default=0)
    candidates = [head[cut:][-_HEADLINE_ROLE_WORDS:]]
    if not head[cut:] and len(chunks) > 1:  # "Museum director quits over looted bronzes, says she …": the subject
        candidates.append(chunks[0].split()[:_HEADLINE_ROLE_WORDS])  # opens the headline
    for find in (lambda words: role_person(words, people, key), lambda words: fallback_person(words, people)):
        for words in candidates:
            person = find(words)
            if person:
                return person
    return ""


def role_person(words: list[str], people: People, key: str) -> str:
    """The person the article introduces with a title of ``words`` (a headline's role), the head first (English
    and German put it last: "Norvale Bank chief"); '' when none is."""
    titles = [t for t in (title_of(w.casefold().strip(",:")) for w in words) if t]
    for title in (reversed(titles) if key in ("en", "de") else titles):
        person = people.role(title, 0, " ".join(words))
        if person:
            return person
    return ""


def fallback_person(words: list[str], people: People, quoted: bool = False) -> str:
    """A role no one has as a title: the person the body describes with its words, else the one whose name
    opens the lead ("Filmmaker says …" / "Nadia Karimova spent six years making …"); for a headline that quotes
    the role ("Fire chief: ‘…’", ``quoted``), the first person the lead names."""
    if not any(title_of(w.casefold().strip(",:")) for w in words):
        return ""
    lead = [m for k in range(1, min(len(people.mentions), 1 + _LEAD_SENTENCES)) for m in people.mentions[k]
            if quoted or (k == 1 and m[0] == 0)]
    return described(people, words) or (lead[0][1] if lead else "")


def described(people: People, words: list[str]) -> str:
    """The person whose title and apposition share most words with a headline's role ("Union chief": the
    body's "union leader Oskar Brandel"; "Regulator": "Lena Ferro, head of the medicines regulator"), the first
    named among equals; '' when none shares one (cased languages only)."""
    if not people.cased:
        return ""
    stems = {_stem(_POSSESSIVE_END.sub("", _bare(w))) for w in words} - {_stem(w) for w in _ARTICLES | _OF}
    best = max(((len(stems & people.context.get(n, set())), -k, n) for k, n in enumerate(people.names)),
               default=(0, 0, ""))
    return best[2] if best[0] else ""


def is_headline_role(speaker: str, people: People) -> bool:
    """A headline's speaker that is a role, no name: it opens with a title ("Глава Brindair", "Minister on …:",
    "שר התחבורה", "המנהלת:"; in Arabic and Hebrew five words at most)."""
    words = speaker.split()
    if not words:
        return False
    if people.cased:  # "Fire chief", "Nurses’ chief": the title last (English, German), and no one's name
        return bool(title_of(words[0].casefold())) or (
            bool(title_of(words[-1].casefold())) and len(words) <= 3 and not people.person(speaker))
    return bool(uncased_title(words[0])) and len(words) <= 5


_DIALOGUE_OPENS = re.compile(r"^\s*[—–]\s*\S")  # a line of dialogue: "— Não vamos pagar …"
_DIALOGUE_ATTRIBUTES = re.compile(r"\S\s*[—–]\s*\w")  # "… — disse a responsável.": a dash before the attribution
_ROLE_AHEAD = 3  # sentences after a lead's unresolved role in which the person it stands for is named


def lead_roles(out: list[tuple[str, str]], people: People, lang: str | None) -> None:
    """"…, the country's chief veterinary officer said." in the lead, before anyone is named, then "Priya
    Castellan told …": a role no one was introduced with before it is the first person named after it (within
    :data:`_ROLE_AHEAD` sentences). Changes ``out`` (speaker, verb per sentence) in place."""
    from transcompare.align.coref_rules import _is_role

    key = _lang_key(lang)
    first_named = next((k for k, (sp, _v) in enumerate(out) if sp and not is_pronoun(sp, lang)
                        and not _is_role(sp, lang)), len(out))
    if not people.cased or first_named >= len(out):
        return
    for at in range(first_named):
        speaker, verb = out[at]
        if speaker and verb and speaker.casefold() not in PRONOUNS.get(key, set()) and _is_role(speaker, lang) \
                and any(title_of(w) for w in speaker.split()) and first_named - at <= _ROLE_AHEAD:
            out[at] = (out[first_named][0], verb)


def dialogue_lines(out: list[tuple[str, str]], texts: list[str], paragraphs: list[int]) -> None:
    """"— Não vamos pagar a criminosos." then "Nem um cêntimo — disse a responsável.": a line of dialogue opened
    by a dash, with no attribution of its own, goes on to the dash that attributes it in the next sentence of the
    paragraph. Changes ``out`` in place."""
    for at in range(len(out) - 2, -1, -1):
        if not out[at][0] and not out[at][1] and paragraphs[at] == paragraphs[at + 1] and out[at + 1][0] \
                and _DIALOGUE_OPENS.match(texts[at]) and _DIALOGUE_ATTRIBUTES.search(texts[at + 1]) \
                and not _DIALOGUE_OPENS.match(texts[at + 1]):
            out[at] = out[at + 1]


_LEAD_SENTENCES = 2  # the lead: the first sentences after the headline
