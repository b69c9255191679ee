"""The one language table: ISO 639 codes, their aliases, English names, script direction, and which languages
language identification proposes. The table is data (``data/languages.tsv``); every module asks here.

>>> from transcompare import langs
>>> langs.normalise("ENG"), langs.normalise("pt-BR"), langs.normalise("iw"), langs.normalise("english")
('en', 'pt', 'he', None)
>>> langs.name("de"), langs.label("ru"), langs.iso3("he"), langs.direction("ar")
('German', 'Russian (ru)', 'heb', 'rtl')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["Language", "by_code", "direction", "identified", "is_known", "iso1", "iso3", "known_codes",
           "label", "meant", "did_you_mean", "name", "normalise", "require_codes"]


@dataclass(frozen=True)
class Language:
    code: str          # ISO 639-1
    iso3: str          # ISO 639-3 (terminological)
    name: str          # English name
    aliases: tuple[str, ...]
    direction: str     # "ltr" or "rtl"
    identified: bool   # proposed by language identification


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Language], dict[str, str]]:
    """(ISO 639-1 code -> Language, any known code or alias -> ISO 639-1 code)."""
    text = files("transcompare").joinpath("data/languages.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    by_code: dict[str, Language] = {}
    lookup: dict[str, str] = {}
    for row in rows:
        rec = dict(zip(header, row))
        aliases = tuple(a for a in rec["aliases"].split(",") if a)
        lang = Language(rec["code"], rec["iso3"], rec["name"], aliases, rec["direction"], rec["identified"] == "yes")
        by_code[lang.code] = lang
        for key in (lang.code, lang.iso3, *aliases):
            lookup.setdefault(key, lang.code)
    return by_code, lookup


def normalise(code: str | None) -> str | None:
    """The ISO 639-1 code for any spelling of a known language code (ISO 639-1/-2/-3, a retired or individual
    code, any case, a region or script suffix such as ``pt-BR`` or ``eng_US``); None if the code is unknown."""
    if not code:
        return None
    key = str(code).strip().lower().replace("_", "-").split("-")[0]
    return _table()[1].get(key)


def meant(value: str | None) -> str | None:
    """The ISO 639-1 code a value that is not one most likely means: another spelling of a code (``spa``,
    ``pt-BR``) or a language's English name in any case (``english``, ``Spanish``; not its own name,
    ``deutsch``); None if neither."""
    if not value:
        return None
    found = normalise(value)
    if found:
        return found
    key = str(value).strip().casefold()
    return next((code for code, lang in _table()[0].items() if lang.name.casefold() == key), None)


def did_you_mean(value: str | None) -> str:
    """``"; did you mean 'en'?"`` for :func:`meant`'s code (empty without one), for the end of an error."""
    code = meant(value)
    return f"; did you mean '{code}'?" if code and code != str(value).strip() else ""


def is_known(code: str | None) -> bool:
    """Whether ``code`` is exactly an ISO 639-1 code (the codes pipeline files and options accept)."""
    return bool(code) and str(code).lower() in _table()[0]


def known_codes() -> frozenset[str]:
    """All ISO 639-1 codes."""
    return frozenset(_table()[0])


def by_code(code: str) -> Language | None:
    norm = normalise(code)
    return _table()[0].get(norm) if norm else None


def iso1(code: str) -> str:
    """ISO 639-1 for a known code (``spa`` -> ``es``); an unknown code passes through unchanged (``ast``)."""
    return normalise(code) or code.strip()


def iso3(code: str) -> str:
    """ISO 639-3 for a known code (``es`` -> ``spa``); an unknown code passes through unchanged."""
    lang = by_code(code)
    return lang.iso3 if lang else code


def name(code: str) -> str | None:
    lang = by_code(code)
    return lang.name if lang else None


def label(code: str) -> str:
    """``Russian (ru)``; the code alone when unknown."""
    n = name(code)
    return f"{n} ({code})" if n else code


def direction(code: str | None) -> str:
    lang = by_code(code) if code else None
    return lang.direction if lang else "ltr"


def identified() -> tuple[str, ...]:
    """Languages that language identification proposes, in table order."""
    return tuple(code for code, lang in _table()[0].items() if lang.identified)


def require_codes(option: str, codes) -> None:
    """A one-line InputError for an option value that is not an ISO 639-1 code (``--to english``)."""
    from transcompare.errors import InputError

    for code in codes:
        if not is_known(code):
            raise InputError(f"{option} {code}: unknown language code (use ISO 639-1 codes such as en, es, ru)"
                             f"{did_you_mean(code)}")
