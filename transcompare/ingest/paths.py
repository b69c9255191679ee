"""Inputs named on the command line or in a pipeline file -> the files to read: paths, directories (walked) and
globs (matched), each problem (a pipe, a loop of symbolic links, a directory that cannot be listed) reported as
one line naming the path, never a hang or a traceback."""

from __future__ import annotations

import fnmatch
import glob
import heapq
import os
import stat
from pathlib import Path
from typing import Iterable

from transcompare.errors import InputFailure
from transcompare.ingest.decode import bad_name, not_regular, os_problem
from transcompare.ingest.meta import shown
from transcompare.ingest.readers import SUFFIXES


def is_run_output(path: Path) -> bool:
    """A table or report that ``transcompare run`` wrote (``RUN_DIR/comparison.csv``, ``report.html``): not an
    article or a corpus.

    A run directory holds ``.stages.json`` or ``manifest.json``; inputs found through a directory or a glob skip
    its tables, so a pipeline whose run directory lies inside its input folder does not read its own output."""
    from transcompare.schema import TABLES

    parent = path.parent
    written = path.stem in TABLES or path.name == "report.html"
    return written and ((parent / ".stages.json").exists() or (parent / "manifest.json").exists())


def expand_paths(specs: Iterable[str | Path | bytes], errors: list[InputFailure]) -> list[Path]:
    """Files named by paths, directories (recursively, known suffixes only) and globs, in a stable order.

    Directories and globs skip hidden files and the tables of run directories (:func:`is_run_output`). A path
    that is not a regular file (a pipe, a device), cannot be listed or read, or matches nothing is reported in
    ``errors`` (one line naming it), and is not returned: every returned path was a regular file."""
    out: list[Path] = []
    for raw in _spec_list(specs):
        spec = _spec_str(raw)
        path = Path(spec)
        st, problem = _stat(spec)
        if st is not None and stat.S_ISDIR(st.st_mode):
            dir_errors: list[InputFailure] = []
            found = _walk(spec, dir_errors)
            errors.extend(dir_errors)
            if not found and not dir_errors:
                errors.append(_failure(spec, f"directory has no article files ({', '.join(sorted(SUFFIXES))})"))
            out.extend(found)
        elif st is not None and stat.S_ISREG(st.st_mode):
            out.append(path)
        elif st is not None:
            errors.append(_failure(spec, not_regular(st.st_mode)))
        elif glob.has_magic(spec):
            glob_errors: list[InputFailure] = []
            found = _glob(spec, glob_errors)
            errors.extend(glob_errors)
            if not found and not glob_errors:
                errors.append(_failure(spec, "pattern matches no files"))
            out.extend(found)
        else:
            errors.append(_failure(spec, problem or "no such file or directory"))
    seen: set[Path] = set()
    unique = []
    for p in out:
        try:
            key = p.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
            key = p.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _spec_list(specs) -> list[str | Path | bytes]:
    """The specs as a list: one path given alone (a str, bytes or Path; iterating it would read each of its
    characters as a path) is a list of one."""
    return [specs] if isinstance(specs, (str, bytes, os.PathLike)) else list(specs)


def _spec_str(spec: str | Path | bytes) -> str:
    """A spec as the str the OS functions take: bytes (a name that is not UTF-8) through ``os.fsdecode``."""
    return os.fsdecode(spec) if isinstance(spec, bytes) else str(spec)


def _failure(name: str | Path, problem: str, row: int | None = None) -> InputFailure:
    return InputFailure(shown(str(name)), problem, row)


def _stat(spec: str) -> tuple[os.stat_result | None, str | None]:
    """``(stat, None)``, or ``(None, problem)``; a missing file's problem is ``no such file or directory``."""
    try:
        return os.stat(spec), None
    except FileNotFoundError:
        if os.path.islink(spec):
            return None, f"a symbolic link to a missing file ({shown(os.readlink(spec))})"
        return None, "no such file or directory"
    except NotADirectoryError:
        return None, "no such file or directory (a part of the path is a file)"
    except OSError as err:  # a loop of symbolic links, a name too long, no permission
        return None, os_problem(err)
    except ValueError as err:  # a NUL byte, a lone surrogate
        return None, bad_name(err)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _scan(directory: str, errors: list[InputFailure]) -> list[os.DirEntry]:
    """A directory's entries; a directory that cannot be listed is reported, never skipped in silence."""
    try:
        with os.scandir(directory) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):  # gone or replaced since it was found
        return []
    except OSError as err:
        errors.append(_failure(directory, f"cannot list the directory ({err.strerror or err})"))
        return []


