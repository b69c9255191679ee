"""Alignment and statements one story at a time: a corpus of many stories costs the sum of its stories' costs,
not its size squared, and no statement can hold sentences of two stories.

:func:`story_groups` reads the STORIES table; :func:`per_story` runs a stage function on each story's share of
the tables (one after the other, in local processes, or on Ray: :mod:`transcompare.execution`) and
:func:`renumber_statements` gives the statements of all stories one sequence of ids (``s0001`` …), the
``also_in`` references included. A run with one story computes exactly what it computed before stories existed.

**Reuse** (a finished run given more articles): each story's share of the input tables has a fingerprint; a
:class:`Reuse` holds an earlier run's table of the same stage (the same settings) and its stories' fingerprints,
and a story whose fingerprint is among them takes its rows from that table instead of being computed again —
the same rows, since a story's alignment and statements depend on its own tables only.

**Extend** (``Reuse.extend``, ``[stories] update = "extend"``): a story that is not unchanged but holds all the
articles of an earlier story, whose share of the tables is unchanged (the same fingerprint over those articles),
is computed given that story's earlier rows (``grown`` and ``grown_articles``): only the new articles' work is
done. (The statements' check leaves the alignments out, ``Reuse.derived``: a grown story's earlier pairs keep
their links or lose them, never change them.) Faster, and the tables may differ from a run at once (docs/align.md#online-use).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable

import polars as pl

from transcompare.schema import STORIES, C, check_frame


def story_groups(stories: pl.DataFrame | None, min_outlets: int = 1) -> list[list[str]] | None:
    """The articles of each story, stories in order of first appearance; None without a table. With
    ``min_outlets``, only the stories that hold articles of at least that many outlets (the others are not
    aligned: ``[stories] min_outlets``)."""
    if stories is None:
        return None
    stories = check_frame(stories, STORIES, "stories")
    groups: dict[str, list[str]] = {}
    outlets: dict[str, set[str]] = {}
    for article, story, outlet in zip(stories[C.ARTICLE_ID], stories[C.STORY_ID], stories[C.OUTLET]):
        groups.setdefault(story, []).append(article)
        outlets.setdefault(story, set()).add(outlet)
    return [g for story, g in groups.items() if len(outlets[story]) >= min_outlets]


def split_by_story(frame: pl.DataFrame | None, groups: list[list[str]],
                   hashes: list | None = None) -> list[pl.DataFrame | None]:
    """The rows of ``frame`` (None stays None) that belong to each group of articles (alignments: by their first
    article; the pairs are of one story), in the frame's order; the frame is read once. With ``hashes`` (a list),
    each part's row hashes (``hash_rows``, computed once over the whole frame) are appended to it, for
    :func:`fingerprint`."""
    if frame is None:
        if hashes is not None:
            hashes.extend([None] * len(groups))
        return [None] * len(groups)
    column = C.ARTICLE_ID if C.ARTICLE_ID in frame.columns else C.ARTICLE_A
    story, row_hash = "__story", "__hash"
    index = {a: k for k, group in enumerate(groups) for a in group}
    tagged = frame.with_columns(pl.col(column).replace_strict(index, default=None, return_dtype=pl.Int64).alias(story))
    if hashes is not None:
        tagged = tagged.with_columns(frame.hash_rows(seed=0).alias(row_hash))
    parts = tagged.filter(pl.col(story).is_not_null()).partition_by(story, as_dict=True, maintain_order=True,
                                                                    include_key=False)
    out = []
    for k in range(len(groups)):
        part = parts.get((k,))
        if hashes is not None:  # an empty part needs none: fingerprint() hashes no rows of it
            hashes.append(None if part is None else part[row_hash].to_numpy())
            part = None if part is None else part.drop(row_hash)
        out.append(frame.clear() if part is None else part)
    return out


@dataclass
class Reuse:
    """An earlier run's table of a per-story stage (computed with the same settings) and the fingerprints of its
    stories; :func:`per_story` fills ``made`` with this run's fingerprints (for the next run) and counts the
    stories it took from ``table`` in ``reused``."""

    table: pl.DataFrame | None = None
    keys: set[str] = field(default_factory=set)
    made: list[str] = field(default_factory=list)
    reused: int = 0
    extend: bool = False  # a grown story is computed given an earlier story's rows
    groups: dict[str, list[str]] = field(default_factory=dict)  # the earlier stories' articles, by fingerprint
    made_groups: list[list[str]] = field(default_factory=list)  # this run's, in the order of ``made``
    extended: int = 0
    # frames computed from the others (statements: the alignments) that a grown story's check leaves out: a
    # grown story's earlier pairs keep their links or, no longer compared, lose them (align_hybrid)
    derived: tuple[str, ...] = ()
    input_keys: dict[str, str] = field(default_factory=dict)  # earlier story fingerprint -> without ``derived``
    made_inputs: list[str] = field(default_factory=list)  # this run's, in the order of ``made``


def fingerprint(frames: dict[str, pl.DataFrame | None], hashes: dict[str, object] | None = None) -> str:
    """A hash of one story's share of the tables (their rows, in order): equal fingerprints, equal inputs.
    ``hashes``: each frame's row hashes when they are known already (:func:`split_by_story`)."""
    h = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        h.update(f"{name}:{'-' if frame is None else frame.height}:".encode())
        if frame is not None and frame.height:
            h.update(",".join(f"{c}={t}" for c, t in frame.schema.items()).encode())
            rows = hashes.get(name) if hashes else None
            h.update((frame.hash_rows(seed=0).to_numpy() if rows is None else rows).tobytes())
    return h.hexdigest()


