"""The report in a real browser: Debian's Chromium, headless, driven by Playwright (no browser download).

Opens report.html from disk, switches language, filters by outlet, searches, follows an aligned sentence, and
checks that the hostile article's script, image handler and javascript: link stayed inert text. Screenshots go
to test-artifacts/ for people to look at.
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


def test_report_narrow_screen(run_dir, open_report, artifacts_dir):
    page = open_report(render_report(run_dir), width=420, height=900)
    assert page.errors == []
    # no horizontal scrolling on a phone-sized screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(artifacts_dir / "view-report-narrow.png"), full_page=True)


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
