"""`transcompare fetch`: one line per failed URL, exit code 2 when any failed, and a second fetch asks nothing."""

from __future__ import annotations

from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import FetchSection

QUICK = ["--delay", "0.01", "--timeout", "0.5", "--retries", "0", "--quiet"]


def _errors(res) -> list[str]:
    return [line for line in res.stderr.splitlines() if line.startswith("Error: ")]


def test_fetch_stores_reports_failures_and_never_fetches_twice(site, tmp_path):
    out = tmp_path / "web"
    urls = [site.url("/article"), site.url("/missing"), site.url("/private/secret")]
    first = CliRunner().invoke(main, ["fetch", *urls, "--out", str(out), *QUICK[:-1]])
    assert first.exit_code == 2
    assert _errors(first) == [
        f"Error: {site.url('/missing')}: HTTP 404 Not Found",
        f"Error: {site.url('/private/secret')}: robots.txt of the site disallows fetching it; not fetched"]
    assert f"fetched  {site.url('/article')} -> {out}/articles/" in first.stdout
    assert "1 fetched, 0 already stored, 2 failed; 3 HTTP requests" in first.stdout
    assert len(list((out / "articles").glob("*.md"))) == 1 and (out / "index.sqlite3").exists()

    asked = len(site.log)
    second = CliRunner().invoke(main, ["fetch", *urls, "--out", str(out), *QUICK[:-1]])
    assert second.exit_code == 2 and _errors(second) == _errors(first)
    assert "0 fetched, 1 already stored, 2 failed; 0 HTTP requests" in second.stdout
    assert len(site.log) == asked


def test_fetch_reads_url_files_and_feeds(site, tmp_path):
    (tmp_path / "urls.txt").write_text(f"{site.url('/cp1251')}\n# a comment\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["fetch", "--url-file", str(tmp_path / "urls.txt"), "--feed",
                                    site.url("/feed.rss"), "--out", str(tmp_path / "web"), *QUICK])
    assert res.exit_code == 0, res.output
    assert len(list((tmp_path / "web" / "articles").glob("*.md"))) == 3  # cp1251 and the feed's two items


def test_fetch_with_nothing_to_fetch_is_one_line(tmp_path):
    res = CliRunner().invoke(main, ["fetch", "--out", str(tmp_path / "web")])
    assert res.exit_code == 2
    assert res.stderr.strip() == "Error: nothing to fetch: give URLs, --url-file FILE or --feed URL"


def test_the_help_states_the_settings_defaults():
    res = CliRunner().invoke(main, ["fetch", "--help"], terminal_width=200)
    d = FetchSection()
    for option, value in (("delay", d.delay), ("timeout", d.timeout), ("retries", d.retries), ("max_mb", d.max_mb)):
        assert f"(default {value:g})" in res.output or f"(default {value:g};" in res.output, option
