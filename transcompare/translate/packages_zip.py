"""Local .argosmodel files (zip archives): checked without extracting anything, then installed.

Validation reads only the archive's directory, each entry's local header and metadata.json (at most
``MAX_METADATA_BYTES``). Installation uses the same open file: every entry is streamed into a staging folder
inside the packages folder (a dot-name, which the argos engine skips), counting the bytes against the entry's
declared size and the package's total, and the package folder is then renamed into place. Any problem is one
ModelPackageError line naming the file and the problem; the staging folder is removed whatever happens, so the
packages folder holds either the old package or the new one, never part of one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transcompare.errors import ModelPackageError
from transcompare.translate.argos import install_dir

try:
    from lzma import LZMAError
except ImportError:  # Python built without lzma: zipfile then cannot read lzma entries either
    class LZMAError(Exception):  # type: ignore[no-redef]
        pass

MAX_PACKAGE_BYTES = 2 * 1024**3  # compressed file
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_METADATA_BYTES = 1024**2
MAX_ENTRIES = 10_000
STAGING_PREFIX = ".transcompare-install-"
_CHUNK = 1 << 20
_CODE = re.compile(r"[a-z]{2,3}(_[A-Za-z]{2,4})?")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ENCRYPTED = 0x01 | 0x40  # traditional (ZipCrypto) or AES encryption; strong encryption
# what zipfile reads (bzip2 and lzma only when Python has the module); other method numbers, named for the message
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
if zipfile.bz2 is not None:
    _METHODS[zipfile.ZIP_BZIP2] = "bzip2"
if zipfile.lzma is not None:
    _METHODS[zipfile.ZIP_LZMA] = "lzma"
_OTHER_METHODS = {1: "shrunk", 2: "reduced", 3: "reduced", 4: "reduced", 5: "reduced", 6: "imploded",
                  9: "deflate64", 10: "PKWARE imploded", 18: "IBM TERSE", 19: "IBM LZ77", 93: "zstd", 94: "MP3",
                  95: "xz", 96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "AES encryption"}
# what reading a hostile archive can raise in zipfile and its decompressors (RecursionError is a RuntimeError)
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, LZMAError, EOFError, OSError, ValueError, struct.error,
               NotImplementedError, RuntimeError, OverflowError)


@dataclass(frozen=True)
class PackageInfo:
    """What a validated .argosmodel contains."""

    top: str
    from_code: str
    to_code: str
    package_version: str
    files: int
    unpacked_bytes: int


def _line(text: str) -> str:
    return _CONTROL.sub("\ufffd", text.replace("\r\n", " ").replace("\n", " "))


def _complaint(path: Path):
    def bad(problem: str) -> ModelPackageError:
        return ModelPackageError(f"{path}: {_line(problem)}; nothing was installed")

    return bad


def _reason(err: BaseException) -> str:
    """One line for what zipfile or a decompressor raised."""
    if isinstance(err, (zlib.error, LZMAError)) or (isinstance(err, OSError) and err.errno is None):
        return f"corrupt compressed data ({err})"  # zlib, lzma; bz2 raises OSError without an errno
    if isinstance(err, OSError):
        return f"cannot read the file ({err.strerror or err})"
    if isinstance(err, EOFError):
        return "the archive ends inside it"
    return str(err) or type(err).__name__


def validate_package_file(path: str | os.PathLike, max_bytes: int = MAX_PACKAGE_BYTES,
                          max_unpacked: int = MAX_UNPACKED_BYTES) -> PackageInfo:
    """Check an .argosmodel without extracting anything; raise ModelPackageError naming the file and problem."""
    path = Path(path)
    with _open_archive(path, max_bytes) as zf:
        return _check(zf, _complaint(path), max_unpacked)


@contextmanager
def _open_archive(path: Path, max_bytes: int) -> Iterator[zipfile.ZipFile]:
    """The zip, opened once (validation and extraction read the same file), or a ModelPackageError."""
    bad = _complaint(path)
    try:
        if not path.is_file():
            raise bad("no such file")
        fh = open(path, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as err:
        raise bad(f"cannot be read ({err.strerror or err})") from None
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise bad(f"file is {size} bytes, over the {max_bytes}-byte limit")
        if not zipfile.is_zipfile(fh):
            raise bad("not a zip archive (an .argosmodel is a zip file)")
        try:
            zf = zipfile.ZipFile(fh)
        except _ZIP_ERRORS as err:
            raise bad(f"corrupt zip archive ({_reason(err)})") from None
        with zf:
            yield zf


def _check(zf: zipfile.ZipFile, bad, max_unpacked: int) -> PackageInfo:
    infos = zf.infolist()
    if not infos:
        raise bad("empty archive")
    if len(infos) > MAX_ENTRIES:
        raise bad(f"{len(infos)} entries, over the {MAX_ENTRIES}-entry limit")
    tops: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}  # by normalised path ("pkg//a" and "pkg/a" are one path)
    dirs: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if "\\" in name or "\x00" in name:
            raise bad(f"entry {name!r} has a backslash or NUL in its path")
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
            raise bad(f"entry {name!r} has an absolute path")
        parts = PurePosixPath(name).parts
        if any(p in ("..", ".") for p in parts) or not parts:
            raise bad(f"entry {name!r} escapes the package folder ('..' in its path)")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise bad(f"entry {name!r} is a symbolic link")
        key = "/".join(parts)
        same = dirs if info.is_dir() else files
        if key in same:
            raise bad(f"entry {name!r} appears twice")
        same[key] = info
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise bad(f"file {name!r} is outside a package folder")
        if info.flag_bits & _ENCRYPTED:
            raise bad(f"entry {name!r} is encrypted (password-protected entries are not supported)")
        if info.compress_type not in _METHODS:
            label = _OTHER_METHODS.get(info.compress_type, "unknown")
            raise bad(f"entry {name!r} uses compression method {info.compress_type} ({label}); an .argosmodel may "
                      f"use {', '.join(_METHODS.values())}")
        total += info.file_size
    for key, info in dirs.items():
        if key in files:
            raise bad(f"entry {info.filename!r} is a directory, but {files[key].filename!r} is a file")
    for key, info in {**files, **dirs}.items():
        parts = key.split("/")
        for n in range(1, len(parts)):
            inside = files.get("/".join(parts[:n]))
            if inside is not None:
                raise bad(f"entry {info.filename!r} is inside {inside.filename!r}, which is a file")
    if len(tops) != 1:
        raise bad(f"expected one top folder, found {len(tops)} ({', '.join(sorted(tops)[:5])})")
    if total > max_unpacked:
        raise bad(f"unpacks to {total} bytes, over the {max_unpacked}-byte limit")
    top = tops.pop()
    if not _SAFE_NAME.fullmatch(top):
        raise bad(f"top folder name {top!r} is not a plain name")

    def need(key: str, what: str | None = "") -> zipfile.ZipInfo | None:
        if key in dirs:
            raise bad(f"entry {dirs[key].filename!r} is a directory, not a file")
        if key not in files and what is not None:
            raise bad(f"no {key}{what}")
        return files.get(key)

    for info in infos:  # each local header: the name agrees with the directory's, the data is where it says
        try:
            with zf.open(info):
                pass
        except _ZIP_ERRORS as err:
            raise bad(f"corrupt entry {info.filename!r} ({_reason(err)})") from None
    meta = _metadata(zf, need(f"{top}/metadata.json"), bad)
    codes = {}
    for key in ("from_code", "to_code"):
        val = meta.get(key)
        if not isinstance(val, str) or not _CODE.fullmatch(val):
            raise bad(f"metadata.json: {key} missing or not a language code ({val!r})")
        codes[key] = val
    if meta.get("type", "translate") != "translate":
        raise bad(f"metadata.json: type {meta.get('type')!r} is not a translation package")
    need(f"{top}/model/model.bin", " (CTranslate2 model)")
    if need(f"{top}/sentencepiece.model", None) is None and need(f"{top}/bpe.model", None) is None:
        raise bad("no sentencepiece.model or bpe.model")
    version = _line(str(meta.get("package_version", "")))[:100]
    return PackageInfo(top=top, from_code=codes["from_code"], to_code=codes["to_code"], package_version=version,
                       files=len(infos), unpacked_bytes=total)


def _metadata(zf: zipfile.ZipFile, info: zipfile.ZipInfo, bad) -> dict:
    """metadata.json, read through a bounded stream (never more than MAX_METADATA_BYTES) and parsed."""
    if info.file_size > MAX_METADATA_BYTES:
        raise bad(f"{info.filename} unpacks to {info.file_size} bytes, over the {MAX_METADATA_BYTES}-byte limit")
    try:
        with zf.open(info) as src:
            data = src.read(MAX_METADATA_BYTES + 1)
    except _ZIP_ERRORS as err:
        raise bad(f"{info.filename} cannot be read: {_reason(err)}") from None
    if len(data) > MAX_METADATA_BYTES:
        raise bad(f"{info.filename} is over the {MAX_METADATA_BYTES}-byte limit")
    try:
        meta = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise bad("metadata.json is not valid JSON (nested too deeply)") from None
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError, an integer of too many digits
        raise bad(f"metadata.json is not valid JSON ({err})") from None
    if not isinstance(meta, dict):
        raise bad("metadata.json is not a JSON object")
    return meta


def install_file(path: str | os.PathLike, dest: Path | None = None) -> Path:
    """Validate, then install an .argosmodel into the argos packages directory (atomic rename); returns its dir."""
    path = Path(path)
    bad = _complaint(path)
    with _open_archive(path, MAX_PACKAGE_BYTES) as zf:
        info = _check(zf, bad, MAX_UNPACKED_BYTES)
        dest = Path(dest) if dest is not None else install_dir()
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise bad(f"cannot create the packages folder {dest} ({err.strerror or err})") from None
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=dest))
        except OSError as err:
            raise bad(f"cannot write in the packages folder {dest} ({err.strerror or err})") from None
        try:
            _extract(zf, staging, info.unpacked_bytes, bad)
            final = dest / info.top
            _move_into_place(staging / info.top, final, staging / ".previous", bad)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _clear_argos_caches()
    return final


def _extract(zf: zipfile.ZipFile, staging: Path, limit: int, bad) -> None:
    """Every entry into ``staging``, streamed: no entry yields more than its declared size, nor all more than
    ``limit`` (the declared total, checked by validation), whatever the compressed data holds."""
    root = staging.resolve()
    total = 0
    for member in zf.infolist():
        name = member.filename
        target = staging.joinpath(*PurePosixPath(name).parts)
        if not target.resolve().is_relative_to(root):
            raise bad(f"entry {name!r} escapes the package folder")
        try:
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with _reading(zf, member, bad) as src, open(target, "xb") as out:
                written = 0
                while True:
                    try:
                        chunk = src.read(_CHUNK)
                    except _ZIP_ERRORS as err:
                        raise bad(f"entry {name!r} cannot be unpacked: {_reason(err)}") from None
                    if not chunk:
                        break
                    written += len(chunk)
                    total += len(chunk)
                    if written > member.file_size:
                        raise bad(f"entry {name!r} unpacks to more than the {member.file_size} bytes its header "
                                  "says")
                    if total > limit:
                        raise bad(f"the entries unpack to more than the {limit} bytes they declare")
                    out.write(chunk)
        except OSError as err:  # the disk (full, or a name the file system cannot hold); reading is handled above
            raise bad(f"cannot unpack entry {name!r} into {staging.parent} ({err.strerror or err})") from None
        if written != member.file_size:
            raise bad(f"entry {name!r} unpacks to {written} bytes, its header says {member.file_size}")


@contextmanager
def _reading(zf: zipfile.ZipFile, member: zipfile.ZipInfo, bad) -> Iterator:
    """``zf.open(member)``, its failures a ModelPackageError (the OSErrors of writing are the caller's)."""
    try:
        src = zf.open(member)
    except _ZIP_ERRORS as err:
        raise bad(f"corrupt entry {member.filename!r} ({_reason(err)})") from None
    with src:
        yield src


def _move_into_place(new: Path, final: Path, aside: Path, bad) -> None:
    """Rename ``new`` to ``final``; an installed package there is moved ``aside`` first (and back on failure)."""
    try:
        had_old = os.path.lexists(final)
        if had_old:
            os.replace(final, aside)
        try:
            os.replace(new, final)
        except OSError:
            if had_old:
                os.replace(aside, final)
            raise
    except OSError as err:
        raise bad(f"cannot move the package into {final} ({err.strerror or err})") from None


def _clear_argos_caches() -> None:
    try:
        from argostranslate import translate as argos_translate

        argos_translate.get_installed_languages.cache_clear()
    except Exception:  # noqa: BLE001, S110 -- argostranslate not importable: nothing cached
        pass
