"""The installed translation engines, made one way for the translator and for Ray's actors."""

from __future__ import annotations

from typing import Any

from transcompare.translate.base import Engine


def default_engines(beam_size: int = 4, jobs: int | None = None, argos_settings: Any = None) -> dict[str, Engine]:
    """The installed engines (argos, then Apertium), with ``jobs`` threads or processes."""
    from transcompare.translate.apertium import ApertiumEngine
    from transcompare.translate.argos import ArgosEngine, ArgosSettings

    threads = {} if not jobs or jobs <= 1 else {"inter_threads": min(2, jobs),
                                                 "intra_threads": max(1, jobs // min(2, jobs))}
    settings = argos_settings or ArgosSettings(beam_size=beam_size, **threads)
    return {"argos": ArgosEngine(settings), "apertium": ApertiumEngine(processes=jobs or 1)}
