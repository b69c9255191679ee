"""Write ``transcompare/align/lexicons/names/first_names.tsv``: first names whose bearers are nearly all women or
nearly all men, from the US Census Bureau's 1990 first-name frequency lists (public domain; ``dist.female.first``
and ``dist.male.first``, as shipped, for example, in the ``names`` package's source distribution).

Each list gives a name's frequency as a percentage of that sex's population; a name goes into the file as "f"
(or "m") when at least ``--share`` (default 0.95) of the people bearing it are women (men), counting both sexes
as equally many. Ambiguous names (Jean, Kim, Andrea) are left out.

    python scripts/first_names.py DIR_WITH_THE_TWO_FILES
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "transcompare" / "align" / "lexicons" / "names" / "first_names.tsv"


def read(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            out[parts[0].capitalize()] = float(parts[1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--share", type=float, default=0.95)
    args = ap.parse_args()
    fem, masc = read(args.folder / "dist.female.first"), read(args.folder / "dist.male.first")
    rows = []
    for name in sorted(set(fem) | set(masc)):
        f, m = fem.get(name, 0.0), masc.get(name, 0.0)
        if f + m <= 0:  # listed at 0.000 in both: too rare to say
            continue
        share = f / (f + m)
        if share >= args.share:
            rows.append(f"{name}\tf")
        elif share <= 1 - args.share:
            rows.append(f"{name}\tm")
    header = ("# First names and the sex of nearly all their bearers (f/m), from the US Census Bureau's 1990\n"
              "# first-name lists (public domain). Written by scripts/first_names.py; do not edit by hand.\n")
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(header + "\n".join(rows) + "\n")
    os.replace(tmp, OUT)
    print(f"{OUT.name}: {len(rows)} names")


if __name__ == "__main__":
    main()
