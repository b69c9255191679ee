"""The pipeline runner: orders the stages, caches their outputs, writes the run directory.

ingest -> segment -> translate -> embed -> stories -> align -> statements -> speakers -> compare -> report

Each stage is a function from polars frames to polars frames (defined in its own module). The runner only
orders them, skips a stage whose inputs and settings are unchanged (its key, a hash of its signature and its
upstream keys, is recorded in ``RUN_DIR/.stages.json``), writes every table atomically, and stamps the run
with ``manifest.json``. Translations are cached sentence batch by sentence batch in SQLite, so an interrupted
run resumes without translating anything twice.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from transcompare.config import Pipeline
from transcompare.errors import ConfigError, InputError, InputFailure
from transcompare.execution import check_backend
from transcompare.files import creatable_at
from transcompare.output import atomic_write_text, write_table
from transcompare.runlock import run_lock
from transcompare.schema import EMBEDDINGS, C, Table
from transcompare.stages import (STAGE_LIST, Reporter, Stage, StageContext, _plan, _routes_manifest, input_files,
                                 ordered_stages, read_inputs, untranslated_notes)

STATE_FILE = ".stages.json"
MANIFEST = "manifest.json"
REPORT = "report.html"


@dataclass
class RunResult:
    run_dir: Path
    manifest: dict[str, Any]
    tables: dict[str, pl.DataFrame]
    failed_inputs: list[InputFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def run(self):
        """The run as :func:`transcompare.api.load_run` would open it (``.comparison``, ``.comparison_view()``),
        from the tables in memory."""
        from transcompare.run import Run

        return Run.from_tables(self.run_dir, self.manifest, _run_tables(self.tables))

    @property
    def report_path(self) -> Path | None:
        p = self.run_dir / REPORT
        return p if p.exists() else None


@dataclass
class CheckResult:
    articles: pl.DataFrame
    failed_inputs: list[InputFailure]
    warnings: list[str]
    routes: dict[str, dict[str, Any]]


# ------------------------------------------------------------------------------------------- helpers
def _hash(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()[:20]


def _failed(errors: list[InputFailure]) -> list[dict[str, Any]]:
    """The manifest's record of the inputs that could not be read."""
    return [f.to_dict() for f in errors]


def _run_dir_origin(pipe: Pipeline, out_dir: str | Path | None) -> str:
    """Where the run directory comes from, for error messages: ``--out DIR`` or the pipeline's key."""
    return f"--out {out_dir}" if out_dir is not None else f"{pipe.source}: [output.dir] {pipe.output_dir()}"


def _writable_run_dir(pipe: Pipeline, out_dir: str | Path | None) -> Path:
    """The run directory, or a ConfigError naming where it comes from when it cannot be written."""
    run_dir = pipe.output_dir(out_dir)
    where = _run_dir_origin(pipe, out_dir)
    try:
        creatable_at(run_dir)
    except NotADirectoryError as err:
        raise ConfigError(f"{where}: {err.filename} is a file, not a directory") from None
    except (OSError, ValueError) as err:
        raise ConfigError(f"{where}: cannot create the run directory in {getattr(err, 'filename', None) or run_dir} "
                          f"({getattr(err, 'strerror', None) or err})") from None
    return run_dir


def check_pipeline(pipe: Pipeline, out_dir: str | Path | None = None, reporter: Reporter | None = None) -> CheckResult:
    """Everything that can fail before expensive work: run directory, inputs, languages, a route for every pair.
    Inputs from the web that are not stored yet are fetched (their articles tell the languages)."""
    from transcompare.fetch.inputs import fetch_inputs

    _writable_run_dir(pipe, out_dir)
    fetch_inputs(pipe, reporter or Reporter())
    articles, errors, warnings = read_inputs(pipe)
    if articles.height == 0:
        detail = f" ({errors[0]})" if errors else ""
        raise InputError(f"{pipe.source}: no article could be read{detail}")
    pipe.align_settings()
    _check_caches(pipe)
    check_backend(pipe.execution.execution(), str(pipe.source or pipe.name))
    langs = sorted(set(articles[C.LANG].to_list()))
    missing: dict = {}
    routes = _plan(pipe, langs, missing)
    warnings = warnings + untranslated_notes(articles, missing, pipe.pivot)
    return CheckResult(articles, errors, warnings, _routes_manifest(routes))


