"""``transcompare init``: a commented pipeline file for a folder of articles.

:func:`survey` reads the folder with the readers a run uses (so what it finds is what the run will read): the
articles, their languages (declared or identified) and outlets, and the translation routes the engines
installed here give between those languages. :func:`pipeline_text` writes that down as a pipeline file, each
key explained; :func:`write_pipeline` does both and writes the file (atomically, never over an existing one
unless asked).

The pivot is English when an article is in English, else the most common language; the view languages are
the pivot and up to two more of the languages found (most articles first) that every language found that
can be translated here at all can be translated into.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from transcompare.errors import ConfigError, InputError, InputFailure
from transcompare.schema import C

MAX_VIEWS = 3  # the pivot and two more: each view language costs one translation of every sentence
MAX_LISTED = 12  # outlets, failures and routes listed in the file's comments, each
COMMENT_AT = 36  # the column a key's comment starts at


@dataclass
class Survey:
    """What a folder holds, as a run would read it, and what can be translated here."""

    folder: Path
    articles: pl.DataFrame
    failures: list[InputFailure]
    warnings: list[str]
    pivot: str
    view_langs: list[str]
    routes: dict[tuple[str, str], str] = field(default_factory=dict)  # (src, tgt) -> "es>en via apertium:spa-eng"
    missing: dict[tuple[str, str], str] = field(default_factory=dict)  # (src, tgt) -> how to get it translated

    @property
    def langs(self) -> list[str]:
        """Languages found, most articles first."""
        counts = Counter(self.articles[C.LANG].to_list())
        return sorted(counts, key=lambda lang: (-counts[lang], lang))


def _pick_pivot(counts: Counter) -> str:
    if "en" in counts:
        return "en"
    return sorted(counts, key=lambda lang: (-counts[lang], lang))[0]


def survey(folder: str | Path) -> Survey:
    """Read ``folder`` as a run would; choose the pivot and the view languages; find the routes. An
    InputError (one line) when the folder is missing or holds no readable article."""
    from transcompare.ingest import read_articles
    from transcompare.translate import plan_routes
    from transcompare.translate.sources import fix_text

    folder = Path(folder)
    if not folder.exists():
        raise InputError(folder, "no such folder")
    if not folder.is_dir():
        raise InputError(folder, "not a folder (init takes the folder that holds the articles)")
    warnings: list[str] = []
    articles, failures = read_articles([folder], warnings=warnings)
    if articles.height == 0:
        if failures and failures[0].path == str(folder):
            raise InputError(str(failures[0]))
        more = f"; {len(failures) - 1} more failed" if len(failures) > 1 else ""
        detail = f" ({failures[0]}{more})" if failures else ""
        raise InputError(f"{folder}: no article could be read{detail}")
    counts = Counter(articles[C.LANG].to_list())
    langs = sorted(counts, key=lambda lang: (-counts[lang], lang))
    pivot = _pick_pivot(counts)
    missing: dict = {}
    routes = plan_routes(langs, langs, "auto", strict=False, missing=missing)
    # a view language every language that is translated at all (has a route to the pivot) reaches
    translated = [src for src in langs if (src, pivot) in routes]
    views = [pivot]
    for lang in langs:
        if len(views) < MAX_VIEWS and lang not in views and all((src, lang) in routes for src in translated):
            views.append(lang)
    shown = {pair: f"{route.path} via {route.engine_label}" for pair, route in routes.items()
             if pair[0] != pair[1] and pair[1] in views}
    needed = {(src, tgt): fix_text(src, tgt) for (src, tgt) in missing if tgt in views}
    return Survey(folder, articles, failures, warnings, pivot, views, shown, needed)


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _key(line: str, comment: str) -> str:
    return f"{line:<{COMMENT_AT - 1}} # {comment}" if comment else line


def _listed(lines: list[str], what: str) -> list[str]:
    more = len(lines) - MAX_LISTED
    return lines[:MAX_LISTED] + ([f"#   ... and {more} more {what}"] if more > 0 else [])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _host(url: str | None) -> str:
    """The host name of an article's url (``www.`` dropped), a hint for its outlet; empty without one."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _found(s: Survey) -> list[str]:
    """The comment lines on what the folder holds."""
    arts = s.articles
    out = [f"# Found {_plural(arts.height, 'article')} (read as the run will read them):"]
    for lang in s.langs:
        rows = arts.filter(pl.col(C.LANG) == lang)
        declared = rows.filter(pl.col(C.LANG_SOURCE) == "declared").height
        how = ("declared" if declared == rows.height else "identified from the text" if not declared
               else f"{declared} declared, {rows.height - declared} identified from the text")
        out.append(f"#   {lang}: {_plural(rows.height, 'article')} ({how})")
    outlets = arts.group_by(C.OUTLET, maintain_order=True).agg(pl.len().alias("n"), pl.col(C.LANG).unique().sort())
    out.append(f"# {_plural(outlets.height, 'outlet')}:")
    out += _listed([f"#   {row[C.OUTLET]} ({_plural(row['n'], 'article')}, {', '.join(row[C.LANG])})"
                    for row in outlets.iter_rows(named=True)], "outlets")
    unnamed = arts.filter(pl.col(C.OUTLET) == pl.col(C.ARTICLE_ID)).select(C.SOURCE, C.URL).rows()
    if unnamed:
        out.append("# No outlet declared, so the article's id (its file name) stands for it; declare one with")
        out.append("# `outlet: NAME` in front matter (a .txt file may start with front matter too), or an")
        out.append("# outlet column in a corpus:")
        out += _listed([f"#   {os.path.basename(src)}" + (f" (its url's host: {_host(url)})" if _host(url) else "")
                        for src, url in unnamed], "articles")
    if s.failures:
        out.append(f"# Not readable ({_plural(len(s.failures), 'input')}; the run skips and reports them too):")
        out += _listed([f"#   {failure}" for failure in s.failures], "inputs")
    return out


