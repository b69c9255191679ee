"""Model management: list, install (argos index or a local .argosmodel file, validated first), remove."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transcompare.errors import EngineError, ModelPackageError
from transcompare.translate.argos import install_dir, installed_packages

MAX_PACKAGE_BYTES = 2 * 1024**3  # compressed file
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
_CODE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class PackageInfo:
    """What a validated .argosmodel contains."""

    top: str
    from_code: str
    to_code: str
    package_version: str
    files: int
    unpacked_bytes: int


def validate_package_file(path: str | os.PathLike, max_bytes: int = MAX_PACKAGE_BYTES,
                          max_unpacked: int = MAX_UNPACKED_BYTES) -> PackageInfo:
    """Check an .argosmodel without extracting anything; raise ModelPackageError naming the file and problem."""
    path = Path(path)

    def bad(problem: str) -> ModelPackageError:
        return ModelPackageError(f"{path}: {problem}; nothing was installed")

    if not path.is_file():
        raise bad("no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise bad(f"file is {size} bytes, over the {max_bytes}-byte limit")
    if not zipfile.is_zipfile(path):
        raise bad("not a zip archive (an .argosmodel is a zip file)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if not infos:
                raise bad("empty archive")
            if len(infos) > MAX_ENTRIES:
                raise bad(f"{len(infos)} entries, over the {MAX_ENTRIES}-entry limit")
            tops, seen, total = set(), set(), 0
            for info in infos:
                name = info.filename
                if "\\" in name or "\x00" in name:
                    raise bad(f"entry {name!r} has a backslash or NUL in its path")
                if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
                    raise bad(f"entry {name!r} has an absolute path")
                parts = PurePosixPath(name).parts
                if any(p in ("..", ".") for p in parts) or not parts:
                    raise bad(f"entry {name!r} escapes the package folder ('..' in its path)")
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise bad(f"entry {name!r} is a symbolic link")
                if name in seen:
                    raise bad(f"entry {name!r} appears twice")
                seen.add(name)
                tops.add(parts[0])
                if len(parts) == 1 and not info.is_dir():
                    raise bad(f"file {name!r} is outside a package folder")
                total += info.file_size
            if len(tops) != 1:
                raise bad(f"expected one top folder, found {len(tops)} ({', '.join(sorted(tops)[:5])})")
            if total > max_unpacked:
                raise bad(f"unpacks to {total} bytes, over the {max_unpacked}-byte limit")
            top = tops.pop()
            if not _SAFE_NAME.match(top):
                raise bad(f"top folder name {top!r} is not a plain name")
            names = {i.filename.rstrip("/") for i in infos}
            if f"{top}/metadata.json" not in names:
                raise bad(f"no {top}/metadata.json")
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                raise bad(f"metadata.json is not valid JSON ({err})") from err
            if not isinstance(meta, dict):
                raise bad("metadata.json is not a JSON object")
            codes = {}
            for key in ("from_code", "to_code"):
                val = meta.get(key)
                if not isinstance(val, str) or not _CODE.match(val):
                    raise bad(f"metadata.json: {key} missing or not a language code ({val!r})")
                codes[key] = val
            if meta.get("type", "translate") != "translate":
                raise bad(f"metadata.json: type {meta.get('type')!r} is not a translation package")
            if f"{top}/model/model.bin" not in names:
                raise bad(f"no {top}/model/model.bin (CTranslate2 model)")
            if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
                raise bad("no sentencepiece.model or bpe.model")
    except zipfile.BadZipFile as err:
        raise bad(f"corrupt zip archive ({err})") from err
    return PackageInfo(top=top, from_code=codes["from_code"], to_code=codes["to_code"],
                       package_version=str(meta.get("package_version", "")), files=len(infos), unpacked_bytes=total)


def install_file(path: str | os.PathLike, dest: Path | None = None) -> Path:
    """Validate, then install an .argosmodel into the argos packages directory (atomic rename); returns its dir."""
    info = validate_package_file(path)
    dest = dest or install_dir()
    dest.mkdir(parents=True, exist_ok=True)
    # extract next to (not inside) the packages dir, so a half-extracted package is never visible to argos
    staging = Path(tempfile.mkdtemp(prefix=".transcompare-install-", dir=dest.parent))
    try:
        with zipfile.ZipFile(path) as zf:
            for member in zf.infolist():
                target = staging.joinpath(*PurePosixPath(member.filename).parts)
                if not target.resolve().is_relative_to(staging.resolve()):
                    raise ModelPackageError(f"{path}: entry {member.filename!r} escapes the package folder")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        final = dest / info.top
        old = None
        if final.exists():
            old = staging.parent / f"{staging.name}-old"
            os.replace(final, old)
        os.replace(staging / info.top, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        _clear_argos_caches()
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove(from_code: str, to_code: str) -> list[Path]:
    """Remove the installed argos package(s) for a pair; returns the removed directories."""
    found, _ = installed_packages()
    hits = [p for p in found if (p.from_code, p.to_code) == (from_code, to_code)]
    if not hits:
        raise EngineError(f"no argos package {from_code}->{to_code} is installed (see: transcompare models list)")
    for pkg in hits:
        shutil.rmtree(pkg.path)
    _clear_argos_caches()
    return [p.path for p in hits]


def _clear_argos_caches() -> None:
    try:
        from argostranslate import translate as argos_translate

        argos_translate.get_installed_languages.cache_clear()
    except Exception:  # argostranslate not importable: nothing cached
        pass


def index_url() -> str:
    from argostranslate import settings

    base = os.environ.get("ARGOS_PACKAGE_INDEX") or settings.package_index
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _fetch(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise EngineError(f"cannot download {url} ({reason}); offline? Get the .argosmodel file elsewhere and run: "
                          f"transcompare models install-file FILE") from None


def available_packages(timeout: float = 30.0) -> list:
    """The argos package index (downloaded now), as argostranslate AvailablePackage objects."""
    from argostranslate.package import AvailablePackage

    url = index_url()
    data = _fetch(url, timeout)
    try:
        index = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise EngineError(f"the argos package index at {url} is not valid JSON ({err})") from None
    if not isinstance(index, list):
        raise EngineError(f"the argos package index at {url} is not a list of packages")
    return [AvailablePackage(meta) for meta in index if isinstance(meta, dict)]


def install_from_index(from_code: str, to_code: str, timeout: float = 600.0) -> Path:
    """Download the pair's package listed in the argos index, validate it, install it."""
    pkgs = available_packages()
    match = [p for p in pkgs if p.from_code == from_code and p.to_code == to_code
             and getattr(p, "type", "translate") == "translate"]
    if not match:
        offered = sorted({p.to_code for p in pkgs if p.from_code == from_code})
        hint = f" (from {from_code} the index offers: {', '.join(offered)})" if offered else ""
        raise EngineError(f"the argos index has no {from_code}->{to_code} package{hint}")
    pkg = match[-1]
    links = list(getattr(pkg, "links", []) or [])
    if not links:
        raise EngineError(f"the argos index lists {from_code}->{to_code} without a download link")
    last: EngineError | None = None
    with tempfile.TemporaryDirectory(prefix="transcompare-dl-") as tmp:
        target = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        for link in links:
            try:
                target.write_bytes(_fetch(link, timeout))
            except EngineError as err:
                last = err
                continue
            return install_file(target)
    raise last or EngineError(f"could not download {from_code}->{to_code}")


