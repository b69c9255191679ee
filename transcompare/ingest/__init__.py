"""Ingest: files, directories, globs and corpora -> the ARTICLES table.

``read_articles`` never stops at the first bad input: every input that fails is reported as one line in the
returned list of :class:`~transcompare.errors.InputFailure` (the file, the row for corpora, the problem;
``str()`` of one is the line a user sees), and the others are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import polars as pl

from transcompare import langs
from transcompare.errors import InputError, InputFailure
from transcompare.ingest.article import Article, articles_frame
from transcompare.ingest.meta import clipped, first_line, lone_surrogate, shown, unexpected
from transcompare.ingest.paths import expand_paths, is_run_output
from transcompare.ingest.readers import (
    CORPUS_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    read_corpus,
    read_html,
    read_markdown,
    read_text,
)

__all__ = ["Article", "read_articles", "expand_paths", "is_run_output", "read_path"]


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
    paths: Iterable[str | Path | bytes],
    lang: str | None = None,
    outlet: str | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    warnings: list[str] | None = None,
    trust_lang: bool = False,
) -> tuple[pl.DataFrame, list[InputFailure]]:
    """Read every input into the ARTICLES table.

    ``lang``/``outlet`` apply to articles that do not declare their own. A declared language that the text
    clearly is not (language identification 99.9% sure, on at least 200 letters) fails that article,
    unless ``trust_lang``: then, as for weaker disagreements, it is a warning. ``overrides`` maps an article id
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
        except BaseException as err:  # a bug met by hostile input costs this input only, and names it
            if not unexpected(err):
                raise
            errors.append(InputFailure(str(path), _unexpected_problem(err)))
            continue
        name = str(path)
        if shown(name) != name:
            warnings.append(f"{shown(name)}: the file name is not valid UTF-8; shown with \\x escapes")
        for art in found:
            try:
                _finish(art, path, lang, outlet, overrides, warnings, trust_lang)
            except InputError as err:
                errors.append(_article_failure(art, path, err.problem))
                continue
            except BaseException as err:
                if not unexpected(err):
                    raise
                errors.append(_article_failure(art, path, _unexpected_problem(err)))
                continue
            articles.append(art)
    _dedupe_ids(articles)
    return articles_frame(articles), [InputFailure(shown(f.path), f.problem, f.row) for f in errors]


def _finish(art: Article, path: Path, lang: str | None, outlet: str | None, overrides: dict[str, dict[str, Any]],
            warnings: list[str], trust_lang: bool = False) -> None:
    """Overrides, the language, the outlet and a printable source for one article just read."""
    warnings.extend(art.warnings)
    over = overrides.get(art.article_id) or overrides.get(str(path)) or overrides.get(path.name) or {}
    for key in ("outlet", "title", "url", "published", "byline"):
        if over.get(key):
            setattr(art, key, str(over[key]))
            if key == "title":
                art.paragraphs[0] = art.title
    if over.get("lang"):
        art.lang = str(over["lang"]).lower()
    art.source = shown(art.source)
    problem = _lone_surrogate(art)
    if problem:  # the readers refuse these; nothing that cannot be encoded reaches the table or the output
        raise InputError(art.source, problem)
    _settle_language(art, lang, warnings, trust_lang or bool(over.get("trust_lang")))
    art.outlet = art.outlet or outlet or art.article_id


def _lone_surrogate(art: Article) -> str | None:
    fields = {"article_id": art.article_id, "outlet": art.outlet, "lang": art.lang or "", "title": art.title,
              "url": art.url, "published": art.published, "byline": art.byline, "credits": art.credits,
              "text": art.paragraphs}
    return lone_surrogate(fields)


def _article_failure(art: Article, path: Path, problem: str) -> InputFailure:
    """The failure of one article read from ``path``: a corpus row's names the row apart."""
    prefix = f"{shown(str(path))}#"
    if art.source.startswith(prefix) and art.source[len(prefix):].isdigit():
        return InputFailure(str(path), problem, int(art.source[len(prefix):]))
    return InputFailure(str(path), problem)


def _unexpected_problem(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return "cannot read: nested too deeply"
    if isinstance(err, MemoryError):
        return "cannot read: not enough memory"
    return f"cannot read: unexpected {type(err).__name__} ({first_line(err)}); please report this as a bug"


STRONG_MISMATCH = 0.999  # language identification this sure (news text of one language gives 1.0), on ...
STRONG_LETTERS = 200    # ... at least this many letters, overrules a declaration (unless trusted)


def _settle_language(art: Article, default: str | None, warnings: list[str], trust: bool = False) -> None:
    """A declared language wins, unless the text clearly is another one (an error, or with ``trust`` a
    warning); a weaker mismatch is a warning. No language: detect."""
    from transcompare.ingest import langid

    text = "\n".join(art.paragraphs)
    declared = art.lang or (default.lower() if default else None)
    if declared:
        if not langs.is_known(declared):
            raise InputError(art.source, f"unknown language code '{clipped(declared, 40)}' (use an ISO 639-1 code)"
                                         f"{langs.did_you_mean(declared)}")
        art.lang, art.lang_source = declared, "declared"
        detected, conf = langid.detect(text)
        if detected and detected != declared and conf >= 0.9:
            letters = sum(ch.isalpha() for ch in text)
            if conf >= STRONG_MISMATCH and letters >= STRONG_LETTERS and not trust:
                raise InputError(art.source, f"declared language '{declared}' but the text is '{detected}' "
                                 f"({conf:.0%} sure, {letters} letters); fix the declaration, or keep it with "
                                 f"--trust-lang (pipeline: trust_lang = true on the input)")
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
