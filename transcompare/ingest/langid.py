"""Offline language identification (lingua ships its models in the wheel)."""

from __future__ import annotations

from functools import lru_cache

# Languages identified automatically: the news languages transcompare is used with.
CANDIDATES = ("en", "ru", "ar", "he", "de", "fr", "es", "pt", "ca", "it", "zh", "uk", "tr", "fa", "pl", "nl",
              "ja", "ko", "el", "ro", "sv", "cs", "hu", "gl", "eu", "hi", "ur", "id")
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in CANDIDATES if hasattr(IsoCode639_1, c.upper())]
    if not codes:  # pragma: no cover - lingua always has these
        raise RuntimeError("lingua has none of the candidate languages")
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo
es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka
kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su
sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split())


def known_codes() -> frozenset[str]:
    """ISO 639-1 codes transcompare accepts as a declared language."""
    return ISO_639_1


def require_codes(option: str, codes) -> None:
    """A one-line InputError for an option value that is not an ISO 639-1 code (``--to english``)."""
    from transcompare.errors import InputError

    for code in codes:
        if code.lower() not in ISO_639_1:
            raise InputError(f"{option} {code}: unknown language code (use ISO 639-1 codes such as en, es, ru)")


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
