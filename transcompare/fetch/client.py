"""A polite HTTP client (urllib3): a descriptive user agent, robots.txt (urllib.robotparser, read once per host),
a minimum delay between two requests to one host, bounded retries with backoff on 5xx, 429 and timeouts, a
timeout for a whole response, a size cap read as the body streams in (a huge page fails, it is never held in
memory), and redirects followed one hop at a time (each hop is checked against its host's robots.txt)."""

from __future__ import annotations

import http
import re
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from transcompare.config import FetchSection

ROBOTS_TOKEN = "transcompare"  # the name robots.txt rules address (User-agent: transcompare)
MAX_REDIRECTS = 10
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB of robots.txt
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay is honoured up to this many seconds
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.9,application/atom+xml;q=0.9,*/*;q=0.5"


def user_agent(settings: FetchSection) -> str:
    from transcompare import __version__

    return settings.user_agent or (f"{ROBOTS_TOKEN}/{__version__} (compares news articles across languages; "
                                   f"fetches only the pages it is given, once; honours robots.txt)")


class FetchFailed(Exception):
    """A URL that could not be fetched: ``reason`` is the one line a user sees; ``status`` the last HTTP status."""

    def __init__(self, reason: str, status: int | None = None, final_url: str | None = None):
        super().__init__(reason)
        self.reason, self.status, self.final_url = reason, status, final_url


@dataclass
class Response:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        return m.group(1) if m else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _phrase(status: int) -> str:
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class PoliteClient:
    """GET pages politely. ``requests`` counts the HTTP requests made (robots.txt, redirects and retries too)."""

    def __init__(self, settings: FetchSection, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.sleep = sleep
        self.limit = int(settings.max_mb * 1024 * 1024)
        self.pool = urllib3.PoolManager(headers={"User-Agent": user_agent(settings), "Accept": ACCEPT},
                                        retries=False, timeout=urllib3.Timeout(connect=settings.timeout,
                                                                               read=settings.timeout))
        self.requests = 0
        self._last: dict[str, float] = {}  # origin -> when its last request ended (monotonic)
        self._robots: dict[str, RobotFileParser | FetchFailed] = {}

    def close(self) -> None:
        self.pool.clear()

    # -- the one public call -----------------------------------------------------------------------------
    def get(self, url: str) -> Response:
        """The page at ``url`` after redirects, or FetchFailed (robots.txt, HTTP status, timeout, size...)."""
        hops: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._allowed(current)
            status, headers, body = self._retrying(current, self.limit)
            if 300 <= status < 400 and status != 304:
                location = headers.get("location")
                if not location:
                    raise FetchFailed(f"{_phrase(status)} without a Location to follow", status, current)
                nxt = urljoin(current, location.strip())
                if urlsplit(nxt).scheme.lower() not in ("http", "https"):
                    raise FetchFailed(f"redirected to a URL that is not http(s) ({nxt[:80]})", status, current)
                hops.append(current)
                current = nxt
                continue
            if status >= 400:
                raise FetchFailed(_phrase(status), status, current)
            if status != 200:
                raise FetchFailed(f"{_phrase(status)}: no page to read", status, current)
            return Response(url, current, status, headers, body, hops)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects", None, current)

    # -- robots.txt ----------------------------------------------------------------------------------------
    def _allowed(self, url: str) -> None:
        rules = self._robots_for(_origin(url))
        if isinstance(rules, FetchFailed):
            raise rules
        if not rules.can_fetch(ROBOTS_TOKEN, url):
            raise FetchFailed("robots.txt of the site disallows fetching it; not fetched")

    def _robots_for(self, origin: str) -> RobotFileParser | FetchFailed:
        """The host's robots.txt, read once (RFC 9309: 4xx means no rules; 5xx or no answer means stay out)."""
        if origin in self._robots:
            return self._robots[origin]
        rules = RobotFileParser(origin + "/robots.txt")
        url = origin + "/robots.txt"
        try:
            for _ in range(5):  # robots.txt may redirect (RFC 9309: follow at least five hops)
                status, headers, body = self._retrying(url, MAX_ROBOTS_BYTES)
                if 300 <= status < 400 and headers.get("location"):
                    url = urljoin(url, headers["location"].strip())
                    continue
                break
        except FetchFailed as err:  # no answer (the host is down: the pages would fail alike), or too large
            found: RobotFileParser | FetchFailed = err if err.status is None else FetchFailed(
                f"robots.txt cannot be read ({err.reason}); the site is not fetched (RFC 9309)", err.status)
        else:
            if status in (401, 403):
                rules.disallow_all = True
            elif 400 <= status < 500 or 300 <= status < 400:
                rules.allow_all = True
            elif status >= 500:
                found = FetchFailed(f"robots.txt cannot be read ({_phrase(status)}); the site is not fetched "
                                    f"(RFC 9309)", status)
                self._robots[origin] = found
                return found
            else:
                rules.parse(body.decode("utf-8", "replace").splitlines())
            found = rules
        self._robots[origin] = found
        return found

    def _delay(self, origin: str) -> float:
        rules = self._robots.get(origin)
        crawl = rules.crawl_delay(ROBOTS_TOKEN) if isinstance(rules, RobotFileParser) else None
        return max(self.settings.delay, min(float(crawl or 0), MAX_CRAWL_DELAY))

    # -- one request, retried ------------------------------------------------------------------------------
    def _retrying(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        attempts = self.settings.retries + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            backoff = max(self.settings.delay, 0.05) * 2 ** (attempt - 1)
            try:
                status, headers, body = self._once(url, limit)
            except Urllib3Timeout:
                if last:
                    raise FetchFailed(f"timed out after {self.settings.timeout:g} s "
                                      f"({attempts} attempt{'s' if attempts > 1 else ''})") from None
                self.sleep(backoff)
                continue
            except Urllib3Error as err:
                if last:
                    raise FetchFailed(f"connection failed ({_connect_problem(err)})") from None
                self.sleep(backoff)
                continue
            if status in RETRY_STATUSES and not last:
                self.sleep(min(max(backoff, _retry_after(headers)), MAX_RETRY_AFTER))
                continue
            if status in RETRY_STATUSES and attempts > 1:
                raise FetchFailed(f"{_phrase(status)} ({attempts} attempts)", status, url)
            return status, headers, body
        raise AssertionError("unreachable")

    def _once(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        origin = _origin(url)
        wait = self._last.get(origin, -1e9) + self._delay(origin) - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self.requests += 1
        started = time.monotonic()
        try:
            resp = self.pool.request("GET", url, preload_content=False, redirect=False, retries=False)
            try:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, \
                    self._body(resp, limit, started)
            finally:
                resp.release_conn()
        finally:
            self._last[origin] = time.monotonic()

    def _body(self, resp, limit: int, started: float) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            resp.close()
            raise FetchFailed(_too_big(limit), resp.status)
        chunks, size = [], 0
        for chunk in resp.stream(64 * 1024):  # decoded (gzip) bytes: a compressed bomb stops at the cap too
            size += len(chunk)
            if size > limit:
                resp.close()
                raise FetchFailed(_too_big(limit), resp.status)
            if time.monotonic() - started > self.settings.timeout:
                resp.close()
                raise Urllib3Timeout("the whole response took too long")
            chunks.append(chunk)
        return b"".join(chunks)


def _too_big(limit: int) -> str:
    return (f"page is too large (more than {limit / 2**20:g} MiB; raise [fetch] max_mb or --max-mb "
            f"to read it)")


def _retry_after(headers: dict[str, str]) -> float:
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else 0.0


def _connect_problem(err: Exception) -> str:
    reason = getattr(err, "reason", None) or err
    text = str(reason)
    for known in ("Connection refused", "Name or service not known", "No route to host", "Connection reset",
                  "Temporary failure in name resolution", "certificate verify failed"):
        if known.lower() in text.lower():
            return known[0].lower() + known[1:]
    return text.split(": ", 1)[-1][:120]
