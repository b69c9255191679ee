"""The HTML report: one self-contained file per run (inline CSS and JS, no network assets, works from disk).

All article text is escaped with :func:`html.escape` when the page is built; the page's script never parses
HTML (no ``innerHTML``), it only shows, hides and reorders elements. A Content-Security-Policy allows no
script but the page's own (by hash), no images, no network. Only ``http(s)`` URLs become links.

:func:`statement_html` draws one statement card; the report and the notebook view
(:meth:`transcompare.render.view.Comparison._repr_html_`) both use it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from transcompare import langs
from transcompare.output import atomic_write_text
from transcompare.render.model import Statement, build_statements, lost_words, member_segments
from transcompare.schema import C

if TYPE_CHECKING:
    from transcompare.render.view import Comparison
    from transcompare.run import Run

def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def lang_label(code: str) -> str:
    return langs.label(code)


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


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` become ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------- statement cards

def runs_html(runs: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    """Marked text runs as HTML: differing words in ``<mark class="k-diff">``, other marks in spans."""
    parts = []
    for text, marks in runs:
        if not marks:
            parts.append(esc(text))
            continue
        cls = " ".join(f"k-{m}" for m in marks)
        tag = "mark" if "diff" in marks else "span"
        parts.append(f'<{tag} class="{cls}">{esc(text)}</{tag}>')
    return "".join(parts)


def statement_html(st: Statement, view_lang: str, *, anchor_prefix: str = "st") -> str:
    """One statement: every outlet's version side by side (view language, original, marks)."""
    outlets = [m.outlet for m in st.members]
    head = [
        f'<span class="sid">{esc(st.statement_id)}</span>',
        f'<span class="pill">{st.n_outlets} outlet{"s" if st.n_outlets != 1 else ""}</span>',
        f'<span class="div">divergence <meter min="0" max="1" low="0.25" high="0.5" optimum="0" '
        f'value="{st.divergence:.3f}"></meter> <b>{st.divergence:.2f}</b></span>',
    ]
    if st.spans_days:
        head.append(f'<span class="span" title="its versions were published this many days apart: perhaps '
                    f'several occasions read as one">spans {st.date_span_days} days</span>')
    if st.missing_outlets:
        head.append(f'<span class="missing">not in: {esc(", ".join(st.missing_outlets))}</span>')
    cols = []
    for m in st.members:
        view_runs, orig_runs = member_segments(m, st)
        cls = "mem rep" if m.is_representative else "mem"
        parts = [
            f'<section class="{cls}" data-outlet="{esc(m.outlet)}" data-article="{esc(m.article_id)}">',
            f'<h4><span class="outlet">{esc(m.outlet)}</span> <span class="lang">{esc(m.lang)}</span>'
            + (f' <time class="date">{esc(m.published)}</time>' if m.published else "")
            + (' <span class="ref" title="the other versions are compared with this one">reference</span>'
               if m.is_representative else
               (f' <span class="mdiv" title="1 - word similarity to the reference">{m.divergence:.2f}</span>'
                if m.view_text and st.rep is not None and st.rep.view_text else
                ' <span class="mdiv" title="no word comparison: no text in this view language">—</span>'))
            + "</h4>",
            f'<p class="vt" lang="{esc(view_lang)}" dir="auto">{runs_html(view_runs)}</p>' if m.view_text else
            f'<p class="vt none">(no translation into {esc(lang_label(view_lang))})</p>',
        ]
        if m.lang != view_lang or m.text != m.view_text:
            parts.append(f'<p class="ot" lang="{esc(m.lang)}" dir="auto"><span class="olabel">original</span> '
                         f'{runs_html(orig_runs)}</p>')
        attrib = [(k, v) for k, v in (("speaker", m.speaker), ("verb", m.reporting_verb), ("quote", m.quote)) if v]
        if not m.is_representative and m.quote_similarity is not None:
            attrib.append(("quote match", f"{m.quote_similarity:.2f}"))
        if m.altered:
            attrib.append(("altered", m.altered))
        if attrib:
            parts.append('<dl class="attr">' + "".join(
                f'<div class="a-{k.split()[0]}"><dt>{k}</dt><dd>{esc(v)}</dd></div>' for k, v in attrib) + "</dl>")
        if not m.is_representative and m.only_b:
            shown, more = lost_words(m.only_b)
            parts.append(f'<p class="lost" title="{esc("words of the reference this version does not have: " + " ".join(m.only_b))}">'
                         f'<span class="olabel">not in this version</span> {esc(shown)}'
                         + (f' <span class="more">(+{more} more)</span>' if more else "") + "</p>")
        parts.append("</section>")
        cols.append("".join(parts))
    return (
        f'<article class="st" id="{esc(anchor_prefix)}-{esc(view_lang)}-{esc(st.statement_id)}" '
        f'data-sid="{esc(st.statement_id)}" data-n="{st.n_outlets}" data-div="{st.divergence:.6f}" '
        f'data-outlets="{esc(json.dumps(outlets, ensure_ascii=False))}">'
        f'<header class="st-h">{"".join(head)}</header><div class="cols">{"".join(cols)}</div></article>'
    )