def _entry_kind(entry: os.DirEntry) -> tuple[str, str | None]:
    """``('dir'|'file'|'other', problem)`` of a directory entry, following symbolic links (``other``: a pipe,
    a device, a socket, a broken link or a loop; ``problem`` says which)."""
    try:
        st = entry.stat()
    except OSError as err:
        if entry.is_symlink():
            return "other", ("a symbolic link to a missing file" if isinstance(err, FileNotFoundError)
                             else os_problem(err))
        return "other", os_problem(err)
    if stat.S_ISDIR(st.st_mode):
        return "dir", None
    if stat.S_ISREG(st.st_mode):
        return "file", None
    return "other", not_regular(st.st_mode)


def _walk(top: str, errors: list[InputFailure]) -> list[Path]:
    """Article files under a directory, recursively: known suffixes, no hidden files or directories, symbolic
    links to files followed but not links to directories (so a link loop cannot recur). An entry with an
    article's suffix that cannot be read (a broken link, a loop, a pipe) and a subdirectory that cannot be
    listed are reported."""
    found: list[Path] = []
    stack = [top]
    while stack:
        directory = stack.pop()
        for entry in _scan(directory, errors):
            if _hidden(entry.name):
                continue
            try:
                is_real_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_real_dir = False
            if is_real_dir:
                stack.append(entry.path)
                continue
            if Path(entry.name).suffix.lower() not in SUFFIXES:
                continue
            kind, problem = _entry_kind(entry)
            if kind == "file":
                if not is_run_output(Path(entry.path)):
                    found.append(Path(entry.path))
            elif kind == "other":
                errors.append(_failure(entry.path, problem or "cannot read"))
    return sorted(found)


def _glob(pattern: str, errors: list[InputFailure]) -> list[Path]:
    """The regular files a glob matches, as ``glob.glob(pattern, recursive=True)`` finds them (``**`` is any
    number of directories, and follows symbolic links; wildcards skip hidden names) but never looping: ``**``
    enters each directory once, where ``glob`` recurs through a link back to a parent until the path is too
    long -- exponentially many paths with two such links. Directories are entered in the order of their paths,
    so a directory reached by several paths is entered by the first in that order, the one ``expand_paths``
    would keep of glob's. A matched name that is not a regular file is skipped (a directory) or reported (a
    pipe, a broken link, a loop), and so is a directory that cannot be listed (once)."""
    parts = pattern.replace(os.sep, "/").split("/")
    i = 0
    while i < len(parts) and not glob.has_magic(parts[i]):
        i += 1
    root = "/".join(parts[:i]) or ("/" if pattern.startswith("/") else "")
    rest = [part for j, part in enumerate(parts[i:]) if not (part == "**" and j and parts[i + j - 1] == "**")]
    found: list[Path] = []
    problems: list[InputFailure] = []
    visited: set[tuple[int, int, int]] = set()  # (device, inode, position in the pattern) entered by '**'
    heap: list[tuple[tuple[str, ...], int, str]] = [(Path(root).parts, 0, root)]

    def push(path: str, k: int) -> None:
        heapq.heappush(heap, (Path(path).parts, k, path))

    def join(base: str, name: str) -> str:
        return os.path.join(base, name) if base else name

    while heap:
        _, k, base = heapq.heappop(heap)
        part, last = rest[k], k == len(rest) - 1
        if part == "**":
            try:
                st = os.stat(base or ".")
            except OSError:
                continue
            key = (st.st_dev, st.st_ino, k)
            if key in visited:
                continue
            visited.add(key)
            entries = [e for e in _scan(base or ".", problems) if not _hidden(e.name)]
            if last:  # 'DIR/**': every file below
                for e in entries:
                    _glob_match(join(base, e.name), e, found, problems)
            else:
                push(base, k + 1)  # '**' as no directory at all
            for e in entries:
                if _is_dir(e):
                    push(join(base, e.name), k)
        elif glob.has_magic(part):
            for e in _scan(base or ".", problems):
                if (not _hidden(e.name) or _hidden(part)) and fnmatch.fnmatchcase(e.name, part):
                    if last:
                        _glob_match(join(base, e.name), e, found, problems)
                    elif _is_dir(e):
                        push(join(base, e.name), k + 1)
        elif last:
            path = join(base, part)
            st, problem = _stat(path)
            if st is not None and stat.S_ISREG(st.st_mode):
                found.append(Path(path))
            elif st is not None and not stat.S_ISDIR(st.st_mode):
                problems.append(_failure(path, not_regular(st.st_mode)))
            elif st is None and os.path.lexists(path):  # a broken link, a loop
                problems.append(_failure(path, problem or "cannot read"))
        elif os.path.isdir(join(base, part)):
            push(join(base, part), k + 1)
    errors.extend(dict.fromkeys(problems))
    return sorted(p for p in set(found) if not is_run_output(p))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symbolic link, as glob does
    except OSError:
        return False


def _glob_match(path: str, entry: os.DirEntry, found: list[Path], errors: list[InputFailure]) -> None:
    kind, problem = _entry_kind(entry)
    if kind == "file":
        found.append(Path(path))
    elif kind == "other":
        errors.append(_failure(path, problem or "cannot read"))
