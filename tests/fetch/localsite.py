"""A constructed web site for the fetch tests, served by a real HTTP server on 127.0.0.1 (port 0) in a thread.

CONSTRUCTED EXAMPLE: every page here is written for transcompare's tests; none is a real outlet's text, and the
outlets are fictional. The server logs every request it answers (``Site.log``), so a test can prove what was
asked and what was never asked.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTE = "Constructed example for transcompare's tests; not a real outlet's text."

ARTICLE_PARAS = [
    "The harbour authority of the fictional town of Porto Exemplo said on Monday that the old lighthouse "
    "will be restored before the summer season begins.",
    "\u201cThe lighthouse is the heart of our coast, and we will not let it fall,\u201d the harbour master "
    "told reporters gathered on the quay.",
    "Work on the tower is expected to take four months and will be paid for by the regional council, "
    "according to a statement published by the authority.",
    "Residents welcomed the decision but asked that the footpath to the lighthouse stay open during the works.",
]
BOILERPLATE = ["Accept all cookies", "Subscribe to our newsletter", "Related: Ten beaches to visit this year",
               "Copyright Example Coast News (constructed)", "Home | World | Sport | Weather"]

RU_PARAS = ["Министр иностранных дел заявил в воскресенье, что вымышленный город Примерск получит новый мост "
            "через реку уже в следующем году.",
            "«Мост нужен жителям обоих берегов, и мы его построим», — сказал министр журналистам.",
            "Строительство обойдётся в несколько миллионов рублей и займёт около двух лет."]
LATIN_PARAS = ["Le maire de la ville fictive de Villexemple a annoncé lundi que la fête d'été aura lieu "
               "malgré la pluie prévue pour le week-end.",
               "« Nous avons préparé des tentes pour tout le monde, et la fête sera belle », a déclaré le maire.",
               "Les habitants pourront goûter les crêpes et les spécialités régionales sur la place du marché."]


def page(title: str, paras: list[str], lang: str = "en", charset_meta: str | None = None,
         site: str = "Example Coast News (constructed)") -> str:
    """An article page wrapped in the boilerplate of a news site: navigation, a cookie banner, related links
    and a footer around the article."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{meta}<title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta name="author" content="Ana Example">
<meta property="article:published_time" content="2024-05-06T10:00:00Z">
</head><body>
<!-- {NOTE} -->
<div id="cookie-banner" class="cookie-consent"><p>{BOILERPLATE[0]}</p><button>OK</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="newsletter"><p>{BOILERPLATE[1]}</p></div>
<main><article><h1>{title}</h1>
{body}
<p>({NOTE})</p>
</article></main>
<aside class="related"><h2>Related</h2><ul><li><a href="/beaches">{BOILERPLATE[2]}</a></li></ul></aside>
<footer><p>{BOILERPLATE[3]}</p><p>{BOILERPLATE[4]}</p></footer>
</body></html>"""


def _data_article(name: str) -> tuple[str, list[str], str]:
    """Title, paragraphs and language of one of the repository's constructed demo articles (data/)."""
    text = (REPO / "data" / name).read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    title = next(line.split(":", 1)[1].strip().strip('"') for line in front.splitlines() if line.startswith("title:"))
    lang = next(line.split(":", 1)[1].strip() for line in front.splitlines() if line.startswith("lang:"))
    return title, [p.strip() for p in body.split("\n\n") if p.strip()], lang


def _feed_rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Coast News (constructed)</title><link>{base}/</link>
<description>{NOTE}</description>
<item><title>Lighthouse</title><link>{base}/article</link></item>
<item><title>Moved</title><link>{base}/old-path</link></item>
</channel></rss>"""


def _feed_atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Coast News (constructed)</title>
<id>urn:example:feed</id><updated>2024-05-06T10:00:00Z</updated><subtitle>{NOTE}</subtitle>
<entry><title>Bridge</title><id>urn:example:1</id><updated>2024-05-06T10:00:00Z</updated>
<link rel="alternate" href="/cp1251"/></entry>
<entry><title>Fête</title><id>urn:example:2</id><updated>2024-05-06T10:00:00Z</updated>
<link rel="alternate" href="{base}/latin1"/></entry>
</feed>"""


class Site:
    """The routes: path -> (status, headers, body); a few are computed per request (slow, huge, feeds)."""

    SLOW_SECONDS = 3.0
    HUGE_BYTES = 3 * 1024 * 1024

    def __init__(self) -> None:
        self.log: list[str] = []
        self.agents: list[str] = []  # the User-Agent of every request
        self.changed: dict[str, tuple[int, dict[str, str], bytes]] = {}  # a test's new version of a route
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.running = False

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        with self.lock:
            return self.log.count(path)

    def start(self) -> "Site":
        self.thread.start()
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self.server.shutdown()
            self.server.server_close()
            self.running = False

    def route(self, path: str) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path in self.changed:
            return self.changed[path]
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/article":
            return 200, html, page("Harbour to restore the old lighthouse", ARTICLE_PARAS).encode("utf-8")
        if path == "/old-path":
            return 301, {"Location": "/new-path"}, b""
        if path == "/new-path":
            return 302, {"Location": self.url("/article")}, b""
        if path == "/missing":
            return 404, html, b"<html><body><p>Not found</p></body></html>"
        if path == "/error":
            return 500, html, b"<html><body><p>Internal error</p></body></html>"
        if path == "/slow":
            time.sleep(self.SLOW_SECONDS)
            return 200, html, page("Slow", ARTICLE_PARAS).encode("utf-8")
        if path == "/cp1251":  # charset declared by the header only
            text = page("Новый мост для Примерска", RU_PARAS, lang="ru", site="Пример-Новости (constructed)")
            return 200, {"Content-Type": "text/html; charset=windows-1251"}, text.encode("cp1251")
        if path == "/latin1":  # charset declared by a <meta> only
            text = page("La fête d'été aura lieu", LATIN_PARAS, lang="fr", charset_meta="iso-8859-1",
                        site="Le Quotidien d'Exemple (constructed)")
            return 200, {"Content-Type": "text/html"}, text.encode("latin-1")
        if path == "/huge":  # no Content-Length: the cap must stop the stream itself
            return 200, {"Content-Type": "text/html"}, b"<html><body>" + b"<p>word word word</p>" * (
                self.HUGE_BYTES // 20) + b"</body></html>"
        if path == "/nav-only":
            return 200, html, b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
        if path == "/report.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 constructed"
        if path == "/private/secret":
            return 200, html, page("Private", ARTICLE_PARAS).encode("utf-8")
        if path == "/feed.rss":
            return 200, {"Content-Type": "application/rss+xml"}, _feed_rss(self.base).encode("utf-8")
        if path == "/feed.atom":
            return 200, {"Content-Type": "application/atom+xml"}, _feed_atom(self.base).encode("utf-8")
        if path.startswith("/demo/"):  # the repository's constructed demo articles as web pages
            title, paras, lang = _data_article(path.removeprefix("/demo/") + ".md")
            return 200, html, page(title, paras, lang=lang, site=f"Demo {lang} (constructed)").encode("utf-8")
        return 404, html, b"<html><body><p>Not found</p></body></html>"

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with site.lock:
                    site.log.append(self.path)
                    site.agents.append(self.headers.get("User-Agent", ""))
                status, headers, body = site.route(self.path)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if self.path != "/huge":
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size cap)
                    pass

            def log_message(self, *args) -> None:  # quiet: the test reads site.log
                pass

        return Handler
