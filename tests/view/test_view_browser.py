"""The report in a real browser: Debian's Chromium, headless, driven by Playwright (no browser download).

Opens report.html from disk, switches language, filters by outlet, searches, follows an aligned sentence, and
checks that the hostile article's script, image handler and javascript: link stayed inert text; at 360, 390
and 1400 px: no sideways scroll, the figures' cells match the tables, the Filters links cover no text.
Screenshots go to ``$TRANSCOMPARE_TEST_ARTIFACTS`` if set, else test-artifacts/, for people to look at.
"""

from __future__ import annotations

import pytest

from transcompare.api import render_report

pytestmark = pytest.mark.browser

@pytest.fixture
def open_report(browser):
    pages = []

    def go(path, width=1400, height=1000, fragment=""):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.requests = requests
        page.goto(path.resolve().as_uri() + fragment)
        pages.append(page)
        return page

    yield go
    for p in pages:
        p.close()


def visible(page, selector: str) -> list:
    return [el for el in page.query_selector_all(selector) if el.is_visible()]


def test_report_in_chromium(run_dir, spec, open_report, artifacts_dir):
    page = open_report(render_report(run_dir))
    outlets = [a[0] for a in spec.ARTS.values()]

    # --- inert hostile content: no script ran, no element came from article text, no network
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.query_selector_all("img") == []
    assert page.evaluate("document.scripts.length") == 2  # manifest JSON + the page's own script
    assert page.query_selector_all('a[href^="javascript" i]') == []
    body_text = page.inner_text("body")
    for hostile in (spec.SCRIPT, spec.IMG, spec.JSLINK, spec.MANIFEST_ATTACK):
        assert hostile in body_text
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests)

    # --- first view language: every statement, diffs highlighted
    cards = visible(page, ".stmts .st")
    assert len(cards) == len(spec.STMTS)
    assert page.inner_text("#count").startswith(f"Showing {len(spec.STMTS)} of {len(spec.STMTS)} statements")
    marks = visible(page, ".stmts mark.k-diff")
    assert len(marks) > 0
    assert "affirmed" in {m.inner_text() for m in marks}  # the Spanish outlet's verb differs from "said"
    assert len(visible(page, ".k-speaker")) > 0 and len(visible(page, ".k-verb")) > 0
    n = [int(c.get_attribute("data-n")) for c in cards]
    assert n == sorted(n, reverse=True)
    page.screenshot(path=str(artifacts_dir / "view-report-en.png"), full_page=True)

    # --- switch language
    page.click('.langs button[data-lang="es"]')
    assert page.get_attribute('.langs button[data-lang="es"]', "aria-pressed") == "true"
    assert not page.is_visible('.stmts[data-vl="en"]')
    es_cards = visible(page, '.stmts[data-vl="es"] .st')
    assert len(es_cards) == len(spec.STMTS)
    s003 = page.inner_text('#st-es-s003 .mem.rep .vt')
    assert s003 == spec.view("wire", spec.STMTS["s003"]["wire"], "es")
    page.screenshot(path=str(artifacts_dir / "view-report-es.png"), full_page=True)

    # --- filter by outlet: unticking one hides its columns, its article, and statements only it carries
    page.uncheck('#outlets input[value="Hostile Test Outlet"]')
    assert visible(page, '.mem[data-outlet="Hostile Test Outlet"]') == []
    assert not page.is_visible("#art-hostile") and page.is_visible("#art-wire")
    shown = {c.get_attribute("data-sid") for c in visible(page, ".stmts .st")}
    assert shown == {sid for sid, m in spec.STMTS.items() if set(m) - {"hostile"}}
    page.check('#outlets input[value="Hostile Test Outlet"]')
    assert len(visible(page, ".stmts .st")) == len(spec.STMTS)

    # --- text search (in the current view language or the original)
    page.fill("#q", "absurdo")
    page.wait_for_function("() => document.getElementById('count').textContent.indexOf('absurdo') >= 0")  # debounced
    shown = [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")]
    assert shown == ["s003"]
    assert "matching “absurdo”" in page.inner_text("#count")
    page.screenshot(path=str(artifacts_dir / "view-report-search.png"))
    page.fill("#q", "")
    page.wait_for_function("() => document.getElementById('count').textContent.indexOf('matching') < 0")

    # --- sort by divergence
    page.select_option("#sort", "divergence")
    divs = [float(c.get_attribute("data-div")) for c in visible(page, ".stmts .st")]
    assert divs == sorted(divs, reverse=True)

    # --- following an aligned sentence in an article selects its statement (and makes a shareable link)
    page.click('#art-diario a.sent.aligned[data-sid="s003"]')
    page.wait_for_function("() => document.getElementById('stmt').value === 's003'")
    assert page.evaluate("location.hash") == "#st-es-s003"
    assert [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")] == ["s003"]
    page.select_option("#stmt", "")
    assert len(visible(page, ".stmts .st")) == len(spec.STMTS)

    # the outlet list offers every outlet, and the footer shows the manifest
    assert [c.get_attribute("value") for c in page.query_selector_all("#outlets input")] == outlets
    assert "apertium" in page.inner_text("#manifest")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []


# every text box the Filters links could cover: text nodes' own boxes (not their blocks'), on screen
OVERLAPS = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.nodeValue.trim() || el.closest('.totop, script, title')) { continue; }
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const b of range.getClientRects()) { if (b.width && b.height) { boxes.push([b, el]); } }
  }
  const out = [];
  for (const a of document.querySelectorAll('.totop')) {
    const r = a.getBoundingClientRect();
    if (!r.width || r.bottom < 0 || r.top > innerHeight) { continue; }
    for (const [b, el] of boxes) {
      if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom) {
        out.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
      }
    }
  }
  return out;
}"""


def _cells(page, figure: str, key: str) -> dict[tuple[str, str], int]:
    rows = page.eval_on_selector_all(
        f'svg[data-figure="{figure}"] rect[data-count]',
        f"els => els.map(e => [e.getAttribute('data-outlet'), e.getAttribute('data-{key}'), "
        "+e.getAttribute('data-count')])")
    cells = {(o, k): n for o, k, n in rows}
    assert len(cells) == len(rows)  # one cell per pair
    return cells


@pytest.mark.parametrize("width", [360, 390, 1400])
def test_report_layout_and_figures(run_dir, open_report, artifacts_dir, width):
    """At phone and desktop width: the page never scrolls sideways (a real run's signature is one 114-character
    word), the coverage and verb matrices are on the page with the cells the tables give, and no
    "↑ Filters" link covers text wherever the page is scrolled. Full-page screenshots:
    ``view-report-{360,390,1400}.png`` in the artifacts directory (``$TRANSCOMPARE_TEST_ARTIFACTS``, else
    test-artifacts/)."""
    import json

    import polars as pl

    from transcompare.api import load_run
    from transcompare.manifest import short_signature
    from transcompare.schema import C

    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["signature"] = short_signature("lavrov-2015", "54a6fb2a9c", {
        "segment": {"signature": {"name": "transcompare.rules.v1"}}, "embed": {"signature": {"name": "e5-small"}},
        "align": {"signature": {"method": "hybrid.v1", "statement_threshold": 0.3}}},
        {"es>en": {"engine": "apertium"}}, "0.1.0")
    (run_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = open_report(render_report(run_dir), width=width, height=800)
    assert page.errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert manifest["signature"] in page.inner_text(".sub")

    # --- the coverage matrix: one cell per outlet x statement, the count of the outlet's articles carrying it
    run = load_run(run_dir)
    first = run.view_langs[0]
    carried = run.comparison.filter(pl.col(C.VIEW_LANG) == first).group_by(C.OUTLET, C.STATEMENT_ID).len()
    statements = run.comparison.get_column(C.STATEMENT_ID).unique().to_list()
    want = {(o, s): 0 for o in run.outlets for s in statements}
    want.update({(o, s): n for o, s, n in carried.iter_rows()})
    assert _cells(page, "coverage", "statement") == want
    assert page.is_visible('svg[data-figure="coverage"]')

    # --- the verb matrix: outlet x class, the statements table's count (zero where none)
    classed = run.statements.filter(pl.col(C.VERB_CLASS) != "")
    counts = classed.group_by(C.OUTLET, C.VERB_CLASS).len()
    classes = set(classed[C.VERB_CLASS])
    verbs = _cells(page, "verbs", "class")
    assert len(verbs) == len(set(classed[C.OUTLET])) * len(classes) and {k for _, k in verbs} == classes
    assert {k: n for k, n in verbs.items() if n} == {(o, k): n for o, k, n in counts.iter_rows()}
    assert page.is_visible('svg[data-figure="verbs"]')

    # --- divergence: the figure of the view language shown; every figure inside the page's width
    assert page.is_visible(f'.fig[data-vl="{first}"] svg[data-figure="divergence"]')
    assert not page.is_visible('.fig[data-vl="es"]')
    for box in page.query_selector_all(".fig:not([hidden]), .tscroll"):
        right = box.evaluate("e => e.getBoundingClientRect().right")
        assert right <= width, box.evaluate("e => e.outerHTML.slice(0, 80)")
    # and no text of a figure drawn beyond its edge (the width is estimated without font metrics)
    clipped = page.evaluate("""() => [...document.querySelectorAll('svg[data-figure]')].flatMap(svg => {
        const w = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text:not([transform])')].filter(t => t.getBBox().width > 0)
            .filter(t => t.getBBox().x + t.getBBox().width > w + 0.5)
            .map(t => svg.dataset.figure + ': ' + t.textContent.slice(0, 60));
    })""")
    assert clipped == []

    # --- the Filters links cover no text, wherever the page is scrolled; one brings the filters back
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 300):
        page.evaluate(f"window.scrollTo(0, {y})")
        assert page.evaluate(OVERLAPS) == [], y
    page.click('.sec-h:has(#articles) .totop')
    page.wait_for_function("() => document.getElementById('controls').getBoundingClientRect().top >= 0")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts_dir / f"view-report-{width}.png"), full_page=True)


def test_a_coverage_column_opens_its_statement(run_dir, open_report):
    page = open_report(render_report(run_dir), width=390, height=800)
    page.click('svg[data-figure="coverage"] rect[data-statement="s004"][data-count="0"]')  # left out, still s004
    page.wait_for_function("() => document.getElementById('stmt').value === 's004'")
    assert [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")] == ["s004"]
    assert page.evaluate("location.hash") == "#st-en-s004"
    assert page.errors == []


def test_report_link_to_a_statement(run_dir, open_report):
    page = open_report(render_report(run_dir), fragment="#st-es-s002")  # a link opened from elsewhere
    assert page.get_attribute('.langs button[data-lang="es"]', "aria-pressed") == "true"
    assert [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")] == ["s002"]
    assert page.input_value("#stmt") == "s002"
    page.evaluate("location.hash = '#st-en-s004'")  # and a change of the link while open
    page.wait_for_function("() => document.getElementById('stmt').value === 's004'")
    assert page.get_attribute('.langs button[data-lang="en"]', "aria-pressed") == "true"
    assert [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")] == ["s004"]
    assert page.errors == []


@pytest.mark.parametrize("width", [390, 1400])
def test_a_report_of_several_stories(stories_run_dir, open_report, artifacts_dir, width):
    """A run of four stories: the page opens on the story list; a story's link shows its section with all its
    statements (a statement picked before is let go); a search shows only the stories it finds; nothing
    scrolls sideways and no "↑" link covers text. Screenshot: ``view-stories-{390,1400}.png``."""
    import polars as pl

    from transcompare.api import load_run
    from transcompare.schema import C

    run = load_run(stories_run_dir)
    story_of = dict(run.stories.select(C.ARTICLE_ID, C.STORY_ID).iter_rows())
    per: dict[str, set[str]] = {}
    for sid, aid in run.statements.select(C.STATEMENT_ID, C.ARTICLE_ID).iter_rows():
        per.setdefault(story_of[aid], set()).add(sid)
    page = open_report(stories_run_dir / "report.html", width=width, height=800)
    assert page.errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert len(visible(page, "#story-list li")) == 4 and page.is_visible("#story-list")

    first = min(per["t01"])
    page.select_option("#stmt", first)
    assert [c.get_attribute("data-sid") for c in visible(page, ".stmts .st")] == [first]
    assert [s.get_attribute("id") for s in visible(page, "section.story")] == ["story-t01"]
    page.click('a.story-link[href="#story-t03"]')
    page.wait_for_function("() => location.hash === '#story-t03'")
    assert page.input_value("#stmt") == ""
    top = page.evaluate("document.getElementById('story-t03').getBoundingClientRect().top")
    assert -1 <= top < 100
    assert {c.get_attribute("data-sid") for c in visible(page, "#story-t03 .stmts .st")} == per["t03"]

    label = run.story_index().filter(pl.col(C.STORY_ID) == "t03")[C.LABEL].item()
    page.fill("#q", label.split()[0])  # the story's first headline word: Tervane
    page.wait_for_function("() => document.getElementById('story-t01').hidden")
    assert [s.get_attribute("id") for s in visible(page, "section.story")] == ["story-t03"]
    page.fill("#q", "")
    page.wait_for_function("() => !document.getElementById('story-t01').hidden")

    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 400):
        page.evaluate(f"window.scrollTo(0, {y})")
        assert page.evaluate(OVERLAPS) == [], y
    assert page.errors == [] and all(r.startswith("file:") for r in page.requests)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts_dir / f"view-stories-{width}.png"), full_page=True)
