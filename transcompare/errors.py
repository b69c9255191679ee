"""Exceptions. Every user-facing problem is a TranscompareError; the CLI turns it into one line + exit 2."""

from __future__ import annotations

from dataclasses import dataclass


class TranscompareError(Exception):
    """Base class. ``str(err)`` is the one-line message shown to the user; an error that stands for several
    problems (``several``) also has one line per problem in ``lines``, and the CLI prints those, one each."""

    exit_code = 2
    lines: list[str] | None = None

    @classmethod
    def several(cls, lines: list[str], summary: str) -> "TranscompareError":
        """One error for several problems: ``summary`` as its message, ``lines`` printed one per line."""
        err = cls(lines[0] if len(lines) == 1 else summary)
        err.lines = list(lines)
        return err


class ConfigError(TranscompareError):
    """A pipeline file is invalid (message names the file, the key and the fix)."""


class InputError(TranscompareError):
    """An input article or corpus cannot be read (message names the file and, for corpora, the row).

    ``InputError(path, problem, row=N)`` keeps the parts apart (``path``, ``row``, ``problem``) so that a caller
    collecting failures gets an :class:`InputFailure` without parsing the message; ``InputError(message)``
    with one argument is a message naming no single input.
    """

    def __init__(self, path_or_message, problem: str | None = None, *, row: int | None = None) -> None:
        self.path = str(path_or_message) if problem is not None else None
        self.row = row
        self.problem = problem if problem is not None else str(path_or_message)
        super().__init__(str(self.failure()) if problem is not None else self.problem)

    def failure(self) -> "InputFailure":
        return InputFailure(self.path or "", self.problem, self.row)


class EngineError(TranscompareError):
    """A translation engine is missing, failed, or no engine covers a language pair."""


class ModelPackageError(TranscompareError):
    """An argos model package is invalid or unsafe; nothing was installed."""


class SchemaError(TranscompareError):
    """A stage produced or received a table with missing columns (a bug or a corrupted run directory)."""


@dataclass(frozen=True)
class InputFailure:
    """One input that could not be read: a file (or a corpus row) and the problem. ``str()`` is the one line a
    user sees (``data/x.jsonl#3: not valid JSON (...)``); :meth:`to_dict` is the manifest's record."""

    path: str
    problem: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}#{self.row}" if self.row is not None else self.path
        return f"{where}: {self.problem}" if where else self.problem

    def to_dict(self) -> dict:
        """``{"path", "error"}``, and ``"row"`` for a corpus row."""
        return {"path": self.path, **({"row": self.row} if self.row is not None else {}), "error": self.problem}

    @classmethod
    def from_dict(cls, data: dict) -> "InputFailure":
        return cls(str(data.get("path", "")), str(data.get("error", "")), data.get("row"))

    @classmethod
    def of(cls, err: "InputError") -> "InputFailure":
        return err.failure()
