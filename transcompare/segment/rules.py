"""What the splitter knows about each language: :class:`LangRules`, read from the data files ``rules/<code>.toml``.

One TOML file per language, named by the ISO 639-1 code (``und.toml``: the generic rules for every other
language); ``und.toml`` explains the keys. Every language also gets ``und.toml``'s ``fixed`` and ``ambiguous``
abbreviations (the Latin-script ones that mean the same in every language using them), and an abbreviation in
both lists is ambiguous. A file with an unknown key or a value of the wrong type is rejected with an error
naming the file.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

# a quotation longer than this (characters, about four sentences) is not kept whole: a stray or unbalanced
# quotation mark must not glue a long paragraph into one sentence
MAX_KEPT_QUOTE = 600
GENERIC = "und"
RULES_DIR = "segment/rules"  # inside the transcompare package


@dataclass(frozen=True)
class LangRules:
    """What the splitter knows about one language."""

    code: str
    # abbreviations (lower case, without the final period) that never end a sentence: titles, "z.B", "т.е"
    fixed: frozenset[str] = frozenset()
    # abbreviations that end a sentence only if a sentence opener follows: "etc", "inc", "u.s", "г"
    ambiguous: frozenset[str] = frozenset()
    # typical sentence-initial words (lower case)
    starters: frozenset[str] = frozenset()
    # month names: "3. Oktober" / "Sept. 30" are never boundaries
    months: frozenset[str] = frozenset()
    # "3. Oktober": a period after a small number marks an ordinal unless a sentence opener follows
    ordinal_period: bool = False
    # the script has letter case (a lower-case next word continues the sentence)
    cased: bool = True
    # no spaces between sentences (zh, ja)
    cjk: bool = False
    # reporting words: a closing quote followed within a few words by one of them (“…!” Hammel added;
    # “…؟” قال) does not end the sentence
    attributions: frozenset[str] = frozenset()
    # abbreviations that only precede a number ("No. 5", "Nr. 3", "pág. 12"); otherwise ordinary words
    before_number: frozenset[str] = frozenset()
    # one-letter prefixes glued to words (Hebrew ה, ב, ל...): stripped before looking up abbreviations
    prefixes: str = ""
    # letter names with a period, read as an acronym when another one follows (בי. בי. סי.)
    letters: frozenset[str] = frozenset()


# the keys of a rules file (the order of WORD_LISTS is part of the rules digest)
WORD_LISTS = ("fixed", "ambiguous", "starters", "months", "attributions", "before_number", "letters")
FLAGS = ("ordinal_period", "cased", "cjk")
STRINGS = ("prefixes",)
KEYS = frozenset(WORD_LISTS + FLAGS + STRINGS)
assert KEYS == {f.name for f in fields(LangRules)} - {"code"}, "rules keys and LangRules fields differ"


class RulesFileError(ValueError):
    """A rules file cannot be read, is not valid TOML, or has an unknown key or a value of the wrong type."""


def _check(name: str, data: dict) -> None:
    """Reject unknown keys and values of the wrong type, naming the file and the key."""
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise RulesFileError(f"{name}: unknown key{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join(map(repr, unknown))} (known: {', '.join(sorted(KEYS))})")
    for key, value in data.items():
        if key in FLAGS and not isinstance(value, bool):
            raise RulesFileError(f"{name}: {key} must be true or false, not {value!r}")
        if key in STRINGS and not isinstance(value, str):
            raise RulesFileError(f"{name}: {key} must be a string, not {value!r}")
        if key in WORD_LISTS:
            if not isinstance(value, list):
                raise RulesFileError(f"{name}: {key} must be an array of words, not {value!r}")
            for word in value:
                if not isinstance(word, str) or not word or word != word.lower() or len(word.split()) != 1:
                    raise RulesFileError(f"{name}: {key} holds {word!r}; every entry must be one lower-case word")


def load_rules_file(source: Traversable | Path, common: LangRules | None = None) -> LangRules:
    """The rules in one file (its name without ``.toml`` is the language code), validated.

    ``common``'s fixed and ambiguous abbreviations are added to the file's (every language gets the generic
    ones); an abbreviation in both lists ends up ambiguous only.
    """
    name = str(source)
    code = source.name.removesuffix(".toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise RulesFileError(f"{name}: cannot be read ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise RulesFileError(f"{name}: not valid TOML ({err})") from None
    _check(name, data)
    values: dict = {k: frozenset(v) if k in WORD_LISTS else v for k, v in data.items()}
    fixed = values.pop("fixed", frozenset())
    ambiguous = values.pop("ambiguous", frozenset())
    if common is not None:
        fixed |= common.fixed
        ambiguous |= common.ambiguous
    return LangRules(code=code, fixed=fixed - ambiguous, ambiguous=ambiguous, **values)


def rules_files() -> list[Traversable]:
    """The packaged rules files, sorted by name."""
    folder = files("transcompare").joinpath(RULES_DIR)
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


@lru_cache(maxsize=1)
def _table() -> dict[str, LangRules]:
    """Language code -> its rules, for every packaged rules file (``und`` first: the others build on it)."""
    from transcompare.langs import normalise

    found = {f.name.removesuffix(".toml"): f for f in rules_files()}
    if GENERIC not in found:
        raise RulesFileError(f"{GENERIC}.toml: missing (the generic rules every language builds on)")
    generic = load_rules_file(found.pop(GENERIC))
    table = {GENERIC: generic}
    for code, source in found.items():
        if normalise(code) != code:
            raise RulesFileError(f"{source}: the file name must be an ISO 639-1 code such as en.toml "
                                 f"(language_rules would never find {code!r})")
        table[code] = load_rules_file(source, generic)
    return table


def language_rules(lang: str | None) -> LangRules:
    """The rules for a language code (ISO 639-1 or -3, any case, region suffix allowed); generic if unknown."""
    from transcompare.langs import normalise

    rules = _table()
    code = normalise(lang) or (lang or "").strip().lower()
    return rules.get(code, rules[GENERIC])


def supported_languages() -> list[str]:
    """Languages with their own rules (others get the generic rules)."""
    return sorted(c for c in _table() if c != GENERIC)


def _rules_digest() -> str:
    """A short hash of every language's lists, so a changed list changes the signature (and cache keys)."""
    rules = _table()
    parts = []
    for code in sorted(rules):
        r = rules[code]
        lists = [sorted(getattr(r, f)) for f in WORD_LISTS]
        parts.append(repr([code, r.cased, r.cjk, r.ordinal_period, r.prefixes] + lists + [MAX_KEPT_QUOTE]))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