# ------------------------------------------------------------------------------------------- runner
class _Runner:
    def __init__(self, pipe: Pipeline, run_dir: Path, force: bool, jobs: int, reporter: Reporter):
        self.pipe, self.run_dir, self.force, self.jobs, self.reporter = pipe, run_dir, force, jobs, reporter
        self.state: dict[str, Any] = {} if force else self._load_state()
        self.keys: dict[str, str] = {}
        self.tables: dict[str, pl.DataFrame] = {}
        self.stage_info: dict[str, dict[str, Any]] = {}

    def _load_state(self) -> dict[str, Any]:
        try:
            return json.loads((self.run_dir / STATE_FILE).read_text())
        except (OSError, ValueError):
            return {}

    def _save_state(self) -> None:
        atomic_write_text(self.run_dir / STATE_FILE, json.dumps(self.state, indent=1, sort_keys=True))

    def run(self, st: Stage, ctx: StageContext) -> pl.DataFrame:
        """Run one stage unless its key is unchanged and its table is on disk."""
        name, table = st.name, st.table
        inputs = {i: self.tables[i] for i in st.inputs}
        if st.prepare:
            st.prepare(ctx, inputs)
        signature = st.signature(ctx)
        key = _hash(name, signature, [self.keys[i] for i in st.inputs])
        self.keys[name] = key
        path = self.run_dir / f"{table.name}.parquet"
        recorded = self.state.get(name, {})
        if recorded.get("key") == key and path.exists():
            self.reporter.stage_start(name)
            try:
                df = pl.read_parquet(path)
            except Exception:  # a corrupt or truncated table: recompute it
                df = None
            if df is not None:
                self.tables[name] = df
                self.stage_info[name] = {**recorded.get("info", {}), "skipped": True}
                self.reporter.stage_end(name, True, df.height)
                return df
        if st.incremental and path.exists() and recorded.get("info", {}).get("signature") == signature:
            try:  # online: the same settings, more (or other) inputs: the stage extends what it made
                ctx.previous[name] = pl.read_parquet(path)
                ctx.previous_info[name] = recorded.get("info", {})
            except Exception:
                ctx.previous.pop(name, None)
                ctx.previous_info.pop(name, None)
        self.reporter.stage_start(name)
        t0 = time.perf_counter()
        df = st.compute(ctx, inputs)
        seconds = round(time.perf_counter() - t0, 3)
        write_table(df, path)
        for fmt in self.pipe.output.formats:
            # vectors are for programs: parquet only; the sqlite database is written once, of every table
            if fmt not in ("parquet", "sqlite") and table is not EMBEDDINGS:
                write_table(df, self.run_dir / f"{table.name}.{fmt}", fmt)
        info = {"signature": signature, "seconds": seconds, "rows": df.height, **(st.extra(ctx) if st.extra else {})}
        self.state[name] = {"key": key, "info": info}
        self._save_state()
        self.tables[name] = df
        self.stage_info[name] = {**info, "skipped": False}
        self.reporter.stage_end(name, False, df.height)
        return df


def _check_caches(pipe: Pipeline) -> None:
    """The translation and embedding caches open (or can be created), or a ConfigError naming the key."""
    from transcompare.embed.cache import EmbeddingCache, embedding_cache_beside
    from transcompare.errors import EngineError
    from transcompare.translate.cache import TranslationCache

    path = pipe.cache_path()
    if path is None:
        return
    for store in (TranslationCache(path), EmbeddingCache(embedding_cache_beside(path))):
        try:
            store.check()
        except EngineError as err:
            raise ConfigError(f"{pipe.source}: [translate] cache_path: {err}") from None


def run_pipeline(pipe: Pipeline, out_dir: str | Path | None = None, *, force: bool = False, jobs: int = 1,
                 reporter: Reporter | None = None) -> RunResult:
    """Run (or resume) a pipeline; returns the run directory, manifest and tables."""
    from transcompare import __version__
    from transcompare.fetch.inputs import fetch_inputs

    reporter = reporter or Reporter()
    run_dir = _writable_run_dir(pipe, out_dir)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(f"{_run_dir_origin(pipe, out_dir)}: cannot create the run directory "
                          f"({err.strerror or err})") from None
    with run_lock(run_dir):  # one run at a time writes a run directory
        _check_caches(pipe)  # before any work
        started = time.time()
        r = _Runner(pipe, run_dir, force, jobs, reporter)
        ctx = StageContext(pipe, reporter, jobs)
        check_backend(ctx.execution, str(pipe.source or pipe.name))
        fetch_inputs(pipe, reporter)  # URLs not stored yet; then they are read from the stored copies like files
        ctx.files, missing_inputs = input_files(pipe)
        for st in ordered_stages():
            r.run(st, ctx)
            if st.name == "ingest" and r.tables["ingest"].height == 0:
                errors = _ingest_errors(r, missing_inputs)
                raise InputError(f"{pipe.source}: no article could be read" + (f" ({errors[0]})" if errors else ""))

        ingest_errors = _ingest_errors(r, missing_inputs)
        warnings = list(r.stage_info["ingest"].get("warnings", [])) + ctx.warnings
        pivots_used = {k: v for k, v in ctx.routes.items() if len(str(v.get("route", "")).split(">")) > 2}
        for pair, info in pivots_used.items():
            warnings.append(f"{pair} has no direct engine; translated through a pivot ({info.get('route')})")

        manifest = _manifest(pipe, r, ctx.files, ingest_errors, warnings, ctx.routes, started, __version__)
        manifest_text = json.dumps(manifest, indent=2, ensure_ascii=False)
        atomic_write_text(run_dir / MANIFEST, manifest_text)
        if pipe.output.report:
            _report_stage(r, json.loads(manifest_text))  # the manifest as a reader of the run directory sees it
        if "sqlite" in pipe.output.formats:
            _sqlite_stage(r, manifest)
        return RunResult(run_dir, manifest, r.tables, ingest_errors, warnings)


