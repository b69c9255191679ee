"""The stages of a run, declared once: what each reads, the table it writes, its signature, its computation.

ingest -> segment -> translate -> embed -> stories -> align -> statements -> speakers -> compare  (then the report)

Each stage is a function from polars frames to polars frames, defined in its own module; here each is wired
to its inputs. :func:`ordered_stages` orders them by their inputs; the runner
(:func:`transcompare.pipeline.run_pipeline`) derives each stage's key from its signature and its inputs' keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import polars as pl

from transcompare import text
from transcompare.config import Pipeline
from transcompare.files import file_sha256
from transcompare.schema import (ALIGNMENTS, ARTICLES, COMPARISON, EMBEDDINGS, SENTENCES, SPEAKERS, STATEMENTS,
                                 STORIES, TRANSLATIONS, C, Table)

class Reporter:
    """Progress hooks; the library default is silent. The CLI passes a rich implementation."""

    def stage_start(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, done: int, total: int | None = None) -> None: ...

    def stage_end(self, stage: str, skipped: bool, rows: int) -> None: ...


def spec_files(pipe: Pipeline, spec, errors: list) -> list[tuple[Path, str | None]]:
    """The files an input names, each with the URL it was fetched from (None for a file input): a path's
    files, directories and globs; a web input's stored copies (:mod:`transcompare.fetch.inputs`)."""
    if spec.from_web:
        from transcompare.fetch.inputs import stored_articles

        return list(stored_articles(pipe, spec, errors))
    from transcompare.ingest import expand_paths

    return [(path, None) for path in expand_paths([pipe.resolve(spec.path)], errors)]


def input_files(pipe: Pipeline) -> tuple[list[dict[str, str]], list[str]]:
    """Every input file with its sha256 (and its URL, for a page from the web) in a stable order, and errors
    for inputs that match nothing."""
    errors: list = []
    out = []
    for spec in pipe.inputs:
        for path, url in spec_files(pipe, spec, errors):
            out.append({"path": str(path), "sha256": file_sha256(path), **({"url": url} if url else {})})
    return out, errors


def read_inputs(pipe: Pipeline) -> tuple[pl.DataFrame, list[str], list[str]]:
    """Ingest every input spec with its metadata overrides -> (articles, errors, warnings)."""
    from transcompare.ingest import read_articles, unique_ids

    frames, errors, warnings = [], [], []
    for spec in pipe.inputs:
        paths = [path for path, _ in spec_files(pipe, spec, errors)]
        over = spec.overrides()
        overrides = {str(p): over for p in paths} if over else None
        df, errs = read_articles(paths, overrides=overrides, warnings=warnings, trust_lang=spec.trust_lang)
        frames.append(df)
        errors.extend(errs)
    articles = pl.concat(frames) if frames else ARTICLES.empty()
    if articles.height != articles[C.ARTICLE_ID].n_unique():  # article ids must be unique across specs
        articles = articles.with_columns(pl.Series(C.ARTICLE_ID, unique_ids(articles[C.ARTICLE_ID].to_list())))
    return articles, errors, warnings


def _plan(pipe: Pipeline, langs: list[str], missing: dict | None = None) -> dict:
    """Routes for every language pair an engine connects; with ``[translate] require_translation`` a missing
    pair is an EngineError naming the pipeline file, otherwise it goes into ``missing``."""
    from transcompare.errors import EngineError
    from transcompare.translate import plan_routes

    try:
        return plan_routes(langs, pipe.targets(), pipe.engine_choice(),
                           strict=pipe.translate.require_translation, missing=missing)
    except EngineError as err:
        raise EngineError.several([f"{pipe.source}: {line}" for line in (err.lines or [str(err)])],
                                  f"{pipe.source}: {err}") from None


def untranslated_notes(articles: pl.DataFrame, missing: dict, pivot: str) -> list[str]:
    """One line per language with no route to the pivot: 'not translated: de (3 articles) — fix …'."""
    from transcompare.translate.sources import fix_text

    out = []
    langs = articles[C.LANG].to_list()
    for src, tgt in sorted(missing):
        if tgt != pivot:
            continue
        n = langs.count(src)
        fix = fix_text(src, tgt)
        out.append(f"not translated: {src} ({n} article{'s' if n != 1 else ''}) — aligned through embeddings of "
                   f"the originals and shown as written; to translate: {fix}")
    return out


def _routes_manifest(routes: dict) -> dict[str, dict[str, Any]]:
    out = {}
    for (src, tgt), route in sorted(routes.items()):
        if src == tgt:
            continue
        sig = route.signature() if hasattr(route, "signature") else {"route": str(route)}
        out[f"{src}>{tgt}"] = sig
    return out


