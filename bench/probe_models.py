"""Probe: hostile .argosmodel packages against `transcompare models install-file`, one row each.

The cases are those of tests/translate/test_tr_models.py (HOSTILE and RAW_HOSTILE: archives written field by
field, lying in their CRCs, sizes, flags, compression methods and local headers). Each is installed into an empty
packages folder; a case is refused cleanly when it raises one one-line ModelPackageError and leaves the folder as
it was. Prints a markdown table (the one in docs/translate.md#hostile-model-packages); exits 1 if any case was
not refused cleanly. About a second.

    .venv/bin/python -m bench.probe_models
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "translate" / "test_tr_models.py"


def _cell(text: str, width: int = 100) -> str:
    text = text if len(text) <= width else text[:width - 1] + "…"
    return text.replace("|", "\\|")


def main() -> int:
    spec = importlib.util.spec_from_file_location("_probe_cases", CASES)
    cases = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = cases  # its dataclass looks its module up
    spec.loader.exec_module(cases)
    with tempfile.TemporaryDirectory(prefix="transcompare-probe-") as tmp:
        rows = cases.probe(Path(tmp))
    print("| case | refused while | refused cleanly | exception if not | problem named |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {_cell(r['case'])} | {r['refused while']} | {r['refused cleanly']} | {r['escaped']} "
              f"| {_cell(r['problem'])} |")
    clean = sum(r["refused cleanly"] == "yes" for r in rows)
    print(f"\n{clean} of {len(rows)} hostile packages refused cleanly (one error line, nothing installed, "
          "nothing left behind)")
    return 0 if clean == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