def _routes(s: Survey) -> list[str]:
    out = ["# Translation here, into the pivot and the view languages:"]
    lines = [f"#   {src}>{tgt}: {how}" for (src, tgt), how in sorted(s.routes.items())]
    lines += [f"#   {src}>{tgt}: MISSING; to translate: {fix}" for (src, tgt), fix in sorted(s.missing.items())]
    out += _listed(lines, "pairs") if lines else ["#   (one language: nothing to translate)"]
    if any(tgt == s.pivot for _src, tgt in s.missing):
        out.append("# A language with no route to the pivot is aligned through embeddings of its originals and")
        out.append("# shown as written.")
    return out


def pipeline_text(s: Survey, path: Path, name: str) -> str:
    """The commented pipeline file for the survey, to be written at ``path``."""
    inputs = Path(os.path.relpath(s.folder.resolve(), path.resolve().parent)).as_posix()
    langs = ", ".join(s.langs)
    lines = [
        f"# The pipeline for the articles in {s.folder.name}/, written by `transcompare init`. Every key:",
        "# docs/pipeline.md. Check it (inputs, languages, engines) with `transcompare run --check FILE`.",
        "#",
        *_found(s),
        "",
        _key(f"name = {_q(name)}", "names the run; letters, digits, '.', '_', '-'"),
        _key(f"description = {_q(f'{s.articles.height} articles in {langs}, from {s.folder.name}/')}", ""),
        _key(f"pivot = {_q(s.pivot)}", "every sentence is translated into it and aligned in it"),
        _key(f"view_langs = [{', '.join(_q(v) for v in s.view_langs)}]",
             "shown in each; each adds a translation of every sentence"),
        "",
        "[[inputs]]",
        _key(f"path = {_q(inputs)}", "relative to this file: a folder, a file or a glob"),
        _key('# outlet = "..."', "metadata here wins over every file's: outlet, lang, title, url, published"),
        _key("# trust_lang = true", "keep a declared lang where the text clearly is another one"),
        "",
        "[translate]",
        _key('engine = "auto"', "an installed Argos package, else Apertium, else through a pivot language"),
        *_routes(s),
        _key("require_translation = false", "true: refuse to run while a pair above is MISSING"),
        "",
        "[output]",
        _key(f"dir = {_q(f'runs/{name}')}", "the run directory, relative to this file"),
        _key('formats = ["parquet", "sqlite"]', 'the tables; also "csv", "jsonl"; sqlite: run.sqlite (Datasette)'),
        _key("report = true", "report.html in the run directory"),
    ]
    return "\n".join(lines) + "\n"


def pipeline_name(folder: Path) -> str:
    """A pipeline name from a folder's name (the characters a name may hold)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.resolve().name).strip("-._")
    return name or "corpus"


def write_pipeline(folder: str | Path, out: str | Path | None = None, name: str | None = None,
                   force: bool = False) -> tuple[Path, Survey]:
    """Survey ``folder`` and write its pipeline file: ``out``, by default ``NAME.toml`` beside the folder
    (NAME: ``name``, else the folder's name). Never over an existing file unless ``force``."""
    from transcompare.config import load_pipeline
    from transcompare.output import atomic_write_text

    folder = Path(folder)
    name = name or pipeline_name(folder)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise ConfigError(f"--name {name}: a pipeline name holds letters, digits, '.', '_' and '-' only")
    path = Path(out) if out is not None else Path(os.path.normpath(os.path.join(folder, os.pardir, f"{name}.toml")))
    if path.exists() and not force:
        raise ConfigError(f"{path}: already exists; give --force to replace it, or --out another file")
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: is not a file")
    found = survey(folder)
    atomic_write_text(path, pipeline_text(found, path, name))
    load_pipeline(path)  # what init writes, a run reads
    return path, found