def calibration_digest() -> str:
    """A hash of the data files hybrid.v1 and the story model read (weights, language means): new calibrations
    re-run the stories and align."""
    from transcompare.align.hybrid import PARAMS_FILE
    from transcompare.embed.centre import MEANS_FILE
    from transcompare.stories import PARAMS_FILE as STORY_PARAMS

    return "".join(file_sha256(p)[:12] if p.exists() else "-" for p in (PARAMS_FILE, MEANS_FILE, STORY_PARAMS))


def _cache_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """Cache hits/misses and how many sentences an engine actually translated (summed over route steps)."""
    translated = sum(int(step.get("translated", 0)) for step in stats.get("steps", {}).values())
    return {"enabled": stats.get("enabled", False), "hits": stats.get("hits", 0),
            "misses": stats.get("misses", 0), "translated": translated}


@dataclass
class StageContext:
    """What the stages of one run share: the pipeline, the reporter and the state computed on the way."""

    pipe: Pipeline
    reporter: Reporter
    jobs: int
    files: list[dict[str, str]] = field(default_factory=list)
    routes: dict[str, Any] = field(default_factory=dict)
    langs: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)  # per-stage extra info for the manifest
    embedder: Any = None
    chosen: Any = None
    warnings: list[str] = field(default_factory=list)  # for the run's summary (untranslated languages, ...)
    # an incremental stage's table from the run directory, when its settings are unchanged but its inputs grew
    previous: dict[str, pl.DataFrame] = field(default_factory=dict)
    previous_info: dict[str, dict[str, Any]] = field(default_factory=dict)  # and what the state file says of it

    @property
    def execution(self):
        """Where per-story work runs (the pipeline's ``[execution]``; ``--jobs`` on the command line wins)."""
        return self.pipe.execution.execution(self.jobs if self.jobs and self.jobs > 1 else None)


@dataclass(frozen=True)
class Stage:
    """One stage, declared once: the tables it reads (``inputs``: upstream stage names), the table it writes,
    its signature (settings and model identities that change its output), and its computation. The runner
    orders stages by their inputs and derives each key from its signature and its inputs' keys; a stage's
    ``compute`` sees only the tables it declares."""

    name: str
    inputs: tuple[str, ...]
    table: Table
    signature: Callable[[StageContext], dict[str, Any]]
    compute: Callable[[StageContext, dict[str, pl.DataFrame]], pl.DataFrame]
    extra: Callable[[StageContext], dict[str, Any]] | None = None
    # runs before the signature, on the same inputs: plans what the signature names (routes, the model)
    prepare: Callable[[StageContext, dict[str, pl.DataFrame]], None] | None = None
    # given its previous table (ctx.previous) when its settings are unchanged: extends rather than redoes
    incremental: bool = False


def _plan_translation(ctx: StageContext, t) -> None:
    """Routes for every language pair, before any model loads (with ``require_translation``, a missing pair
    fails here); a language no engine translates becomes a note for the summary."""
    ctx.langs = sorted(set(t["segment"][C.LANG].to_list()))
    missing: dict = {}
    ctx.routes = _routes_manifest(_plan(ctx.pipe, ctx.langs, missing))
    articles = t["segment"].select(C.ARTICLE_ID, C.LANG).unique(maintain_order=True)
    ctx.warnings.extend(untranslated_notes(articles, missing, ctx.pipe.pivot))


def _choose_embedder(ctx: StageContext, t) -> None:
    from transcompare.embed import Embeddings
    from transcompare.embed.cache import embedding_cache_beside

    cache_path = ctx.pipe.cache_path()
    emb_cache = embedding_cache_beside(cache_path) if cache_path is not None else None
    ctx.embedder = Embeddings(ctx.pipe.embed.model, cache_path=emb_cache, batch_size=ctx.pipe.embed.batch_size,
                              execution=ctx.execution)
    ctx.chosen = ctx.embedder.choose(sorted(set(t["segment"][C.LANG].to_list())))


def _ingest(ctx: StageContext, _t) -> pl.DataFrame:
    articles, errors, warnings = read_inputs(ctx.pipe)
    ctx.notes["ingest"] = {"errors": errors, "warnings": warnings}
    return articles


