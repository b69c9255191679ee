"""Where a translation for a language pair can come from: the fix an error or a warning names.

Read from ``packages.txt`` beside this file (data: a snapshot of Debian's Apertium pair packages and of the
languages the Argos Translate index connects to English). A fix names only what those lists hold, or says that
none is known.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGES_FILE = Path(__file__).with_name("packages.txt")


@lru_cache(maxsize=1)
def _sources() -> tuple[dict[tuple[str, str], str], frozenset[str]]:
    debian: dict[tuple[str, str], str] = {}
    argos: set[str] = set()
    for line in PACKAGES_FILE.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "debian":
            pkg, langs = parts[1], parts[2:]
            if len(langs) == 3 and langs[1] == "->":
                debian.setdefault((langs[0], langs[2]), pkg)
            elif len(langs) == 2:
                debian.setdefault((langs[0], langs[1]), pkg)
                debian.setdefault((langs[1], langs[0]), pkg)
        elif parts[0] == "argos":
            argos.update(parts[1:])
    return debian, frozenset(argos)


def fixes(src: str, tgt: str, choice: str = "auto") -> list[str]:
    """Ways to get ``src`` -> ``tgt`` translated (empty when none is known)."""
    debian, argos = _sources()
    out = []
    if choice in ("auto", "argos") and src in argos and tgt in argos:
        if "en" in (src, tgt):
            out.append(f"transcompare models install {src} {tgt} (needs internet)")
        else:
            out.append(f"transcompare models install {src} en and transcompare models install en {tgt} "
                       f"(needs internet)")
    if choice in ("auto", "apertium") and (src, tgt) in debian:
        out.append(f"apt-get install {debian[(src, tgt)]}")
    return out


def fix_text(src: str, tgt: str, choice: str = "auto") -> str:
    found = fixes(src, tgt, choice)
    if found:
        return " or ".join(found)
    what = {"apertium": "no Debian Apertium pair", "argos": "no Argos package"}.get(
        choice, "no Argos package or Debian Apertium pair")
    return f"{what} is known for {src}->{tgt}"
