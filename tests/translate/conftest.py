"""Fixtures for the translation tests: small random-weight argos packages built here, in a temp packages dir."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from transcompare.schema import SENTENCES, C, check_frame
from transcompare.translate.synthetic import build_package

def project_lines(lang: str, n: int = 1000) -> list[str]:
    """``n`` distinct sentences in ``lang`` from the project's own constructed coverage corpus (never NTREX, so a
    fresh clone has them): its sentences in a fixed order, then, as far as needed, pairs of them joined."""
    from transcompare.eval.coverage_corpus import ROOT, load_events

    base = list(dict.fromkeys(s.text for ev in load_events(ROOT) for a in ev.articles if a.lang == lang
                              for s in a.sentences))
    out, seen = list(base), set(base)
    for d in range(1, len(base)):  # sentence k followed by sentence k + d
        if len(out) >= n:
            break
        for k in range(len(base)):
            line = f"{base[k]} {base[(k + d) % len(base)]}"
            if line not in seen:
                seen.add(line)
                out.append(line)
    return out[:n]


@pytest.fixture(scope="session")
def english() -> list[str]:
    return project_lines("en")


@pytest.fixture(scope="session")
def package_files(tmp_path_factory, english, spanish) -> dict[tuple[str, str], Path]:
    """Tiny .argosmodel files (built once per session): en-es, es-en, pt-es, en-de (target prefix)."""
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
    return project_lines("es")


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
