"""manifest.json: every run stamped with how it was made (in the spirit of sacrebleu's signatures).

Built from explicit fields only. ``signature`` is the short one-line form shown in the terminal header and
the report footer, e.g. ``pipe:lavrov-2015|cfg:3f2a…|seg:transcompare.rules.v1|mt:apertium|emb:e5-small|align:hybrid.v1@0.3|version:0.1.0``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

MANIFEST_VERSION = 1


def short_signature(pipeline: str, config_hash: str, stages: dict[str, dict[str, Any]],
                    engines: dict[str, dict[str, Any]], version: str) -> str:
    parts = [f"pipe:{pipeline}", f"cfg:{config_hash[:8]}"]
    seg = stages.get("segment", {}).get("signature", {})
    if seg.get("name"):
        parts.append(f"seg:{seg['name']}")
    # engine families only ("apertium", "argos"); the models per pair are in the long form
    mt = sorted({part.split(":")[0] for e in engines.values() for part in str(e.get("engine", "?")).split("+")})
    parts.append("mt:" + ("+".join(mt) if mt else "none"))
    emb = stages.get("embed", {}).get("signature", {})
    if emb.get("name") and emb["name"] != "embed":
        parts.append(f"emb:{emb['name']}")
    elif emb.get("model_name"):
        parts.append(f"emb:{emb['model_name']}")
    align = stages.get("align", {}).get("signature", {})
    if align:
        name = align.get("method") or align.get("name") or "align"
        thr = align.get("statement_threshold", align.get("threshold"))
        parts.append(f"align:{name}" + (f"@{thr}" if thr is not None else ""))
    parts.append(f"version:{version}")
    return "|".join(parts)


def build_manifest(*, pipeline: str, config_hash: str, pivot: str, view_langs: list[str],
                   inputs: list[dict[str, str]], stages: dict[str, dict[str, Any]],
                   engines: dict[str, dict[str, Any]], warnings: list[str], failed_inputs: list[dict[str, str]],
                   counts: dict[str, int], seconds: float, version: str) -> dict[str, Any]:
    translate = stages.get("translate", {})
    # this run's cache use; a skipped translate stage looked nothing up (its stage info keeps the first run's)
    cache = {"hits": 0, "misses": 0} if translate.get("skipped") else translate.get("cache", {})
    return {
        "manifest_version": MANIFEST_VERSION,
        "pipeline": pipeline,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "config_hash": config_hash,
        "pivot": pivot,
        "view_langs": view_langs,
        "inputs": inputs,
        "stages": stages,
        "engines": engines,
        "cache": cache,
        "warnings": warnings,
        "failed_inputs": failed_inputs,
        "counts": counts,
        "seconds": seconds,
        "signature": short_signature(pipeline, config_hash, stages, engines, version),
        "transcompare_version": version,
    }
