"""The reporting-verb lexicon: every form of a reporting verb per language, with its lemma, an English gloss
and a class (``neutral``, ``assertive``, ``distancing``, ``negative``, ``warn``, ``admit``, ``announce``,
``suggest``; ``source`` for "according to" and its kin, which are not verbs). The lexicon is data,
``lexicons/verbs/CODE.toml``, one file per language; ``lexicons/verbs/README.md`` documents the classes and
their sources.

>>> from transcompare.align.verbs import lookup
>>> lookup("afirmó", "es").lemma, lookup("afirmó", "es").gloss, lookup("afirmó", "es").cls
('afirmar', 'affirm', 'assertive')
>>> lookup("según", "es").is_source, lookup("nonsense", "es") is None
(True, True)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transcompare.errors import ConfigError

LEXICON_DIR = Path(__file__).with_name("lexicons") / "verbs"
CLASSES = ("neutral", "assertive", "distancing", "negative", "warn", "admit", "announce", "suggest", "source")
_KEYS = {"gloss", "class", "forms", "kind"}


@dataclass(frozen=True)
class Verb:
    form: str      # as written (lower case)
    lemma: str
    gloss: str     # English
    cls: str       # one of CLASSES
    kind: str = "verb"  # or "source", or "directive" (an order or advice: the verb only when no other is)

    @property
    def is_source(self) -> bool:
        return self.kind == "source"

    @property
    def is_directive(self) -> bool:
        return self.kind == "directive"


def _load(path: Path) -> dict[str, Verb]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the verb lexicon ({err})") from None
    out: dict[str, Verb] = {}
    for lemma, entry in data.items():
        where = f"{path}: [{lemma}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table")
        unknown = set(entry) - _KEYS
        if unknown:
            raise ConfigError(f"{where} unknown key '{sorted(unknown)[0]}' (allowed: {', '.join(sorted(_KEYS))})")
        cls, kind = entry.get("class"), entry.get("kind", "verb")
        if cls not in CLASSES:
            raise ConfigError(f"{where} class '{cls}' is not one of {', '.join(CLASSES)}")
        if kind not in ("verb", "source", "directive"):
            raise ConfigError(f"{where} kind must be 'verb', 'source' or 'directive'")
        forms = entry.get("forms")
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f for f in forms):
            raise ConfigError(f"{where} forms must be a non-empty list of strings")
        for form in forms:
            key = " ".join(form.casefold().split())
            if key in out:
                raise ConfigError(f"{where} form '{form}' is also under [{out[key].lemma}]")
            out[key] = Verb(key, lemma, str(entry.get("gloss", "")), cls, kind)
    return out


@lru_cache(maxsize=None)
def lexicon(lang: str) -> dict[str, Verb]:
    """Form -> Verb for a language ({} when it has no file)."""
    path = LEXICON_DIR / f"{lang}.toml"
    return _load(path) if path.exists() else {}


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The languages that have a verb lexicon (a file each)."""
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.toml")))


@lru_cache(maxsize=65536)  # the same few words are looked up for every sentence
def lookup(form: str, lang: str | None) -> Verb | None:
    """The lexicon entry of a verb form as written ("a déclaré", "Said"), or None."""
    if not form or not lang:
        return None
    return lexicon(lang.split("-")[0].casefold()).get(" ".join(form.casefold().split()))
