"""Bytes -> text: size limit, binary detection, BOMs, and charset detection without mojibake."""

from __future__ import annotations

import codecs
from pathlib import Path

from transcompare.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # one article file; corpora (jsonl/csv/parquet) have their own limit
MAX_CORPUS_BYTES = 2 * 1024 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings tried when the bytes are not UTF-8, in order of preference for news text.
_LEGACY = ("cp1251", "cp1256", "cp1255", "cp1252", "latin-1", "koi8_r", "iso8859_6", "iso8859_8", "gb18030")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    if size > limit:
        raise InputError(path, f"file is too large ({size / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB)")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None


def decode(data: bytes, where: str) -> str:
    """Decode article bytes; raise InputError for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(where, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(where, f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    if b"\x00" in data[:8192]:
        # UTF-16 without BOM has a NUL in every other byte of ASCII text
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise InputError(where, "looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, where)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:4000] if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xD800 <= ord(ch) < 0xE000)
    letters = sum(1 for ch in text[:4000] if ch.isalpha())
    return bad == 0 and letters > 0.3 * len(text[:4000].replace(" ", "").replace("\n", "") or "x")


def _decode_legacy(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is not None and best.encoding:
        text = str(best)
        if _looks_like_text(text):
            return text
    raise InputError(where, "cannot decode the text (not UTF-8/UTF-16, nor a known legacy encoding)")
