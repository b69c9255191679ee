"""The people one article names, for :mod:`transcompare.align.coref`: full names (runs of capitalised words
with a title next to them, or named as speakers elsewhere in the story), the titles and the words around them,
where each is mentioned; for Arabic and Hebrew, a title and the words after it. Also the small word helpers
the attribution rules share (where a verb is written, a word without its article or prefix)."""

from __future__ import annotations

import re
from functools import lru_cache

from transcompare.align.attribution import _ARTICLES
from transcompare.align.attribution_data import (
    SYNONYMS, _FILLERS, _OF, _OPENERS, _TITLES, _bare, _uncased_rules, _union, title_of, uncased_title, word_set,
)
from transcompare.align.attribution_uncased import uncased
from transcompare.align.gender import gender_of_first_name, gender_of_role, gender_of_verb, gender_of_words
from transcompare.align.name_runs import _capitalised, _name_run, _organisation, _words
from transcompare.align.names_ru import nominative
from transcompare.align.quotes import find_quotes
from transcompare.align.verbs import lookup

_BOUNDARY = set(".;:!?«»“”„\"()[]—–")
_BEFORE_BOUNDARY = set(".;:!?()[]—–")  # a title may stand before an organisation in quotes: директор «Тервейна»
_VOWELS = set("aeiouyáéíóúàèìòùâêîôûãõäëïöüаеёиоуыэюяй")


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


_AGE_AFTER = re.compile(r"\s*,\s*(?:\d{1,3}|[\w-]+(?: [\w-]+)? (?:ans|anos|años|anni|лет|года|год|Jahre|years old))"
                        r"\s*[,.;]")  # an age in apposition marks a person


def _named_alone(name: str, alone: set[str]) -> bool:
    """A name of two words or more whose surname alone speaks in the article ("Elena Pardoe" … "says Pardoe"):
    a person (a club written alone, "outlast Oranto", does not speak)."""
    last = name.split()[-1]
    return any(same_name(last, w) for w in alone if w != name.split()[0])


_RELATIVES = _union("relatives")


def _stem(word: str) -> str:
    return word[:5]


_STOPS = {w for rules in _uncased_rules().values() for w in rules.get("stops", [])}
_UNCASED_AGE = re.compile(r"\d|البالغ")
_HONORIFICS = {"פרופ׳", "ד״ר", "מר", "גב׳", "עו״ד", "דוקטור", "פרופסור", "الدكتور", "الدكتورة", "د."}  # before a name
_UNCASED_PREFIXES = ("وال", "ال", "وه", "וה", "ה", "ו", "و")
_PREFIX_LETTERS = "וכלבמשوفبل"  # letters prefixed to a complement ("מהמכון"): with the article after them


def _uncased_word(word: str) -> str:
    """An Arabic or Hebrew word without its article or conjunction prefix, for comparing phrases."""
    w = word.strip(",.;:«»“”\"'()،״")
    for prefix in _UNCASED_PREFIXES:
        if w.startswith(prefix) and len(w) > len(prefix) + 2:
            return w[len(prefix):]
    return w


