"""Who said it, article by article: the people an article names, and whom a pronoun, a role or a verb without a
subject stands for.

:func:`attribution` reads one sentence. An article is more than its sentences: "she said" and "the minister
rejected" refer to someone named earlier, "«…», a déclaré l'édile" to the mayor the lead introduced, a quote
split over two sentences by the segmenter has its attribution in the second, and "Das hat
Gesundheitsministerin Irena Castellan in Veyra angekündigt" names a person and a place. This module

- finds the **people** an article names (cased scripts): runs of two or more capitalised words outside quotes,
  with the title words next to them ("la maire de Bredhaven, Marta Kovalen", "Irena Castellan, the health
  minister"); a run is a person when a title is next to it or the run names a speaker somewhere in the run of
  articles (``known``). A one-word speaker that is no person's name or surname ("Veyra", "Football") is not
  taken as a speaker;
- resolves a pronoun or role to the person last introduced with that role, else to the last speaker, else to
  the last person named (whichever came last);
- gives a reporting verb without a subject the person named next to it in the sentence, else (when nothing
  stands before the verb, or in a pro-drop language) the previous speaker;
- gives a quote with no attribution of its own the one person named outside it in the sentence, or the
  attribution of the sentence it continues into (a quote opened and not closed) or follows (a sentence that is
  all quote, or a quote closed but not opened).
"""

from __future__ import annotations

import re

import polars as pl

from transcompare.align.attribution import (ORIGINAL, PIVOT, _ARTICLES, _PRO_DROP, _capitalised, _is_source,
                                            _lang_key, _name_run, _title_word, _words, attribution, is_pronoun)
from transcompare.align.attribution_data import (_FILLERS, _OF, _OPENERS, _TITLES, _uncased_rules, _word_lists,
                                                 title_of, uncased_title)
from transcompare.align.attribution_uncased import uncased
from transcompare.align.quotes import find_quotes
from transcompare.schema import KIND_NOTE, SENTENCES, C, check_frame

_BOUNDARY = set(".;:!?«»“”„\"()[]—–")
_BEFORE_BOUNDARY = set(".;:!?()[]—–")  # a title may stand before an organisation in quotes: директор «Тервейна»
_VOWELS = set("aeiouyáéíóúàèìòùâêîôûãõäëïöüаеёиоуыэюяй")
_OPENING, _CLOSING, _EITHER = "«“„‹", "»”›", "\"״"


def verb_position(text: str, verb: str) -> int:
    """Where the reporting verb is written in the text (its whole form, else its first word, as words: the
    "a" of "a annoncé" is not the a of "Tarsanie"); -1 if nowhere."""
    if not verb:
        return -1
    low = text.casefold()
    for form in (verb, verb.split()[0]):
        m = re.search(r"(?<!\w)" + re.escape(form.casefold()) + r"(?!\w)", low)
        if m:
            return m.start()
    return -1


def _segment(tokens: list[tuple[str, int]], start: int) -> int:
    """How many tokens from ``start`` to the next comma or full stop (inclusive)."""
    n = 0
    for t, _s in tokens[start:start + 6]:
        n += 1
        if t.endswith((",", "،", ".", ":", ";")):
            return n
    return n if start + n >= len(tokens) else 99


def _stem(word: str) -> str:
    return word[:5]


def _bare(word: str) -> str:
    w = word.casefold().strip(",.;:«»“”\"'()")
    return w[2:] if w[:2] in ("l'", "l’", "d'", "d’") else w


_STOPS = {w for rules in _uncased_rules().values() for w in rules.get("stops", [])}
_UNCASED_AGE = re.compile(r"\d|البالغ")
_UNCASED_PREFIXES = ("وال", "ال", "وه", "וה", "ה", "ו", "و")


def _uncased_word(word: str) -> str:
    """An Arabic or Hebrew word without its article or conjunction prefix, for comparing phrases."""
    w = word.strip(",.;:«»“”\"'()،״")
    for prefix in _UNCASED_PREFIXES:
        if w.startswith(prefix) and len(w) > len(prefix) + 2:
            return w[len(prefix):]
    return w


