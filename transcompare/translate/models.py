"""Model management: list, install (argos index or a local .argosmodel file, validated first), remove.

Local package files are checked and installed by :mod:`transcompare.translate.packages_zip` (re-exported here).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from transcompare.errors import EngineError
from transcompare.translate.argos import installed_packages
from transcompare.translate.packages_zip import (  # noqa: F401 -- the public names of model management
    MAX_ENTRIES,
    MAX_METADATA_BYTES,
    MAX_PACKAGE_BYTES,
    MAX_UNPACKED_BYTES,
    PackageInfo,
    _clear_argos_caches,
    install_file,
    validate_package_file,
)


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
