"""Stories in the views: the story index (one row per story), one story's statements in the API and in `show`,
the story list of `show --stories`, and the report of a run of several stories (a list of stories, then one
section per story holding exactly its statements). A run of one story (and a run written before the stories
stage) keeps the page it always had."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.api import load_run, render_report
from transcompare.cli import main
from transcompare.errors import InputError
from transcompare.schema import (
    ARTICLES,
    SENTENCES,
    STATEMENTS,
    STORIES,
    STORY_INDEX,
    TRANSLATIONS,
    C,
    check_frame,
)
from transcompare.story_index import story_index


class Page(HTMLParser):
    """Every start tag with its attributes, and the text outside scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.text.append(data)


def page_of(path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _story_statements(run) -> dict[str, set[str]]:
    """story id -> the statements of its articles, from the tables (not from the index)."""
    story_of = dict(run.stories.select(C.ARTICLE_ID, C.STORY_ID).iter_rows())
    out: dict[str, set[str]] = {}
    for sid, aid in run.statements.select(C.STATEMENT_ID, C.ARTICLE_ID).iter_rows():
        out.setdefault(story_of[aid], set()).add(sid)
    return out


# ------------------------------------------------------------------ the index

def test_the_index_summarises_each_story_from_the_tables(stories_run_dir):
    run = load_run(stories_run_dir)
    index = run.story_index()
    assert index.columns == list(STORY_INDEX.columns) and index.schema == STORY_INDEX.schema
    assert index[C.STORY_ID].to_list() == sorted(run.stories[C.STORY_ID].unique()) == ["t01", "t02", "t03", "t04"]
    per = _story_statements(run)
    n_outlets = dict(run.statements.group_by(C.STATEMENT_ID).agg(pl.col(C.N_OUTLETS).max()).iter_rows())
    titles = dict(run.articles.select(C.ARTICLE_ID, C.TITLE).iter_rows())
    for row in index.iter_rows(named=True):
        members = run.stories.filter(pl.col(C.STORY_ID) == row[C.STORY_ID])
        assert row[C.ARTICLES] == members[C.ARTICLE_ID].to_list() and row[C.N_ARTICLES] == members.height == 2
        assert row[C.OUTLETS] == list(dict.fromkeys(members[C.OUTLET])) and row[C.LANGUAGES] == ["en"]
        assert (row[C.FIRST_PUBLISHED], row[C.LAST_PUBLISHED]) == (min(members[C.PUBLISHED]),
                                                                   max(members[C.PUBLISHED]))
        assert row[C.N_STATEMENTS] == len(per[row[C.STORY_ID]])
        assert row[C.N_SHARED] == sum(n_outlets[s] >= 2 for s in per[row[C.STORY_ID]]) > 0
        assert row[C.LABEL_ARTICLE] in row[C.ARTICLES] and row[C.LABEL] == titles[row[C.LABEL_ARTICLE]]
    assert index[C.N_STATEMENTS].sum() == run.statements[C.STATEMENT_ID].n_unique()


def _frames(rows):
    """articles, sentences (the headline only), stories and pivot translations of (id, lang, headline, en)."""
    arts = check_frame(pl.DataFrame([{C.ARTICLE_ID: a, C.OUTLET: f"Outlet {a}", C.LANG: lang, C.TITLE: title,
                                      C.PUBLISHED: "2020-01-0" + str(k + 1), C.PARAGRAPHS: [title]}
                                     for k, (a, lang, title, _en) in enumerate(rows)]).with_columns(
        [pl.lit(None, t).alias(c) for c, t in ARTICLES.columns.items()
         if c not in (C.ARTICLE_ID, C.OUTLET, C.LANG, C.TITLE, C.PUBLISHED, C.PARAGRAPHS)]), ARTICLES, "test")
    sents = check_frame(pl.DataFrame([{C.ARTICLE_ID: a, C.OUTLET: f"Outlet {a}", C.LANG: lang, C.PARAGRAPH: 0,
                                       C.INDEX: 0, C.KIND: "title", C.START: 0, C.END: len(t), C.TEXT: t}
                                      for a, lang, t, _en in rows]), SENTENCES, "test")
    trans = check_frame(pl.DataFrame([{C.ARTICLE_ID: a, C.INDEX: 0, C.LANG: lang, C.TEXT: t, C.TARGET_LANG: "en",
                                       C.TRANSLATION: en, C.ENGINE: "test", C.ROUTE: f"{lang}>en"}
                                      for a, lang, t, en in rows]), TRANSLATIONS, "test")
    stories = check_frame(arts.select(C.ARTICLE_ID, C.OUTLET, C.LANG, C.PUBLISHED).with_columns(
        pl.lit("t01").alias(C.STORY_ID)), STORIES, "test")
    return arts, sents, stories, trans


HEADLINES = [  # id, headline, its English: b's shares most words with the others, then a's
    ("a", "Storm floods the harbour town", "Storm floods the harbour town"),
    ("b", "Una tormenta inunda el puerto y deja tres muertos", "A storm floods the harbour town and leaves three dead"),
    ("c", "Three dead after the harbour storm", "Three dead after the harbour storm"),
]


def test_the_label_is_the_most_central_headline_in_the_pivot_language():
    def index(langs, pivot="en"):
        rows = [(a, lang, title, en) for (a, title, en), lang in zip(HEADLINES, langs)]
        arts, sents, stories, trans = _frames(rows)
        return story_index(arts, stories, STATEMENTS.empty(), sents, trans, pivot=pivot)

    # none written in English: the most central headline, b's, as translated
    out = index(["es", "es", "fr"])
    assert out[C.LABEL_ARTICLE].to_list() == ["b"]
    assert out[C.LABEL].to_list() == ["A storm floods the harbour town and leaves three dead"]
    # some written in English: the most central of those (b still counts in the overlap), as its outlet wrote it
    out = index(["en", "es", "en"])
    assert out[C.LABEL_ARTICLE].to_list() == ["a"] and out[C.LABEL].to_list() == ["Storm floods the harbour town"]
    assert out[C.FIRST_PUBLISHED].to_list() == ["2020-01-01"] and out[C.LAST_PUBLISHED].to_list() == ["2020-01-03"]
    assert out[C.LANGUAGES].to_list() == [["en", "es"]] and out[C.N_STATEMENTS].to_list() == [0]
    assert index(["fr", "es", "en"])[C.LABEL_ARTICLE].item() == "c"  # the only one written in English


def test_a_run_without_a_stories_table_is_one_story(fixture_run_dir, spec):
    run = load_run(fixture_run_dir)
    assert not (fixture_run_dir / "stories.parquet").exists() and run.stories.height == 0
    index = run.story_index()
    assert index[C.STORY_ID].to_list() == ["t01"] and index[C.ARTICLES].to_list() == [list(spec.ARTS)]
    assert index[C.N_STATEMENTS].to_list() == [len(spec.STMTS)]
    assert index[C.N_SHARED].to_list() == [sum(len(m) >= 2 for m in spec.STMTS.values())]
    assert run.story_ids == {a: "t01" for a in spec.ARTS}
    assert len(run.comparison_view(story="t01")) == len(run.comparison_view()) == len(spec.STMTS)


# ------------------------------------------------------------------ the API

def test_comparison_view_of_one_story(stories_run_dir):
    run = load_run(stories_run_dir)
    per = _story_statements(run)
    for story, sids in per.items():
        view = run.comparison_view(story=story)
        assert {st.statement_id for st in view.statements} == sids
        assert all(st.story_id == story for st in view.statements)
        assert set(view.long()[C.STATEMENT_ID]) == sids and set(view.to_polars()[C.STATEMENT_ID]) == sids
        assert f"story {story}" in repr(view)
        outlets = set(run.story_index().filter(pl.col(C.STORY_ID) == story)[C.OUTLETS].item())
        for st in view.statements:  # left out: only outlets of the story (the compare stage names the run's)
            assert set(st.missing_outlets) <= outlets - {m.outlet for m in st.members}
    with pytest.raises(InputError, match=r"no story 't99' in this run \(stories: t01, t02, t03, t04\)"):
        run.comparison_view(story="t99")


# ------------------------------------------------------------------ show

def test_show_story_prints_only_its_statements(stories_run_dir):
    run = load_run(stories_run_dir)
    want = _story_statements(run)["t02"]
    res = CliRunner().invoke(main, ["show", str(stories_run_dir), "--story", "t02", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert {r[C.STATEMENT_ID] for r in rows} == want and len(rows) == run.comparison_view(story="t02").long().height
    res = CliRunner().invoke(main, ["show", str(stories_run_dir), "--story", "t02", "--width", "120"])
    assert res.exit_code == 0, res.output
    label = run.story_index().filter(pl.col(C.STORY_ID) == "t02")[C.LABEL].item()
    assert f"{len(want)} statements · story t02: {label[:20]}" in res.output
    shown = {line.split(" · ")[0] for line in res.output.splitlines() if line[:1] == "s" and " · " in line}
    assert shown == want


def test_show_stories_lists_the_index(stories_run_dir):
    run = load_run(stories_run_dir)
    res = CliRunner().invoke(main, ["show", str(stories_run_dir), "--stories", "--format", "csv"])
    assert res.exit_code == 0, res.output
    frame = pl.read_csv(res.output.encode("utf-8"))
    index = run.story_index()
    assert frame.columns == index.columns
    assert sorted(frame[C.STORY_ID]) == index[C.STORY_ID].to_list()
    assert frame[C.N_SHARED].to_list() == sorted(index[C.N_SHARED], reverse=True)  # most shared first
    res = CliRunner().invoke(main, ["show", str(stories_run_dir), "--stories", "--width", "160"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "transcompare · stories · 4 stories"
    for row in index.iter_rows(named=True):
        assert row[C.STORY_ID] in res.output and row[C.LABEL].split()[0] in res.output
        assert f"{row[C.N_SHARED]} shared" in res.output


def test_an_unknown_story_is_one_line_naming_the_run_and_its_stories(stories_run_dir):
    res = CliRunner().invoke(main, ["show", str(stories_run_dir), "--story", "t99"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"Error: {stories_run_dir}: no story 't99' in this run (stories: t01, t02, t03, t04)"]


# ------------------------------------------------------------------ the report

def _sections(page) -> tuple[list[str], dict[str, dict[str, list[str]]]]:
    """The story list's ids in order, and story -> view language -> the card ids of its section."""
    listed = [a["data-story"] for t, a in page.tags if t == "li" and "data-story" in a]
    cards: dict[str, dict[str, list[str]]] = {}
    story = lang = None
    for tag, attrs in page.tags:
        if tag == "section" and "story" in (attrs.get("class") or "").split():
            story = attrs["data-story"]
        elif tag == "div" and attrs.get("class") == "stmts":
            assert attrs.get("data-story") == story
            lang = attrs["data-vl"]
            cards.setdefault(story, {})[lang] = []
        elif tag == "article" and attrs.get("class") == "st":
            cards[story][lang].append(attrs["data-sid"])
    return listed, cards


def test_the_report_opens_on_the_stories_and_each_section_holds_its_statements(stories_run_dir):
    run = load_run(stories_run_dir)
    written = (stories_run_dir / "report.html").read_bytes()  # drawn by the run from its tables in memory
    assert render_report(stories_run_dir).read_bytes() == written  # transcompare report: the same page
    page = page_of(stories_run_dir / "report.html")
    ids = [a["id"] for _t, a in page.tags if "id" in a]
    assert ids.index("stories") < ids.index("story-list") < ids.index("coverage") < ids.index("statements")
    listed, cards = _sections(page)
    index = run.story_index()
    assert sorted(listed) == index[C.STORY_ID].to_list() and list(cards) == listed
    shared = dict(index.select(C.STORY_ID, C.N_SHARED).iter_rows())
    assert [shared[s] for s in listed] == sorted(shared.values(), reverse=True)
    links = [a["href"] for t, a in page.tags if t == "a" and "story-link" in (a.get("class") or "")]
    assert links == [f"#story-{s}" for s in listed] and all(f"story-{s}" in ids for s in listed)
    per = _story_statements(run)
    for story, by_lang in cards.items():
        assert list(by_lang) == run.view_langs
        for sids in by_lang.values():
            assert set(sids) == per[story] and len(sids) == len(per[story])  # exactly its own, each once
    text = " ".join("".join(page.text).split())
    for row in index.iter_rows(named=True):
        assert row[C.LABEL] in text and f"{row[C.N_SHARED]} shared statements (of {row[C.N_STATEMENTS]})" in text
    # every article names its story; its "left out" is of its own story
    arts = {a["id"][4:]: a["data-story"] for t, a in page.tags if t == "article" and a.get("class") == "art"}
    assert arts == run.story_ids


def test_a_run_of_one_story_has_no_story_list(fixture_run_dir, spec):
    from transcompare.render.html import report_html

    markup = report_html(load_run(fixture_run_dir))
    assert 'id="story-list"' not in markup and '<section class="story"' not in markup
    assert "data-story=" not in markup and " stories</p>" not in markup
    assert [markup.count(f'<div class="stmts" data-vl="{vl}"') for vl in spec.VIEW_LANGS] == [1, 1]


def test_the_export_has_the_story_index(stories_run_dir, tmp_path):
    import shutil
    import sqlite3

    run_dir = shutil.copytree(stories_run_dir, tmp_path / "run")
    res = CliRunner().invoke(main, ["export", str(run_dir)])
    assert res.exit_code == 0, res.output
    db = sqlite3.connect(run_dir / "run.sqlite")
    rows = db.execute("SELECT story_id, label, n_shared, articles FROM story_index ORDER BY story_id").fetchall()
    index = load_run(run_dir).story_index()
    assert [(s, label, n, json.loads(a)) for s, label, n, a in rows] == \
        index.select(C.STORY_ID, C.LABEL, C.N_SHARED, C.ARTICLES).rows()
    meta = json.loads((run_dir / "metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["run"]["tables"]["story_index"]["columns"] == STORY_INDEX.doc
