"""The HTML report: one self-contained file per run (inline CSS and JS, no network assets, works from disk).

The markup is in Jinja templates (``render/templates/*.html.j2``), the styles and the page's script in
``report.css`` and ``report.js`` beside them, inlined verbatim; the figures are inline SVG
(:mod:`transcompare.render.figures`). This module only gathers the data the templates draw. The templates
autoescape every value (the one escaping policy is :func:`transcompare.render.templating.finalize`); the
only values placed without it are JSON inside ``<script>`` (:func:`json_for_script`) and the two files.
Only ``http(s)`` URLs become links (:func:`safe_url`). The page's script never parses HTML (no ``innerHTML``),
it only shows, hides and reorders elements. A Content-Security-Policy allows no script but the page's own
(by hash), no images, no network.

Templates that start with ``{# compact`` (all but the page, report.html.j2) are written one element per line
for reading; their line breaks and indentation are dropped when they are loaded
(:class:`transcompare.render.templating.Compact`), so a space that matters sits inside a line, e.g.
``{% if m.published %} <time>``.

:func:`statement_html` draws one statement card (``statement.html.j2``); the report and the notebook view
(:meth:`transcompare.render.view.Comparison._repr_html_`) both use it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from transcompare.output import atomic_write_text, printable
from transcompare.render import figures
from transcompare.render.model import Statement, build_statements
from transcompare.render.templating import asset as _asset
from transcompare.render.templating import json_for_script  # noqa: F401  (the page's JSON: re-exported)
from transcompare.render.templating import template as _template
from transcompare.schema import C

if TYPE_CHECKING:
    from transcompare.render.view import Comparison
    from transcompare.run import Run


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without control characters or spaces, else None."""
    if not url:
        return None
    url = url.strip()
    low = url.lower()
    if not (low.startswith("http://") or low.startswith("https://")):
        return None
    if any(ord(ch) < 33 or ch in "\"'<>`\\" or ord(ch) == 127 for ch in url):
        return None
    return url


# ---------------------------------------------------------------- statement cards

def statement_html(st: Statement, view_lang: str, *, anchor_prefix: str = "st") -> str:
    """One statement: every outlet's version side by side (view language, original, marks)."""
    return str(_template("statement.html.j2").module.statement(st, view_lang, anchor_prefix=anchor_prefix))


def comparison_fragment(view: "Comparison") -> str:
    """The notebook view: styles + a short header + the statement cards (no script needed)."""
    return _template("fragment.html.j2").render(
        view=view, title=view.run.manifest.get("pipeline") or view.run.path.name, css=Markup(_asset("report.css")))


# ---------------------------------------------------------------- articles and manifest

def _sentence_statements(run: "Run") -> dict[tuple[str, int], tuple[str, int]]:
    """(article_id, sentence index) -> (statement_id, n_outlets)."""
    out: dict[tuple[str, int], tuple[str, int]] = {}
    st = run.statements
    if not st.height:
        return out
    for aid, idx, sid, n in st.select(C.ARTICLE_ID, C.SENTENCE_INDICES, C.STATEMENT_ID, C.N_OUTLETS).iter_rows():
        for i in idx or []:
            out[(aid, int(i))] = (sid, int(n or 0))
    return out


def _left_out(run: "Run", per_lang: dict[str, list[Statement]], several: bool
              ) -> dict[tuple[str, str | None], list[tuple[str, int, dict[str, str]]]]:
    """(outlet, story) -> [(statement_id, n_outlets, {view_lang: representative})] for statements it does not
    carry; the story is None for a run of one story, else only its statements count (``missing_outlets`` of
    the statement model, which names the outlets of its story)."""
    reps: dict[str, dict[str, str]] = {}
    info: dict[str, tuple[int, list[str], str | None]] = {}
    for sid, vl, rep, n, missing in run.comparison.select(
        C.STATEMENT_ID, C.VIEW_LANG, C.REPRESENTATIVE, C.N_OUTLETS, C.MISSING_OUTLETS
    ).iter_rows():
        reps.setdefault(sid, {})[vl] = rep or ""
        info[sid] = (int(n or 0), list(missing or []), None)
    if several:
        for statements in per_lang.values():
            for st in statements:
                info[st.statement_id] = (info[st.statement_id][0], st.missing_outlets, st.story_id)
    out: dict[tuple[str, str | None], list] = {}
    for sid, (n, missing, story) in info.items():
        for outlet in missing:
            out.setdefault((outlet, story), []).append((sid, n, reps[sid]))
    for items in out.values():
        items.sort(key=lambda t: (-t[1], t[0]))
    return out


