"""Model management: validated install-file, hostile packages refused with nothing written, index, remove, CLI."""

from __future__ import annotations

import bz2
import functools
import json
import lzma
import random
import re
import shutil
import stat
import struct
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
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


# ------------------------------------------------------------------ hostile archives, byte by byte
# Each case is a zip written here field by field (raw_zip), so that a test can lie in any header: the CRC, the
# sizes, the flags, the compression method, the name in the local header. Every case must be refused with one
# ModelPackageError line naming the file, before or during extraction, leaving the packages folder as it was.

MODEL_BIN = b"model weights " * 5000  # 70 kB, compresses well (a corrupt byte in the middle is noticed)
SPACES = b" " * (1 << 20)


@dataclass
class Raw:
    """One zip entry as written: ``data`` is the content; any other field set lies in the headers."""

    name: str
    data: bytes = b""
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    payload: bytes | None = None  # the bytes stored (default: ``data`` compressed with ``method``)
    crc: int | None = None
    compress_size: int | None = None
    file_size: int | None = None
    local_name: str | None = None  # the name in the local header (default: ``name``)
    raw_name: bytes | None = None  # the name's bytes in both headers (default: ``name`` encoded)
    offset_of: str | None = None  # point the central record at another entry's local header
    external_attr: int = 0o100644 << 16

    @staticmethod
    def folder(name: str) -> Raw:
        return Raw(name, method=zipfile.ZIP_STORED, external_attr=(0o40755 << 16) | 0x10)


def _compress(data: bytes, method: int) -> bytes:
    if method == zipfile.ZIP_STORED:
        return data
    if method == zipfile.ZIP_BZIP2:
        return bz2.compress(data)
    if method == zipfile.ZIP_LZMA:  # zipfile's format: version, properties size, properties, raw LZMA1 data
        props = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1})
        comp = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[lzma._decode_filter_properties(lzma.FILTER_LZMA1,
                                                                                             props)])
        return struct.pack("<BBH", 9, 4, len(props)) + props + comp.compress(data) + comp.flush()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)  # deflate, and any other method number (its payload is deflate)
    return c.compress(data) + c.flush()


def raw_zip(path: Path, entries: list[Raw]) -> Path:
    """Write ``entries`` as a zip archive, headers exactly as given (no checks)."""
    out, central, offsets = bytearray(), bytearray(), {}
    for e in entries:
        payload = _compress(e.data, e.method) if e.payload is None else e.payload
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        csize = len(payload) if e.compress_size is None else e.compress_size
        usize = len(e.data) if e.file_size is None else e.file_size
        name = e.raw_name if e.raw_name is not None else e.name.encode()
        local = e.raw_name if e.raw_name is not None else (e.local_name or e.name).encode()
        fields = (20, e.flags, e.method, 0, 0x21, crc, csize, usize, len(local), 0)
        if e.offset_of is None:
            offsets[e.name] = len(out)
            out += struct.pack("<4s5HLLLHH", b"PK\x03\x04", *fields) + local + payload
        central += struct.pack("<4s6HLLL5HLL", b"PK\x01\x02", 0x314, 20, e.flags, e.method, 0, 0x21, crc, csize,
                               usize, len(name), 0, 0, 0, 0, e.external_attr,
                               offsets[e.offset_of or e.name]) + name
    n = len(entries)
    out += central + struct.pack("<4s4HLLH", b"PK\x05\x06", 0, 0, n, n, len(central), len(out), 0)
    path.write_bytes(bytes(out))
    return path


def good_raw(**change) -> list[Raw]:
    """A valid package as Raw entries; ``change`` (metadata, model, spm: a Raw or None) replaces one of them."""
    parts = {"folder": Raw.folder("pkg/"),
             "metadata": Raw("pkg/metadata.json", json.dumps(GOOD_META).encode()),
             "model_dir": Raw.folder("pkg/model/"),
             "model": Raw("pkg/model/model.bin", MODEL_BIN),
             "spm": Raw("pkg/sentencepiece.model", b"spm", method=zipfile.ZIP_STORED)}
    parts.update(change)
    return [e for e in parts.values() if e is not None]


