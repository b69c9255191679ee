"""Ingest: files, directories, globs and corpora -> the ARTICLES table.

``read_articles`` never stops at the first bad input: every input that fails is reported as one line in the
returned list of :class:`~transcompare.errors.InputFailure` (the file, the row for corpora, the problem;
``str()`` of one is the line a user sees), and the others are read.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any, Iterable

import polars as pl

from transcompare import langs
from transcompare.errors import InputError, InputFailure
from transcompare.ingest.article import Article, articles_frame
from transcompare.ingest.readers import (
    CORPUS_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUFFIXES,
    read_corpus,
    read_html,
    read_markdown,
    read_text,
)

__all__ = ["Article", "read_articles", "expand_paths", "read_path"]


def is_run_output(path: Path) -> bool:
    """A table or report that ``transcompare run`` wrote (``RUN_DIR/comparison.csv``, ``report.html``): not an
    article or a corpus.

    A run directory holds ``.stages.json`` or ``manifest.json``; inputs found through a directory or a glob skip
    its tables, so a pipeline whose run directory lies inside its input folder does not read its own output."""
    from transcompare.schema import TABLES

    parent = path.parent
    written = path.stem in TABLES or path.name == "report.html"
    return written and ((parent / ".stages.json").exists() or (parent / "manifest.json").exists())


def expand_paths(specs: Iterable[str | Path], errors: list[InputFailure]) -> list[Path]:
    """Files named by paths, directories (recursively, known suffixes only) and globs, in a stable order.

    Directories and globs skip hidden files and the tables of run directories (:func:`is_run_output`)."""
    out: list[Path] = []
    for spec in specs:
        spec = str(spec)
        path = Path(spec)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and not is_run_output(p))
            if not found:
                errors.append(InputFailure(spec, f"directory has no article files ({', '.join(sorted(SUFFIXES))})"))
            out.extend(found)
        elif path.exists():
            out.append(path)
        elif glob.has_magic(spec):
            found = sorted(Path(p) for p in glob.glob(spec, recursive=True)
                           if Path(p).is_file() and not is_run_output(Path(p)))
            if not found:
                errors.append(InputFailure(spec, "pattern matches no files"))
            out.extend(found)
        else:
            errors.append(InputFailure(spec, "no such file or directory"))
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def read_path(path: Path, errors: list[InputFailure]) -> list[Article]:
    suffix = path.suffix.lower()
    if suffix in CORPUS_SUFFIXES:
        return read_corpus(path, errors)
    if suffix in HTML_SUFFIXES:
        return read_html(path)
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown(path)
    return read_text(path)


def read_articles(
    paths: Iterable[str | Path],
    lang: str | None = None,
    outlet: str | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    warnings: list[str] | None = None,
) -> tuple[pl.DataFrame, list[InputFailure]]:
    """Read every input into the ARTICLES table.

    ``lang``/``outlet`` apply to articles that do not declare their own. ``overrides`` maps an article id
    or a source path to metadata that wins over the file's (keys: outlet, lang, title, url, published, byline).
    Returns ``(articles, errors)``; language mismatches and similar go to ``warnings`` if given.
    """

    errors: list[InputFailure] = []
    warnings = warnings if warnings is not None else []
    overrides = overrides or {}
    articles: list[Article] = []
    if lang is not None:
        langs.require_codes("--lang", [lang])
    for path in expand_paths(paths, errors):
        try:
            found = read_path(path, errors)
        except InputError as err:
            errors.append(err.failure())
            continue
        for art in found:
            warnings.extend(art.warnings)
            over = overrides.get(art.article_id) or overrides.get(str(path)) or overrides.get(path.name) or {}
            for key in ("outlet", "title", "url", "published", "byline"):
                if over.get(key):
                    setattr(art, key, str(over[key]))
                    if key == "title":
                        art.paragraphs[0] = art.title
            if over.get("lang"):
                art.lang = str(over["lang"]).lower()
            try:
                _settle_language(art, lang, warnings)
            except InputError as err:
                errors.append(err.failure())
                continue
            art.outlet = art.outlet or outlet or art.article_id
            articles.append(art)
    _dedupe_ids(articles)
    return articles_frame(articles), errors


def _settle_language(art: Article, default: str | None, warnings: list[str]) -> None:
    """A declared language wins; a mismatch with the detected one is a warning. No language: detect."""
    from transcompare.ingest import langid

    text = "\n".join(art.paragraphs)
    declared = art.lang or (default.lower() if default else None)
    if declared:
        if not langs.is_known(declared):
            raise InputError(art.source, f"unknown language code '{declared}' (use an ISO 639-1 code)")
        art.lang, art.lang_source = declared, "declared"
        detected, conf = langid.detect(text)
        if detected and detected != declared and conf >= 0.9:
            warnings.append(f"{art.source}: declared language '{declared}' but the text looks like "
                            f"'{detected}' ({conf:.0%}); keeping '{declared}'")
        return
    detected, conf = langid.detect(text)
    if not detected:
        raise InputError(art.source, "cannot identify the language; declare it (--lang CODE, 'lang' in "
                         "front matter or the pipeline file)")
    art.lang, art.lang_source = detected, "detected"


def unique_ids(ids: list[str]) -> list[str]:
    """Article ids made unique in order: the second ``x`` becomes ``x-2``, the third ``x-3``."""
    counts: dict[str, int] = {}
    out = []
    for aid in ids:
        n = counts.get(aid, 0)
        counts[aid] = n + 1
        out.append(f"{aid}-{n + 1}" if n else aid)
    return out


def _dedupe_ids(articles: list[Article]) -> None:
    for art, aid in zip(articles, unique_ids([a.article_id for a in articles])):
        art.article_id = aid
