"""Write ``transcompare/align/lexicons/names/first_names.tsv``: first names whose bearers are nearly all women or
nearly all men, from two sources:

- the US Census Bureau's 1990 first-name frequency lists (public domain; ``dist.female.first`` and
  ``dist.male.first``, as shipped, for example, in the ``names`` package's source distribution): each gives a
  name's frequency as a percentage of that sex's population, both sexes counted as equally many;
- the name data of ``nomquamgender`` (MIT License, Copyright (c) 2022 Ian Van Buskirk; ``name_data.json`` in its
  wheel): names of many countries with the number of people counted and the share of them who are women.

A name goes into the file as "f" (or "m") when at least ``--share`` (default 0.95) of the people bearing it are
women (men) in a source; from ``nomquamgender`` only names counted at least ``--min-count`` times (default 200).
Ambiguous names (Jean, Kim, Andrea) are left out, and so is a name the two sources disagree on.

    python scripts/first_names.py --census DIR_WITH_THE_TWO_FILES --nqg PATH/TO/name_data.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "transcompare" / "align" / "lexicons" / "names" / "first_names.tsv"
_NAME = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def census(folder: Path, share: float) -> dict[str, str]:
    def read(path: Path) -> dict[str, float]:
        out = {}
        for line in path.read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) == 4:
                out[parts[0].casefold()] = float(parts[1])
        return out

    fem, masc = read(folder / "dist.female.first"), read(folder / "dist.male.first")
    out = {}
    for name in set(fem) | set(masc):
        f, m = fem.get(name, 0.0), masc.get(name, 0.0)
        if f + m > 0 and f / (f + m) >= share:
            out[name] = "f"
        elif f + m > 0 and m / (f + m) >= share:
            out[name] = "m"
    return out


def nomquamgender(path: Path, share: float, min_count: int) -> dict[str, str]:
    """name -> sex from nomquamgender's name data: {name: [sources, count, p(female), ...]}."""
    out = {}
    for name, row in json.loads(path.read_text(encoding="utf-8")).items():
        if not _NAME.fullmatch(name) or row[1] < min_count:
            continue
        if row[2] >= share:
            out[name.casefold()] = "f"
        elif row[2] <= 1 - share:
            out[name.casefold()] = "m"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--census", type=Path, help="folder with dist.female.first and dist.male.first")
    ap.add_argument("--nqg", type=Path, help="nomquamgender's name_data.json")
    ap.add_argument("--share", type=float, default=0.95)
    ap.add_argument("--min-count", type=int, default=200)
    args = ap.parse_args()
    sources = []
    if args.census:
        sources.append(census(args.census, args.share))
    if args.nqg:
        sources.append(nomquamgender(args.nqg, args.share, args.min_count))
    if not sources:
        ap.error("give --census and/or --nqg")
    merged: dict[str, str] = {}
    clash: set[str] = set()
    for source in sources:
        for name, sex in source.items():
            if merged.get(name, sex) != sex:
                clash.add(name)
            merged[name] = sex
    rows = [f"{name}\t{sex}" for name, sex in sorted(merged.items()) if name not in clash]
    header = ("# First names and the sex of nearly all their bearers (f/m). Written by scripts/first_names.py from\n"
              "# the US Census Bureau's 1990 first-name lists (public domain) and nomquamgender's name data\n"
              "# (MIT License, Copyright (c) 2022 Ian Van Buskirk; see LICENSE-nomquamgender beside this file).\n")
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(header + "\n".join(rows) + "\n")
    os.replace(tmp, OUT)
    print(f"{OUT.name}: {len(rows)} names ({len(clash)} left out: the sources disagree)")


if __name__ == "__main__":
    main()
