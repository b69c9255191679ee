"""Fetching against a real HTTP server on 127.0.0.1 (tests/fetch/localsite.py): boilerplate, redirects, 404,
500, a slow page, legacy charsets, a huge page, robots.txt, feeds; and a second fetch makes no request."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from transcompare.config import FetchSection
from transcompare.fetch import Fetcher, fetch_all
from transcompare.fetch.client import user_agent
from transcompare.ingest import read_articles

from .localsite import ARTICLE_PARAS, BOILERPLATE, LATIN_PARAS, RU_PARAS


def _one(store: Path, settings: FetchSection, url: str):
    with Fetcher(store, settings) as fetcher:
        return fetcher.page(url), fetcher.requests


def _article_text(store: Path, rel: str) -> tuple[dict, str]:
    articles, errors = read_articles([store / rel])
    assert not errors, errors
    row = articles.row(0, named=True)
    return row, "\n".join(row["paragraphs"])


def test_article_is_extracted_without_boilerplate_and_stored_with_its_provenance(site, settings, tmp_path):
    got, _ = _one(tmp_path, settings, site.url("/article"))
    assert got.ok and got.fetched and got.record.status == 200
    raw = (tmp_path / got.record.raw).read_bytes()
    assert b"cookie-banner" in raw  # the page as it came, boilerplate and all
    row, text = _article_text(tmp_path, got.record.article)
    for para in ARTICLE_PARAS:
        assert para in text
    for junk in BOILERPLATE:
        assert junk not in text
    assert row["title"] == "Harbour to restore the old lighthouse"
    assert row["outlet"] == "Example Coast News (constructed)" and row["lang"] == "en"
    assert row["url"] == site.url("/article") and row["published"].startswith("2024-05-06")
    assert row["byline"] == "Ana Example"
    md = (tmp_path / got.record.article).read_text(encoding="utf-8")
    assert "http_status: 200" in md and "fetched_at: '" in md


def test_redirects_are_followed_and_the_final_url_stored(site, settings, tmp_path):
    got, requests = _one(tmp_path, settings, site.url("/old-path"))  # 301 -> 302 -> the article
    assert got.ok and got.record.final_url == site.url("/article")
    assert site.log == ["/robots.txt", "/old-path", "/new-path", "/article"] and requests == 4
    row, _ = _article_text(tmp_path, got.record.article)
    assert row["url"] == site.url("/article")
    assert f"requested_url: {site.url('/old-path')}" in (tmp_path / got.record.article).read_text()


def test_404_is_a_failure_and_not_retried(site, settings, tmp_path):
    got, _ = _one(tmp_path, settings, site.url("/missing"))
    assert not got.ok and got.record.status == 404 and got.record.reason == "HTTP 404 Not Found"
    assert got.problem() == f"{site.url('/missing')}: HTTP 404 Not Found"
    assert site.count("/missing") == 1


def test_500_is_retried_then_a_failure(site, tmp_path):
    got, _ = _one(tmp_path, FetchSection(delay=0.01, timeout=1, retries=2), site.url("/error"))
    assert not got.ok and got.record.status == 500
    assert got.record.reason == "HTTP 500 Internal Server Error (3 attempts)"
    assert site.count("/error") == 3  # one try and two retries, no more


def test_slow_page_times_out_quickly(site, settings, tmp_path):
    t0 = time.monotonic()
    got, _ = _one(tmp_path, settings, site.url("/slow"))  # the server sleeps 3 s; the timeout is 0.5 s
    elapsed = time.monotonic() - t0
    assert not got.ok and got.record.reason == "timed out after 0.5 s (2 attempts)"
    assert site.count("/slow") == 2 and elapsed < 2.5


@pytest.mark.parametrize("path, paras, lang, charset", [
    ("/cp1251", RU_PARAS, "ru", "cp1251"),  # declared by the Content-Type header
    ("/latin1", LATIN_PARAS, "fr", "cp1252"),  # declared by <meta charset="iso-8859-1">, read as browsers do
])
def test_legacy_charsets_decode_right(site, settings, tmp_path, path, paras, lang, charset):
    got, _ = _one(tmp_path, settings, site.url(path))
    assert got.ok and got.record.charset == charset
    row, text = _article_text(tmp_path, got.record.article)
    for para in paras:
        assert para in text
    assert row["lang"] == lang and "\ufffd" not in text


def test_huge_page_fails_at_the_cap(site, settings, tmp_path):
    got, _ = _one(tmp_path, settings, site.url("/huge"))  # 3 MiB, no Content-Length; the cap is 1 MiB
    assert not got.ok and got.record.reason.startswith("page is too large (more than 1 MiB")
    assert not got.record.raw and not list(tmp_path.glob("raw/*"))


def test_robots_txt_disallowed_path_is_never_requested(site, settings, tmp_path):
    with Fetcher(tmp_path, settings) as fetcher:
        out = fetch_all(fetcher, [site.url("/private/secret"), site.url("/article"), site.url("/cp1251")])
    assert [o.ok for o in out] == [False, True, True]
    assert "robots.txt" in out[0].record.reason
    assert "/private/secret" not in site.log  # the server log proves it
    assert site.count("/robots.txt") == 1  # read once per host


@pytest.mark.parametrize("path, reason", [
    ("/nav-only", "not an article: only 4 letters"),
    ("/report.pdf", "not an HTML page (application/pdf)"),
])
def test_a_page_without_an_article_is_a_failure(site, settings, tmp_path, path, reason):
    got, _ = _one(tmp_path, settings, site.url(path))
    assert not got.ok and got.record.reason.startswith(reason)


def test_rss_and_atom_feeds_give_their_items(site, settings, tmp_path):
    with Fetcher(tmp_path, settings) as fetcher:
        out = fetch_all(fetcher, [], [site.url("/feed.rss"), site.url("/feed.atom")])
    feeds, pages = out[:2], out[2:]
    assert [o.record.kind for o in feeds] == ["feed", "feed"] and all(o.ok for o in feeds)
    assert feeds[0].record.links == [site.url("/article"), site.url("/old-path")]
    assert feeds[1].record.links == [site.url("/cp1251"), site.url("/latin1")]  # a relative href resolved
    assert [o.url for o in pages] == [site.url(p) for p in ("/article", "/old-path", "/cp1251", "/latin1")]
    assert all(o.ok for o in pages)


URLS = ["/article", "/old-path", "/missing", "/error", "/cp1251", "/latin1", "/private/secret"]


def test_a_second_fetch_of_the_same_urls_makes_no_request(site, settings, tmp_path):
    urls = [site.url(p) for p in URLS]
    with Fetcher(tmp_path, settings) as fetcher:
        first = fetch_all(fetcher, urls, [site.url("/feed.rss")])
    asked = len(site.log)
    files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "index" not in p.name}
    with Fetcher(tmp_path, settings) as fetcher:  # a new fetcher, as a new process would be
        second = fetch_all(fetcher, urls, [site.url("/feed.rss")])
        assert fetcher.requests == 0
    assert len(site.log) == asked  # the server saw nothing
    assert [(o.url, o.ok, o.record.reason) for o in second] == [(o.url, o.ok, o.record.reason) for o in first]
    assert not any(o.fetched for o in second)
    assert files == {p: p.read_bytes() for p in files}


def test_refresh_fetches_again_and_a_failed_refresh_keeps_the_copy(site, settings, tmp_path):
    url = site.url("/article")
    _one(tmp_path, settings, url)
    with Fetcher(tmp_path, settings, refresh=True) as fetcher:
        assert fetcher.page(url).fetched
    assert site.count("/article") == 2
    site.stop()
    with Fetcher(tmp_path, FetchSection(delay=0, timeout=0.5, retries=0), refresh=True) as fetcher:
        got = fetcher.page(url)
    assert not got.ok and got.kept is not None and "kept the copy fetched" in got.problem()
    with Fetcher(tmp_path, settings) as fetcher:
        assert fetcher.page(url).ok  # the stored copy is still the one a run reads


def test_retry_failed_fetches_only_the_failures(site, settings, tmp_path):
    urls = [site.url("/article"), site.url("/missing")]
    with Fetcher(tmp_path, settings) as fetcher:
        fetch_all(fetcher, urls)
    with Fetcher(tmp_path, settings, retry_failed=True) as fetcher:
        fetch_all(fetcher, urls)
    assert site.count("/article") == 1 and site.count("/missing") == 2


def test_the_index_holds_every_url_with_its_status(site, settings, tmp_path):
    with Fetcher(tmp_path, settings) as fetcher:
        fetch_all(fetcher, [site.url(p) for p in ("/article", "/missing", "/private/secret")])
    with sqlite3.connect(tmp_path / "index.sqlite3") as conn:
        rows = dict(conn.execute("SELECT url, status FROM pages").fetchall())
    assert rows == {site.url("/article"): 200, site.url("/missing"): 404, site.url("/private/secret"): None}


def test_the_user_agent_names_transcompare_and_its_version(site, settings, tmp_path):
    from transcompare import __version__

    _one(tmp_path, settings, site.url("/article"))
    assert len(site.agents) == 2 and set(site.agents) == {user_agent(settings)}
    assert user_agent(settings).startswith(f"transcompare/{__version__} (")
    assert user_agent(FetchSection(user_agent="newsroom-bot/1 (desk@example.org)")) == "newsroom-bot/1 (desk@example.org)"


def test_the_delay_per_host_is_kept(site, tmp_path):
    t0 = time.monotonic()
    with Fetcher(tmp_path, FetchSection(delay=0.3, timeout=1)) as fetcher:
        fetch_all(fetcher, [site.url("/article"), site.url("/cp1251")])
    assert time.monotonic() - t0 >= 0.6  # robots.txt, then two pages: two waits of 0.3 s


def test_a_host_that_does_not_answer_is_tried_once_for_all_its_urls(site, settings, tmp_path):
    site.stop()  # nothing listens on its port any more
    with Fetcher(tmp_path, settings) as fetcher:
        out = fetch_all(fetcher, [site.url("/article"), site.url("/cp1251")])
        assert fetcher.requests == 2  # robots.txt, tried and retried once; then the host is known to be down
    reasons = [o.record.reason for o in out]  # refused, or (where closed ports drop packets) timed out
    assert reasons[0] == reasons[1] and reasons[0] in ("connection failed (connection refused)",
                                                       "timed out after 0.5 s (2 attempts)")