def _article(row: dict, sentences: list[dict], sent_st: dict, left_out: list, story: str | None = None
             ) -> dict[str, Any]:
    """What article.html.j2 draws of one article: its facts, its paragraphs of sentences (each with the
    statement it carries and by how many outlets), a title made of sentences, what it left out, its story
    (a run of several stories only)."""
    aid = row[C.ARTICLE_ID]
    by_par: dict[int, list[dict]] = {}
    for s in sentences:
        sid, n = sent_st.get((aid, int(s[C.INDEX])), (None, 0))
        by_par.setdefault(int(s[C.PARAGRAPH]), []).append({"kind": s[C.KIND], "text": s[C.TEXT], "sid": sid, "n": n})
    title = by_par.pop(0) if 0 in by_par and all(s["kind"] == "title" for s in by_par[0]) else None
    return {
        "id": aid, "outlet": row.get(C.OUTLET), "lang": row.get(C.LANG), "published": row.get(C.PUBLISHED),
        "url": row.get(C.URL) or "", "link": safe_url(row.get(C.URL) or ""), "source": row.get(C.SOURCE),
        "title": row.get(C.TITLE) or aid, "title_sentences": title,
        "paragraphs": [sents for _, sents in sorted(by_par.items())],
        "plain_paragraphs": [] if sentences else (row.get(C.PARAGRAPHS) or [])[1:],
        "left_out": left_out, "credits": row.get(C.CREDITS) or [], "story": story,
    }