def model_table():
    """Installed models as a frame (engine, from, to, model, version, location) plus warning lines."""
    import polars as pl

    from transcompare.translate.apertium import ApertiumEngine

    found, problems = installed_packages()
    rows = [{"engine": "argos", "from": p.from_code, "to": p.to_code, "model": p.name,
             "version": p.package_version, "location": str(p.path)} for p in found]
    apertium = ApertiumEngine()
    for (src, tgt), mode in sorted(apertium.modes.items()):
        sig = apertium.signature(src, tgt)  # the Debian package that provides the mode, and its version
        rows.append({"engine": "apertium", "from": src, "to": tgt, "model": mode,
                     "version": f"{sig['package']} {sig['package_version']}", "location": f"apertium {mode}"})
    schema = {k: pl.Utf8 for k in ("engine", "from", "to", "model", "version", "location")}
    return pl.DataFrame(rows, schema=schema), problems


def route_table(engine: str = "auto"):
    """Every (source, target) pair the installed engines connect, with the route auto would take."""
    import polars as pl

    from transcompare.translate.translator import Translator

    tr = Translator(engine, cache_path=None)
    langs = sorted({c for name in tr.engines for pair in tr.engine_pairs(name) for c in pair})
    rows = []
    for src in langs:
        for tgt in langs:
            if src == tgt:
                continue
            try:
                route = tr.plan(src, tgt)
            except EngineError:
                continue
            rows.append({"from": src, "to": tgt, "route": route.path, "engine": route.engine_label,
                         "pivot": len(route.steps) > 1})
    return pl.DataFrame(rows, schema={"from": pl.Utf8, "to": pl.Utf8, "route": pl.Utf8, "engine": pl.Utf8,
                                      "pivot": pl.Boolean})
