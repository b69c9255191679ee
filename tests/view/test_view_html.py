"""The HTML report as a file: self-contained, escaped, deterministic, written atomically."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcompare.api import render_report
from transcompare.render.html import json_for_script, safe_url
from transcompare.schema import COMPARISON


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def page_of(path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def test_report_is_self_contained_and_escaped(run_dir, spec):
    path = render_report(run_dir)
    assert path == run_dir / "report.html"
    page = page_of(path)
    tags = [t for t, _ in page.tags]
    # exactly our two scripts: the manifest data and the page script; nothing loaded from elsewhere
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert not any("src" in a for _, a in page.tags)
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(k.startswith("on") for _, a in page.tags for k in a)  # no inline event handlers
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert hrefs and all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    assert not any("javascript" in h.lower() for h in hrefs)
    # the hostile article's text is shown as text
    text = "".join(page.text)
    for hostile in (spec.SCRIPT, spec.IMG, spec.JSLINK, "javascript:alert(1)"):
        assert hostile in text
    # the JSON island parses back to the manifest, and cannot close its script element early
    data_attrs, data = page.scripts[0]
    assert "</" not in data and "<" not in data
    assert json.loads(data) == json.loads((run_dir / "manifest.json").read_text())
    # the page's script never parses HTML or code from strings
    _, js = page.scripts[1]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js
    # content-security-policy: no network, only the page's own script
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)


def test_report_has_a_card_per_statement_per_language(run_dir, spec):
    page = page_of(render_report(run_dir))
    ids = {a.get("id") for _, a in page.tags}
    for lang in spec.VIEW_LANGS:
        for sid in spec.STMTS:
            assert f"st-{lang}-{sid}" in ids
    langs = [a["data-lang"] for t, a in page.tags if t == "button" and "data-lang" in a]
    assert langs == spec.VIEW_LANGS
    outlets = [a["value"] for t, a in page.tags if t == "input" and a.get("type") == "checkbox"]
    assert outlets == [a[0] for a in spec.ARTS.values()]
    # sections of languages other than the first are hidden until switched to
    hidden = {a["data-vl"]: "hidden" in a for t, a in page.tags if t == "div" and "data-vl" in a}
    assert hidden == {lang: i > 0 for i, lang in enumerate(spec.VIEW_LANGS)}
    # footer: engines, warnings (escaped), signature
    text = "".join(page.text)
    assert "apertium" in text and spec.MANIFEST_ATTACK in text and "view-fixture · pivot en" in text
    # each article lists what it left out: the statements other outlets carry and it does not
    markup = (run_dir / "report.html").read_text(encoding="utf-8")
    for aid in spec.ARTS:
        chunk = markup.split(f'id="art-{aid}"', 1)[1].split("</article>", 1)[0]
        left_out = set(re.findall(r'class="sref" href="[^"]*" data-sid="([^"]+)"', chunk))
        assert left_out == {sid for sid, members in spec.STMTS.items() if aid not in members}
        aligned = re.findall(r'class="sent aligned[^"]*" href="[^"]*" data-sid="([^"]+)"', chunk)
        assert set(aligned) == {sid for sid, m in spec.STMTS.items() if aid in m and len(m) >= 2}
        assert re.search(r'<h3 dir="auto"><a class="sent aligned k-title"[^>]*data-sid="s001"', chunk)  # titles too


def test_report_is_deterministic_and_atomic(run_dir):
    first = render_report(run_dir).read_bytes()
    second = render_report(run_dir).read_bytes()
    assert first == second
    assert sorted(p.name for p in run_dir.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_report_of_a_run_without_statements(run_dir):
    pl.DataFrame(schema=COMPARISON.schema).write_parquet(run_dir / "comparison.parquet")
    page = page_of(render_report(run_dir))
    assert "No statements." in "".join(page.text)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org/", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//example.org/x", False),
        ("https://example.org/\" onmouseover=\"x", False),
        ("https://exa mple.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url, ok):
    assert (safe_url(url) is not None) == ok


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=20))
def test_json_for_script_round_trips_without_markup_characters(value):
    text = json_for_script(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


ALLOWED_TAGS = {"article", "header", "span", "meter", "b", "div", "section", "h4", "p", "mark", "dl", "dt", "dd"}
ALLOWED_ATTRS = {"class", "id", "lang", "dir", "title", "min", "max", "low", "high", "optimum", "value"}
hostile_text = st.lists(st.sampled_from(list("<>&\"'=/ :;()abcXY\n") + ["<script>", "</p>", "onerror=",
                                                                        "javascript:", "&amp;", "“", "»"]),
                        max_size=25).map("".join)


@given(view=hostile_text, orig=hostile_text, ref=hostile_text, outlet=hostile_text, quote=hostile_text,
       speaker=hostile_text, verb=hostile_text)
def test_statement_card_never_turns_text_into_markup(view, orig, ref, outlet, quote, speaker, verb):
    from transcompare.render.html import statement_html
    from transcompare.render.model import Member, Statement

    rep = Member("a1", "Ref Outlet", "en", ref, ref, 0.0, is_representative=True)
    other = Member("a2", outlet or "x", "fr", orig, view, 0.5, quote=quote, speaker=speaker, reporting_verb=verb,
                   only_b=[verb, quote])
    card = statement_html(Statement("s001", 2, 0.5, ref, [rep, other], [outlet]), "en")
    page = Page()
    page.feed(card)
    page.close()
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS
    assert all(k in ALLOWED_ATTRS or k.startswith("data-") for _, a in page.tags for k in a)
    text = "".join(page.text)
    assert view in text and orig in text and ref in text


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        ({"engine": "argos", "model": "translate-es_en-1_0"}, "translate-es_en-1_0"),
        ({"engine": "apertium:pt-es+apertium:spa-eng",
          "steps": [{"package": "apertium-es-pt", "package_version": "1.1.6-1"},
                    {"package": "apertium-eng-spa", "package_version": "0.8.1-2"}]},
         "apertium-es-pt 1.1.6-1 + apertium-eng-spa 0.8.1-2"),
        ({"engine": "identity"}, ""),
    ],
)
def test_engine_model_column(run_dir, engine, expected):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["engines"] = {"xx>en": engine, "yy>en": {"engine": "argos", "model": "m"}}
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    markup = render_report(run_dir).read_text(encoding="utf-8")
    row = re.search(r"<tr><td>xx&gt;en</td><td>[^<]*</td><td>([^<]*)</td>", markup)
    assert row and row.group(1) == expected


HOSTILE_OUTLET = 'Evil <script>alert(1)</script> "onmouseover=alert(1) Outlet'
HOSTILE_TEXT = '<script>alert(1)</script> "onmouseover=alert(1) x="'


def _rewrite_strings(run_dir, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in every text and list-of-text column of every table of the run."""
    for path in run_dir.glob("*.parquet"):
        df = pl.read_parquet(path)
        exprs = []
        for name, dtype in df.schema.items():
            if dtype == pl.String:
                exprs.append(pl.col(name).str.replace_all(old, new, literal=True))
            elif dtype == pl.List(pl.String):
                exprs.append(pl.col(name).list.eval(pl.element().str.replace_all(old, new, literal=True)))
        if exprs:
            df.with_columns(exprs).write_parquet(path)