def _plain(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def _table(headers: list[str], rows: list[list[Any]]) -> dict[str, list]:
    """Headers and plain-text rows; columns empty in every row are left out."""
    keep = [i for i in range(len(headers)) if any(_plain(r[i]) for r in rows)]
    return {"headers": [headers[i] for i in keep], "rows": [[_plain(r[i]) for i in keep] for r in rows]}


def _model(engine: dict) -> str:
    """The model(s) behind an engine entry: its ``model``, else each step's package and version."""
    if engine.get("model"):
        return _plain(engine["model"])
    steps = engine.get("steps") if isinstance(engine.get("steps"), list) else []
    names = []
    for st in steps:
        if isinstance(st, dict):
            name = st.get("model") or st.get("package") or st.get("label") or ""
            version = st.get("package_version") or st.get("version") or ""
            names.append(f"{name} {version}".strip())
    return " + ".join(n for n in names if n)


def _manifest(run: "Run") -> dict[str, Any]:
    """What manifest.html.j2 draws of the run's manifest ("How this report was made")."""
    m = run.manifest

    def listed(key: str) -> list:
        return m.get(key) if isinstance(m.get(key), list) else []

    def mapped(key: str) -> dict:
        return m.get(key) if isinstance(m.get(key), dict) else {}

    facts = [
        ("signature", run.signature), ("version", m.get("transcompare_version")), ("pipeline", m.get("pipeline")),
        ("created", m.get("created")), ("config hash", m.get("config_hash")), ("pivot", m.get("pivot")),
        ("view languages", ", ".join(run.view_langs)),
        ("seconds", m.get("seconds")),
    ]
    cache_ = m.get("cache")
    if isinstance(cache_, dict) and cache_.get("enabled", True) and "hits" in cache_:
        facts.append(("translation cache", f"{cache_.get('hits')} hits, {cache_.get('misses')} translated"))
    engines = [[pair, e.get("engine"), _model(e), e.get("route")] if isinstance(e, dict) else [pair, e, "", ""]
               for pair, e in mapped("engines").items()]
    stages = []
    for name, st in mapped("stages").items():
        st = st if isinstance(st, dict) else {"signature": st}
        stages.append({"name": name, "rows": _plain(st.get("rows")), "seconds": _plain(st.get("seconds")),
                       "skipped": bool(st.get("skipped")),
                       "signature": json.dumps(st.get("signature"), ensure_ascii=False, indent=1, default=str)})
    inputs = [[i.get("path"), i.get("article_id"), str(i.get("sha256") or "")[:16]] for i in listed("inputs")
              if isinstance(i, dict)]
    return {
        "facts": [(k, _plain(v)) for k, v in facts if v],
        "engines": _table(["pair", "engine", "model", "route"], engines) if engines else None,
        "stages": stages,
        "inputs": _table(["path", "article", "sha256"], inputs) if listed("inputs") else None,
        "warnings": listed("warnings"), "failed": listed("failed_inputs"), "empty": not m,
    }


# ---------------------------------------------------------------- the page

def report_html(run: "Run") -> str:
    """The whole report page for ``run`` as a string."""
    view_langs = run.view_langs
    first = view_langs[0] if view_langs else ""
    per_lang = {vl: build_statements(run, vl) for vl in view_langs}
    some = per_lang.get(first, [])
    stories = _stories(run, per_lang)

    sent_st = _sentence_statements(run)
    left = _left_out(run, per_lang, bool(stories))
    story_of = run.story_ids
    by_article: dict[str, list[dict]] = {}
    for s in run.sentences.sort(C.ARTICLE_ID, C.INDEX).iter_rows(named=True):
        by_article.setdefault(s[C.ARTICLE_ID], []).append(s)
    articles = []
    for row in run.articles.iter_rows(named=True):
        story = story_of.get(row[C.ARTICLE_ID]) if stories else None
        outlet = printable(row[C.OUTLET] or row[C.ARTICLE_ID]) if stories else row[C.OUTLET]
        articles.append(_article(row, by_article.get(row[C.ARTICLE_ID], []), sent_st,
                                 left.get((outlet, story), []), story))

    js = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src 'none'; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    return _template("report.html.j2").render(
        title=run.manifest.get("pipeline") or run.path.name, csp=csp, css=Markup(_asset("report.css")),
        js=Markup(js), first=first, langs=view_langs, outlets=run.outlets, n_articles=run.articles.height,
        n_statements=len(some), n_shared=sum(1 for s in some if s.n_outlets >= 2), signature=run.signature,
        by_id=sorted(some, key=lambda s: s.statement_id), per_lang=per_lang, articles=articles,
        run_manifest=_manifest(run), run_manifest_data=run.manifest, verbs=_verb_overview(run),
        figs=figures.figures(run, per_lang), stories=stories,
    )


def _stories(run: "Run", per_lang: dict[str, list[Statement]]) -> list[dict[str, Any]]:
    """The story list and sections of a run of several stories (empty for one story: the page is as
    before): each story index row (most shared statements first) with its dates as text and, per view
    language, its statements in the page's order."""
    from transcompare.story_index import dates, most_shared_first

    index = most_shared_first(run.story_index())
    if index.height < 2:
        return []
    out = [row | {"dates": dates(row), "per_lang": {vl: [] for vl in per_lang}} for row in index.iter_rows(named=True)]
    by_id = {s[C.STORY_ID]: s for s in out}
    for vl, statements in per_lang.items():
        for st in statements:
            if st.story_id not in by_id:  # an article in no story: its statements are not lost
                by_id[st.story_id] = {C.STORY_ID: st.story_id or "none", C.LABEL: "Statements in no story",
                                      C.OUTLETS: [], C.LANGUAGES: [], "dates": "", C.N_SHARED: 0,
                                      C.N_STATEMENTS: 0, "per_lang": {v: [] for v in per_lang}}
                out.append(by_id[st.story_id])
            by_id[st.story_id]["per_lang"][vl].append(st)
    return out


def _verb_overview(run: "Run") -> dict:
    """The outlet × reporting-verb-class matrix and the speakers, for the "Who said it, and how" section."""
    from transcompare.attributions import verb_class_matrix

    if C.VERB_CLASS not in run.statements.columns or not run.statements.height:
        return {"classes": [], "rows": [], "speakers": []}
    matrix = verb_class_matrix(run.statements)
    classes = [c for c in matrix.columns if c != C.OUTLET]
    speakers = [{"id": r[C.SPEAKER_ID], "name": r[C.NAME], "variants": r[C.VARIANTS], "outlets": r[C.OUTLETS],
                 "n": r[C.N_STATEMENTS]} for r in run.speakers.sort(C.N_STATEMENTS, descending=True,
                                                                      maintain_order=True).iter_rows(named=True)]
    return {"classes": classes, "rows": matrix.rows(named=True), "speakers": speakers}


def write_report(run: "Run", path: str | Path | None = None) -> Path:
    """Write the report of ``run`` (default ``RUN_DIR/report.html``) atomically; return its path."""
    out = Path(path) if path is not None else run.path / "report.html"
    atomic_write_text(out, report_html(run))
    return out