def per_story(groups: list[list[str]], frames: dict[str, pl.DataFrame | None],
              compute: Callable[..., pl.DataFrame], empty: pl.DataFrame, progress=None,
              execution=None, reuse: Reuse | None = None) -> list[pl.DataFrame]:
    """``compute(**frames of one story)`` for every story of two articles or more, in story order; with
    ``reuse``, a story whose fingerprint the earlier run had takes its rows from the earlier table."""
    from transcompare.execution import map_stories

    work = [g for g in groups if len(g) > 1]
    row_hashes: dict[str, list] = {name: [] for name in frames} if reuse is not None else {}
    split = {name: split_by_story(frame, work, row_hashes.get(name)) for name, frame in frames.items()}
    tasks = [{name: split[name][k] for name in frames} for k in range(len(work))]
    results: list[pl.DataFrame | None] = [None] * len(tasks)
    todo = list(range(len(tasks)))
    if reuse is not None:
        keys = [fingerprint(t, {name: row_hashes[name][k] for name in frames}) for k, t in enumerate(tasks)]
        reuse.made, reuse.made_groups = keys, work
        reuse.made_inputs = keys if not reuse.derived else [
            fingerprint({n: t[n] for n in frames if n not in reuse.derived},
                        {n: row_hashes[n][k] for n in frames if n not in reuse.derived}) for k, t in enumerate(tasks)]
        if reuse.table is not None:
            kept = [k for k, key in enumerate(keys) if key in reuse.keys]
            for k, part in zip(kept, split_by_story(reuse.table, [work[k] for k in kept])):
                results[k] = part
            reuse.reused = len(kept)
            todo = [k for k, key in enumerate(keys) if key not in reuse.keys]
            if reuse.extend:
                _extend(reuse, [work[k] for k in todo], [tasks[k] for k in todo])
    for k, r in zip(todo, map_stories(compute, [tasks[k] for k in todo], execution, progress)):
        results[k] = r
    return [r for r in results if r is not None and r.height] or [empty]


def _extend(reuse: Reuse, groups: list[list[str]], tasks: list[dict]) -> None:
    """Give each task whose story holds an earlier story's articles, with that story's share of the tables
    unchanged, the earlier rows (``grown``) and articles (``grown_articles``); the largest such story counts."""
    where = {a: key for key, old in reuse.groups.items() if key in reuse.keys for a in old}
    tried: list[tuple[int, str]] = []  # (task, the earlier story it holds): the largest first
    for k, group in enumerate(groups):
        members = set(group)
        olds = [key for key in sorted({where[a] for a in group if a in where}, key=lambda key: -len(reuse.groups[key]))
                if 2 <= len(reuse.groups[key]) < len(group) and members.issuperset(reuse.groups[key])]
        if olds:
            tried.append((k, olds[0]))
    if not tried:
        return
    olds = [reuse.groups[key] for _, key in tried]
    shares = {name: _shares(_frame_of(tasks, name), olds) for name in tasks[0] if name not in reuse.derived}
    found = [(k, key) for n, (k, key) in enumerate(tried)
             if fingerprint({name: shares[name][n] for name in shares}) == reuse.input_keys.get(key, key)]
    parts = split_by_story(reuse.table, [reuse.groups[key] for _, key in found]) if found else []
    for (k, key), part in zip(found, parts):
        tasks[k]["grown"], tasks[k]["grown_articles"] = part, reuse.groups[key]
    reuse.extended = len(found)


def _frame_of(tasks: list[dict], name: str) -> pl.DataFrame | None:
    """The rows of frame ``name`` of all the tasks, in one frame (None when the tasks have none)."""
    parts = [t[name] for t in tasks if t.get(name) is not None]
    return pl.concat(parts, how="vertical") if parts else None


def _shares(frame, groups: list[list[str]]) -> list[pl.DataFrame | None]:
    """Each group's rows of ``frame`` (alignments: both of a pair's articles in it), as a story of them has."""
    if frame is None:
        return [None] * len(groups)
    parts = split_by_story(frame, groups)
    if C.ARTICLE_B not in frame.columns:
        return parts
    return [part.filter(pl.col(C.ARTICLE_B).is_in(g)) for part, g in zip(parts, groups)]


def renumber_statements(parts: list[pl.DataFrame], empty: pl.DataFrame) -> pl.DataFrame:
    """One STATEMENTS table from each story's: ids renumbered in story order, ``also_in`` references with them."""
    parts = [p for p in parts if p.height]
    if not parts:
        return empty
    total = sum(p[C.STATEMENT_ID].n_unique() for p in parts)
    width = max(3, len(str(total)))
    out, offset = [], 0
    for part in parts:
        ids = part[C.STATEMENT_ID].unique(maintain_order=True).to_list()
        mapping = {old: f"s{offset + k + 1:0{width}d}" for k, old in enumerate(sorted(ids))}
        offset += len(ids)
        cols = [pl.Series(C.STATEMENT_ID, [mapping[x] for x in part[C.STATEMENT_ID]], dtype=pl.Utf8)]
        if C.ALSO_IN in part.columns:
            cols.append(pl.Series(C.ALSO_IN, [[mapping.get(x, x) for x in (v or [])] for v in part[C.ALSO_IN].to_list()],
                                  dtype=pl.List(pl.Utf8)))
        out.append(part.with_columns(cols))
    return pl.concat(out, how="vertical")
