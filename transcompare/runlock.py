"""One run at a time in a run directory: ``RUN_DIR/.lock`` held with an OS file lock while a run writes.

The lock is ``flock`` on the lock file, so it is released when the process ends, however it ends: a lock left
by a killed run is never "stale" (the file stays, the lock does not). The file records the owner (pid, host,
start time) so that a second run can say whose run it is waiting for.
"""

from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from transcompare.errors import ConfigError

LOCK_FILE = ".lock"


def _owner(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["started"])))
        return f"pid {int(info['pid'])} on {info.get('host', '?')}, started {started}"
    except (OSError, ValueError, KeyError, TypeError):
        return "owner unknown"


@contextmanager
def run_lock(run_dir: Path) -> Iterator[Path]:
    """Hold the run directory's lock for the ``with`` block; a ConfigError naming the directory and the other
    run when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, as before
        yield run_dir / LOCK_FILE
        return
    path = run_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"{run_dir}: another run is writing this run directory ({_owner(path)}); "
                              "wait for it to finish, or give this run another --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "started": time.time()}).encode())
        yield path
    finally:
        os.close(fd)  # releases the lock
