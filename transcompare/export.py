"""The SQLite export of a run, for Datasette, the sqlite3 shell and any SQL tool.

``RUN_DIR/run.sqlite`` holds every table of the run (those of :data:`transcompare.run.TABLES`: all but the
embeddings, whose vectors are for programs and stay in Parquet), and the ``story_index``, one row per story
(:mod:`transcompare.story_index`, derived from the others), with the columns of
:mod:`transcompare.schema`, each table's key as its primary key, its references as foreign keys, an index on
every foreign key's columns, and full-text search (FTS5) on the sentences' text and on the translations.
List columns are JSON text (``json_each`` reads them). An empty ``speaker_id`` (no named person) is NULL, so
that the foreign key to ``speakers`` holds. ``RUN_DIR/metadata.json`` is a Datasette metadata file: a title,
and a description of every table and column, from the schema.

The database is built in a temp file beside it and renamed, so a reader never sees half a database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from transcompare.errors import SchemaError
from transcompare.output import atomic_path, atomic_write_text
from transcompare.schema import STORY_INDEX, TABLES as SCHEMA, C, Table, check_frame

SQLITE_FILE = "run.sqlite"
METADATA_FILE = "metadata.json"
# full-text search: table -> its columns searched
FTS = {"sentences": (C.TEXT,), "translations": (C.TRANSLATION,)}
# the column Datasette shows for a row another table points at
LABELS = {"articles": C.TITLE, "speakers": C.NAME, "story_index": C.LABEL}


def exported_tables() -> list[Table]:
    """The tables of a run, each after the tables it references (so that its foreign keys can be declared)."""
    from transcompare.run import TABLES

    todo = [table for _file, table, _required in TABLES.values()] + [STORY_INDEX]  # the index: derived
    names = {t.name for t in todo}
    done: list[Table] = []
    while todo:
        ready = [t for t in todo if all(other in {d.name for d in done} or other not in names or other == t.name
                                        for _cols, other in t.refs)]
        if not ready:  # a cycle of references: a schema bug
            raise SchemaError(f"tables {', '.join(t.name for t in todo)} reference each other in a cycle")
        done.extend(ready)
        todo = [t for t in todo if t not in ready]
    return done


def _sql_type(dtype: pl.DataType) -> type:
    if dtype.is_integer() or dtype == pl.Boolean:
        return int
    if dtype.is_float():
        return float
    return str  # text, and lists as JSON text


def _rows(df: pl.DataFrame, table: Table):
    """The frame's rows as dicts with the schema's columns; an empty string in a foreign key column is NULL."""
    df = check_frame(df, table, "sqlite").select(list(table.columns))
    refs = {c for cols, _other in table.refs for c in cols if c not in table.key and table.columns[c] == pl.Utf8}
    if refs:
        df = df.with_columns([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in refs])
    return df.iter_rows(named=True)


def _one(cols: tuple[str, ...]) -> str | tuple[str, ...]:
    return cols[0] if len(cols) == 1 else cols


def write_sqlite(tables: dict[str, pl.DataFrame], path: str | Path) -> Path:
    """Write ``tables`` (by table name; a missing one is written empty) to the SQLite database ``path``,
    atomically, with keys, foreign keys, indexes and full-text search; returns the path."""
    import sqlite_utils

    path = Path(path)
    with atomic_path(path) as tmp:
        db = sqlite_utils.Database(tmp, recreate=True)
        try:
            exported = exported_tables()
            for table in exported:
                columns = {c: _sql_type(t) for c, t in table.columns.items()}
                fks = [(_one(cols), other, _one(SCHEMA[other].key)) for cols, other in table.refs
                       if other in {t.name for t in exported}]
                created = db[table.name].create(columns, pk=_one(table.key) if table.key else None,
                                                foreign_keys=fks, not_null=set(table.key))
                df = tables.get(table.name)
                created.insert_all(_rows(table.empty() if df is None else df, table), batch_size=1000)
                for cols, _other in table.refs:
                    if tuple(table.key[:len(cols)]) != cols:  # a primary key's leading columns are indexed
                        created.create_index(list(cols), if_not_exists=True)
                if table.name in FTS:
                    created.enable_fts(list(FTS[table.name]), create_triggers=False)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:  # the tables of one run always agree: this is a bug, named
                raise SchemaError(f"{path}: {len(broken)} rows of table '{broken[0][0]}' point at no row of "
                                  f"'{broken[0][2]}'")
        finally:
            db.close()
    return path


def datasette_metadata(manifest: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata for ``run.sqlite``: a title, the run's signature, every table and column described."""
    name = manifest.get("pipeline") or "run"
    tables = {}
    for table in exported_tables():
        entry: dict[str, Any] = {"description": table.description, "columns": dict(table.doc)}
        if table.name in LABELS:
            entry["label_column"] = LABELS[table.name]
        tables[table.name] = entry
    description = "The tables of a transcompare run (columns: docs/tables.md)."
    if manifest.get("signature"):
        description += f" Signature: {manifest['signature']}"
    return {"title": f"transcompare · {name}", "description": description,
            "databases": {Path(SQLITE_FILE).stem: {"tables": tables}}}


def export_sqlite(run_dir: str | Path, tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> Path:
    """``RUN_DIR/run.sqlite`` and its ``RUN_DIR/metadata.json``; returns the database's path."""
    run_dir = Path(run_dir)
    if STORY_INDEX.name not in tables:
        from transcompare.story_index import story_index

        def table(name: str) -> pl.DataFrame:
            return tables[name] if tables.get(name) is not None else SCHEMA[name].empty()

        tables = {**tables, STORY_INDEX.name: story_index(
            table("articles"), table("stories"), table("statements"), table("sentences"), table("translations"),
            manifest.get("pivot"))}
    path = write_sqlite(tables, run_dir / SQLITE_FILE)
    atomic_write_text(run_dir / METADATA_FILE, json.dumps(datasette_metadata(manifest), indent=2, ensure_ascii=False)
                      + "\n")
    return path


def export_run(run_dir: str | Path, fmt: str = "sqlite") -> Path:
    """Export a finished run directory (``transcompare export``); the same files ``formats = ["sqlite"]`` writes."""
    from transcompare.run import TABLES, load_run

    if fmt != "sqlite":
        raise ValueError(f"unknown export format {fmt!r}")
    run = load_run(run_dir)
    tables = {table.name: getattr(run, attr) for attr, (_f, table, _r) in TABLES.items()}
    return export_sqlite(run.path, tables | {STORY_INDEX.name: run.story_index()}, run.manifest)
