"""The SQLite export: every table of the run with its rows, keys, foreign keys that hold, full-text search, JSON
list columns, a Datasette metadata file from the schema; Datasette itself (in-process) opens it."""

from __future__ import annotations

import asyncio
import html
import json
import sqlite3

import polars as pl
import pytest
import sqlite_utils
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.export import FTS, METADATA_FILE, SQLITE_FILE, exported_tables, write_sqlite
from transcompare.schema import TABLES, C


def _db(run_dir) -> sqlite_utils.Database:
    return sqlite_utils.Database(sqlite3.connect(f"file:{run_dir / SQLITE_FILE}?mode=ro", uri=True))


def _heights(run_dir) -> dict[str, int]:
    """Rows per exported table: the Parquet files, and the story index derived from them."""
    from transcompare.run import load_run

    return {t.name: (load_run(run_dir).story_index().height if t.name == "story_index" else
                     pl.read_parquet(run_dir / f"{t.name}.parquet").height) for t in exported_tables()}


def test_every_table_is_there_with_the_parquet_rows(ferry_run):
    run_dir, result = ferry_run
    db = _db(run_dir)
    names = [t.name for t in exported_tables()]
    assert set(names) == set(TABLES) - {"embeddings"}  # vectors stay in Parquet
    assert set(names) <= set(db.table_names())
    heights = _heights(run_dir)
    for table in exported_tables():
        assert db[table.name].count == heights[table.name], table.name
        assert db[table.name].columns_dict.keys() == table.columns.keys()
    assert db["story_index"].count == len({r["story_id"] for r in db["stories"].rows}) > 0
    assert db["statements"].count > 0 and db["comparison"].count > 0 and db["speakers"].count > 0
    assert "sqlite" in result.output  # its progress line


def test_keys_and_foreign_keys_are_declared_and_hold(ferry_run):
    run_dir, _ = ferry_run
    db = _db(run_dir)
    for table in exported_tables():
        assert db[table.name].pks == (list(table.key) or ["rowid"]), table.name
        declared = {}
        for row in db.execute(f"PRAGMA foreign_key_list([{table.name}])").fetchall():
            declared.setdefault(row[0], (row[2], []))[1].append(row[3])
        assert sorted((other, tuple(cols)) for other, cols in declared.values()) == \
            sorted((other, cols) for cols, other in table.refs), table.name
        indexed = {tuple(ix.columns) for ix in db[table.name].indexes}
        for cols, _other in table.refs:  # every foreign key can be joined on an index
            assert cols in indexed or tuple(table.key[:len(cols)]) == cols, (table.name, cols)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db["comparison"].count and db["translations"].count  # the compound keys were checked on real rows
    # a statement's speaker is a row of speakers; no named person is NULL (an empty string in Parquet)
    joined = db.execute("SELECT count(*) FROM statements s JOIN speakers p USING (speaker_id)").fetchone()[0]
    parquet = pl.read_parquet(run_dir / "statements.parquet")
    assert joined == parquet.filter(pl.col(C.SPEAKER_ID) != "").height > 0


def test_full_text_search_finds_a_sentence(ferry_run):
    run_dir, _ = ferry_run
    db = _db(run_dir)
    assert db["sentences"].detect_fts() == "sentences_fts" and db["translations"].detect_fts() == "translations_fts"
    hits = list(db["sentences"].search("tripulants"))
    assert [h[C.TEXT] for h in hits] == ["«Hem arribat a un acord que protegeix tots els tripulants», va dir el "
                                         "líder sindical Tomas Brekke."]
    assert hits[0][C.ARTICLE_ID] == "ferry-diari" and hits[0][C.LANG] == "ca"
    # the translations are searchable too: the Catalan sentence in English
    found = [h for h in db["translations"].search("Brekke") if h[C.LANG] == "ca" and h[C.TARGET_LANG] == "en"]
    assert found and all("Brekke" in h[C.TRANSLATION] for h in found)
    assert set(FTS) == {"sentences", "translations"}


def test_list_columns_are_json_text(ferry_run):
    run_dir, _ = ferry_run
    db = _db(run_dir)
    parquet = pl.read_parquet(run_dir / "statements.parquet").sort(C.STATEMENT_ID, C.ARTICLE_ID)
    rows = list(db.query("SELECT sentence_indices, also_in FROM statements ORDER BY statement_id, article_id"))
    assert [json.loads(r[C.SENTENCE_INDICES]) for r in rows] == parquet[C.SENTENCE_INDICES].to_list()
    assert [json.loads(r[C.ALSO_IN]) for r in rows] == parquet[C.ALSO_IN].to_list()
    # json_each joins a statement to the sentences that carry it
    joined = db.execute("SELECT count(*) FROM statements st, json_each(st.sentence_indices) j "
                        "JOIN sentences s ON s.article_id = st.article_id AND s.[index] = j.value").fetchone()[0]
    assert joined == sum(len(x) for x in parquet[C.SENTENCE_INDICES].to_list())


