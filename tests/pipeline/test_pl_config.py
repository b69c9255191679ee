"""Pipeline files: validated, unknown keys are errors, messages name the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import load_pipeline
from transcompare.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
GOOD = """
name = "t"
pivot = "en"
view_langs = ["en", "es"]
[[inputs]]
path = "a.txt"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "p.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_demo_pipeline_is_valid():
    pipe = load_pipeline(REPO / "pipelines" / "lavrov-2015.toml")
    assert pipe.name == "lavrov-2015"
    assert pipe.targets() == ["en", "es"]
    assert pipe.output_dir() == REPO / "runs" / "lavrov-2015"


def test_relative_paths_resolve_against_the_pipeline_file(tmp_path: Path):
    pipe = load_pipeline(write(tmp_path, GOOD))
    assert pipe.resolve("a.txt") == str(tmp_path / "a.txt")
    assert pipe.output_dir() == tmp_path / "runs" / "t"
    assert pipe.output_dir("elsewhere") == Path("elsewhere")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pivto = 'en'\n" + GOOD, "[pivto] unknown key; did you mean 'pivot'?"),
        (GOOD + "[translate]\nbeam = 4\n", "[translate.beam] unknown key; did you mean 'beam_size'?"),
        (GOOD + "[translate]\nengine = 'google'\n", "[translate.engine]"),
        (GOOD + "[translate]\npairs = { 'pt_en' = 'apertium' }\n", "pair 'pt_en' must look like 'pt-en'"),
        (GOOD + "[output]\nformats = ['xlsx']\n", "[output.formats[0]]"),
        (GOOD.replace('pivot = "en"', 'pivot = "english"'), "[pivot] 'english' is not an ISO 639-1"),
        (GOOD.replace('["en", "es"]', '["en", "xx"]'), "[view_langs] 'xx' is not an ISO 639-1"),
        (GOOD.replace('path = "a.txt"', 'path = "a.txt"\nlang = "zz"'), "[inputs[0].lang] 'zz' is not an ISO 639-1"),
        (GOOD.replace('path = "a.txt"', 'path = "a.txt"\nlnag = "es"'), "[inputs[0].lnag] unknown key; did you mean 'lang'?"),
        ('pivot = "en"\n[[inputs]]\npath = "a"\n', "[name] is required"),
        (GOOD.replace('path = "a.txt"', 'pth = "a.txt"'), "[inputs[0].pth] unknown key; did you mean 'path'?"),
        (GOOD + "[align]\nthreshhold = 0.5\n", "[align.threshhold] unknown key; did you mean 'threshold'?"),
        ("name = 't'\ninputs = [\n", "not valid TOML"),
    ],
)
def test_bad_pipeline_files(tmp_path: Path, text: str, expected: str):
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_pipeline(p)
    msg = str(info.value)
    assert msg.startswith(f"{p}: ") and expected in msg and "\n" not in msg


def test_cli_reports_config_error_in_one_line(tmp_path: Path):
    p = write(tmp_path, "pivto = 'en'\n" + GOOD)
    result = CliRunner().invoke(main, ["run", str(p), "--check"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {p}: [pivto] unknown key; did you mean 'pivot'?"


def test_missing_pipeline_file(tmp_path: Path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "no such pipeline file" in result.stderr


def test_config_hash_changes_with_settings(tmp_path: Path):
    a = load_pipeline(write(tmp_path, GOOD)).config_hash()
    b = load_pipeline(write(tmp_path, GOOD + "[translate]\nbeam_size = 2\n")).config_hash()
    assert a != b and len(a) == 16
