"""The word lists attribution reads, per language (data files in ``lexicons/``): pronouns, titles, the words
that join a title's parts, fillers, articles, pronoun sources; and, for scripts without capital letters, the stop
words that end a speaker."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

_WORDS_FILE = Path(__file__).with_name("lexicons") / "attribution_words.toml"


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, dict[str, list[str]]]:
    import tomllib

    return tomllib.loads(_WORDS_FILE.read_text(encoding="utf-8"))


@cache
def word_set(key: str, kind: str) -> frozenset[str]:
    """One word list of one language (``attribution_words.toml``: ``[key] kind = [...]``) as a set, built once."""
    return frozenset(_word_lists().get(key, {}).get(kind, []))


@lru_cache(maxsize=65536)  # a word recurs in every article of a run
def _bare(word: str) -> str:
    """A word casefolded, without the punctuation around it or an elided article ("l'édile" -> "édile")."""
    w = word.casefold().strip(",.;:«»“”\"'()")
    return w[2:] if w[:2] in ("l'", "l’", "d'", "d’") else w


def _union(kind: str) -> set[str]:
    return {w for lists in _word_lists().values() for w in lists.get(kind, [])}


PRONOUNS: dict[str, set[str]] = {lang: set(lists.get("pronouns", [])) for lang, lists in _word_lists().items()}
_TITLES = _union("titles")  # every language's: a Spanish article may name "the Russian Foreign Minister"
_OF = _union("of")
_FILLERS = _union("fillers")
_GROUPS = [set(g) for lists in _word_lists().values() for g in lists.get("role_synonyms", [])]
SYNONYMS = {t: set().union(*(g for g in _GROUPS if t in g)) - {t} for g in _GROUPS for t in g}  # the role_synonyms


@cache
def aside_pattern(key: str) -> re.Pattern | None:
    """A language's ``asides`` with the commas around them ("prévient de son côté la toxicologue"), longest first;
    None where it has none. Built once per language, not per sentence."""
    asides = sorted(word_set(key, "asides"), key=lambda a: (-len(a), a))
    return re.compile(r"\s*,?\s+(?:%s)\s*,?(?=\s)" % "|".join(map(re.escape, asides)), re.I) if asides else None
_SUFFIXES = frozenset(t for t in _TITLES if len(t) >= 6 and " " not in t)  # titles that end a compound word
_SUFFIX_LENGTHS = sorted({len(t) for t in _SUFFIXES}, reverse=True)


@lru_cache(maxsize=65536)
def title_of(word: str) -> str:
    """The title a word is, casefolded ("Minister" -> "minister"), also with an elided article ("l'édile" ->
    "édile"), as the last part of a hyphenated compound ("Kestrel-Bay-Trainer" -> "trainer") or at the end of a
    German compound ("Finanzministerin" -> "ministerin", "Notenbankchefin"); '' when it is none."""
    w = word.casefold().strip(",.;:«»“”\"'()")
    if w[:2] in ("l'", "l’", "d'", "d’"):
        w = w[2:]
    if w in _TITLES:
        return w
    if "-" in w and w.rsplit("-", 1)[1] in _TITLES:
        return w.rsplit("-", 1)[1]
    for ending, other in _TITLE_ENDINGS:  # "cheffe" -> "chef": the title in its other gender
        if w.endswith(ending) and len(w) >= len(ending) + 3 and w[:-len(ending)] + other in _TITLES:
            return w[:-len(ending)] + other
    if "а" <= w[-1:] <= "я" or w[-1:] == "ё":  # Russian cases: "дипломата", "министру", "главой", "председателя"
        for cut in (1, 2, 3):
            if len(w) - cut >= 4 and w[:-cut] in _TITLES:
                return w[:-cut]
            if len(w) - cut >= 4 and w[:-cut] + "ь" in _TITLES:
                return w[:-cut] + "ь"
    heads = [h for h in _GERMAN_HEADS if w.endswith(h) and len(w) >= len(h) + 3 and w.isalpha()]
    if heads:  # "Verbandschef", "Bahnchefin"
        return max(heads, key=len)
    for cut in ("es", "en", "s", "n"):  # German genitive and weak nouns: "des Ministers", "dem Vorsitzenden"
        if w.endswith(cut) and w[:-len(cut)] in _GERMAN_TITLES and w[0].isalpha():
            return w[:-len(cut)]
    if not w.isalpha():
        return ""
    return next((w[-n:] for n in _SUFFIX_LENGTHS if len(w) >= n + 3 and w[-n:] in _SUFFIXES), "")  # the longest


_TITLE_ENDINGS = tuple(tuple(pair) for rules in _word_lists().values() for pair in rules.get("title_endings", []))
_GERMAN_TITLES = frozenset(_word_lists().get("de", {}).get("titles", []))
_GERMAN_HEADS = tuple(_word_lists().get("de", {}).get("compound_heads", []))
_OPENERS = _union("openers")
_AGE = re.compile(r"^\d+[-‑]?(?:year-old|jährige[rn]?|летн\w*|ans|anos|años|anni)$", re.IGNORECASE)  # "51-летнего"
_UNCASED_FILE = Path(__file__).with_name("lexicons") / "attribution.toml"


@lru_cache(maxsize=1)
def _uncased_rules() -> dict[str, dict]:
    import tomllib

    return tomllib.loads(_UNCASED_FILE.read_text(encoding="utf-8"))


_HEADLINE = re.compile(r"^\s*([^\W\d_][\w.’'\-]*(?:\s+[^\W\d_][\w.’'\-]*){0,2})\s*:\s+\S")


def _headline_speaker(text: str, key: str) -> str:
    """"Lavrov: …", "Castellan: Impfungen …", "ולנד: ״…״": one to three words, then a colon, open a headline
    (or its last part, after a ";") that quotes or paraphrases them (capitalised where the script has capitals);
    also "Lavrov on Syria: …", "שר התחבורה על הרכבת: …" (the words for "on" are ``headline_about``)."""
    text = (text or "").rsplit(";", 1)[-1]
    m = _HEADLINE.match(text)
    about = _word_lists().get(key, {}).get("headline_about", [])
    if not m and about:
        m = re.match(r"^\s*([^\W\d_][\w.’'\-]*(?:\s+[^\W\d_][\w.’'\-]*){0,2})\s+(?:"
                     + "|".join(re.escape(a) for a in about) + r")\s+[^:;]{1,60}?:\s+\S", text)
    if not m:
        return ""
    name = m.group(1)
    if any(ch.isalpha() and ch.lower() != ch.upper() for ch in name) and not (name[:1].isupper() and all(
            w[:1].isupper() or title_of(w.casefold()) for w in name.split())):
        return ""  # a script with capitals: each word capitalised, or a title ("Union boss: …", "Fire chief: …")
    return name


@lru_cache(maxsize=65536)
def uncased_title(word: str) -> str:
    """A title word of Arabic or Hebrew with its article or conjunction prefix, or a possessive suffix, taken off
    ("الوزيرة" -> "وزيرة", "וראש" -> "ראש", "رئيسها" -> "رئيس"); '' when it is none."""
    w = word.strip(",.;:«»“”\"'()،״")
    suffixes = [""] + sorted({x for r in _uncased_rules().values() for x in r.get("possessive_suffixes", [])}, key=len,
                             reverse=True)
    for suffix in suffixes:  # "رئيسها" (its head) -> "رئيس"
        stem = w[:len(w) - len(suffix)] if suffix and w.endswith(suffix) and len(w) > len(suffix) + 2 else w
        if suffix and stem == w:
            continue
        for prefix in ("وال", "ولل", "لل", "ال", "ول", "وه", "וה", "ה", "ו", "و", ""):
            bare = stem[len(prefix):] if stem.startswith(prefix) else ""
            for form in (bare, bare.replace("״", '"')):  # gershayim or a double quote: "עו״ד", "עו"ד"
                if form in _TITLES:
                    return form
            if bare.endswith("ת") and bare[:-1] + "ה" in _TITLES:  # Hebrew construct state: "נציגת" of "נציגה"
                return bare[:-1] + "ה"
    return ""