def test_metadata_describes_every_table_and_column_from_the_schema(ferry_run):
    run_dir, _ = ferry_run
    meta = json.loads((run_dir / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["title"] == "transcompare · ferry" and "pipe:ferry|" in meta["description"]
    tables = meta["databases"]["run"]["tables"]
    assert set(tables) == {t.name for t in exported_tables()}
    for table in exported_tables():
        assert tables[table.name]["description"] == table.description != ""
        assert tables[table.name]["columns"] == table.doc


def test_datasette_opens_the_database_with_its_metadata(ferry_run):
    datasette = pytest.importorskip("datasette.app")
    run_dir, _ = ferry_run
    meta = json.loads((run_dir / METADATA_FILE).read_text(encoding="utf-8"))

    async def read():
        ds = datasette.Datasette(files=[str(run_dir / SQLITE_FILE)], metadata=meta)  # in-process: no server
        database = (await ds.client.get("/run.json")).json()
        search = (await ds.client.get("/run/sentences.json?_search=Varholm&_shape=array")).json()
        page = (await ds.client.get("/run/comparison")).text
        return database, search, page

    # in a thread of its own: a browser test earlier in the session may leave an event loop running in this one
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        database, search, page = pool.submit(asyncio.run, read()).result()
    counts = {t["name"]: t["count"] for t in database["tables"] if not t["hidden"]}
    assert counts == _heights(run_dir)
    assert {t["name"]: t["fts_table"] for t in database["tables"] if t["name"] in FTS} == {
        "sentences": "sentences_fts", "translations": "translations_fts"}
    assert len(search) == 3 and all("Varholm" in row[C.TEXT] for row in search)
    for text in (TABLES["comparison"].description, TABLES["comparison"].doc[C.VIEW_TEXT]):  # shown on its page
        assert text in html.unescape(page)


def test_export_command_writes_the_same_database_for_an_existing_run(ferry_run, tmp_path):
    run_dir, _ = ferry_run
    copy = tmp_path / "run"
    copy.mkdir()
    for path in run_dir.glob("*.parquet"):
        (copy / path.name).write_bytes(path.read_bytes())
    (copy / "manifest.json").write_bytes((run_dir / "manifest.json").read_bytes())
    res = CliRunner().invoke(main, ["export", str(copy), "--format", "sqlite"])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(copy / SQLITE_FILE)
    a, b = _db(run_dir), _db(copy)
    for table in exported_tables():
        assert list(b.query(f"SELECT * FROM [{table.name}]")) == list(a.query(f"SELECT * FROM [{table.name}]"))
    assert (copy / METADATA_FILE).read_text() == (run_dir / METADATA_FILE).read_text()
    assert [p.name for p in copy.iterdir() if p.name.endswith(".tmp")] == []


def test_export_of_a_folder_that_is_not_a_run_is_one_line(tmp_path):
    res = CliRunner().invoke(main, ["export", str(tmp_path)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [f"Error: {tmp_path}: not a complete run directory, articles.parquet "
                                               "is missing (run `transcompare run PIPELINE` first)"]
    assert not (tmp_path / SQLITE_FILE).exists()


def test_a_failed_export_leaves_the_old_database_and_no_temp_file(ferry_run, tmp_path):
    run_dir, _ = ferry_run
    path = tmp_path / SQLITE_FILE
    path.write_bytes((run_dir / SQLITE_FILE).read_bytes())
    before = path.read_bytes()
    articles = pl.read_parquet(run_dir / "articles.parquet")
    with pytest.raises(sqlite3.IntegrityError):  # two articles with one id: the primary key refuses them
        write_sqlite({"articles": pl.concat([articles, articles.head(1)])}, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [SQLITE_FILE]


def test_a_rerun_keeps_the_database_when_nothing_changed(ferry_run, monkeypatch):
    run_dir, _ = ferry_run
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(run_dir.parent.parent / "cache"))
    stamp = (run_dir / SQLITE_FILE).stat().st_mtime_ns
    res = CliRunner().invoke(main, ["run", str(run_dir.parent.parent / "ferry.toml")])
    assert res.exit_code == 0, res.output
    assert (run_dir / SQLITE_FILE).stat().st_mtime_ns == stamp
    assert json.loads((run_dir / ".stages.json").read_text())["sqlite"]["key"]
