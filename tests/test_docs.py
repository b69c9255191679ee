"""The README documents what the code does: tables, commands, and the two first commands."""

from __future__ import annotations

from pathlib import Path

from transcompare.cli import main
from transcompare.schema import markdown

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_tables_match_schema():
    assert markdown() in README, "README 'Tables' section is out of date: paste `python -m transcompare.schema`"


def test_readme_starts_with_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "scripts/demo" in quick and "scripts/test" in quick
    for script in ("scripts/demo", "scripts/test", ".ci/run"):
        assert (REPO / script).exists()
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()


def test_every_command_is_documented():
    for name in main.commands:
        assert f"transcompare {name}" in README, f"command {name} is not shown in the README"


def test_constructed_examples_say_so():
    for path in (REPO / "data").iterdir():
        if path.name.startswith("000_") or path.is_dir():
            continue  # the founding example (a real article); the evaluation corpora below
        text = path.read_text(encoding="utf-8")
        assert "constructed: true" in text and "CONSTRUCTED EXAMPLE" in text.upper(), path.name


def test_coverage_corpus_is_marked_constructed():
    from transcompare.eval.coverage_corpus import ROOT, article_markdown, load_events

    events = load_events(ROOT)
    assert len(events) == 10
    for path in sorted((ROOT / "events").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# CONSTRUCTED"), path.name
    for ev in events:
        for art in ev.articles:
            assert "(constructed)" in art.outlet
            md = article_markdown(ev, art)
            assert "constructed: true" in md and "CONSTRUCTED EXAMPLE" in md, art.id


def test_readme_pipeline_example_is_valid(tmp_path):
    """The annotated pipeline file in the README is accepted as it is (every key it shows exists)."""
    from transcompare.config import load_pipeline

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pipelines").mkdir()
    path = tmp_path / "pipelines" / "example.toml"
    path.write_text(block, encoding="utf-8")
    pipe = load_pipeline(path)
    assert pipe.align_settings().method == "hybrid.v1" and pipe.embed.model == "auto"
    assert pipe.stories.mode == "auto" and pipe.translate.require_translation is False
