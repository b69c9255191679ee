"""The sentence-level rules :mod:`transcompare.align.coref` applies within an article: roles and role phrases,
the shape of a sentence's quotes, attributions inside the quote marks, the name that opens a sentence, the
person a source stands for."""

from __future__ import annotations


from transcompare.align.attribution import (
    _ARTICLES,
    _lang_key,
    attribution,
)
from transcompare.align.attribution_data import (
    _AGE,
    _FILLERS,
    _OF,
    _union,
    _word_lists,
    title_of,
    uncased_title,
    word_set,
)
from transcompare.align.attribution_uncased import uncased
from transcompare.align.name_runs import _POSSESSIVE, _capitalised, _name_run, _words
from transcompare.align.people import _PREFIX_LETTERS, _UNCASED_AGE, People, _bare, verb_position
from transcompare.align.quotes import find_quotes

_OPENING, _CLOSING, _EITHER = "«“„‹", "»”›", "\"״"  # quote marks that open, close, or do either


def _role_title(role: str, cased: bool) -> str:
    """The title word of a role phrase ("la maire" -> "maire", "l'édile" -> "édile", "الوزيرة" -> "وزيرة")."""
    words = role.split()
    if not words:
        return ""
    if not cased:
        return uncased_title(words[0]) if len(words) <= 3 else ""
    last = _bare(words[-1])
    return title_of(last)


def _is_role(speaker: str, lang: str | None) -> bool:
    """A role with an article and no name: "the minister", "o executivo", "der 58-Jährige", "l'élu"."""
    words = speaker.split()
    if not words:
        return False
    if uncased(lang):  # "שר הבריאות", "دوברת תאגיד המים"; an age: "בן ה־51", "العالمة البالغة من العمر 58"
        _head, _comma, rest = speaker.partition(",") if "," in speaker else speaker.partition("،")
        if rest.split() and not uncased_title(rest.split()[0].strip(",،")):
            return False  # "אחד הנוסעים, אידריס פניק בן ה־19": a role, then the person's name in apposition
        if len(words) == 2 and words[0].startswith(("ה", "וה")) and uncased_title(words[0]) and \
                words[1][:1] not in "ה" + _PREFIX_LETTERS and not uncased_title(words[1]):
            return False  # "השרה ונטרק": the minister's surname; "שר התרבות", "השר לביטחון" are roles
        return bool(_role_title(speaker, False)) or (len(words) <= 6 and bool(_UNCASED_AGE.search(speaker)))
    return all(not _capitalised(w) or w.casefold() in _ARTICLES for w in words)  # not "La Syrie"


def _quote_shape(text: str) -> str:
    """"opens" (a quote begun and not closed in the sentence), "closes" (one closed that began earlier), "all"
    (nothing but a quote) or ""."""
    t = text.strip()
    quotes = find_quotes(t)
    if not quotes:
        return ""
    marks = set(_OPENING + _CLOSING + _EITHER)
    last, first = quotes[-1], quotes[0]
    if last.outer[1] >= len(t) and t.rstrip(".!?…")[-1:] not in marks and last.outer[0] < len(t) \
            and t[last.outer[0]] in marks:
        return "opens"
    if first.outer[0] == 0 and t[:1] not in marks:
        return "closes"
    outside = t
    for q in sorted(quotes, key=lambda q: -q.outer[0]):
        outside = outside[:q.outer[0]] + outside[q.outer[1]:]
    return "all" if not any(ch.isalpha() for ch in outside) else ""


def _incise(text: str, lang: str | None) -> tuple[str, str]:
    """An attribution written inside the quote marks ("« Le dialogue reste la seule issue, a martelé Sergueï
    Lavrov. »", "«…, — пояснила судья Наталья Белова, — …»"): read with the marks taken out, kept only when
    the verb follows a comma or a dash."""
    plain = "".join(" " if c in _OPENING + _CLOSING + _EITHER else c for c in text)
    speaker, verb = attribution(plain, lang)
    at = verb_position(plain, verb)
    if at <= 0 or not speaker or plain[:at].rstrip()[-1:] not in ",—–-":
        return "", ""
    return speaker, verb




