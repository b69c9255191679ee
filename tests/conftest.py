"""Suite-wide: tests marked ``needs_ntrex`` run only where NTREX-128 is found (see transcompare.eval).

A user's fresh clone has no NTREX: those evaluations skip, and the summary names them in one line. CI has it
(``CI`` is set there): a missing NTREX is then a failure, not a skip, so an evaluation cannot silently stop
running.
"""

from __future__ import annotations

import os

import pytest

from transcompare.eval import NTREX_ENV, default_ntrex, find_ntrex

_SKIPPED: list[str] = []


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_ntrex: an evaluation that reads NTREX-128")
    # Every test sees an empty argos packages directory unless it sets its own (monkeypatch): the user's
    # installed packages never change a test, and a test's random-weight packages never leak into the next
    # (argostranslate's settings read $ARGOS_PACKAGES_DIR once, at import, so the variable must always be set:
    # module-scoped fixtures run before function-scoped ones).
    import tempfile

    config._argos_dir = tempfile.mkdtemp(prefix="transcompare-test-argos-")
    os.environ["ARGOS_PACKAGES_DIR"] = config._argos_dir


def pytest_unconfigure(config):
    import shutil

    if getattr(config, "_argos_dir", None):
        shutil.rmtree(config._argos_dir, ignore_errors=True)


def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_ntrex") is None or find_ntrex() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"NTREX-128 not found at {default_ntrex()} (CI must run the evaluations)", pytrace=False)
    _SKIPPED.append(item.nodeid)
    pytest.skip(f"NTREX-128 not found (set {NTREX_ENV})")


def pytest_terminal_summary(terminalreporter, config):
    not_run = getattr(config, "_docs_not_run", [])
    if not_run:
        terminalreporter.write_line(f"docs examples not run ({len(not_run)}, each with its reason; tests/test_docs.py):")
        for line in not_run:
            terminalreporter.write_line(f"  {line}")
    if _SKIPPED:
        files = sorted({n.split("::")[0] for n in _SKIPPED})
        terminalreporter.write_line(
            f"NTREX-128 not found (set {NTREX_ENV}, see transcompare/eval/__init__.py): skipped {len(_SKIPPED)} "
            f"evaluation tests in {', '.join(files)}")

