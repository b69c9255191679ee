"""A fetched page -> text (its charset), the article in it (the ingest's HTML extraction), a Markdown file with
front matter that the Markdown reader ingests; a fetched feed -> the links of its items (feedparser)."""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit

from transcompare import langs
from transcompare.ingest.meta import slug

HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "application/feed+json", "text/html", "text/plain", ""}  # sites serve feeds under many types
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """The page's text and the charset it was read with: a byte-order mark, else the Content-Type header's
    charset, else a ``<meta charset>`` (or ``http-equiv``) in the first 4 KiB, else UTF-8 if the bytes are
    UTF-8, else charset-normalizer's guess. A declared charset the bytes do not fit is passed over."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body.decode(enc, "replace"), enc
    m = _META_CHARSET.search(body[:4096])
    for name in (header_charset, m.group(1).decode("ascii", "replace") if m else None, "utf-8"):
        enc = _codec(name)
        # as browsers do (WHATWG Encoding): a page labelled latin-1 is read as windows-1252, its superset
        for candidate in (("cp1252", enc) if enc == "iso8859-1" else (enc,)) if enc else ():
            try:
                return body.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode("utf-8", "replace"), "utf-8"


def article_file(meta: dict[str, str], body: str, extra: dict[str, object]) -> str:
    """A Markdown file for the ingest: YAML front matter (the article's metadata, then how it was fetched)
    and the body."""
    import yaml

    front = {k: v for k, v in meta.items() if v not in (None, "")}
    front.update({k: v for k, v in extra.items() if v not in (None, "")})
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{body.strip()}\n"


def article_meta(found: dict[str, str], final_url: str, article_id: str) -> dict[str, str]:
    """The front matter of a fetched article: the outlet is the site's name, else its host; the language
    is the page's ``<html lang>`` when it is a known code (else the ingest identifies it)."""
    parts = urlsplit(final_url)
    host = (parts.hostname or "").removeprefix("www.")
    outlet = found.get("outlet") or ""
    if outlet.lower().removeprefix("www.") in ("", parts.netloc.lower().removeprefix("www.")):
        outlet = host  # no site name: the host, without a port
    lang = langs.normalise(found.get("lang") or "") if found.get("lang") else None
    return {
        "id": article_id,
        "outlet": outlet,
        "lang": lang if lang and langs.is_known(lang) else "",
        "title": found.get("title", ""),
        "url": final_url,
        "published": found.get("published", ""),
        "byline": found.get("byline", ""),
    }


def page_key(url: str, digest: str) -> str:
    """A file name for a URL's stored copies: its host, the last part of its path, a short hash of the URL
    (``example.org-lavrov-syria-3fa2b1c4``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "page").removeprefix("www.")
    if parts.port:
        host = f"{host}-{parts.port}"
    last = next((p for p in reversed(parts.path.split("/")) if p), "")
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", last, flags=re.IGNORECASE)
    name = slug(last)[:50].strip("-.") if last else ""
    return "-".join(x for x in (slug(host), name, digest[:8]) if x)


def feed_links(body: bytes, base_url: str) -> tuple[list[str], str]:
    """The links of a feed's items, in the feed's order, without repeats, and the feed's title; ValueError
    when the bytes are no RSS or Atom feed."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = getattr(parsed, "bozo_exception", None)
        detail = f" ({str(problem).splitlines()[0][:100]})" if problem else ""
        raise ValueError(f"not an RSS or Atom feed{detail}")
    links: list[str] = []
    for entry in parsed.entries:
        href = entry.get("link") or next((ln.get("href") for ln in entry.get("links", [])
                                          if ln.get("rel", "alternate") == "alternate" and ln.get("href")), None)
        if not href:
            continue
        href = urljoin(base_url, href.strip()).split("#")[0]
        if urlsplit(href).scheme in ("http", "https") and href not in links:
            links.append(href)
    return links, str(parsed.feed.get("title", ""))