def _role_phrase(text: str, verb: str) -> str:
    """A role written next to the verb, with its article and complements: "the health minister said", "a
    insisté la ministre de la Santé", "sagte der 58-Jährige". Empty when the words there hold no title."""
    words = _words(text)
    folded = [_bare(w) for w, _, _ in words]
    first = verb.split()[0] if verb else ""
    at = next((k for k, w in enumerate(folded) if w == first), -1)
    if at < 0:
        return ""

    def role(span: list[int]) -> str:
        ok = any(title_of(folded[k]) or _AGE.match(words[k][0]) for k in span)
        return " ".join(words[k][0] for k in span) if span and ok else ""

    span: list[int] = []  # before the verb, back to the article that opens the role
    k = at - 1
    while k >= 0 and folded[k] in _FILLERS and not _capitalised(words[k][0]) and k > 0 \
            and folded[k - 1] not in _ARTICLES:
        k -= 1
    while k >= 0 and not text[words[k][2]:words[k + 1][1]].strip(" ") and len(span) < 6:
        w = words[k][0]
        c = k  # "O dirigente da Aliança Democrática": a capitalised run after "da" is the title's complement
        while c and _capitalised(words[c - 1][0]) and folded[c - 1] not in _ARTICLES \
                and not text[words[c - 1][2]:words[c][1]].strip(" "):
            c -= 1
        if _capitalised(w) and folded[k] not in _ARTICLES and not (c and folded[c - 1] in _OF | _ARTICLES):
            break
        span.insert(0, k)
        if folded[k] in _ARTICLES:
            found = role(span)
            if found:
                return found
            break
        k -= 1
    k = at + len(verb.split())  # after the verb: an article, then the role
    if k < len(words) and folded[k] in _ARTICLES:
        span = [k]
        k += 1
        while k < len(words) and not text[words[k - 1][2]:words[k][1]].strip(" ") and len(span) < 7:
            span.append(k)
            k += 1
        while span and folded[span[-1]] in _OF | _ARTICLES:
            span.pop()
        return role(span)
    return ""


def _pronoun_sources(key: str) -> list[str]:
    return _word_lists().get(key, {}).get("pronoun_sources", [])


def _subject_first(people: People, at: int, text: str, speaker: str, verb: str) -> str:
    """The person who opens the sentence, when the speaker found before the verb is another one named inside
    its apposition or relative clause ("Agnès Tellier, qui a reçu l'ambassadrice, Leïla Haddad, a annoncé")."""
    here = list(people.mentions[at])
    opening = _opening_name(text)
    if opening and not any(n == people.person(opening) for _s, n in here[:1]):
        here.insert(0, (text.find(opening), people.person(opening) or opening))
    if not here:
        return ""
    start, first = here[0]
    lead = text[:start].split()
    v = verb_position(text, verb)
    if any(_POSSESSIVE.search(w) and _POSSESSIVE.sub("", w) == first.split()[-1]
           for w in text[start:].split(",", 1)[0].split()):
        return ""  # "Kostavin’s lawyer, Joren Haskel, said": the possessor opens the sentence, not the subject
    s = text.find(speaker.split()[-1])
    if first == people.person(speaker) or len(lead) > 3 or not (start < s < v):
        return ""
    if any(_bare(w) in word_set(_lang_key(people.lang), "places") for w in lead) or (lead and (
            lead[-1].casefold() in _OF or lead[-1].casefold().startswith(("d'", "d’")))):
        return ""  # "À l’Ilsen Ledger, la rédactrice …, Joanna Feltren,", "La directora del Ilsen Ledger, Joanna …"
    if text[s + len(speaker.split()[-1]):v].strip() != ",":
        return ""  # "…, chief executive Lidia Marsh said": the name right before the verb is its subject
    after = text[start:].split(",", 1)
    return first if len(after) == 2 and first.split()[-1] in after[0] else ""


def _source_person(people: People, at: int, text: str, verb: str, refer) -> str:
    """Who a source with no name written after it stands for: the person named after it ("как сообщил
    журналистам пресс-секретарь губернатора Кирилл Неверов,"), or the person a role after it refers to
    ("segundo o executivo", "по словам дипломата", "laut der Bürgermeisterin"); '' for anything else ("according
    to the ministry")."""
    pos = verb_position(text, verb)
    if pos < 0:
        return ""
    after = [n for s, n in people.mentions[at] if s > pos]
    if after:
        return after[0]
    tail = text[pos + len(verb):].split(",")[0].split()
    words = _words(" ".join(tail))
    run = []  # a name of two words or more after the source is a person's ("selon l'opposant Fabrice Nollet")
    for w, _s, _e in words:
        if _capitalised(w) and not title_of(w):
            run.append(w)
        elif run:
            break
    if len(run) >= 2:
        return people.person(_name_run(run)) or _name_run(run)
    phrase = " ".join(tail[:5])
    if not tail or any(_capitalised(w) and w.casefold() not in _ARTICLES for w in tail[:2]):
        return ""
    title = next((title_of(w) for w in tail[:5] if title_of(w)), "")
    if not title and not _AGE.match(tail[0]) and not any(_AGE.match(w) for w in tail[:2]):
        return ""
    return refer(at, title, phrase)