@lru_cache(maxsize=65536)  # each article's names are compared with the story's, again and again
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
        key = (lang or "en").split("-")[0].casefold()
        self._pronoun_words = set().union(*(word_set(key, k) for k in (
            "pronouns", "possessives", "object_pronouns", "disjunctive_pronouns")))
        self.mentions: list[list[tuple[int, str]]] = []  # per sentence: (character offset, full name)
        self.roles: dict[str, list[tuple[int, str]]] = {}  # title -> [(sentence, full name)]
        self.names: list[str] = [k for k in sorted(known) if len(k.split()) >= 2 and not _organisation(k)]
        self._context: dict[str, set[str]] = {}  # name as written -> stems of the words around it
        self._appositive: set[str] = set()  # names set off by commas after a role: people
        self._gender: dict[str, str] = {}  # name as written -> "f" / "m", where its title or article says
        self.other: list[str] = []  # names of two words or more that may be places or bodies ("Harrow Quay")
        runs = [self._runs(t) for t in texts] if self.cased else [[] for _ in texts]
        self.own = {name for found in runs for _s, name, _t in found}  # the names as this article writes them
        if self.lang == "ru":
            self.own |= {nominative(n) for n in self.own}
        alone = {k for k in known if len(k.split()) == 1}  # surnames the article gives as speakers
        for found in runs:  # full names first, so that a surname anywhere can be matched to one
            for _start, name, titles in found:
                if len(name.split()) >= 2 and not _organisation(name) and (
                        titles or name in known or name in self._appositive or _named_alone(name, alone)):
                    if self.lang == "ru":  # "по словам Андрея Волкова": the person is Андрей Волков
                        name = nominative(name)
                    if name not in self.names:
                        self.names.append(name)
                elif len(name.split()) >= 2 and name not in self.other:
                    self.other.append(name)
        self.weak: list[list[str]] = []  # per sentence: names of two words or more that are not known people
        self.context: dict[str, set[str]] = {}  # person -> stems of the words next to their names
        self.gender: dict[str, str] = {}  # person -> "f" / "m": from their title, article, pronouns and verbs
        places = word_set(key, "places")
        for k, found in enumerate(runs):
            here = []
            for start, name, titles in found:
                person = self.person(name)
                if person:
                    here.append((start, person))
                    self.context.setdefault(person, set()).update(self._context.get(name, ()))
                    if name in self._gender:
                        self.gender.setdefault(person, self._gender[name])
                    for title in titles:
                        self.roles.setdefault(title, []).append((k, person))
            self.mentions.append(here)
            self.weak.append([n for s, n, _t in found if len(n.split()) >= 2 and not self.person(n)
                              and not _organisation(n)
                              and _bare((texts[k][:s].split() or [""])[-1]) not in places])  # "on Mill Lane"
        if not self.cased:
            self._intros(texts)
        for person in self.names:  # where nothing in the article said, the first name may ("Ingrid Solano")
            if person not in self.gender:
                found = gender_of_first_name(person, lang)
                if found:
                    self.gender[person] = found

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
                definite = tok.startswith(("ה", "וה", "ال", "وال")) and not tok.startswith(title)
                nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
                if definite and i == 0 and (not nxt or nxt[:1] in "הال" or (nxt[:1] in _PREFIX_LETTERS
                                                                          and nxt[1:2] in "הا") or uncased_title(nxt)):
                    continue  # "החוקר מהמכון … עוקב": "the researcher" refers to someone ("המנכ״ל ריינר X" names him)
                phrase, commas = [], 0
                for t, _s in tokens[i:i + 7]:
                    bare_t = t.strip(",.:;،«»“”\"״()")
                    if t[:1] in "«»“”\"״(" or (phrase and (bare_t in _STOPS or lookup(bare_t, self.lang)
                                                       or bare_t[:1] in "וو" and lookup(bare_t[1:], self.lang))):
                        break  # "שר התרבות מבטיח מיליונים": the title's phrase ends at a verb
                    phrase.append(t.strip(",.;:!?،«»“”\"״()"))
                    if t.endswith((",", "،")):
                        commas += 1
                        rest = _segment(tokens, tokens.index((t, _s)) + 1)
                        if commas == 2 or not 0 < rest <= 4:
                            break  # "ראש העירייה, רוזה אימברט," goes on; "ראשת העיר, הפרויקט עלה…" does not
                    if t.endswith((".", ":", ";", "!", "?", "؛")):
                        break
                before = []  # "פרופ׳ אסף לנדאו, החוקר …": the name before the title's comma
                if i and tokens[i - 1][0].endswith((",", "،")) and title not in _HONORIFICS:
                    for t, _s in reversed(tokens[max(0, i - 4):i]):
                        if before and t.endswith((",", "،", ".", ":", ";")) or t.strip(",.،") in _STOPS \
                                or t[-1:] in "»”״\"":
                            break
                        before.insert(0, t.strip(",.;:!?،«»“”\"״()"))
                    before = before if 1 < len(before) <= 3 else []
                phrase = before + phrase
                if len(phrase) >= 3:
                    name = " ".join(phrase)
                    here.append((start, name))
                    self.roles.setdefault(title, []).append((k, name))
                    self.context[name] = {_uncased_word(w) for w in phrase}
            here += self._untitled(tokens, inside)
            self.mentions[k] = sorted(here)

    def _untitled(self, tokens: list[tuple[str, int]], inside: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """Hebrew names with no title, marked by what follows them: an age ("סיגל עמר, בת 38,") or a relative
        clause between commas after a noun ("משקיע, איתן רביבו, שגדל"); the age word also gives the gender."""
        rules = _uncased_rules().get((self.lang or "").split("-")[0].casefold(), {})
        ages, relative = rules.get("age_words", {}), rules.get("relative_prefix", "")
        out = []
        for i in range(2, len(tokens)):
            (w1, start), (w2, _s) = tokens[i - 2], tokens[i - 1]
            if not w2.endswith(",") or w1.endswith((",", ".", ":")) or any(a <= start < b for a, b in inside) \
                    or w1.strip(",") in _STOPS or w2.strip(",") in _STOPS or uncased_title(w1) or uncased_title(w2):
                continue
            nxt = [t for t, _ in tokens[i:i + 3]]
            age = next((ages[t] for t in nxt[:2] if t in ages), "")
            after_comma = i >= 3 and tokens[i - 3][0].endswith(",")  # "משקיע, איתן רביבו, שגדל"
            if age and any(t.strip(",.")[:1].isdigit() for t in nxt):
                gender = age
            elif relative and after_comma and nxt[0].startswith(relative) and len(nxt[0]) > 3:
                gender = ""
            else:
                continue
            name = f"{w1} {w2.rstrip(',')}"
            out.append((start, name))
            if gender:
                self.gender.setdefault(name, gender)
        return out

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
                titles += self._titles_before(text, words, k, self.lang) + self._titles_after(text, words, j)
                titles = [t for t in dict.fromkeys(titles) if t not in _OF]
                out.append((words[k][1], name, titles))
                after = text[words[j - 1][2]:words[j][1]] if j < len(words) else text[words[j - 1][2]:]
                if len(name.split()) >= 2 and k and text[words[k - 1][2]:words[k][1]].strip().endswith(",") \
                        and (not after.strip() or after.strip()[:1] in ",.;:"):
                    self._appositive.add(name)  # "…, disse a presidente do Sindicato (Sinprof), Lúcia Amaral."
                if len(name.split()) >= 2 and (_AGE_AFTER.match(text[words[j - 1][2]:])
                                               or (after.strip() == "," and j < len(words)
                                                   and words[j][0].casefold() in _RELATIVES)):
                    # "Elena Pardoe, 71,", "Odile Ravenel, cinquante-quatre ans,", "Jonah Tell, who took over"
                    self._appositive.add(name)
                agrees = gender_of_verb(words[j][0], self.lang) if self.lang == "ru" and j < len(words) \
                    and not _capitalised(words[j][0]) and not after.strip() else ""
                if len(name.split()) >= 2 and agrees:  # "Ксения Валуева приехала": a person, by the verb's gender
                    self._appositive.add(name)
                    self._gender.setdefault(name, agrees)
                if titles:
                    near = [w for w in run[:len(run) - len(name.split())]] + [w for w, _, _ in words[k:j]]
                    before = self._stretch_before(text, words, k)
                    near += before + self._apposition(text, words, j)
                    self._context.setdefault(name, set()).update(_stem(_bare(w)) for w in near if _bare(w))
                    b0 = k - len(before)  # "La ministre … de la Santé, Mirela Kastner": the article of the title
                    role = f"{words[b0 - 1][0]} {words[b0][0]}" if before and b0 > 0 else ""
                    near = [w for w in near if _bare(w) not in self._pronoun_words]  # "his visit is to X": not hers
                    found = gender_of_words(near, self.lang) or gender_of_role(role, self.lang)
                    if found:
                        self._gender.setdefault(name, found)
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
    def _titles_before(text: str, words, k: int, lang: str | None = None) -> list[str]:
        """Title words in the stretch before a name, back to a boundary or an earlier comma: "le projet de la
        maire, Marta Kovalen", "Selon la directrice des finances de la ville, Leonie Strand"."""
        out: list[str] = []
        if k and _bare(words[k - 1][0]) in _OF:
            return out  # "diretor do Instituto Nacional": the name is the title's complement, not its holder
        key = (lang or "en").split("-")[0].casefold()
        and_words = word_set(key, "conjunctions") | word_set(key, "coordinators")
        for b in range(k - 1, max(-1, k - 8), -1):
            gap = text[words[b][2]:words[b + 1][1]]
            if any(c in _BEFORE_BOUNDARY for c in gap) or ("," in gap and b + 1 != k):
                break
            w = _bare(words[b][0])
            if b + 1 < k and _capitalised(words[b][0]) and not title_of(w) and _bare(words[b + 1][0]) in and_words:
                break  # "Fire commander Jonas Pirrie and union leader Magda Orel": another name, not her title
            if lookup(w, lang) or (b and lookup(f"{_bare(words[b - 1][0])} {w}", lang)):
                break  # "Minister says Santa Aurelia ignored …", "La sindaca ha accusato Belhadj": the title is
                # the verb's subject, not the name's
            if w in _OF and b + 1 < k and not _capitalised(words[b + 1][0]) and not title_of(_bare(words[b + 1][0])) \
                    and _bare(words[b + 1][0]) not in _ARTICLES and "," not in text[words[k - 1][2]:words[k][1]]:
                break  # "corresponsal … del diario delmariano Ilsen Ledger": the name is the paper's, not the title's
            if title_of(w):
                out.append(title_of(w))
            out += [p for p in w.split("-") if p in _TITLES and p != w]  # "presidente-executivo"
        return out

    @classmethod
    def _titles_after(cls, text: str, words, j: int) -> list[str]:
        """Title words of an apposition right after a name: "Irena Castellan, the health minister,"."""
        return [title_of(w) for w in cls._apposition(text, words, j) if title_of(w)]

    def person(self, name: str) -> str:
        """The full name this written name stands for ('' when it is no person the article or run names)."""
        parts = name.split()
        if not parts:
            return ""
        matches = [n for n in self.names if same_name(n.split()[-1], parts[-1])
                   or (len(parts) == 1 and n.split()[0].casefold() == parts[0].casefold())]  # a first name alone
        if matches:  # the article's own spelling first ("Dariusz Halvorsen", not another article's
            # "Vorstandschef Dariusz Halvorsen"), then the fullest
            return max(matches, key=lambda n: (n in self.own, len(n.split()), -self.names.index(n)))
        return ""

    def sex(self, name: str, default: str = "") -> str:
        """"f" or "m" for a name as written ("Halvorsen": the gender of Margit Halvorsen, whom "she wrote" made a
        woman), else ``default``."""
        return self.gender.get(name) or self.gender.get(self.person(name), default)

    def first_name(self, speaker: str) -> str:
        """A speaker named by first name only ("lembra Tatiana") as the full name the article gives her
        ("Tatiana Moura"); any other speaker as it is."""
        if len(speaker.split()) != 1 or not self.cased:
            return speaker
        full = [n for n in self.names + self.other if len(n.split()) >= 2 and n.split()[0] == speaker
                and not same_name(n.split()[-1], speaker)]
        return full[0] if len(set(full)) == 1 else speaker

    def surname(self, word: str) -> str:
        """The name of two words or more whose last word this one is ("Kovalen" -> "Marta Kovalen", even where
        no title marks her as a person), or ''."""
        return self.person(word) or next((n for n in self.other if same_name(n.split()[-1], word)), "")

    def last_mention(self, before: int, gender: str = "") -> tuple[int, str]:
        """The person named last before sentence ``before``; failing any, the last name of two words or more
        (which may be a person no title marks: "Helga Stavrou leitet den Verband"), with ``gender`` the last
        whose first name has it where one has ("he" is Gregor Alvenholt, not the website Tessarine Now)."""
        for k in range(before - 1, -1, -1):
            if self.mentions[k]:
                return k, self.mentions[k][0][1]
        weak = [(k, name) for k in range(before - 1, -1, -1) for name in reversed(self.weak[k])]
        return self.weak_of(before, gender) or (weak[0] if weak else (-1, ""))

    def weak_of(self, before: int, gender: str) -> tuple[int, str] | None:
        """The last untitled name before sentence ``before`` whose first name has ``gender``, or None."""
        return next(((k, n) for k in range(before - 1, -1, -1) for n in reversed(self.weak[k])
                     if gender and gender_of_first_name(n, self.lang) == gender), None)

    def role(self, title: str, at: int, phrase: str = "", gender: str = "") -> str:
        """The person a role stands for: of those introduced with its title (or a synonym), the one whose title's
        words the role shares most ("the health minister" -> "Health Minister Ana Ruiz", not "Finance Minister
        Karl Dorn"), then one of its gender ("la ministre" -> the woman), the last introduced before it (else after)."""
        seen = (self.roles.get(title) or [i for t in sorted(SYNONYMS.get(title, ())) for i in self.roles.get(t, [])]
                or [i for t, items in self.roles.items() if self.cased and len(t) > len(title) and t.endswith(title)
                    for i in items])  # "l'édile": "la maire X"; "die Ministerin": "Gesundheitsministerin X"
        if not seen:
            return self._described(title, at, gender)
        if self.cased:
            words = {_stem(_bare(w)) for w in phrase.split()} - {_stem(title)}
            words -= {_stem(w) for w in _ARTICLES | _OF}
        else:
            words = {_uncased_word(w) for w in phrase.split()} - {title}

        def rank(item: tuple[int, int, str]) -> tuple:
            order, k, name = item
            shared = len(words & self.context.get(name, set()))
            known = self.gender.get(name, "")
            agrees = 0 if gender and known and known != gender else 1 + bool(gender and known == gender)
            return (shared, agrees, k <= at, order if k <= at else -order)

        best = max(((n, k, name) for n, (k, name) in enumerate(seen)), key=rank)
        if best[1] > at and any(self.mentions[k] for k in range(min(at, len(self.mentions)))):
            return ""  # only someone introduced later has the title: the role refers back to someone named before
        return best[2]

    def _described(self, title: str, at: int, gender: str) -> str:
        """A role no name came with: the one person named before whose words share its stem ("la toxicologue")."""
        found = {name for k in range(min(at, len(self.mentions))) for _s, name in self.mentions[k] if self.cased and
                 _stem(title) in self.context.get(name, ()) and (not gender or self.gender.get(name, gender) == gender)}
        return found.pop() if len(found) == 1 else ""