@functools.cache
def _deflated_spaces(head: bytes, mebibytes: int) -> tuple[bytes, int, int]:
    """``head`` then spaces, ``mebibytes`` MiB in all, deflated in about a thousandth of that (every MiB after the
    first is the same deflate block: a full flush resets the compressor); (payload, crc, size)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = head + SPACES[len(head):]
    block = c.compress(first) + c.flush(zlib.Z_FULL_FLUSH)
    unit = c.compress(SPACES) + c.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(first)
    for _ in range(mebibytes - 1):
        crc = zlib.crc32(SPACES, crc)
    return block + unit * (mebibytes - 1) + c.flush(), crc, mebibytes << 20


def _big_metadata() -> Raw:
    payload, crc, size = _deflated_spaces(json.dumps(GOOD_META).encode(), 1536)  # 1.5 GiB of valid JSON
    return Raw("pkg/metadata.json", payload=payload, crc=crc, file_size=size)


def _zip_bomb_model() -> Raw:
    payload, crc, _ = _deflated_spaces(b"", 1024)  # 1 GiB that says it is 70 kB
    return Raw("pkg/model/model.bin", payload=payload, crc=crc, file_size=len(MODEL_BIN))


def _corrupt(method: int) -> Raw:
    good = _compress(MODEL_BIN, method)
    mid = len(good) // 2
    return Raw("pkg/model/model.bin", MODEL_BIN, method=method,
               payload=b"\xff" + good[1:] if method == zipfile.ZIP_DEFLATED
               else good[:mid] + bytes(b ^ 0x55 for b in good[mid:mid + 64]) + good[mid + 64:])


def _meta(text: str) -> Raw:
    return Raw("pkg/metadata.json", text.encode())


_DEEP = 100_000
RAW_HOSTILE: dict[str, tuple[callable, str]] = {
    # refused while validating (nothing is extracted)
    "encrypted metadata.json": (lambda: good_raw(metadata=Raw("pkg/metadata.json", b"\x00" * 40, flags=1)),
                                "'pkg/metadata.json' is encrypted"),
    "encrypted model.bin": (lambda: good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN, flags=1)),
                            "'pkg/model/model.bin' is encrypted"),
    "metadata.json method 93 (zstd)": (
        lambda: good_raw(metadata=Raw("pkg/metadata.json", json.dumps(GOOD_META).encode(), method=93)),
        r"'pkg/metadata.json' uses compression method 93 \(zstd\)"),
    "metadata.json method 99 (AES)": (
        lambda: good_raw(metadata=Raw("pkg/metadata.json", json.dumps(GOOD_META).encode(), method=99)),
        r"'pkg/metadata.json' uses compression method 99 \(AES encryption\)"),
    "model.bin method 9 (deflate64)": (lambda: good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN, method=9)),
                                       r"compression method 9 \(deflate64\)"),
    "metadata.json nested 100,000 deep": (lambda: good_raw(metadata=_meta("[" * _DEEP + "]" * _DEEP)),
                                          "metadata.json is not valid JSON .nested too deeply"),
    "metadata.json 5,000-digit integer": (
        lambda: good_raw(metadata=_meta(json.dumps(GOOD_META)[:-1] + ', "n": ' + "7" * 5000 + "}")),
        "metadata.json is not valid JSON .*digits"),
    "directory named metadata.json/": (lambda: good_raw(metadata=Raw.folder("pkg/metadata.json/")),
                                       "'pkg/metadata.json/' is a directory, not a file"),
    "metadata.json both file and directory": (
        lambda: good_raw(extra=Raw.folder("pkg/metadata.json/")),
        "'pkg/metadata.json/' is a directory, but 'pkg/metadata.json' is a file"),
    "metadata.json of 1.5 GiB": (lambda: good_raw(metadata=_big_metadata()),
                                 r"metadata.json unpacks to 1610612736 bytes, over the 1048576-byte limit"),
    "file pkg/model and directory pkg/model/": (
        lambda: [Raw("pkg/model", b"x")] + good_raw(),
        "'pkg/model/' is a directory, but 'pkg/model' is a file"),
    "file pkg/model and file pkg/model/model.bin": (
        lambda: [Raw("pkg/model", b"x")] + good_raw(model_dir=None),
        "'pkg/model/model.bin' is inside 'pkg/model', which is a file"),
    "one path twice (pkg//sentencepiece.model)": (
        lambda: good_raw(extra=Raw("pkg//sentencepiece.model", b"other")),
        "'pkg//sentencepiece.model' appears twice"),
    "local header name differs": (lambda: good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN,
                                                             local_name="pkg/model/other.bin")),
                                  "corrupt entry 'pkg/model/model.bin'.*differ"),
    "two entries share one local header": (
        lambda: good_raw(extra=Raw("pkg/copy.bin", MODEL_BIN, offset_of="pkg/model/model.bin")),
        "corrupt entry 'pkg/copy.bin'"),
    "top folder name ends in a newline": (
        lambda: [Raw(e.name.replace("pkg/", "pkg\n/", 1), e.data, e.method, external_attr=e.external_attr)
                 for e in good_raw()],
        r"top folder name 'pkg\\n' is not a plain name"),
    "from_code 'en\\n'": (lambda: good_raw(metadata=_meta(json.dumps({**GOOD_META, "from_code": "en\n"}))),
                          r"from_code missing or not a language code \('en\\n'\)"),
    "invalid UTF-8 name (UTF-8 flag set)": (lambda: good_raw(extra=Raw("x", b"x", flags=0x800,
                                                                       raw_name=b"pkg/\xff\xfe.bin")),
                                            "corrupt zip archive"),
    # refused while extracting (validation cannot see these without unpacking everything)
    "bad CRC-32 (model.bin)": (lambda: good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN,
                                                          crc=zlib.crc32(MODEL_BIN) ^ 1)),
                               "'pkg/model/model.bin' cannot be unpacked: Bad CRC-32"),
    "corrupt deflate data (model.bin)": (lambda: good_raw(model=_corrupt(zipfile.ZIP_DEFLATED)),
                                         "'pkg/model/model.bin' cannot be unpacked: corrupt compressed data"),
    "corrupt bzip2 data (model.bin)": (lambda: good_raw(model=_corrupt(zipfile.ZIP_BZIP2)),
                                       "'pkg/model/model.bin' cannot be unpacked"),
    "corrupt lzma data (model.bin)": (lambda: good_raw(model=_corrupt(zipfile.ZIP_LZMA)),
                                      "'pkg/model/model.bin' cannot be unpacked"),
    "zip bomb: 1 GiB that says 70 kB": (lambda: good_raw(model=_zip_bomb_model()),
                                        "'pkg/model/model.bin' cannot be unpacked: Bad CRC-32"),
    "says 10 MB, unpacks to 70 kB": (lambda: good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN,
                                                                file_size=10_000_000)),
                                     "'pkg/model/model.bin' unpacks to 70000 bytes, its header says 10000000"),
    "stored entry runs past the end": (
        lambda: good_raw(spm=Raw("pkg/sentencepiece.model", b"spm", method=zipfile.ZIP_STORED,
                                 compress_size=50_000_000, file_size=50_000_000)),
        "'pkg/sentencepiece.model' cannot be unpacked"),
}


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _assert_refused(err: BaseException | None, pkg: Path, message: str) -> None:
    __tracebackhide__ = True
    assert isinstance(err, ModelPackageError), f"not a ModelPackageError: {err!r}"
    text = str(err)
    assert "\n" not in text and text.startswith(f"{pkg}: ") and text.endswith("; nothing was installed"), text
    assert re.search(message, text), f"{message!r} not in {text!r}"


@pytest.mark.parametrize("case", list(RAW_HOSTILE))
def test_raw_hostile_archives_refused(argos_dir, tmp_path, case):
    build, message = RAW_HOSTILE[case]
    pkg = raw_zip(tmp_path / "hostile.argosmodel", build())
    before = _tree(tmp_path)
    errors = []
    for call in (validate_package_file, install_file):
        try:
            call(pkg)
        except Exception as err:  # noqa: BLE001 -- the test is that nothing else escapes
            errors.append(err)
        else:
            errors.append(None)
    if "cannot be unpacked" in message or "unpacks to 70000" in message:
        assert errors[0] is None, f"validation should pass, extraction refuse: {errors[0]!r}"
    else:
        _assert_refused(errors[0], pkg, message)
    _assert_refused(errors[1], pkg, message)
    assert list(argos_dir.iterdir()) == []  # no partial package, no staging folder
    assert _tree(tmp_path) == before  # nothing written anywhere else under the test's folder


@pytest.mark.parametrize("case", list(RAW_HOSTILE))
def test_cli_refuses_raw_hostile_in_one_line(argos_dir, tmp_path, case):
    pkg = raw_zip(tmp_path / f"{case.split()[0]}.argosmodel", RAW_HOSTILE[case][0]())
    res = CliRunner().invoke(main, ["models", "install-file", str(pkg)])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {pkg}: "), res.output
    assert list(argos_dir.iterdir()) == []


def test_big_metadata_is_not_read(tmp_path):
    """A 1.5 GiB metadata.json is refused from its declared size: memory stays small."""
    pkg = raw_zip(tmp_path / "big.argosmodel", good_raw(metadata=_big_metadata()))
    tracemalloc.start()
    try:
        with pytest.raises(ModelPackageError, match="over the 1048576-byte limit"):
            validate_package_file(pkg)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, peak


def test_metadata_larger_than_declared_is_read_within_the_limit(tmp_path):
    """A metadata.json that declares 200 bytes and holds 64 MiB: at most the limit is read, then it is refused."""
    payload, crc, _ = _deflated_spaces(json.dumps(GOOD_META).encode(), 64)
    pkg = raw_zip(tmp_path / "liar.argosmodel",
                  good_raw(metadata=Raw("pkg/metadata.json", payload=payload, crc=crc, file_size=200)))
    tracemalloc.start()
    try:
        with pytest.raises(ModelPackageError, match="metadata.json cannot be read: Bad CRC-32"):
            validate_package_file(pkg)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, peak


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_raw_valid_package_installs(argos_dir, tmp_path, method):
    """The raw writer makes valid archives too (so the cases above fail for their one lie), in each method."""
    entries = good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN, method=method))
    pkg = raw_zip(tmp_path / "good.argosmodel", entries)
    info = validate_package_file(pkg)
    assert (info.top, info.files, info.unpacked_bytes) == ("pkg", 5, len(MODEL_BIN) + len(entries[1].data) + 3)
    path = install_file(pkg)
    assert (path / "model" / "model.bin").read_bytes() == MODEL_BIN
    assert sorted(p.name for p in argos_dir.iterdir()) == ["pkg"]


def test_unwritable_packages_folder_is_one_line(tmp_path, monkeypatch):
    pkg = raw_zip(tmp_path / "good.argosmodel", good_raw())
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "not-a-folder" / "packages"))
    with pytest.raises(ModelPackageError, match="cannot create the packages folder"):
        install_file(pkg)


def test_failed_extraction_keeps_the_installed_version(argos_dir, tmp_path):
    """A broken reinstall of a package leaves the installed one in place, byte for byte."""
    install_file(raw_zip(tmp_path / "good.argosmodel", good_raw()))
    before = {p: (argos_dir / p).read_bytes() for p in _tree(argos_dir) if (argos_dir / p).is_file()}
    bad_crc = Raw("pkg/model/model.bin", b"new weights", crc=0)
    with pytest.raises(ModelPackageError, match="Bad CRC-32"):
        install_file(raw_zip(tmp_path / "bad.argosmodel", good_raw(model=bad_crc)))
    assert {p: (argos_dir / p).read_bytes() for p in _tree(argos_dir) if (argos_dir / p).is_file()} == before


def test_mutated_packages_never_raise_anything_else(argos_dir, tmp_path):
    """Every single-byte change and every truncation of a small valid package: it installs, or it is refused with
    one ModelPackageError and the packages folder is as it was."""
    good = raw_zip(tmp_path / "good.argosmodel",
                   good_raw(model=Raw("pkg/model/model.bin", MODEL_BIN[:300]))).read_bytes()
    rng = random.Random(14)
    variants = [good[:n] for n in range(0, len(good), 7)]
    for _ in range(400):
        data = bytearray(good)
        data[rng.randrange(len(data))] = rng.randrange(256)
        variants.append(bytes(data))
    pkg = tmp_path / "mutant.argosmodel"
    outcomes = {"installed": 0, "refused": 0}
    for data in variants:
        pkg.write_bytes(data)
        try:
            path = install_file(pkg)
        except ModelPackageError as err:
            assert "\n" not in str(err) and str(err).startswith(f"{pkg}: ")
            assert list(argos_dir.iterdir()) == []
            outcomes["refused"] += 1
        else:
            assert [p.name for p in argos_dir.iterdir()] == [path.name]
            shutil.rmtree(path)
            outcomes["installed"] += 1
    assert outcomes["refused"] > 100 and outcomes["installed"] > 10, outcomes


# ------------------------------------------------------------------ the probe table (bench/probe_models.py)

def probe(workdir: Path) -> list[dict]:
    """Every hostile case of this module, installed into an empty packages folder under ``workdir``: one row
    each (case, refused cleanly, what escaped if not, the problem named)."""
    rows = []
    cases = {**{k: ("dict", v) for k, v in HOSTILE.items()}, **{k: ("raw", v) for k, v in RAW_HOSTILE.items()}}
    for n, (case, (kind, spec)) in enumerate(cases.items()):
        folder = workdir / f"case-{n}"
        dest = folder / "packages"
        dest.mkdir(parents=True)
        pkg = folder / "hostile.argosmodel"
        if kind == "dict":
            write_zip(pkg, spec[0](), spec[1])
        else:
            raw_zip(pkg, spec[0]())
        before = _tree(folder)
        row = {"case": case, "refused while": "unpacking", "refused cleanly": "no", "escaped": "", "problem": ""}
        try:
            validate_package_file(pkg)
        except Exception:  # noqa: BLE001 -- install_file below says what
            row["refused while"] = "validating"
        try:
            install_file(pkg, dest=dest)
            row["refused while"], row["escaped"] = "", "installed"
        except ModelPackageError as err:
            clean = "\n" not in str(err) and _tree(folder) == before
            row["refused cleanly"] = "yes" if clean else "no"
            row["escaped"] = "" if clean else "left files behind"
            row["problem"] = str(err).removeprefix(f"{pkg}: ").removesuffix("; nothing was installed")
        except Exception as err:  # noqa: BLE001 -- what the probe is for
            row["refused while"], row["escaped"] = "", type(err).__name__
            row["problem"] = str(err).splitlines()[0][:80] if str(err) else ""
        rows.append(row)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def test_probe_refuses_every_case(tmp_path):
    rows = probe(tmp_path)
    assert len(rows) == len(HOSTILE) + len(RAW_HOSTILE)
    assert [r for r in rows if r["refused cleanly"] != "yes"] == []
