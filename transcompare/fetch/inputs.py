"""Pipeline inputs from the web (``urls``, ``url_file``, ``feed``): fetched into the store first
(:func:`fetch_inputs`, polite, with progress), then read from the stored copies like files
(:func:`stored_articles`). URLs already stored are not fetched again: a pipeline whose URLs are all stored
runs offline and reads the same copies every time."""

from __future__ import annotations

from pathlib import Path

from transcompare.config import InputSpec, Pipeline
from transcompare.errors import ConfigError, EngineError, InputError, InputFailure
from transcompare.fetch import Fetcher, FetchStore, canonical, fetch_all
from transcompare.ingest.meta import clipped

NOT_FETCHED = "not fetched yet (transcompare run fetches it, or transcompare fetch --out DIR URL)"


def read_url_file(path: Path, errors: list[InputFailure]) -> list[str]:
    """The URLs of a file, one a line; blank lines and lines starting with ``#`` are skipped. A line that is
    no http(s) URL is one failure naming the file and the line; a file that cannot be read, another."""
    from transcompare.ingest.decode import decode, read_bytes

    try:
        text = decode(read_bytes(path), str(path))
    except InputError as err:
        errors.append(err.failure())
        return []
    urls = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.lower().startswith(("http://", "https://")) or len(line.split()) > 1:
            errors.append(InputFailure(str(path), f"line {n}: '{clipped(line)}' is not an http(s) URL"))
            continue
        urls.append(canonical(line))
    if not urls and not errors:
        errors.append(InputFailure(str(path), "holds no URL (one a line; # starts a comment)"))
    return urls


def spec_urls(pipe: Pipeline, spec: InputSpec, store: FetchStore, errors: list[InputFailure]) -> list[str]:
    """The URLs an input names: its ``urls``, the lines of its ``url_file``, the items of its (stored) ``feed``."""
    if spec.urls is not None:
        return list(dict.fromkeys(canonical(u) for u in spec.urls))
    if spec.url_file is not None:
        return read_url_file(Path(pipe.resolve(spec.url_file)), errors)
    if spec.feed is None:
        return []
    rec = store.get(spec.feed)
    if rec is None:
        errors.append(InputFailure(spec.feed, NOT_FETCHED))
    elif not rec.ok:
        errors.append(InputFailure(spec.feed, rec.reason))
    return rec.links if rec is not None else []


def fetch_inputs(pipe: Pipeline, reporter) -> None:
    """Fetch every URL the pipeline's inputs name that the store does not hold yet (feeds first: their items
    are URLs too). Failures are recorded in the store; they surface as failed inputs when the inputs are read.
    ``reporter`` gets a ``fetch`` progress line (skipped when everything was stored)."""
    specs = [s for s in pipe.inputs if s.from_web]
    if not specs:
        return
    try:
        FetchStore(pipe.fetch_dir()).check()
    except EngineError as err:
        raise ConfigError(f"{pipe.source}: [fetch] dir: {err}") from None
    with Fetcher(pipe.fetch_dir(), pipe.fetch) as fetcher:
        feeds = [s.feed for s in specs if s.feed is not None]
        todo_feeds = [f for f in feeds if fetcher.stored(f) is None]
        reporter.stage_start("fetch")
        for feed in todo_feeds:  # first: their items are URLs too
            fetcher.feed(feed)
        urls: list[str] = []
        for spec in specs:
            urls.extend(spec_urls(pipe, spec, fetcher.store, []))
        urls = list(dict.fromkeys(urls))
        todo = [u for u in urls if fetcher.stored(u) is None]
        reporter.advance(0, len(todo))
        fetch_all(fetcher, todo, progress=reporter.advance)
        reporter.stage_end("fetch", not todo and not todo_feeds, len(urls))


def stored_articles(pipe: Pipeline, spec: InputSpec, errors: list[InputFailure]) -> list[tuple[Path, str]]:
    """The stored article files of a web input, each with its URL; a URL that failed (or was never fetched, or
    whose file is gone) is one failure naming the URL."""
    out = []
    seen: set[str] = set()  # two URLs that redirect to one page are one article
    with FetchStore(pipe.fetch_dir()) as store:
        for url in spec_urls(pipe, spec, store, errors):
            rec = store.get(url)
            if rec is not None and rec.ok:
                if rec.final_url in seen:
                    continue
                seen.add(rec.final_url)
            if rec is None:
                errors.append(InputFailure(url, NOT_FETCHED))
            elif not rec.ok:
                errors.append(InputFailure(url, rec.reason))
            elif not store.path_of(rec.article).is_file():
                errors.append(InputFailure(url, f"its stored copy {store.path_of(rec.article)} is missing; fetch "
                                                f"it again: transcompare fetch --refresh --out DIR URL"))
            else:
                out.append((store.path_of(rec.article), url))
    return out
