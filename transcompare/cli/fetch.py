"""``transcompare fetch``: articles from the web into a store directory, politely and once."""

from __future__ import annotations

import sys

import click

from transcompare.cli.options import quiet_option


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="web", show_default=True,
              help="The store: index.sqlite3, raw/ (the pages as fetched) and articles/ (the extracted articles).")
@click.option("--url-file", "url_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A file of URLs, one a line (# starts a comment). Repeatable.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed: its items' links. Repeatable.")
@click.option("--delay", type=click.FloatRange(0, 3600), default=None, metavar="SECONDS",
              help="Least time between two requests to one host (default 1; a robots.txt Crawl-delay wins).")
@click.option("--timeout", type=click.FloatRange(0.01, 3600), default=None, metavar="SECONDS",
              help="Time for one whole response (default 30).")
@click.option("--retries", type=click.IntRange(0, 10), default=None,
              help="More attempts after a 5xx, a 429 or a timeout, with backoff (default 2).")
@click.option("--max-mb", type=click.FloatRange(0.001, 1024), default=None, metavar="MIB",
              help="A larger page fails (default 10).")
@click.option("--refresh", is_flag=True, help="Fetch again URLs already stored (a failure keeps the stored copy).")
@click.option("--retry-failed", is_flag=True, help="Fetch again URLs whose earlier fetch failed.")
@quiet_option
def fetch(urls: tuple[str, ...], out_dir: str, url_files: tuple[str, ...], feeds: tuple[str, ...],
          delay: float | None, timeout: float | None, retries: int | None, max_mb: float | None, refresh: bool,
          retry_failed: bool, quiet: bool) -> None:
    """Fetch articles from the web into a store directory, for runs that read them offline.

    Each page is kept as fetched (raw/) and as the article extracted from it (articles/NAME.md, with
    its URL, fetch time and HTTP status in the front matter); the index records every URL, failures with
    their reason. A URL already stored is not fetched again. Polite: a user agent naming transcompare,
    robots.txt obeyed, a delay per host, bounded retries. Exit code 2 when any URL failed.

    \b
    Examples:
      transcompare fetch https://example.org/news/article --out web
      transcompare fetch --url-file urls.txt --feed https://example.org/rss --out web
    """
    from pathlib import Path

    from transcompare.config import FetchSection
    from transcompare.errors import InputError, InputFailure
    from transcompare.fetch import Fetcher, fetch_all
    from transcompare.fetch.inputs import read_url_file
    from transcompare.output import printable
    from transcompare.progress import RichReporter

    given = {"delay": delay, "timeout": timeout, "retries": retries, "max_mb": max_mb}
    settings = FetchSection(**{k: v for k, v in given.items() if v is not None})
    errors: list[InputFailure] = []
    all_urls = list(urls)
    for name in url_files:
        all_urls.extend(read_url_file(Path(name), errors))
    if not all_urls and not feeds and not errors:
        raise InputError("nothing to fetch: give URLs, --url-file FILE or --feed URL")
    with Fetcher(out_dir, settings, refresh=refresh, retry_failed=retry_failed) as fetcher:
        fetcher.store.check()
        with RichReporter(quiet=quiet) as reporter:
            reporter.stage_start("fetch")
            outcomes = fetch_all(fetcher, all_urls, feeds, progress=reporter.advance)
            reporter.stage_end("fetch", fetcher.requests == 0, len(outcomes))
        requests = fetcher.requests
    if not quiet:
        for got in outcomes:
            if got.ok:
                what = (f"{len(got.record.links)} links" if got.record.kind == "feed"
                        else f"{out_dir}/{got.record.article}")
                click.echo(printable(f"{'fetched' if got.fetched else 'stored '}  {got.url} -> {what}"))
        new = sum(1 for o in outcomes if o.fetched and o.ok)
        old = sum(1 for o in outcomes if not o.fetched and o.ok)
        bad = sum(1 for o in outcomes if not o.ok) + len(errors)
        click.echo(f"{new} fetched, {old} already stored, {bad} failed; {requests} HTTP request"
                   f"{'s' if requests != 1 else ''}; store: {out_dir}")
    for err in errors:
        click.echo(f"Error: {err}", err=True)
    for got in outcomes:
        if not got.ok:
            click.echo(printable(f"Error: {got.problem()}"), err=True)
    if errors or any(not o.ok for o in outcomes):
        sys.exit(2)