def comparison_fragment(view: "Comparison") -> str:
    """The notebook view: styles + a short header + the statement cards (no script needed)."""
    run = view.run
    cards = "".join(statement_html(st, view.lang, anchor_prefix="nb") for st in view.statements)
    filt = "".join(f" · {k} {esc(v)}" for k, v in (("outlet", view.outlet), ("statement", view.statement)) if v)
    return (
        f'<div class="tc tc-frag"><style>{CSS}</style>'
        f'<p class="sub"><b>{esc(run.manifest.get("pipeline") or run.path.name)}</b> · view language '
        f'{esc(lang_label(view.lang))} · {len(view.statements)} statements{filt}</p>'
        f'{LEGEND}{cards or "<p>No statements.</p>"}</div>'
    )


LEGEND = (
    '<p class="legend"><mark class="k-diff">differs from the reference</mark> '
    '<span class="k-quote">“quotation”</span> <span class="k-speaker">speaker</span> '
    '<span class="k-verb">reporting verb</span></p>'
)


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


def _left_out(run: "Run", langs: list[str]) -> dict[str, list[tuple[str, int, dict[str, str]]]]:
    """outlet -> [(statement_id, n_outlets, {view_lang: representative})] for statements it does not carry."""
    cmp = run.comparison
    reps: dict[str, dict[str, str]] = {}
    info: dict[str, tuple[int, list[str]]] = {}
    for sid, vl, rep, n, missing in cmp.select(
        C.STATEMENT_ID, C.VIEW_LANG, C.REPRESENTATIVE, C.N_OUTLETS, C.MISSING_OUTLETS
    ).iter_rows():
        reps.setdefault(sid, {})[vl] = rep or ""
        info[sid] = (int(n or 0), list(missing or []))
    out: dict[str, list] = {}
    for sid, (n, missing) in info.items():
        for outlet in missing:
            out.setdefault(outlet, []).append((sid, n, reps[sid]))
    for items in out.values():
        items.sort(key=lambda t: (-t[1], t[0]))
    return out


