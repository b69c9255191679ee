"""Model management: validated install-file, hostile packages refused with nothing written, index, remove, CLI."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.errors import EngineError, ModelPackageError
from transcompare.translate.argos import installed_packages
from transcompare.translate.models import install_file, install_from_index, remove, validate_package_file

GOOD_META = {"from_code": "en", "to_code": "es", "package_version": "1.0", "type": "translate"}


def write_zip(path: Path, entries: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/absolute/target")
    return path


def good_entries(top: str = "pkg") -> dict[str, bytes]:
    return {f"{top}/metadata.json": json.dumps(GOOD_META).encode(), f"{top}/model/model.bin": b"x",
            f"{top}/sentencepiece.model": b"x"}


HOSTILE = {
    "zip-slip": (lambda: {**good_entries(), "pkg/../../evil.txt": b"owned"}, None, "escapes the package folder"),
    "absolute path": (lambda: {**good_entries(), "/absolute/evil.txt": b"owned"}, None, "absolute path"),
    "no metadata": (lambda: {"pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"}, None,
                    "no pkg/metadata.json"),
    "bad metadata": (lambda: {**good_entries(), "pkg/metadata.json": b"{not json"}, None, "not valid JSON"),
    "no to_code": (lambda: {**good_entries(), "pkg/metadata.json": json.dumps({"from_code": "en"}).encode()},
                   None, "to_code missing"),
    "two top folders": (lambda: {**good_entries(), "other/file": b"x"}, None, "one top folder"),
    "file at top": (lambda: {**good_entries(), "loose.txt": b"x"}, None, "outside a package folder"),
    "no model": (lambda: {k: v for k, v in good_entries().items() if "model.bin" not in k}, None,
                 "no pkg/model/model.bin"),
    "symlink": (lambda: good_entries(), "pkg/link", "symbolic link"),
    "backslash": (lambda: {**good_entries(), "pkg\\..\\evil": b"x"}, None, "backslash"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_packages_refused_and_nothing_written(argos_dir, tmp_path, case):
    entries, symlink, message = HOSTILE[case]
    pkg = write_zip(tmp_path / "hostile.argosmodel", entries(), symlink)
    before = sorted(p.name for p in argos_dir.parent.iterdir())
    with pytest.raises(ModelPackageError, match=message) as info:
        install_file(pkg)
    assert "nothing was installed" in str(info.value) and str(pkg) in str(info.value)
    assert list(argos_dir.iterdir()) == []
    assert sorted(p.name for p in argos_dir.parent.iterdir()) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_not_a_zip_refused(argos_dir, tmp_path):
    bad = tmp_path / "fake.argosmodel"
    bad.write_text("I am not a zip")
    with pytest.raises(ModelPackageError, match="not a zip archive"):
        install_file(bad)
    assert list(argos_dir.iterdir()) == []


def test_size_limit(tmp_path):
    pkg = write_zip(tmp_path / "ok.argosmodel", good_entries())
    with pytest.raises(ModelPackageError, match="over the 10-byte limit"):
        validate_package_file(pkg, max_bytes=10)
    with pytest.raises(ModelPackageError, match="unpacks to"):
        validate_package_file(pkg, max_unpacked=2)


def test_install_remove_roundtrip(argos_dir, package_files):
    path = install_file(package_files[("en", "es")])
    assert path.parent == argos_dir and (path / "metadata.json").is_file()
    assert [(p.from_code, p.to_code) for p in installed_packages()[0]] == [("en", "es")]
    install_file(package_files[("en", "es")])  # reinstall replaces in place
    assert len(list(argos_dir.iterdir())) == 1
    assert remove("en", "es") == [path]
    assert list(argos_dir.iterdir()) == []
    with pytest.raises(EngineError, match="no argos package en->es is installed"):
        remove("en", "es")


def test_install_from_index_file_url(argos_dir, tmp_path, package_files, monkeypatch):
    """The argos index format, served from a local file: URL (no network)."""
    index = [{**GOOD_META, "from_code": "pt", "to_code": "es", "code": "translate-pt_es",
              "links": [package_files[("pt", "es")].as_uri()]}]
    (tmp_path / "index.json").write_text(json.dumps(index))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", tmp_path.as_uri())
    path = install_from_index("pt", "es")
    assert path.parent == argos_dir
    assert [(p.from_code, p.to_code) for p in installed_packages()[0]] == [("pt", "es")]
    with pytest.raises(EngineError, match="no fr->en package"):
        install_from_index("fr", "en")


@pytest.mark.parametrize("index", ["http://127.0.0.1:9", "file:///nonexistent-transcompare-index"])
def test_install_offline_is_one_clean_line(argos_dir, monkeypatch, index):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index)
    result = CliRunner().invoke(main, ["models", "install", "pt", "en"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines() if result.stderr else result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot download")
    assert "install-file" in lines[0] and "Traceback" not in result.output
    assert list(argos_dir.iterdir()) == []


def test_cli_install_file_list_remove(argos_dir, package_files):
    runner = CliRunner()
    res = runner.invoke(main, ["models", "install-file", str(package_files[("pt", "es")])])
    assert res.exit_code == 0 and "installed argos pt->es" in res.output
    res = runner.invoke(main, ["models", "list", "--format", "jsonl"])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
    assert {"engine": "argos", "from": "pt", "to": "es"}.items() <= rows[0].items()
    if shutil.which("apertium"):
        assert any(r.get("route") == "pt>es>en" for r in rows)  # pivot reachable through Apertium es-en
        eng_spa = next(r for r in rows if r.get("engine") == "apertium" and r.get("model") == "eng-spa")
        assert eng_spa["version"].startswith("apertium-eng-spa ") and eng_spa["version"][-1].isdigit()
    res = runner.invoke(main, ["models", "remove", "pt", "es"])
    assert res.exit_code == 0 and "removed" in res.output
    res = runner.invoke(main, ["models", "remove", "pt", "es"])
    assert res.exit_code == 2 and "Error: no argos package pt->es" in res.output


def test_cli_install_file_refuses_hostile(argos_dir, tmp_path):
    pkg = write_zip(tmp_path / "slip.argosmodel", {**good_entries(), "pkg/../../x": b"x"})
    res = CliRunner().invoke(main, ["models", "install-file", str(pkg)])
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and res.output.startswith("Error: ") and "slip.argosmodel" in res.output
    assert list(argos_dir.iterdir()) == []