def same_name(a: str, b: str) -> bool:
    """Two written forms of one name word, inflection aside: "Kovalen" / "Kovalens", "Ковелл" / "Ковелла"."""
    a, b = a.casefold().removesuffix("’s").removesuffix("'s"), b.casefold().removesuffix("’s").removesuffix("'s")
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or len(long_) - len(short) > 2:
        return False
    # an ending added ("Kovalens", "Ковелла"), or a final vowel changed ("Сорая" / "Сораи")
    return long_.startswith(short) or (short[-1] in _VOWELS and long_.startswith(short[:-1]))


class People:
    """The people one article names: full names, the titles seen next to them, and where."""

    def __init__(self, texts: list[str], lang: str | None, known: set[str]):
        self.lang = lang
        self.cased = not uncased(lang)
        self.mentions: list[list[tuple[int, str]]] = []  # per sentence: (character offset, full name)
        self.roles: dict[str, list[tuple[int, str]]] = {}  # title -> [(sentence, full name)]
        self.names: list[str] = [k for k in sorted(known) if len(k.split()) >= 2]
        self._context: dict[str, set[str]] = {}  # name as written -> stems of the words around it
        self.other: list[str] = []  # names of two words or more that may be places or bodies ("Harrow Quay")
        runs = [self._runs(t) for t in texts] if self.cased else [[] for _ in texts]
        for found in runs:  # full names first, so that a surname anywhere can be matched to one
            for _start, name, titles in found:
                if len(name.split()) >= 2 and (titles or name in known) and name not in self.names:
                    self.names.append(name)
                elif len(name.split()) >= 2 and name not in self.other:
                    self.other.append(name)
        self.weak: list[list[str]] = []  # per sentence: names of two words or more that are not known people
        self.context: dict[str, set[str]] = {}  # person -> stems of the words next to their names
        for k, found in enumerate(runs):
            here = []
            for start, name, titles in found:
                person = self.person(name)
                if person:
                    here.append((start, person))
                    self.context.setdefault(person, set()).update(self._context.get(name, ()))
                    for title in titles:
                        self.roles.setdefault(title, []).append((k, person))
            self.mentions.append(here)
            self.weak.append([n for _s, n, _t in found if len(n.split()) >= 2 and not self.person(n)])
        if not self.cased:
            self._intros(texts)

    def _intros(self, texts: list[str]) -> None:
        """Arabic and Hebrew: a title and the words after it, to a boundary ("وزيرة المالية رنا سلوم",
        "ראש העירייה, רוזה אימברט"), introduce a person; the phrase stands for them (no capital marks the name)."""
        for k, text in enumerate(texts):
            inside = [(q.outer[0], q.outer[1]) for q in find_quotes(text, self.lang)]
            tokens = [(m.group(), m.start()) for m in re.finditer(r"\S+", text)]
            here = []
            for i, (tok, start) in enumerate(tokens):
                title = uncased_title(tok)
                if not title or any(a <= start < b for a, b in inside):
                    continue
                phrase, commas = [], 0
                for t, _s in tokens[i:i + 7]:
                    if t[:1] in "«»“”\"״(" or (phrase and t.strip(",.:،") in _STOPS):
                        break
                    phrase.append(t.strip(",.;:!?،«»“”\"״()"))
                    if t.endswith((",", "،")):
                        commas += 1
                        rest = _segment(tokens, tokens.index((t, _s)) + 1)
                        if commas == 2 or not 0 < rest <= 3:
                            break  # "ראש העירייה, רוזה אימברט," goes on; "ראשת העיר, הפרויקט עלה…" does not
                    if t.endswith((".", ":", ";", "!", "?", "؛")):
                        break
                if len(phrase) >= 3:
                    name = " ".join(phrase)
                    here.append((start, name))
                    self.roles.setdefault(title, []).append((k, name))
                    self.context[name] = {_uncased_word(w) for w in phrase}
            self.mentions[k] = here

    def _runs(self, text: str) -> list[tuple[int, str, list[str]]]:
        """(offset, name, titles) of every run of capitalised words outside quotes; the words around a name
        (its title and their complements: "Health Minister", "la ministre de la Santé") go to ``context``."""
        words = _words(text)
        inside = [(q.start, q.end) for q in find_quotes(text, self.lang)]
        out, k = [], 0
        while k < len(words):
            if not _capitalised(words[k][0]) or any(s <= words[k][1] < e for s, e in inside):
                k += 1
                continue
            j = k + 1
            while j < len(words) and _capitalised(words[j][0]) and not text[words[j - 1][2]:words[j][1]].strip():
                j += 1
            run = [w for w, _, _ in words[k:j]]
            lead = [w for w in run if title_of(w) or w.casefold() in _ARTICLES]
            while run and (title_of(run[0]) or run[0].casefold() in _ARTICLES
                           or run[0].casefold() in _FILLERS or run[0].casefold() in _OPENERS):
                run = run[1:]
            name = _name_run(run) if run else ""
            if name:
                titles = [title_of(t) for t in lead if title_of(t)]
                titles += self._titles_before(text, words, k) + self._titles_after(text, words, j)
                titles = [t for t in dict.fromkeys(titles) if t not in _OF]
                out.append((words[k][1], name, titles))
                if titles:
                    near = [w for w in run[:len(run) - len(name.split())]] + [w for w, _, _ in words[k:j]]
                    near += self._stretch_before(text, words, k) + self._apposition(text, words, j)
                    self._context.setdefault(name, set()).update(_stem(_bare(w)) for w in near if _bare(w))
            k = j
        return out

    @staticmethod
    def _stretch_before(text: str, words, k: int) -> list[str]:
        """The words before a name back to a boundary, an earlier comma or another name: its title's words."""
        out: list[str] = []
        for b in range(k - 1, max(-1, k - 8), -1):
            gap = text[words[b][2]:words[b + 1][1]]
            if any(c in _BEFORE_BOUNDARY for c in gap) or ("," in gap and b + 1 != k):
                break
            w = words[b][0]
            if _capitalised(w) and not title_of(w) and not (b and _bare(words[b - 1][0]) in _OF | _ARTICLES):
                break
            out.append(w)
        return out

    @staticmethod
    def _apposition(text: str, words, j: int) -> list[str]:
        """The words of an apposition right after a name, to the next comma: ", the health minister,"."""
        if j >= len(words) or text[words[j - 1][2]:words[j][1]].strip() != ",":
            return []
        out = []
        for a in range(j, min(len(words), j + 6)):
            if a > j and any(c in _BOUNDARY or c == "," for c in text[words[a - 1][2]:words[a][1]]):
                break
            out.append(words[a][0])
        return out

    @staticmethod
    def _titles_before(text: str, words, k: int) -> list[str]:
        """Title words in the stretch before a name, back to a boundary or an earlier comma: "le projet de la
        maire, Marta Kovalen", "Selon la directrice des finances de la ville, Leonie Strand"."""
        out: list[str] = []
        if k and _bare(words[k - 1][0]) in _OF:
            return out  # "diretor do Instituto Nacional": the name is the title's complement, not its holder
        for b in range(k - 1, max(-1, k - 8), -1):
            gap = text[words[b][2]:words[b + 1][1]]
            if any(c in _BEFORE_BOUNDARY for c in gap) or ("," in gap and b + 1 != k):
                break
            w = _bare(words[b][0])
            if title_of(w):
                out.append(title_of(w))
            out += [p for p in w.split("-") if p in _TITLES and p != w]  # "presidente-executivo"
        return out

    @staticmethod
    def _titles_after(text: str, words, j: int) -> list[str]:
        """Title words of an apposition right after a name: "Irena Castellan, the health minister,"."""
        if j >= len(words) or text[words[j - 1][2]:words[j][1]].strip() != ",":
            return []
        out = []
        for a in range(j, min(len(words), j + 6)):
            if a > j and any(c in _BOUNDARY or c == "," for c in text[words[a - 1][2]:words[a][1]]):
                break
            w = _bare(words[a][0])
            if title_of(w):
                out.append(title_of(w))
        return out

    def person(self, name: str) -> str:
        """The full name this written name stands for ('' when it is no person the article or run names)."""
        parts = name.split()
        if not parts:
            return ""
        matches = [n for n in self.names if same_name(n.split()[-1], parts[-1])
                   or (len(parts) == 1 and same_name(n.split()[0], parts[0]))]
        if matches:
            return max(matches, key=lambda n: (len(n.split()), -self.names.index(n)))
        return ""

    def surname(self, word: str) -> str:
        """The name of two words or more whose last word this one is ("Kovalen" -> "Marta Kovalen", even where
        no title marks her as a person), or ''."""
        return self.person(word) or next((n for n in self.other if same_name(n.split()[-1], word)), "")

    def last_mention(self, before: int) -> tuple[int, str]:
        """The person named last before sentence ``before``; failing any, the last name of two words or more
        (which may be a person no title marks: "Helga Stavrou leitet den Verband")."""
        for k in range(before - 1, -1, -1):
            if self.mentions[k]:
                return k, self.mentions[k][-1][1]
        for k in range(before - 1, -1, -1):
            if self.weak[k]:
                return k, self.weak[k][-1]
        return -1, ""

    def role(self, title: str, at: int, phrase: str = "") -> str:
        """The person a role stands for: of those introduced with its title, the one whose title's words the
        role shares most ("the health minister" -> "Health Minister Ana Ruiz", not "Finance Minister Karl
        Dorn"), then the last introduced before it (else the first after)."""
        seen = self.roles.get(title, [])
        if not seen:
            return ""
        if self.cased:
            words = {_stem(_bare(w)) for w in phrase.split()} - {_stem(title)}
            words -= {_stem(w) for w in _ARTICLES | _OF}
        else:
            words = {_uncased_word(w) for w in phrase.split()} - {title}

        def rank(item: tuple[int, int, str]) -> tuple:
            order, k, name = item
            shared = len(words & self.context.get(name, set()))
            return (shared, k <= at, order if k <= at else -order)

        return max(((n, k, name) for n, (k, name) in enumerate(seen)), key=rank)[2]


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


