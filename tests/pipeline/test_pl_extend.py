"""``[stories] update = "extend"``: a run given more articles extends a story that grew from its earlier rows
(docs/align.md#online-use) instead of aligning and clustering it again whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from transcompare.config import load_pipeline
from transcompare.eval.coverage_corpus import ROOT, load_events, write_articles
from transcompare.pipeline import STATE_FILE, run_pipeline

# three events of the constructed coverage corpus: their English articles first, then two events' German ones
# (no engine translates German here: they are aligned through their embeddings)
FIRST = ("e01-en-wire", "e01-en-para", "e03-en-wire", "e03-en-para", "e05-en-wire", "e05-en-para")
ADDED = ("e01-de-rundschau", "e03-de-tagblatt")


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> dict[str, Path]:
    events = [ev for ev in load_events(ROOT, "all") if ev.event in ("e01", "e03", "e05")]
    for ev in events:
        ev.articles[:] = [a for a in ev.articles if a.id in FIRST + ADDED]
    return write_articles(events, tmp_path_factory.mktemp("extend") / "articles")


def _run(folder: Path, names, update: str, force: bool = False, extra: str = "") -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for path in names:
        shutil.copy(path, folder / "articles" / path.name)
    pipe = folder / "extend.toml"
    pipe.write_text(f'name = "extend"\n[[inputs]]\npath = "articles"\n[translate]\ncache = false\n'
                    f'[stories]\nupdate = "{update}"\n{extra}', encoding="utf-8")
    return run_pipeline(load_pipeline(pipe), folder / "run", force=force).run_dir


def _members(table: pl.DataFrame) -> dict[str, frozenset]:
    """statement id -> its members (article, sentence indices)."""
    out: dict[str, set] = {}
    for sid, a, idx in table.select("statement_id", "article_id", "sentence_indices").iter_rows():
        out.setdefault(sid, set()).add((a, tuple(idx)))
    return {k: frozenset(v) for k, v in out.items()}


def test_a_grown_story_keeps_its_earlier_links_and_statements(articles, tmp_path):
    run = _run(tmp_path / "online", [articles[a] for a in FIRST], "extend")
    before_al = pl.read_parquet(run / "alignments.parquet")
    before_st = pl.read_parquet(run / "statements.parquet")
    stories = pl.read_parquet(run / "stories.parquet")
    assert stories["story_id"].n_unique() == 3
    run = _run(tmp_path / "online", [articles[a] for a in ADDED], "extend")
    state = json.loads((run / STATE_FILE).read_text(encoding="utf-8"))
    story_of = dict(pl.read_parquet(run / "stories.parquet").select("article_id", "story_id").iter_rows())
    for added in ADDED:  # each German report joins its event's story
        assert story_of[added] == story_of[added[:3] + "-en-wire"]
    for stage in ("align", "statements"):  # e05 unchanged (reused), e01 and e03 grown (extended)
        info = state[stage]["info"]
        assert (info["reused_stories"], info["extended_stories"]) == (1, 2), (stage, info)
    after_al = pl.read_parquet(run / "alignments.parquet")
    old = after_al.filter(pl.col("article_a").is_in(FIRST) & pl.col("article_b").is_in(FIRST))
    assert old.equals(before_al)  # the earlier pairs' links exactly as they were
    new = after_al.filter(pl.col("article_a").is_in(ADDED) | pl.col("article_b").is_in(ADDED))
    assert new.height > 0
    after_st = pl.read_parquet(run / "statements.parquet")
    members = _members(after_st)
    joined = [m for m in members.values() if any(a in ADDED for a, _ in m) and len({a for a, _ in m}) > 1]
    assert {a for m in joined for a, _ in m} >= set(ADDED), "a German report shares no statement"
    earlier = set(_members(before_st).values())
    kept = earlier & set(members.values())  # the earlier statements nothing joined, as they were
    assert len(kept) >= len(earlier) - len(joined)
    key = ["article_id", "sentence_indices"]
    cols = ["text", "score", "speaker", "reporting_verb", "is_representative", "n_outlets", "altered"]
    old_rows = before_st.filter(pl.col("article_id").is_in(FIRST))
    new_rows = after_st.filter(pl.col("article_id").is_in(FIRST))
    same = {(r["article_id"], tuple(r["sentence_indices"])) for r in old_rows.iter_rows(named=True)
            if frozenset(members_of(before_st, r)) in kept}
    for r in new_rows.iter_rows(named=True):
        k = (r["article_id"], tuple(r["sentence_indices"]))
        if k in same:
            o = old_rows.filter((pl.col(key[0]) == k[0]) & (pl.col(key[1]) == list(k[1]))).row(0, named=True)
            assert {c: r[c] for c in cols} == {c: o[c] for c in cols}
    # "redo" (the default) over the same articles gives what a run of all of them at once gives
    redo = _run(tmp_path / "redo", [articles[a] for a in FIRST], "redo")
    redo = _run(tmp_path / "redo", [articles[a] for a in ADDED], "redo")
    once = _run(tmp_path / "once", list(articles.values()), "redo")
    for table in ("alignments", "statements"):
        assert pl.read_parquet(redo / f"{table}.parquet").equals(pl.read_parquet(once / f"{table}.parquet"))
    # and the extended statements are close to those: most sentence pairs put in one statement are the same
    def links(table):
        out = set()
        for m in _members(table).values():
            nodes = [(a, i) for a, idx in m for i in idx]
            out.update((x, y) for x in nodes for y in nodes if x[0] < y[0])
        return out
    la, lb = links(after_st), links(pl.read_parquet(once / "statements.parquet"))
    assert len(la & lb) / len(la | lb) >= 0.8
    # two local processes extend alike (the earlier rows travel with each story)
    _run(tmp_path / "jobs", [articles[a] for a in FIRST], "extend", extra="[execution]\njobs = 2\n")
    jobs = _run(tmp_path / "jobs", [articles[a] for a in ADDED], "extend", extra="[execution]\njobs = 2\n")
    for table in ("alignments", "statements"):
        assert pl.read_parquet(jobs / f"{table}.parquet").equals(pl.read_parquet(run / f"{table}.parquet"))
    forced = _run(tmp_path / "online", [], "redo", force=True)  # the documented way back to a run at once's
    for table in ("alignments", "statements"):
        assert pl.read_parquet(forced / f"{table}.parquet").equals(pl.read_parquet(once / f"{table}.parquet"))


def members_of(table: pl.DataFrame, row: dict) -> set:
    """The members of the statement of ``row``."""
    part = table.filter(pl.col("statement_id") == row["statement_id"])
    return {(a, tuple(idx)) for a, idx in part.select("article_id", "sentence_indices").iter_rows()}
