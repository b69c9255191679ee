"""The NTREX segmentation evaluation: paragraph rebuilding, scoring, the command, and the measured targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.eval import default_ntrex
from transcompare.eval import segmentation as ev
from transcompare.segment import split_sentences

NTREX = default_ntrex()


@pytest.mark.parametrize(
    "line, expected",
    [
        ("He left.", True), ("Why?", True), ("He said \"no.\"", True), ("(It rained.)", True),
        ("هل هذا صحيح؟", True), ("我们走了。", True), ("« Fini. »", True),
        ("A headline", False), ("He said:", False), ("untroubled,", False), ("", False),
    ],
)
def test_ends_sentence(line, expected):
    assert ev.ends_sentence(line) is expected


def test_build_paragraphs():
    lines = ["Headline one", "First. ", "Second.", "A subhead", "Third.", "Headline two", "Fourth!"]
    docs = ["d1", "d1", "d1", "d1", "d1", "d2", "d2"]
    paras = ev.build_paragraphs(lines, docs)
    assert [(p.doc_id, p.text, p.gold) for p in paras] == [
        ("d1", "Headline one", []),
        ("d1", "First. Second. A subhead", [6, 14]),  # a line without final punctuation closes a paragraph
        ("d1", "Third.", []),
        ("d2", "Headline two", []),
        ("d2", "Fourth!", []),
    ]


def test_build_paragraphs_rejects_misaligned_ids():
    with pytest.raises(ev.InputError, match="x.txt: 2 lines but DOCUMENT_IDS.tsv has 1"):
        ev.build_paragraphs(["a.", "b."], ["d1"], "x.txt")


def test_score_counts_paragraph_ends_and_inside():
    paras = [ev.Paragraph("d", "One. Two. Three.", [4, 9])]
    total, inside = ev.score(paras, lambda t: [(0, 9), (10, 16)])  # misses the boundary after "One."
    assert (total.tp, total.fp, total.fn) == (2, 0, 1)
    assert (inside.tp, inside.fp, inside.fn) == (1, 0, 1)
    assert inside.precision == 1.0 and inside.recall == 0.5 and round(inside.f1, 3) == 0.667


def _write_ntrex(root: Path, lines: list[str], docs: list[str]) -> None:
    root.mkdir()
    (root / "DOCUMENT_IDS.tsv").write_text("\n".join(docs) + "\n", encoding="utf-8")
    (root / ev.FILES["en"]).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_command_on_a_constructed_corpus(tmp_path):
    # constructed lines (not NTREX text): one document, a headline and a paragraph of three sentences
    root = tmp_path / "ntrex"
    _write_ntrex(root, ["A constructed headline", "Mr. Smith came.", "He said \"hello.\"", "Then he left."],
                 ["doc1"] * 4)
    result = CliRunner().invoke(ev.main, ["--ntrex", str(root), "--lang", "en", "--no-pysbd"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("│ en"))
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[:6] == ["en", "2", "4", "1.000", "1.000", "1.000"]


def test_command_reports_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(ev.main, ["--ntrex", str(tmp_path / "nope"), "--lang", "en"])
    assert result.exit_code != 0
    assert "DOCUMENT_IDS.tsv: not found" in result.output and "Traceback" not in result.output


def test_dispatcher_knows_segmentation():
    from transcompare.eval.__main__ import SUBCOMMANDS

    assert SUBCOMMANDS["segmentation"] == "transcompare.eval.segmentation"


# the targets on NTREX-128; German is held to its measured level (see README: the German reference puts
# two sentences on one line about 110 times, which caps precision against line ends)
FLOORS = {"en": 0.97, "ru": 0.97, "fr": 0.97, "es": 0.97, "ar": 0.95, "he": 0.95, "de": 0.955}


@pytest.mark.needs_ntrex
@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_ntrex_f1_meets_target(lang):
    paragraphs = ev.load_language(NTREX, lang)
    total, _ = ev.score(paragraphs, lambda t: split_sentences(t, lang))
    assert total.tp + total.fn == 1997  # every NTREX line end is scored once
    assert total.f1 >= FLOORS[lang]