_AGE = re.compile(r"^\d+[-‑]?(?:year-old|jährige[rn]?|летн\w*|ans|anos|años|anni)$", re.IGNORECASE)


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
        if _capitalised(w) and folded[k] not in _ARTICLES and not (k and folded[k - 1] in _OF | _ARTICLES):
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


def _subject_first(people: "People", at: int, text: str, speaker: str, verb: str) -> str:
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
    s = text.find(speaker.split()[-1])
    if first == people.person(speaker) or len(lead) > 3 or not (start < s < v):
        return ""
    if text[s + len(speaker.split()[-1]):v].strip() != ",":
        return ""  # "…, chief executive Lidia Marsh said": the name right before the verb is its subject
    after = text[start:].split(",", 1)
    return first if len(after) == 2 and first.split()[-1] in after[0] else ""


def _source_person(people: "People", at: int, text: str, verb: str, refer) -> str:
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


def _opening_name(text: str) -> str:
    """The name of two words or more that opens a sentence before a comma, past articles and titles ("La
    vicepresidenta Alicia Moncada, que …", "Pietro Galli, che …"); '' if there is none."""
    words = _words(text)
    k = 0
    while k < len(words) and (words[k][0].casefold() in _ARTICLES or title_of(words[k][0])):
        k += 1
    run = []
    while k < len(words) and _capitalised(words[k][0]) and (not run or not text[words[k - 1][2]:words[k][1]].strip()):
        run.append(words[k][0])
        k += 1
    if len(run) < 2 or k == 0 or text[words[k - 1][2]:words[k - 1][2] + 1] != ",":
        return ""
    return _name_run(run)


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