def _ingest_errors(r: "_Runner", missing: list[InputFailure]) -> list[InputFailure]:
    """Inputs that matched nothing, then those that could not be read (as recorded by the ingest stage)."""
    recorded = [InputFailure.from_dict(e) for e in r.stage_info["ingest"].get("errors", [])]
    return missing + [e for e in recorded if e not in missing]


def _run_tables(stage_tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Stage outputs by the names a :class:`~transcompare.run.Run` gives them (its table names)."""
    return {STAGE_TABLE[name].name: df for name, df in stage_tables.items() if name in STAGE_TABLE}


def _report_stage(r: _Runner, manifest: dict[str, Any]) -> None:
    """(Re)write report.html and figures/ unless they exist and nothing they show has changed."""
    from transcompare.render.figures import FIGURES_DIR, write_figures
    from transcompare.render.html import write_report
    from transcompare.run import Run

    key = _hash("report", [r.keys[st.name] for st in STAGE_LIST], manifest.get("warnings"),
                manifest.get("failed_inputs"), manifest.get("signature"))
    r.reporter.stage_start("report")
    path = r.run_dir / REPORT
    skipped = (r.state.get("report", {}).get("key") == key and path.exists()
               and (r.run_dir / FIGURES_DIR / "coverage.svg").exists())
    if not skipped:
        run = Run.from_tables(r.run_dir, manifest, _run_tables(r.tables))  # drawn from memory
        write_figures(run)
        write_report(run)
        r.state["report"] = {"key": key}
        r._save_state()
    r.reporter.stage_end("report", skipped, 1)


def _sqlite_stage(r: _Runner, manifest: dict[str, Any]) -> None:
    """(Re)write run.sqlite and its Datasette metadata unless they exist and no table has changed."""
    from transcompare.export import METADATA_FILE, SQLITE_FILE, export_sqlite, exported_tables

    key = _hash("sqlite", [r.keys[st.name] for st in STAGE_LIST], manifest.get("signature"))
    r.reporter.stage_start("sqlite")
    skipped = (r.state.get("sqlite", {}).get("key") == key and (r.run_dir / SQLITE_FILE).exists()
               and (r.run_dir / METADATA_FILE).exists())
    if not skipped:
        export_sqlite(r.run_dir, _run_tables(r.tables), manifest)
        r.state["sqlite"] = {"key": key}
        r._save_state()
    r.reporter.stage_end("sqlite", skipped, len(exported_tables()))


def _manifest(pipe: Pipeline, r: _Runner, files, errors, warnings, routes_info, started, version) -> dict:
    from transcompare.manifest import build_manifest

    return build_manifest(
        pipeline=pipe.name,
        config_hash=pipe.config_hash(),
        pivot=pipe.pivot,
        view_langs=pipe.view_langs or [pipe.pivot],
        inputs=files,
        stages=r.stage_info,
        engines=routes_info,
        warnings=warnings,
        failed_inputs=_failed(errors),
        counts={
            "articles": r.tables["ingest"].height,
            "sentences": r.tables["segment"].height,
            "translations": r.tables["translate"].height,
            "stories": r.tables["stories"][C.STORY_ID].n_unique() if r.tables["stories"].height else 0,
            "alignments": r.tables["align"].height,
            "statements": r.tables["statements"][C.STATEMENT_ID].n_unique() if r.tables["statements"].height else 0,
            "failed_inputs": len(errors),
        },
        seconds=round(time.time() - started, 3),
        version=version,
    )



STAGES = tuple(st.name for st in ordered_stages()) + ("report",)
STAGE_TABLE: dict[str, Table] = {st.name: st.table for st in STAGE_LIST}
