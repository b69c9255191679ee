"""``python -m transcompare.eval NAME [options]``: run one of the evaluations."""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {
    "alignment": "transcompare.eval.alignment",
    "altered-cases": "transcompare.eval.altered_cases",
    "attribution-cases": "transcompare.eval.attribution_cases",
    "coverage": "transcompare.eval.coverage",
    "segmentation": "transcompare.eval.segmentation",
    "stories": "transcompare.eval.stories",
}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in SUBCOMMANDS:
        sys.stderr.write(f"usage: python -m transcompare.eval {{{','.join(SUBCOMMANDS)}}} [options]\n")
        sys.exit(2)
    importlib.import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    main()
