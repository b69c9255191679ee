"""YAML front matter, read safely: a mapping of metadata keys, or an InputError naming the line."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from transcompare.errors import InputError
from transcompare.ingest.meta import IGNORED_FRONT_MATTER, META_KEYS, clipped, lone_surrogate, shown, value_problem

FRONT_MATTER_MAX_CHARS = 256 * 1024  # front matter is a few hundred characters; PyYAML reads ~200 KB/s
FRONT_MATTER_MAX_DEPTH = 20


def front_matter(path: Path, text: str) -> dict[str, Any]:
    """The front matter's mapping, or an InputError naming the line: YAML that is not valid, or that is valid
    but hostile (see :func:`_loader`), a value no article field can hold, a lone surrogate."""
    import yaml

    if len(text) > FRONT_MATTER_MAX_CHARS:
        raise InputError(path, f"front matter is too large ({len(text) / 1024:.0f} KiB; the limit is "
                         f"{FRONT_MATTER_MAX_CHARS // 1024} KiB)")
    refused = _loader().Refused
    try:
        meta = yaml.load(text, Loader=_loader()) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = clipped(str(getattr(err, "problem", None) or ""), 160)
        where = f"line {mark.line + 2}" if mark else ""
        if isinstance(err, refused):
            raise InputError(path, f"front matter{f', {where}' if where else ''}: {problem}") from None
        detail = ": ".join(x for x in (where, problem) if x)
        raise InputError(path, f"front matter is not valid YAML{f' ({detail})' if detail else ''}") from None
    except RecursionError:  # the loader bounds nesting; this is a second line of defence
        raise InputError(path, "front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise InputError(path, "front matter must be a mapping of keys to values")
    problem = lone_surrogate(meta) or value_problem(meta, skip=("text",))
    if problem:
        raise InputError(path, f"front matter {problem}")
    return meta


@lru_cache(maxsize=1)
def _loader():
    """A ``yaml.SafeLoader`` for untrusted front matter. It refuses aliases (``*a``: a billion laughs expands
    exponentially, ``&a [*a]`` is a loop; front matter never needs them) and nesting beyond
    FRONT_MATTER_MAX_DEPTH (the composer recurses: RecursionError); reads booleans as YAML 1.2 does (``true``,
    ``false``: ``lang: no`` is Norwegian, not false); and a value that cannot be constructed (a date whose UTC
    offset is 25 hours, ``!!timestamp nope``, a 5,000-digit ``!!int``) is an error naming its line, not a
    ValueError or an AttributeError."""
    import yaml

    class Refused(yaml.MarkedYAMLError):
        """Valid YAML that front matter does not accept."""

    class FrontMatterLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                raise Refused(None, None, f"uses an alias (*{event.anchor}); aliases are not read in front matter",
                              event.start_mark)
            if self.depth >= FRONT_MATTER_MAX_DEPTH:
                raise Refused(None, None, f"nested more than {FRONT_MATTER_MAX_DEPTH} levels deep",
                              event.start_mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as err:
                raise Refused(None, None, _bad_value(node, err), node.start_mark) from None

    FrontMatterLoader.Refused = Refused
    bool_tag = "tag:yaml.org,2002:bool"
    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != bool_tag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    FrontMatterLoader.add_implicit_resolver(bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                            list("tTfF"))
    return FrontMatterLoader


def _bad_value(node, err: Exception) -> str:
    tag = str(getattr(node, "tag", "")).rsplit(":", 1)[-1]
    value = getattr(node, "value", "")
    quoted = f"'{clipped(value)}'" if isinstance(value, str) else f"a {tag or 'value'}"
    reason = clipped(str(err), 100)
    if tag == "timestamp":
        if isinstance(err, AttributeError):  # PyYAML's: `!!timestamp` on a value its pattern does not match
            return f"{quoted} is not a date"
        if "offset" in str(err):
            return f"{quoted} is not a valid date: its UTC offset is out of range (-23:59 to +23:59)"
        return f"{quoted} is not a valid date: {reason}"
    return f"{quoted} cannot be read as {tag or 'a value'} ({reason})"


def front_matter_typos(path: Path, meta: dict[str, Any], limit: int = 10) -> list[str]:
    """Warnings for front-matter keys that look like a misspelt known key (``titel``, ``outet``, ``lagn``).
    Other unknown keys (tags, notes, anything of the user's own) are kept quiet. At most ``limit`` lines, then
    one that counts the others."""
    known = sorted({alias for aliases in META_KEYS.values() for alias in aliases} | IGNORED_FRONT_MATTER)
    out = []
    for key in meta:
        k = str(key).strip().lower()
        if k in known or len(k) > 40:  # a key that long is no typo of a known one
            continue
        close = difflib.get_close_matches(k, known, n=1, cutoff=0.7)
        if close:
            out.append(f"{shown(str(path))}: front matter key '{clipped(str(key))}' is not used; did you mean "
                       f"'{close[0]}'?")
    if len(out) > limit:
        out[limit:] = [f"{shown(str(path))}: {len(out) - limit} more front matter keys like these are not used"]
    return out
