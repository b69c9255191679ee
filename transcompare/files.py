"""File digests (input files, model files, calibration data) and the check that a folder can be made."""

from __future__ import annotations

import hashlib
import os
import tempfile
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


def creatable_at(path: str | Path) -> Path:
    """The nearest existing ancestor of ``path``, once a folder was made (and removed) there: the only sure test
    that ``path`` can be created. Raises OSError (NotADirectoryError when that ancestor is a file)."""
    probe = Path(path)
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(probe))
    os.rmdir(tempfile.mkdtemp(prefix=".transcompare-check-", dir=probe))
    return probe
