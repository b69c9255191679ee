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
        (GOOD.replace('pivot = "en"', 'pivot = "english"'),
         "[pivot] 'english' is not an ISO 639-1 language code (two letters, e.g. en, es, ru); did you mean 'en'?"),
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


def test_every_problem_of_a_pipeline_file_is_a_line(tmp_path: Path):
    # two typos and a value out of range; 'inputs' misspelt is not also reported as missing
    p = write(tmp_path, GOOD.replace("[[inputs]]", "[[inptus]]")
              + "[translate]\nbeam = 4\n[output]\nformats = ['xlsx']\n")
    with pytest.raises(ConfigError) as info:
        load_pipeline(p)
    lines = info.value.lines
    assert sorted(lines[:2]) == [f"{p}: [inptus] unknown key; did you mean 'inputs'?",
                                 f"{p}: [translate.beam] unknown key; did you mean 'beam_size'?"]
    assert len(lines) == 3 and lines[2].startswith(f"{p}: [output.formats[0]]")
    assert not any("is required" in line for line in lines)
    result = CliRunner().invoke(main, ["run", str(p), "--check"])
    assert result.exit_code == 2 and result.stderr.splitlines() == [f"Error: {line}" for line in lines]
    p = write(tmp_path, GOOD + "[translate]\nbeam = 4\n[align]\nstory_neighbors = 3\n")  # [align] is checked too
    with pytest.raises(ConfigError) as info:
        load_pipeline(p)
    assert info.value.lines == [f"{p}: [translate.beam] unknown key; did you mean 'beam_size'?",
                                f"{p}: [align.story_neighbors] unknown key; did you mean 'story_neighbours'?"]
    p = write(tmp_path, GOOD + "[align]\nstory_neighbors = 3\nstatement_threshold = 5\n")
    with pytest.raises(ConfigError) as info:
        load_pipeline(p)
    assert info.value.lines == [f"{p}: [align.story_neighbors] unknown key; did you mean 'story_neighbours'?",
                                f"{p}: [align.statement_threshold] Input should be less than or equal to 1"]


def test_missing_pipeline_file(tmp_path: Path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "no such pipeline file" in result.stderr


def test_config_hash_changes_with_settings(tmp_path: Path):
    a = load_pipeline(write(tmp_path, GOOD)).config_hash()
    b = load_pipeline(write(tmp_path, GOOD + "[translate]\nbeam_size = 2\n")).config_hash()
    assert a != b and len(a) == 16


@pytest.mark.parametrize("body, needle", [
    ('name = "p"\nx = ' + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ('name = "p"\n[[inputs]]\npath = "a.md"\n[translate]\nbeam_size = ' + "9" * 5000 + "\n", "not valid TOML"),
    ('name = "p"\n[[inputs]]\npath = "a.md"\n[output]\ndir = "a\\u0000b"\n', "[output.dir] contains a NUL byte"),
    ('name = "p"\n[[inputs]]\npath = "a\\u0000.md"\n', "[inputs[0].path] contains a NUL byte"),
    ('name = "p"\n[[inputs]]\npath = "a.md"\n[translate]\ncache_path = "c\\u0000.sqlite3"\n',
     "[translate.cache_path] contains a NUL byte"),
])
def test_hostile_pipeline_files_are_one_line_errors(tmp_path, body, needle):
    path = tmp_path / "p.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_pipeline(path)
    assert str(path) in str(err.value) and needle in str(err.value) and "\n" not in str(err.value)


def test_check_opens_the_cache_before_saying_ok(tmp_path):
    """`run --check` must not say OK for a run that will fail on its cache."""
    from click.testing import CliRunner

    from transcompare.cli import main

    (tmp_path / "a.md").write_text((REPO / "data" / "constructed-es-diario.md").read_text(encoding="utf-8"),
                                   encoding="utf-8")
    (tmp_path / "blocker").write_text("a file, not a folder")
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\n[[inputs]]\npath = "a.md"\n[translate]\ncache_path = "blocker/c.sqlite3"\n',
                    encoding="utf-8")
    for args in (["run", str(path), "--check"], ["run", str(path), "-q"]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, res.output
        assert res.output.startswith(f"Error: {path}: [translate] cache_path: translation cache") and \
            res.output.count("\n") == 1, res.output
    assert not (tmp_path / "runs" / "p" / "articles.parquet").exists()  # failed before any work