def _segment(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.segment import segment_articles

    reuse = _reuse(ctx, "segment", "article_keys")
    out = segment_articles(t["ingest"], reuse=reuse)
    ctx.notes["segment"] = {"article_keys": reuse.made, "reused_articles": reuse.reused}
    return out


def _translate(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.translate import Translator, translate_sentences

    pipe, stats = ctx.pipe, ctx.notes.setdefault("translate", {})
    translator = Translator(pipe.engine_choice(), cache_path=pipe.cache_path(), beam_size=pipe.translate.beam_size,
                            jobs=ctx.jobs, batch_size=pipe.translate.batch_size, execution=ctx.execution)
    try:
        return translate_sentences(t["segment"], pipe.targets(), cache_path=pipe.cache_path(),
                                   progress=ctx.reporter.advance, stats=stats, translator=translator,
                                   strict=pipe.translate.require_translation)
    finally:
        translator.close()


def _embed(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.embed.stage import embed_sentences

    try:
        return embed_sentences(t["segment"], ctx.embedder, ctx.reporter.advance, model=ctx.chosen.name)
    finally:
        ctx.embedder.close()


def _stories(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.stories import build_stories

    st = ctx.pipe.stories
    return build_stories(t["ingest"], t["segment"], t["embed"], st.mode, st.threshold, st.window_days,
                         previous=ctx.previous.get("stories"))


def _align(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.align import align_articles

    reuse = _reuse(ctx, "align")
    out = align_articles(t["segment"], t["translate"], ctx.pipe.pivot, ctx.pipe.align_settings(),
                         embeddings=t["embed"], stories=t["stories"], execution=ctx.execution, reuse=reuse,
                         min_story_outlets=ctx.pipe.stories.min_outlets)
    ctx.notes["align"] = _story_notes(reuse)
    return out


def _statements(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.align import build_statements

    reuse = _reuse(ctx, "statements")
    out = build_statements(t["segment"], t["translate"], t["align"], ctx.pipe.pivot, ctx.pipe.align_settings(),
                           embeddings=t["embed"], stories=t["stories"], execution=ctx.execution, reuse=reuse,
                           min_story_outlets=ctx.pipe.stories.min_outlets)
    ctx.notes["statements"] = _story_notes(reuse)
    return out


def _reuse(ctx: StageContext, name: str, keys: str = "story_keys"):
    """The earlier run's table of an incremental stage and the fingerprints of its parts (``keys``: the stories'
    for align and statements, the articles' for segment): online use, unchanged parts are not computed again;
    with ``[stories] update = "extend"``, a grown story starts from its earlier rows."""
    from transcompare.align.by_story import Reuse

    info = ctx.previous_info.get(name, {})
    made = info.get(keys, [])
    return Reuse(ctx.previous.get(name), set(made), extend=ctx.pipe.stories.update == "extend",
                 groups=dict(zip(made, info.get("story_articles", []))),
                 input_keys=dict(zip(made, info.get("story_input_keys", []))),
                 derived=("alignments",) if name == "statements" else ())


def _story_notes(reuse) -> dict[str, Any]:
    """What the state file keeps of a per-story stage: each story's fingerprint and articles (for the next run),
    and how many stories this run took from the earlier one (``reused``) or extended."""
    return {"story_keys": reuse.made, "story_articles": reuse.made_groups, "story_input_keys": reuse.made_inputs,
            "reused_stories": reuse.reused, "extended_stories": reuse.extended}


def _notes(name: str):
    return lambda ctx: ctx.notes.get(name, {})


def _speakers(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.align.speakers import speakers_table

    return speakers_table(t["statements"])


def _compare(ctx: StageContext, t) -> pl.DataFrame:
    from transcompare.compare import build_comparison

    return build_comparison(t["statements"], t["translate"], t["ingest"], _view_langs(ctx.pipe),
                            ctx.pipe.align_settings(), embeddings=t["embed"], stories=t["stories"])


def _view_langs(pipe: Pipeline) -> list[str]:
    return pipe.view_langs or [pipe.pivot]


def _ingest_sig(ctx: StageContext) -> dict[str, Any]:
    from transcompare.ingest import langid

    return {"reader": "transcompare.ingest", "langid": langid.signature(), "files": ctx.files,
            "inputs": [spec.identity() for spec in ctx.pipe.inputs]}


def _segment_sig(ctx: StageContext) -> dict[str, Any]:
    from transcompare.segment import signature

    return signature()


def _align_sig(ctx: StageContext) -> dict[str, Any]:
    return {**ctx.pipe.align_settings().signature(), "pivot": ctx.pipe.pivot, "word_diff": text.signature(),
            "calibration": calibration_digest(), "min_story_outlets": ctx.pipe.stories.min_outlets}


STAGE_LIST: tuple[Stage, ...] = (
    Stage("ingest", (), ARTICLES, _ingest_sig, _ingest,
          lambda ctx: {"errors": [f.to_dict() for f in ctx.notes.get("ingest", {}).get("errors", [])],
                       "warnings": ctx.notes.get("ingest", {}).get("warnings", [])}),
    Stage("segment", ("ingest",), SENTENCES, _segment_sig, _segment, _notes("segment"), incremental=True),
    Stage("translate", ("segment",), TRANSLATIONS,
          lambda ctx: {"targets": ctx.pipe.targets(), "routes": ctx.routes, "beam_size": ctx.pipe.translate.beam_size},
          _translate,
          lambda ctx: {"cache": _cache_counts(ctx.notes.get("translate", {})),
                       "steps": ctx.notes.get("translate", {}).get("steps", {})},
          _plan_translation),
    Stage("embed", ("segment",), EMBEDDINGS,
          lambda ctx: {**{f"model_{k}" if k == "name" else k: v for k, v in ctx.chosen.identity().items()},
                       "name": "embed"},
          _embed, lambda ctx: {"cache": ctx.embedder.signature()["cache"]}, _choose_embedder),
    Stage("stories", ("ingest", "segment", "embed"), STORIES,
          lambda ctx: {"name": "stories", **ctx.pipe.stories.model_dump(exclude={"update"}), "method": "stories.v1",
                       "calibration": calibration_digest()}, _stories, incremental=True),
    Stage("align", ("segment", "translate", "embed", "stories"), ALIGNMENTS, _align_sig, _align,
          _notes("align"), incremental=True),
    Stage("statements", ("segment", "translate", "embed", "stories", "align"), STATEMENTS, _align_sig, _statements,
          _notes("statements"), incremental=True),
    Stage("speakers", ("statements",), SPEAKERS, lambda ctx: {"name": "speakers", "method": "skeleton.v1"},
          _speakers),
    Stage("compare", ("ingest", "translate", "embed", "stories", "statements"), COMPARISON,
          lambda ctx: {**ctx.pipe.align_settings().signature(), "word_diff": text.signature(),
                       "view_langs": _view_langs(ctx.pipe), "meaning": "centred-mean-cosine.v1",
                       "calibration": calibration_digest()}, _compare),
)


def ordered_stages(stages: tuple[Stage, ...] = STAGE_LIST) -> list[Stage]:
    """The stages in an order where every stage comes after its inputs (ties: declaration order)."""
    from graphlib import TopologicalSorter

    by_name = {st.name: st for st in stages}
    for st in stages:
        unknown = [i for i in st.inputs if i not in by_name]
        if unknown:
            raise ValueError(f"stage {st.name}: unknown input {unknown[0]}")
    order = {st.name: k for k, st in enumerate(stages)}
    sorter = TopologicalSorter({st.name: st.inputs for st in stages})
    sorter.prepare()
    out: list[Stage] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=order.get)
        out.extend(by_name[n] for n in ready)
        sorter.done(*ready)
    return out




def needed(until: str, stages: tuple[Stage, ...] = STAGE_LIST) -> list[Stage]:
    """The stages ``until`` depends on, and itself, in run order."""
    by_name = {st.name: st for st in stages}
    want: set[str] = set()
    todo = [until]
    while todo:
        name = todo.pop()
        if name not in want:
            want.add(name)
            todo.extend(by_name[name].inputs)
    return [st for st in ordered_stages(stages) if st.name in want]


def run_stages(pipe: Pipeline, until: str, *, given: dict[str, pl.DataFrame] | None = None,
               reporter: Reporter | None = None, jobs: int = 1) -> tuple[dict[str, pl.DataFrame], StageContext]:
    """The stages ``until`` needs, computed in memory (no run directory; the translation and embedding caches
    as ``pipe`` says): what the CLI's ``segment``, ``translate`` and ``align`` commands run. ``given`` supplies
    tables already at hand (e.g. ``{"ingest": articles}`` read with command-line defaults)."""
    ctx = StageContext(pipe, reporter or Reporter(), jobs)
    tables: dict[str, pl.DataFrame] = dict(given or {})
    for st in needed(until):
        if st.name in tables:
            continue
        inputs = {i: tables[i] for i in st.inputs}
        if st.prepare:
            st.prepare(ctx, inputs)
        ctx.reporter.stage_start(st.name)
        tables[st.name] = st.compute(ctx, inputs)
        ctx.reporter.stage_end(st.name, False, tables[st.name].height)
    return tables, ctx
