"""Fixtures for the translation tests: small random-weight argos packages built here, in a temp packages dir."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from transcompare.schema import SENTENCES, C, check_frame
from transcompare.translate.synthetic import build_package

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
NTREX = SHARED / "data" / "ntrex"

def ntrex_lines(name: str = "newstest2019-src.eng.txt") -> list[str]:
    return (NTREX / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def english() -> list[str]:
    return ntrex_lines()


@pytest.fixture(scope="session")
def package_files(tmp_path_factory, english) -> dict[tuple[str, str], Path]:
    """Tiny .argosmodel files (built once per session): en-es, es-en, pt-es, en-de (target prefix)."""
    spanish = ntrex_lines("newstest2019-ref.spa.txt")
    out = tmp_path_factory.mktemp("argosmodels")
    specs = {
        ("en", "es"): dict(lines=english[:400], seed=1),
        ("es", "en"): dict(lines=spanish[:400], seed=2),
        ("pt", "es"): dict(lines=spanish[400:800], seed=3),
        ("en", "de"): dict(lines=english[400:800], seed=4, target_prefix="__de__"),
    }
    return {pair: build_package(out / f"{pair[0]}_{pair[1]}.argosmodel", *pair, eos_bias=2.0, **kw)
            for pair, kw in specs.items()}


@pytest.fixture
def argos_dir(tmp_path, monkeypatch) -> Path:
    """An empty ARGOS_PACKAGES_DIR for this test."""
    d = tmp_path / "argos-packages"
    d.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(d))
    return d


@pytest.fixture
def installed(argos_dir, package_files) -> Path:
    """All test packages installed into the test's ARGOS_PACKAGES_DIR."""
    from transcompare.translate.models import install_file

    for path in package_files.values():
        install_file(path)
    return argos_dir


@pytest.fixture(scope="session")
def spanish() -> list[str]:
    return ntrex_lines("newstest2019-ref.spa.txt")


@pytest.fixture(scope="session")
def make_sentences():
    return _sentences_frame


def _sentences_frame(rows: list[tuple[str, str, list[str]]]) -> pl.DataFrame:
    """A SENTENCES table from (article_id, lang, [sentences])."""
    data: dict[str, list] = {c: [] for c in SENTENCES.columns}
    for art, lang, texts in rows:
        pos = 0
        for i, text in enumerate(texts):
            data[C.ARTICLE_ID].append(art)
            data[C.OUTLET].append(f"outlet-{art}")
            data[C.LANG].append(lang)
            data[C.PARAGRAPH].append(i)
            data[C.INDEX].append(i)
            data[C.KIND].append("title" if i == 0 else "body")
            data[C.START].append(pos)
            data[C.END].append(pos + len(text))
            data[C.TEXT].append(text)
            pos += len(text) + 2
    return check_frame(pl.DataFrame(data), SENTENCES, "test")