def attribute_article(texts: list[str], lang: str | None = "en", paragraphs: list[int] | None = None,
                      known: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(speaker, reporting_verb) of an article's sentences in order, each speaker resolved within the article
    (see the module docstring); ``known``: names found as speakers anywhere in the run."""
    key = _lang_key(lang)
    people = People(texts, lang, set(known))
    paragraphs = paragraphs if paragraphs is not None else [0] * len(texts)
    raw = [attribution(t, lang) for t in texts]
    out: list[tuple[str, str]] = []
    last, last_at = "", -1

    def refer(at: int, title: str = "", phrase: str = "") -> str:
        if title:
            person = people.role(title, at, phrase)
            if person:
                return person
        m_at, mention = people.last_mention(at)
        return mention if mention and m_at > last_at else last

    def near_verb(at: int, verb: str) -> str:
        """The first person named in the sentence before the verb (the subject before its appositions: "O
        epidemiologista Jonas Ferrat, diretor do Instituto…, disse"), else the first right after it."""
        pos = verb_position(texts[at], verb)
        here = people.mentions[at]
        before = [n for s, n in here if pos < 0 or s < pos]
        after = [n for s, n in here if pos >= 0 and s > pos]
        opening = _opening_name(texts[at])  # "Karin Mayr, die den Mieterverein leitet, hat gewarnt"
        if not before and opening and 0 <= texts[at].find(opening) < pos:
            return people.person(opening) or opening
        return before[0] if before else (after[0] if after else "")

    for at, (text, (speaker, verb)) in enumerate(zip(texts, raw)):
        pronoun_source = verb in _pronoun_sources(key) or (_is_source(verb, key) and any(
            p in text.casefold() and speaker.casefold() in p for p in _pronoun_sources(key)))  # "بحسب قوله"
        if pronoun_source:
            speaker = ""
        elif not speaker and verb and _is_source(verb, key):
            speaker = _source_person(people, at, text, verb, refer)
        if not verb and not speaker and find_quotes(text, lang):
            speaker, verb = _incise(text, lang)
        if speaker and people.cased and verb and not _is_source(verb, key):
            speaker = _subject_first(people, at, text, speaker, verb) or speaker
        if speaker and (is_pronoun(speaker, lang) or _is_role(speaker, lang)):
            speaker = refer(at, _role_title(speaker, people.cased), speaker) or speaker
        elif speaker and people.cased and len(speaker.split()) == 1 and not people.surname(speaker) \
                and verb and speaker in _role_phrase(text, verb).split():
            # "a insisté la ministre de la Santé": the capitalised word is the role's complement
            phrase = _role_phrase(text, verb)
            speaker = refer(at, _role_title(phrase, True) or _phrase_title(phrase), phrase) or phrase
        elif speaker and people.cased and len(speaker.split()) == 1 and not people.surname(speaker) \
                and (not verb or _in_phrase(text, speaker, verb)):
            # a one-word "speaker" that is no one's name and not where a subject stands: a place ("in Veyra
            # angekündigt"), a headline's topic ("Bredhaven : feu vert …"); "«…», Lavrov said" is one
            speaker = near_verb(at, verb) or (refer(at) if verb and not _is_source(verb, key) else "")
        elif not speaker and verb and not pronoun_source and people.cased and _role_phrase(text, verb):
            phrase = _role_phrase(text, verb)
            speaker = refer(at, _phrase_title(phrase), phrase) or phrase
        elif not speaker and verb and not pronoun_source and not _is_source(verb, key):
            speaker = near_verb(at, verb)
            if not speaker and (key in _PRO_DROP or _subjectless(text, verb, lang)):
                speaker = refer(at)
        elif not speaker and pronoun_source:  # "según él", "according to her": the person last spoken of
            speaker = refer(at)
        elif not speaker and not verb:
            shape = _quote_shape(text)
            here = {n for _s, n in people.mentions[at]}
            if (shape or find_quotes(text, lang)) and len(here) == 1:  # "X, la ministra, fue cauta: «…»"
                speaker = next(iter(here))
            elif shape in ("all", "closes") and at and paragraphs[at - 1] == paragraphs[at] or \
                    (shape == "all" and at and out[at - 1][0]):
                speaker = out[at - 1][0]
        if speaker and not is_pronoun(speaker, lang) and not _is_role(speaker, lang):
            last, last_at = speaker, at
            if not people.cased:  # "وزيرة الصحة إيرينا كاستيلان": the title stands for her from now on
                for word in speaker.split():
                    title = uncased_title(word)
                    if title and len(speaker.split()) > 1:
                        people.roles.setdefault(title, []).append((at, speaker))
        out.append((speaker, verb))
    for at in range(len(out) - 2, -1, -1):  # a quote opened here is attributed in the next sentence
        if not out[at][0] and not out[at][1] and paragraphs[at] == paragraphs[at + 1] \
                and _quote_shape(texts[at]) == "opens" and out[at + 1][0]:
            out[at] = (out[at + 1][0], "")
    return out


def _in_text(name: str, text: str) -> bool:
    """The name, or its last word (the surname), occurs in the text (case-insensitive)."""
    low = text.casefold()
    parts = name.split()
    return bool(parts) and (name.casefold() in low or parts[-1].casefold() in low)


def attribute_sentences(sentences: pl.DataFrame, pivot_texts: dict[tuple[str, int], str], pivot: str,
                        story_of: dict[str, str] | None = None) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(article_id, index) -> (speaker, reporting_verb, attribution_from) for every sentence but notes.

    ``pivot_texts``: the pivot translation of each sentence, where there is one. ``attribution_from`` is
    ``original``, ``pivot`` (the speaker was found in the translation only; the verb is then left empty, as it
    would be a pivot-language word), or ``""`` (nothing found). ``story_of`` (article -> story): the names
    that count as people's in an article are its story's."""
    sentences = check_frame(sentences, SENTENCES, "attribution")
    articles = list(sentences.filter(pl.col(C.KIND) != KIND_NOTE).group_by(C.ARTICLE_ID, maintain_order=True))
    story_of = story_of or {}
    known: dict[str, set[str]] = {}  # named speakers of a story: "Tomas Erby" is a person in all its articles
    for (aid,), rows in articles:
        lang = rows[C.LANG][0]
        if not uncased(lang):
            for text in rows[C.TEXT].to_list():
                speaker, _verb = attribution(text, lang)
                if len(speaker.split()) >= 2 and not is_pronoun(speaker, lang) and not _is_role(speaker, lang):
                    known.setdefault(story_of.get(aid, ""), set()).add(speaker)
    out: dict[tuple[str, int], tuple[str, str, str]] = {}
    for (aid,), rows in articles:
        lang = rows[C.LANG][0]
        texts = rows[C.TEXT].to_list()
        keys = [(aid, i) for i in rows[C.INDEX].to_list()]
        paras = rows[C.PARAGRAPH].to_list()
        names = known.get(story_of.get(aid, ""), set())
        orig = attribute_article(texts, lang, paras, names)
        piv = (attribute_article([pivot_texts.get(k, "") for k in keys], pivot, paras, names) if lang != pivot
               else [("", "")] * len(keys))
        for key, text, (speaker, verb), (p_speaker, _p_verb) in zip(keys, texts, orig, piv):
            if speaker or verb or lang == pivot:
                out[key] = (speaker, verb, ORIGINAL if (speaker or verb) else "")
            elif p_speaker and p_speaker[:1].isupper() and _in_text(p_speaker, text):
                out[key] = (p_speaker, "", PIVOT)
            else:
                out[key] = ("", "", "")
    return out
