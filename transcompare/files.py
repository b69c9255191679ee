"""File digests: one definition, used for input files, model files and calibration data."""

from __future__ import annotations

import hashlib
from pathlib import Path

_MEMO: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256 (hex), computed once per (path, size, modification time)."""
    path = Path(path)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _MEMO:
        with path.open("rb") as fh:
            _MEMO[key] = hashlib.file_digest(fh, "sha256").hexdigest()
    return _MEMO[key]
