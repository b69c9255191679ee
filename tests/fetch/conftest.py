from __future__ import annotations

import pytest

from transcompare.config import FetchSection

from .localsite import Site


@pytest.fixture
def site():
    """The constructed site, served on 127.0.0.1 (a free port) for the test, stopped after it."""
    server = Site().start()
    yield server
    server.stop()


@pytest.fixture
def settings() -> FetchSection:
    """Polite but quick: a small delay per host, a short timeout, one retry, a 1 MiB cap."""
    return FetchSection(delay=0.01, timeout=0.5, retries=1, max_mb=1)


@pytest.fixture
def cache_env(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A private translation cache for the test."""
    path = tmp_path / "cache"
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(path))
    return path