def _assert_inert(markup: str, scripts: int) -> Page:
    """``markup`` shows the hostile outlet name and text as text: escaped, no new element, no handler."""
    assert "<script>alert(1)" not in markup and '"onmouseover=' not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(1)" in markup
    page = Page()
    page.feed(markup)
    page.close()
    assert len(page.scripts) == scripts
    assert not any(k.startswith("on") for _, a in page.tags for k in a)
    text = "".join(page.text)
    assert HOSTILE_OUTLET in text and HOSTILE_TEXT in text
    assert HOSTILE_OUTLET in {a.get("data-outlet") for _, a in page.tags}  # attributes keep it whole, as text
    return page


def test_templates_escape_titles_texts_and_outlets(run_dir, spec):
    """Article title, sentences, statement versions and the outlet name in the report, the notebook view and
    a single card: all escaped by the templates."""
    from transcompare.api import load_run
    from transcompare.render.html import comparison_fragment, report_html, statement_html

    _rewrite_strings(run_dir, "Hostile Test Outlet", HOSTILE_OUTLET)
    _rewrite_strings(run_dir, spec.SCRIPT, HOSTILE_TEXT)
    run = load_run(run_dir)
    assert HOSTILE_OUTLET in run.outlets
    title = run.articles.filter(pl.col("article_id") == "hostile")["title"][0]
    assert HOSTILE_TEXT in title

    page = _assert_inert(report_html(run), scripts=2)
    assert any(t == "input" and a.get("value") == HOSTILE_OUTLET for t, a in page.tags)  # the outlet filter
    for lang in spec.VIEW_LANGS:
        _assert_inert(comparison_fragment(run.comparison_view(lang)), scripts=0)
        # filtered to the hostile outlet: its name is in the fragment's header too
        frag = comparison_fragment(run.comparison_view(lang, outlet=HOSTILE_OUTLET))
        assert " · outlet Evil &lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(1) Outlet</p>" in frag
        _assert_inert(frag, scripts=0)
    card = statement_html(run.comparison_view("en", statement="s001").statements[0], "en")
    _assert_inert(card, scripts=0)


def test_page_inlines_the_css_and_js_files_verbatim(fixture_run_dir):
    """report.css and report.js are the page's style and script, byte for byte; the CSP hashes that script."""
    import base64
    import hashlib
    from importlib import resources

    from transcompare.api import load_run
    from transcompare.render.html import comparison_fragment, report_html

    templates = resources.files("transcompare.render").joinpath("templates")
    css = templates.joinpath("report.css").read_text(encoding="utf-8")
    js = templates.joinpath("report.js").read_text(encoding="utf-8")
    assert ".tc{" in css and "addEventListener" in js
    run = load_run(fixture_run_dir)
    markup = report_html(run)
    assert markup.count(f"<style>{css}</style>") == 1 and markup.count(f"<script>{js}</script>") == 1
    page = Page()
    page.feed(markup)
    page.close()
    assert page.scripts[1] == ({}, js)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    assert re.findall(r"script-src 'sha256-([A-Za-z0-9+/=]+)'", csp) == [digest]
    # the notebook view carries the same styles and no script
    frag = comparison_fragment(run.comparison_view("en"))
    assert frag.startswith(f'<div class="tc tc-frag"><style>{css}</style>') and "<script" not in frag
