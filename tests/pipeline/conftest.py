from __future__ import annotations

from pathlib import Path

import pytest



@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private translation cache for the test (and for subprocesses it starts)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(path))
    return path
