"""Offline language identification (lingua ships its models in the wheel)."""

from __future__ import annotations

from functools import lru_cache

from transcompare import langs

# Languages identified automatically (the table's `identified` column): the news languages transcompare is used with.
CANDIDATES = langs.identified()
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in CANDIDATES if hasattr(IsoCode639_1, c.upper())]
    if not codes:  # pragma: no cover - lingua always has these
        raise RuntimeError("lingua has none of the candidate languages")
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence) of ``text``; (None, 0) when nothing is confident enough."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < 10:
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    if top.value < MIN_CONFIDENCE:
        return None, top.value
    return top.language.iso_code_639_1.name.lower(), top.value


def signature() -> dict:
    from importlib.metadata import version

    return {"name": "lingua", "version": version("lingua-language-detector"), "candidates": len(CANDIDATES)}
