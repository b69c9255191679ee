"""Evaluations (``python -m transcompare.eval NAME``) and where their data lives.

NTREX-128 (Federmann, Kocmi and Xin, 2022; CC BY-SA 4.0: 123 English news documents with line-aligned human
translations) is not part of the repository. It is looked for in ``$TRANSCOMPARE_NTREX``, then in
``../shared/data/ntrex`` beside the checkout; get it from the NTREX-128 release (github.com/MicrosoftTranslator/NTREX)
and point the variable (or ``--ntrex DIR``) at the folder holding ``DOCUMENT_IDS.tsv``.
"""

from __future__ import annotations

import os
from pathlib import Path

NTREX_ENV = "TRANSCOMPARE_NTREX"


def default_ntrex() -> Path:
    """Where NTREX-128 is expected: ``$TRANSCOMPARE_NTREX``, else ``../shared/data/ntrex`` beside the checkout."""
    env = os.environ.get(NTREX_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ntrex"


def find_ntrex() -> Path | None:
    """The NTREX-128 directory if it is there (it holds ``DOCUMENT_IDS.tsv``), else None."""
    root = default_ntrex()
    return root if (root / "DOCUMENT_IDS.tsv").is_file() else None