_PLACES = _union("places")


def _opening_name(text: str) -> str:
    """The name of two words or more that opens a sentence before its first comma: the first run of
    capitalised words within its first words, past articles and titles ("La vicepresidenta Alicia Moncada,
    que …", "Dairy farmer Megan Doyle, whose …", "Совладелец сети Дмитрий Лосев, отвечающий …"); ''."""
    words = _words(text)
    comma = text.find(",")
    if comma < 0:
        return ""
    k = 0
    while k < len(words) and words[k][2] <= comma and k < 5:
        if _capitalised(words[k][0]) and not title_of(words[k][0]) and words[k][0].casefold() not in _ARTICLES:
            if k and (_bare(words[k - 1][0]) in _OF or words[k - 1][0].casefold() in _ARTICLES and k > 1
                      and _bare(words[k - 2][0]) in _OF):
                return ""  # "O treinador do Porto Sereno FC, Wagner Lima,": the title's complement
            run = []
            while k < len(words) and _capitalised(words[k][0]) and words[k][2] <= comma \
                    and (not run or not text[words[k - 1][2]:words[k][1]].strip()):
                run.append(words[k][0])
                k += 1
            if run[0].casefold() in _PLACES:
                return ""  # "En Elmoor, el consejero …": a place
            if len(run) >= 2 and text[words[k - 1][2]:words[k - 1][2] + 1] == ",":
                return _name_run(run)
            if len(run) >= 2:
                return ""
            continue
        k += 1
    return ""


def _phrase_title(phrase: str) -> str:
    """The title word of a role phrase ("la ministre de la Santé" -> "ministre"), '' for an age ("der
    58-Jährige")."""
    return next((title_of(w) for w in phrase.split() if title_of(w)), "")


def _in_phrase(text: str, word: str, verb: str) -> bool:
    """The word stands before the verb after a lower-case word (a preposition: "in Veyra angekündigt"), so it
    is no subject; after the verb it is one ("replicó Solano")."""
    at, v = text.find(word), verb_position(text, verb)
    before = text[:at].split() if at > 0 else []
    return 0 <= at < v and bool(before) and before[-1][:1].islower() and before[-1][-1:].isalpha()


def _subjectless(text: str, verb: str, lang: str | None) -> bool:
    """Nothing stands for a subject before the verb: it opens the sentence or follows a quote, a comma or a
    colon ("«…», sagte der 58-Jährige", ", claiming that")."""
    at = verb_position(text, verb)
    if at < 0:
        return False
    head = text[:at].rstrip()
    words = head.split()
    while words and words[-1].casefold().strip(",") in _FILLERS:
        words.pop()
        head = " ".join(words)
    return not head or head[-1] in ",:«»“”\"״—–-" or verb.endswith("ing")




def _possessive_claim(text: str, key: str) -> bool:
    """The sentence opens with a possessive and a noun of what someone said ("His account of events — that …",
    "Sa version des faits", "Его слова"): it reports the person last spoken of."""
    words = [_bare(w) for w in text.split()[:2]]
    lists = _word_lists().get(key, {})
    return len(words) == 2 and words[0] in lists.get("possessives", []) and words[1] in lists.get("speech_nouns", [])


def _points_back(text: str, key: str) -> bool:
    """The sentence opens by pointing back at the quote before it ("That was what", "É assim que", "Так")."""
    low = " ".join(text.casefold().split())
    return any(low.startswith(p + " ") for p in _word_lists().get(key, {}).get("back_openers", []))


def _reported_mood(text: str, key: str) -> bool:
    """A sentence in the mood of reported speech (German Konjunktiv I: "sei", "habe", "gebe"): it goes on with
    what the previous sentence's speaker said."""
    forms = word_set(key, "reported_mood")
    return bool(forms) and any(w.strip(",.;:!?“”„\"").casefold() in forms for w in text.split())
