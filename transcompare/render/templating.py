"""The Jinja2 environment the report, the statement cards and the figures share: one escaping policy
(:func:`finalize`), compact templates (:class:`Compact`), the package's template files and assets.

Templates that start with ``{# compact`` are written one element per line for reading; their line breaks and
indentation are dropped when they are loaded, so a space that matters sits inside a line, e.g.
``{% if m.published %} <time>``.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from jinja2.ext import Extension
from markupsafe import Markup

from transcompare import langs
from transcompare.render.model import lost_words, member_segments


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` become ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class Compact(Extension):
    """Drops the line breaks and indentation between the tags of a ``{# compact`` template, never inside
    ``{{ }}``, ``{% %}`` or ``{# #}`` (the text of the data is never touched: this runs on template source)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if not source.startswith("{# compact"):
            return source
        parts = re.split(r"({{.*?}}|{%.*?%}|{#.*?#})", source, flags=re.DOTALL)
        return "".join(p if i % 2 else re.sub(r"\n[ \t]*", "", p) for i, p in enumerate(parts))


def finalize(value: Any) -> Any:
    """What every ``{{ value }}`` prints: None as nothing, markup (a macro's output, the inlined files) as it
    is, anything else escaped with :func:`html.escape` (``&quot;``, ``&#x27;``: the bytes the report has
    always had; autoescape alone would write ``&#34;``, ``&#39;``). The same escaping is valid XML, so the
    figures' SVG files use it too."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


def short(text: str, n: int = 70) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@cache
def env() -> Environment:
    e = Environment(loader=PackageLoader("transcompare", "render/templates"), autoescape=True,
                    undefined=StrictUndefined, keep_trailing_newline=True, finalize=finalize,
                    extensions=[Compact])
    e.filters.update(lang_label=langs.label, short=short, json=lambda v: json.dumps(v, ensure_ascii=False),
                     json_for_script=lambda v: Markup(json_for_script(v)))
    e.globals.update(member_segments=member_segments, lost_words=lost_words)
    return e


def template(name: str) -> Template:
    return env().get_template(name)


@cache
def asset(name: str) -> str:
    """report.css or report.js, as the page inlines it (and the CSP hashes it)."""
    return resources.files("transcompare.render").joinpath("templates", name).read_text(encoding="utf-8")
