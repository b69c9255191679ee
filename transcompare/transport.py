"""How a story's tables travel to another process (local processes, Ray): polars frames as Arrow IPC (lz4), not
pickled. A pickled slice of a polars frame carries buffers of the whole frame: each story's share of the
1,024-article corpus benchmark's ALIGNMENTS table pickled to 3.6 GB in all, as IPC 23 MB, and two processes
were slower than one.

>>> import polars as pl
>>> from transcompare.transport import pack, unpack
>>> frame = pl.DataFrame({"article_id": ["a1", "a2"], "words": [["said"], ["claimed", "twice"]]})
>>> unpack(pack(frame)).equals(frame), unpack(pack(2.0))
(True, 2.0)
"""

from __future__ import annotations

import io
from typing import Any, Callable


class Packed:
    """A polars frame as Arrow IPC bytes (lz4): what travels between processes instead of the frame."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data


def pack(value: Any) -> Any:
    """``value``, a polars DataFrame as :class:`Packed`."""
    import polars as pl

    if isinstance(value, pl.DataFrame):
        buffer = io.BytesIO()
        value.write_ipc(buffer, compression="lz4")
        return Packed(buffer.getvalue())
    return value


def unpack(value: Any) -> Any:
    """:func:`pack`'s inverse."""
    if isinstance(value, Packed):
        import polars as pl

        return pl.read_ipc(io.BytesIO(value.data))
    return value


def call_packed(compute: Callable[..., Any], task: dict[str, Any]) -> Any:
    """``compute(**task)`` on a packed task (:func:`pack` of each value), its result packed: what a worker
    process runs."""
    return pack(compute(**{name: unpack(value) for name, value in task.items()}))


def pack_task(task: dict[str, Any]) -> dict[str, Any]:
    """Each value of ``task`` packed (:func:`pack`)."""
    return {name: pack(value) for name, value in task.items()}
