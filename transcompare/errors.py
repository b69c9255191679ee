"""Exceptions. Every user-facing problem is a TranscompareError; the CLI turns it into one line + exit 2."""

from __future__ import annotations


class TranscompareError(Exception):
    """Base class. ``str(err)`` is the one-line message shown to the user."""

    exit_code = 2


class ConfigError(TranscompareError):
    """A pipeline file is invalid (message names the file, the key and the fix)."""


class InputError(TranscompareError):
    """An input article or corpus cannot be read (message names the file and, for corpora, the row)."""


class EngineError(TranscompareError):
    """A translation engine is missing, failed, or no engine covers a language pair."""


class ModelPackageError(TranscompareError):
    """An argos model package is invalid or unsafe; nothing was installed."""


class SchemaError(TranscompareError):
    """A stage produced or received a table with missing columns (a bug or a corrupted run directory)."""