def article_html(row: dict, sentences: list[dict], sent_st: dict, left_out: list, langs: list[str],
                 first_lang: str) -> str:
    aid = row[C.ARTICLE_ID]
    url = row.get(C.URL) or ""
    link = safe_url(url)
    meta = [f'<span class="outlet">{esc(row.get(C.OUTLET))}</span>', f'<span class="lang">{esc(row.get(C.LANG))}</span>']
    if row.get(C.PUBLISHED):
        meta.append(f"<span>{esc(row[C.PUBLISHED])}</span>")
    if link:
        meta.append(f'<a class="src" href="{esc(link)}" rel="noopener noreferrer nofollow" target="_blank">'
                    f'{esc(link)}</a>')
    elif url:
        meta.append(f'<span class="src nolink" title="not an http(s) link">{esc(url)}</span>')
    if row.get(C.SOURCE):
        meta.append(f'<span class="file">{esc(row[C.SOURCE])}</span>')
    body: list[str] = []
    heading = esc(row.get(C.TITLE) or aid)

    def sentence(s: dict) -> str:
        hit = sent_st.get((aid, int(s[C.INDEX])))
        kind = esc(s[C.KIND])
        if hit and hit[1] >= 2:
            return (f'<a class="sent aligned k-{kind}" href="#st-{esc(first_lang)}-{esc(hit[0])}" '
                    f'data-sid="{esc(hit[0])}" title="{esc(hit[0])}: carried by {hit[1]} outlets">'
                    f'{esc(s[C.TEXT])}</a>')
        title = f' title="{esc(hit[0])}: only this outlet"' if hit else ""
        return f'<span class="sent k-{kind}"{title}>{esc(s[C.TEXT])}</span>'

    if sentences:
        by_par: dict[int, list[dict]] = {}
        for s in sentences:
            by_par.setdefault(int(s[C.PARAGRAPH]), []).append(s)
        for par, sents in sorted(by_par.items()):
            spans = " ".join(sentence(s) for s in sents)
            if par == 0 and all(s[C.KIND] == "title" for s in sents):
                heading = spans  # the title is the heading
            else:
                body.append(f'<p dir="auto">{spans}</p>')
    else:
        body.extend(f'<p dir="auto">{esc(p)}</p>' for p in (row.get(C.PARAGRAPHS) or [])[1:])
    if left_out:
        items = []
        for sid, n, reps in left_out:
            texts = "".join(
                f'<span data-vl="{esc(vl)}"{" hidden" if vl != first_lang else ""}>{esc(reps.get(vl, ""))}</span>'
                for vl in langs)
            items.append(f'<li><a class="sref" href="#st-{esc(first_lang)}-{esc(sid)}" data-sid="{esc(sid)}">'
                         f'{esc(sid)}</a> <span class="pill">{n} outlet{"s" if n != 1 else ""}</span> {texts}</li>')
        body.append(f'<details class="left-out" open><summary>Left out: {len(left_out)} statement'
                    f'{"s" if len(left_out) != 1 else ""} other outlets carry</summary><ul>{"".join(items)}</ul>'
                    "</details>")
    else:
        body.append('<p class="left-out none">Left out: nothing other outlets carry.</p>')
    credits = row.get(C.CREDITS) or []
    if credits:
        body.append(f'<p class="credits">Removed captions/credits: {esc(" · ".join(credits))}</p>')
    return (f'<article class="art" id="art-{esc(aid)}" data-outlet="{esc(row.get(C.OUTLET) or aid)}">'
            f'<h3 dir="auto">{heading}</h3><p class="meta">{" · ".join(meta)}</p>'
            f'{"".join(body)}</article>')


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain escaped table; columns empty in every row are left out."""
    if not rows:
        return ""
    keep = [i for i in range(len(headers)) if any(_plain(r[i]) for r in rows)]
    headers = [headers[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    th = "".join(f"<th>{esc(h)}</th>" for h in headers)
    trs = "".join("<tr>" + "".join(f"<td>{esc(_plain(v))}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"


def _plain(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


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


def manifest_html(run: "Run") -> str:
    m = run.manifest
    facts = [
        ("signature", run.signature), ("version", m.get("transcompare_version")), ("pipeline", m.get("pipeline")),
        ("created", m.get("created")), ("config hash", m.get("config_hash")), ("pivot", m.get("pivot")),
        ("view languages", ", ".join(run.view_langs)),
        ("seconds", m.get("seconds")),
    ]
    cache = m.get("cache")
    if isinstance(cache, dict) and cache.get("enabled", True) and "hits" in cache:
        facts.append(("translation cache", f"{cache.get('hits')} hits, {cache.get('misses')} translated"))
    out = ['<dl class="facts">' + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(_plain(v))}</dd></div>"
                                          for k, v in facts if v) + "</dl>"]
    engines = m.get("engines") if isinstance(m.get("engines"), dict) else {}
    if engines:
        rows = [[pair, e.get("engine"), _model(e), e.get("route")] if isinstance(e, dict) else [pair, e, "", ""]
                for pair, e in engines.items()]
        out.append("<h3>Translation engines</h3>" + _table(["pair", "engine", "model", "route"], rows))
    stages = m.get("stages") if isinstance(m.get("stages"), dict) else {}
    if stages:
        trs = []
        for name, st in stages.items():
            st = st if isinstance(st, dict) else {"signature": st}
            sig = json.dumps(st.get("signature"), ensure_ascii=False, indent=1, default=str)
            cells = [esc(name), esc(_plain(st.get("rows"))), esc(_plain(st.get("seconds"))),
                     "skipped (unchanged)" if st.get("skipped") else "ran",
                     f"<details><summary>{esc(_short(sig, 60))}</summary><pre>{esc(sig)}</pre></details>"]
            trs.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("<h3>Stages</h3><table><thead><tr>" + "".join(
            f"<th>{h}</th>" for h in ("stage", "rows", "seconds", "status", "signature"))
            + f"</tr></thead><tbody>{''.join(trs)}</tbody></table>")
    inputs = m.get("inputs") if isinstance(m.get("inputs"), list) else []
    if inputs:
        rows = [[i.get("path"), i.get("article_id"), str(i.get("sha256") or "")[:16]] for i in inputs
                if isinstance(i, dict)]
        out.append("<h3>Inputs</h3>" + _table(["path", "article", "sha256"], rows))
    warnings = m.get("warnings") if isinstance(m.get("warnings"), list) else []
    if warnings:
        out.append("<h3>Warnings</h3><ul class=\"warn\">" + "".join(f"<li>{esc(w)}</li>" for w in warnings)
                   + "</ul>")
    failed = m.get("failed_inputs") if isinstance(m.get("failed_inputs"), list) else []
    if failed:
        out.append("<h3>Failed inputs</h3><ul class=\"warn\">" + "".join(
            f"<li>{esc(f.get('path'))}: {esc(f.get('error'))}</li>" if isinstance(f, dict) else f"<li>{esc(f)}</li>"
            for f in failed) + "</ul>")
    if not m:
        out.append("<p>No manifest.json in this run directory.</p>")
    return "".join(out)


# ---------------------------------------------------------------- the page

def report_html(run: "Run") -> str:
    """The whole report page for ``run`` as a string."""
    langs = run.view_langs
    first = langs[0] if langs else ""
    per_lang = {vl: build_statements(run, vl) for vl in langs}
    n_articles = run.articles.height
    outlets = run.outlets
    some = per_lang.get(first, [])
    shared = sum(1 for s in some if s.n_outlets >= 2)
    title = run.manifest.get("pipeline") or run.path.name

    lang_buttons = "".join(
        f'<button type="button" data-lang="{esc(vl)}" aria-pressed="{"true" if vl == first else "false"}">'
        f"{esc(lang_label(vl))}</button>" for vl in langs)
    outlet_boxes = "".join(
        f'<label><input type="checkbox" checked value="{esc(o)}"> {esc(o)}</label>' for o in outlets)
    options = "".join(
        f'<option value="{esc(s.statement_id)}">{esc(s.statement_id)} · {esc(_short(s.representative))}</option>'
        for s in sorted(some, key=lambda s: s.statement_id))
    sections = "".join(
        f'<div class="stmts" data-vl="{esc(vl)}"{" hidden" if vl != first else ""}>'
        + ("".join(statement_html(st, vl) for st in sts) or "<p>No statements.</p>") + "</div>"
        for vl, sts in per_lang.items())

    sent_st = _sentence_statements(run)
    left = _left_out(run, langs)
    by_article: dict[str, list[dict]] = {}
    for s in run.sentences.sort(C.ARTICLE_ID, C.INDEX).iter_rows(named=True):
        by_article.setdefault(s[C.ARTICLE_ID], []).append(s)
    articles = "".join(
        article_html(row, by_article.get(row[C.ARTICLE_ID], []), sent_st, left.get(row[C.OUTLET], []), langs, first)
        for row in run.articles.iter_rows(named=True))

    script_hash = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src 'none'; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    manifest_json = json_for_script(run.manifest)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="transcompare">
<title>{esc(title)} · transcompare report</title>
<style>{CSS}</style>
</head>
<body class="tc" data-lang="{esc(first)}">
<header class="top" id="top">
<h1>{esc(title)}</h1>
<p class="sub">{n_articles} article{"s" if n_articles != 1 else ""} from {len(outlets)} outlet{"s" if len(outlets) != 1 else ""}
 · {len(some)} statements, {shared} carried by two or more outlets · <span class="sig">{esc(run.signature)}</span></p>
<form class="controls" id="controls" autocomplete="off">
<div class="ctl"><span class="lbl">View in</span><div class="langs" role="group" aria-label="view language">{lang_buttons}</div></div>
<div class="ctl"><label class="lbl" for="sort">Sort</label><select id="sort">
<option value="outlets">most outlets first</option><option value="divergence">most divergent first</option></select></div>
<div class="ctl"><label class="lbl" for="stmt">Statement</label><select id="stmt"><option value="">all statements</option>{options}</select></div>
<div class="ctl grow"><label class="lbl" for="q">Search</label><input type="search" id="q" placeholder="words in any version…"></div>
<fieldset class="ctl outlets" id="outlets"><legend class="lbl">Outlets</legend>{outlet_boxes}</fieldset>
</form>
{LEGEND}
<p id="count" aria-live="polite"></p>
</header>
<main>
<h2 id="statements">Statements</h2>
{sections}
<h2 id="articles">Articles</h2>
<p class="hint">Sentences underlined in colour carry a statement that other outlets also report (click to see it side by side).</p>
<div class="arts">{articles}</div>
</main>
<a class="totop" href="#top">↑ Filters</a>
<footer id="manifest">
<h2>How this report was made</h2>
{manifest_html(run)}
</footer>
<script type="application/json" id="tc-manifest">{manifest_json}</script>
<script>{JS}</script>
</body>
</html>
"""


