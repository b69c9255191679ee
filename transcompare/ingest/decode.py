"""Bytes -> text: size limit, binary detection, BOMs, and charset detection without mojibake."""

from __future__ import annotations

import codecs
import os
import stat
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


def os_problem(err: OSError) -> str:
    """The one-line problem for an OSError (``cannot read (Permission denied)``)."""
    return f"cannot read ({err.strerror or err})"


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a non-regular file is, for a message: ``a named pipe``, ``a character device``..."""
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def not_regular(mode: int) -> str:
    return f"not a regular file ({file_kind(mode)}); give a file, not a pipe or a device"


def bad_name(err: ValueError) -> str:
    """The problem with a name the OS functions refuse before asking the OS (ValueError)."""
    if isinstance(err, UnicodeEncodeError):
        return f"not a valid file name (it holds \\u{ord(err.object[err.start]):04x}, a lone surrogate)"
    return "not a valid file name (it holds a NUL character)"


def _too_large(size: float, limit: int) -> str:
    return f"file is too large ({size / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB)"


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (else InputError).

    A pipe, a device or a socket is refused before it is opened (opening a FIFO waits for a writer; a device
    reports size 0, so a size check alone never stops ``/dev/zero``); the read itself is bounded too, for files
    whose size says nothing (``/proc``) or that grow while read."""
    try:
        st = os.stat(path)
    except OSError as err:
        raise InputError(path, os_problem(err)) from None
    except ValueError as err:  # a NUL byte in the name, or a lone surrogate that no file name can hold
        raise InputError(path, bad_name(err)) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, not_regular(st.st_mode))
    if st.st_size > limit:
        raise InputError(path, _too_large(st.st_size, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise InputError(path, os_problem(err)) from None
    try:
        with open(fd, "rb", closefd=True) as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced by a pipe since the check above
                raise InputError(path, not_regular(os.fstat(fh.fileno()).st_mode))
            want = min(st.st_size, limit) + 1
            data = fh.read(want)
            if len(data) < want:
                return data
            chunks, size = [data], len(data)  # longer than its size said: read on, never past the limit
            while size <= limit:
                chunk = fh.read(min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                raise InputError(path, f"file is too large (more than the limit of {limit / 2**20:g} MiB)")
            return b"".join(chunks)
    except OSError as err:
        raise InputError(path, os_problem(err)) from None


# Characters that show nothing but are not whitespace to str.strip(): a file of only these is empty too.
_BLANK = "".join(chr(i) for i in range(0x3001) if chr(i).isspace()) + "\u200b\u200c\u200d\u2060\ufeff"


def decode(data: bytes, where: str) -> str:
    """Decode article bytes; raise InputError for empty, binary or undecodable input."""
    if not data:
        raise InputError(where, "file is empty")
    text = _decode(data, where)
    if not text.strip(_BLANK):
        raise InputError(where, "file is empty (only whitespace)")
    return text


def _decode(data: bytes, where: str) -> str:
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
    try:
        data.decode("utf-8")
        at = ""
    except UnicodeDecodeError as err:
        at = f"; its first byte that is not UTF-8 is 0x{data[err.start]:02x}, at offset {err.start}"
    raise InputError(where, f"cannot decode the text (not UTF-8/UTF-16, nor a known legacy encoding{at})")