def _short(text: str, n: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def write_report(run: "Run", path: str | Path | None = None) -> Path:
    """Write the report of ``run`` (default ``RUN_DIR/report.html``) atomically; return its path."""
    out = Path(path) if path is not None else run.path / "report.html"
    atomic_write_text(out, report_html(run))
    return out


CSS = """
.tc{--ink:#1d232b;--mute:#5d6875;--line:#d9dee5;--bg:#f6f7f9;--card:#fff;--acc:#2358a6;
 --diff:#ffe27a;--quote:#1d4f91;--speaker:#6a2c9c;--verb:#16794a;
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink)}
body.tc{margin:0;background:var(--bg)}
.tc h1{font-size:1.5rem;margin:0 0 .2rem}
.tc h2{font-size:1.2rem;margin:1.6rem 0 .6rem}
.tc h3{font-size:1.05rem;margin:.2rem 0}
.tc .top{background:var(--card);border-bottom:1px solid var(--line);padding:1rem 1.5rem .6rem}
.tc .totop{position:fixed;right:1rem;bottom:1rem;background:var(--acc);color:#fff;border-radius:999px;padding:.35rem .9rem;font-size:.85rem;text-decoration:none;box-shadow:0 2px 6px rgba(0,0,0,.25)}
.tc main,.tc footer{padding:0 1.5rem 1rem;max-width:1500px}
.tc .sub{color:var(--mute);margin:.1rem 0 .6rem;font-size:.92rem}
.tc .sig{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem}
.tc .controls{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:flex-end;margin:0}
.tc .ctl{display:flex;flex-direction:column;gap:.15rem}
.tc .ctl.grow{flex:1 1 14rem}
.tc .lbl{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);padding:0}
.tc select,.tc input[type=search]{font:inherit;font-size:.95rem;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff}
.tc #stmt{max-width:22rem}
.tc .langs{display:flex;gap:0}
.tc .langs button{font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--acc);background:#fff;color:var(--acc);cursor:pointer}
.tc .langs button:first-child{border-radius:6px 0 0 6px}.tc .langs button:last-child{border-radius:0 6px 6px 0}
.tc .langs button[aria-pressed=true]{background:var(--acc);color:#fff}
.tc fieldset.outlets{border:0;margin:0;padding:0;flex-direction:row;flex-wrap:wrap;gap:.2rem .8rem;align-items:center}
.tc fieldset.outlets legend{float:left;margin-right:.4rem}
.tc fieldset.outlets label{font-size:.92rem;white-space:nowrap}
.tc .legend{font-size:.85rem;color:var(--mute);margin:.5rem 0 0;display:flex;gap:1rem;flex-wrap:wrap}
.tc #count{font-size:.85rem;color:var(--mute);margin:.2rem 0 0}
.tc .st,.tc .art{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 1rem;padding:.7rem 1rem .9rem}
.tc .st-h{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-size:.88rem;color:var(--mute);margin-bottom:.5rem}
.tc .sid{font-weight:700;color:var(--ink);font-family:ui-monospace,Menlo,Consolas,monospace}
.tc .pill{background:#e8eef8;color:var(--acc);border-radius:999px;padding:0 .55rem;font-size:.8rem;white-space:nowrap}
.tc meter{width:5rem;height:.7rem;vertical-align:middle}
.tc .missing{color:#9a3b12}
.tc .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:.8rem}
.tc .mem{border-left:4px solid var(--line);padding:.1rem 0 .1rem .7rem;min-width:0}
.tc .mem.rep{border-left-color:var(--acc)}
.tc .mem h4{margin:0 0 .25rem;font-size:.92rem;display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}
.tc .lang{font-size:.72rem;text-transform:uppercase;color:var(--mute);border:1px solid var(--line);border-radius:4px;padding:0 .3rem}
.tc .ref{font-size:.72rem;color:#fff;background:var(--acc);border-radius:4px;padding:0 .35rem;font-weight:400}
.tc .mdiv{font-size:.75rem;color:var(--mute);font-weight:400}
.tc .vt{margin:0 0 .35rem;font-size:1.02rem}
.tc .vt.none{color:var(--mute);font-style:italic;font-size:.9rem}
.tc .ot{margin:0 0 .35rem;font-size:.88rem;color:#3e4753;background:#f8f9fb;border-radius:6px;padding:.25rem .45rem}
.tc .olabel{font-size:.68rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);margin-right:.25rem}
.tc .lost{margin:.2rem 0 0;font-size:.84rem;color:#7b4a0a}
.tc .lost .more{color:var(--mute)}
.tc .attr{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:.2rem 0 0;font-size:.82rem}
.tc .attr div{display:flex;gap:.3rem;min-width:0}
.tc .attr dt{color:var(--mute)}
.tc .attr dd{margin:0;overflow-wrap:anywhere}
.tc .a-speaker dd{color:var(--speaker);font-weight:600}.tc .a-verb dd{color:var(--verb)}.tc .a-quote dd{color:var(--quote)}.tc .a-altered dd{color:#b00020;font-weight:600}.tc .span{color:#b00020;font-weight:600}.tc time.date{color:var(--muted,#666);font-size:.85em}
.tc mark.k-diff{background:var(--diff);color:inherit;border-radius:2px;padding:0 .05em}
.tc .k-quote{color:var(--quote);border-bottom:2px solid #9cc0ee}
.tc .k-speaker{color:var(--speaker);font-weight:600}
.tc .k-verb{color:var(--verb);text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px}
.tc .art .meta{font-size:.86rem;color:var(--mute);margin:.1rem 0 .6rem;overflow-wrap:anywhere}
.tc .art .meta .file{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.78rem}
.tc .art p{margin:.3rem 0 .6rem;max-width:60rem}
.tc .sent.aligned{color:inherit;text-decoration:none;background:#e6f0ff;border-bottom:2px solid #7aa7e8;border-radius:2px}
.tc .sent.aligned:hover{background:#d3e4ff}
.tc .sent.k-note{color:var(--mute);font-style:italic}
.tc .left-out{font-size:.9rem;background:#fff7ed;border:1px solid #f3d9b8;border-radius:8px;padding:.4rem .8rem;margin-top:.6rem;max-width:60rem}
.tc .left-out summary{cursor:pointer;font-weight:600;color:#7b4a0a}
.tc .left-out.none{background:#f1f8f2;border-color:#cfe6d3;color:#2d6a3a}
.tc .left-out ul{margin:.3rem 0;padding-left:1.2rem}
.tc .credits{font-size:.8rem;color:var(--mute)}
.tc .hint{font-size:.88rem;color:var(--mute)}
.tc footer{border-top:1px solid var(--line);margin-top:2rem;font-size:.88rem;color:#3e4753}
.tc footer table{border-collapse:collapse;margin:.3rem 0 1rem;font-size:.84rem}
.tc footer th,.tc footer td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere;max-width:40rem}
.tc .facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}
.tc .facts div{display:contents}.tc .facts dt{color:var(--mute)}.tc .facts dd{margin:0;overflow-wrap:anywhere}
.tc .warn li{color:#9a3b12}
.tc footer pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.78rem;margin:.3rem 0;max-height:20rem;overflow:auto}
.tc footer summary{cursor:pointer;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.78rem}
.tc [hidden]{display:none!important}
.tc.tc-frag{background:transparent}
.tc.tc-frag .st{max-width:100%}
::highlight(tc-search){background:#ffb3d1;color:#000}
@media (max-width:700px){.tc main,.tc footer,.tc .top{padding-left:.7rem;padding-right:.7rem}}
@media print{.tc .controls,.tc .totop{display:none}}
"""

JS = r"""
(function () {
  'use strict';
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var body = document.body;
  var state = { lang: body.getAttribute('data-lang') || '', sort: 'outlets', sid: '', q: '', off: {} };
  var countEl = document.getElementById('count');

  function cmp(a, b) {
    var na = +a.getAttribute('data-n'), nb = +b.getAttribute('data-n');
    var da = +a.getAttribute('data-div'), db = +b.getAttribute('data-div');
    var r = state.sort === 'divergence' ? (db - da) || (nb - na) : (nb - na);  // ties: order of first appearance
    if (r) { return r; }
    var sa = a.getAttribute('data-sid'), sb = b.getAttribute('data-sid');
    return sa < sb ? -1 : (sa > sb ? 1 : 0);
  }

  var textCache = new WeakMap();
  function lower(el) {  // an element's text, lower-cased, computed once (the page never changes text)
    var t = textCache.get(el);
    if (t === undefined) { t = el.textContent.toLocaleLowerCase(); textCache.set(el, t); }
    return t;
  }
  function show(el, on) { if (el.hidden === on) { el.hidden = !on; } }

  function markSearch(q, roots) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    CSS.highlights.delete('tc-search');
    if (!q) { return; }
    var ranges = [];
    roots.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        var text = node.nodeValue.toLocaleLowerCase(), at = text.indexOf(q);
        while (at >= 0 && ranges.length < 2000) {
          var r = new Range(); r.setStart(node, at); r.setEnd(node, at + q.length); ranges.push(r);
          at = text.indexOf(q, at + q.length);
        }
      }
    });
    var hl = new Highlight();
    ranges.forEach(function (r) { hl.add(r); });
    CSS.highlights.set('tc-search', hl);
  }

  var shownLang = null;
  var arts = all('.art');
  function apply() {
    if (shownLang !== state.lang) {
      all('[data-vl]').forEach(function (el) { show(el, el.getAttribute('data-vl') === state.lang); });
      all('.langs button').forEach(function (b) {
        b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === state.lang));
      });
      body.setAttribute('data-lang', state.lang);
      shownLang = state.lang;
    }
    var q = state.q.trim().toLocaleLowerCase();
    var shown = 0, total = 0, visible = [];
    all('.stmts').forEach(function (box) {
      if (box.getAttribute('data-vl') !== state.lang) { return; }
      var cards = all('.st', box);
      if ((box.getAttribute('data-sorted') || 'outlets') !== state.sort) {  // the page is built sorted by outlets
        cards.sort(cmp);
        cards.forEach(function (card) { box.appendChild(card); });
        box.setAttribute('data-sorted', state.sort);
      }
      cards.forEach(function (card) {
        total += 1;
        var any = false, hit = !q;
        all('.mem', card).forEach(function (m) {
          var on = !state.off[m.getAttribute('data-outlet')];
          show(m, on);
          any = any || on;
          hit = hit || (on && lower(m).indexOf(q) >= 0);
        });
        var ok = any && hit && (!state.sid || card.getAttribute('data-sid') === state.sid);
        show(card, ok);
        if (ok) { shown += 1; visible.push(card); }
      });
    });
    var nArts = 0;
    arts.forEach(function (a) {
      var ok = !state.off[a.getAttribute('data-outlet')] && (!q || lower(a).indexOf(q) >= 0);
      show(a, ok);
      if (ok) { nArts += 1; visible.push(a); }
    });
    countEl.textContent = 'Showing ' + shown + ' of ' + total + ' statements and ' + nArts + ' of ' +
      arts.length + ' articles' + (q ? ' matching “' + state.q.trim() + '”' : '') + '.';
    markSearch(q, visible);
  }

  all('.langs button').forEach(function (b) {
    b.addEventListener('click', function () { state.lang = b.getAttribute('data-lang'); apply(); });
  });
  document.getElementById('sort').addEventListener('change', function (e) { state.sort = e.target.value; apply(); });
  var stmt = document.getElementById('stmt');
  stmt.addEventListener('change', function () { state.sid = stmt.value; apply(); });
  var search = document.getElementById('q');
  var typing = null;
  search.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.q = search.value; apply(); }, 120);
  });
  all('#outlets input[type=checkbox]').forEach(function (c) {
    c.addEventListener('change', function () {
      if (c.checked) { delete state.off[c.value]; } else { state.off[c.value] = true; }
      apply();
    });
  });
  document.getElementById('controls').addEventListener('submit', function (e) { e.preventDefault(); });
  // #st-LANG-ID (a card's id) opens that statement in that language: links can be shared
  function fromHash() {
    var m = /^#st-([A-Za-z]{2,3})-(.+)$/.exec(location.hash);
    var card = m && document.getElementById(location.hash.slice(1));
    if (!card) { return false; }
    state.lang = m[1]; state.sid = m[2]; stmt.value = m[2]; state.q = ''; search.value = '';
    apply();
    card.scrollIntoView({ block: 'center' });
    return true;
  }
  window.addEventListener('hashchange', fromHash);
  all('a.sent.aligned, a.sref').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var target = '#st-' + state.lang + '-' + a.getAttribute('data-sid');
      if (location.hash === target) { fromHash(); } else { location.hash = target; }
    });
  });
  if (!fromHash()) { apply(); }
})();
"""
