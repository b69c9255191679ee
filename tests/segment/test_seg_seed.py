"""The founding example: its exact sentence list, from the paragraphs and through ingest -> segment."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcompare.schema import C, KIND_BODY, KIND_NOTE, KIND_STANDFIRST, KIND_TITLE, SENTENCES, article_text
from transcompare.segment import segment_articles, split_sentences

SEED = Path(__file__).resolve().parents[2] / "data" / "000_228ebe913f98790d.txt"

TITLE = "Russia Says it Will Continue to Support Assad"
STANDFIRST = "Russian Foreign Minister Sergei Lavrov reiterates his country will continue to support its Syrian ally."
# the body paragraphs (after the byline and the photo caption/credit lines), sentence by sentence
BODY = [
    ["The Syrian army could be a crucial force in fight against the Islamic State (ISIS) group, Russian Foreign "
     "Minister Sergei Lavrov said on Sunday, reiterating that Russia will support the Syrian government in the "
     "fight against the extremist group."],
    ["“To exclude Syrian army from fighting Islamic State is absurd…Syrian armed forces will be the most effective "
     "military force on the ground,” Lavrov said, according to the Russia Today news agency."],
    ["He added that when there was a question of destroying chemical weapons a year ago, Assad was considered a "
     "“legitimate” president of Syria and his actions were welcomed in UN Security Council resolutions."],
    ["“A year passed and he [Assad] stopped being legitimate, because the threat is now not chemical weapons or "
     "substance but a terror menace,” Lavrov said, describing that as an “ideologized” approach."],
    # one quotation, two sentences of speech, closed by a comma and its attribution: kept whole
    ["“All our western partners, without any exceptions, tell us that they clearly understand what is the main "
     "threat in the Middle East and North Africa. And this [threat] is not Assad’s regime, but Islamic State,” he "
     "added, according to Russia Today."],
    ["“I hope that I won’t fail anyone, saying that some of our colleagues from the coalition states say that they "
     "receive information where exactly, on which positions the Islamic State troops are located, but the "
     "commander of the coalition doesn’t approve the strike,” continued Lavrov."],
    ["“I could suspect that apart from the claimed purpose – fighting Islamic State – there is something else [as "
     "the aim] of the coalition, ” he added."],
    ["Lavrov went on to say that Russia will assist the Syrian government in the way it assists the governments of "
     "all countries, including the Iraqis, which face the threat of terrorism.",
     "Such help includes weapons deliveries as well as assistance of Russian specialists who help to set equipment "
     "and teach Syrian troops how to handle such equipment."],
    ["The comments follow recent reports that Russia had sent a military advance team to its ally Syria and was "
     "taking other steps that Washington fears may signal plans to vastly expand military support for the "
     "beleaguered Assad."],
    ["New images later came to light which appeared to confirm previous reports of Russian \"boots on the ground\" "
     "in Syria."],
    ["Following the reports, a concerned United States had Secretary of State John Kerry phone his Russian "
     "counterpart to express his concern about the reports of Moscow’s increased presence in Syria."],
    ["Moscow, however, later claimed that the aid it provides to Damascus is normal."],
    ["Syria also denied the reports of increased military activity by Russian troops on its soil, with Syria’s "
     "Information Minister Omran Zohbi dismissing the reports as “baseless”."],
    ["This was followed by a second phone call between Kerry and Lavrov, in which the two discussed \"the problems "
     "of regulating the conflict in Syria\"."],
]
NOTE = [
    "(Arutz Sheva’s North American desk is keeping you updated until the start of Rosh Hashanah in New York.",
    "The time posted automatically on all Arutz Sheva articles, however, is Israeli time.)",
]
CAPTION_LINES = ("Russian Foreign Minister Sergei Lavrov", "Flash 90", "Ben Ariel, Canada ,")


def seed_paragraphs() -> list[str]:
    return [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def test_seed_body_paragraphs_split_exactly():
    paragraphs = seed_paragraphs()
    start = paragraphs.index(BODY[0][0])
    body = paragraphs[start:start + len(BODY)]
    got = [[p[a:b] for a, b in split_sentences(p, "en")] for p in body]
    assert got == BODY


@pytest.mark.parametrize("keep_quotes, n_sentences", [(True, 1), (False, 2)])
def test_seed_multi_sentence_quote_setting(keep_quotes, n_sentences):
    para = BODY[4][0]
    assert len(split_sentences(para, "en", keep_quotes=keep_quotes)) == n_sentences


def test_seed_note_is_two_sentences():
    note = seed_paragraphs()[-1]
    assert [note[a:b] for a, b in split_sentences(note, "en")] == NOTE


def test_seed_through_ingest_and_segment():
    from transcompare.ingest import read_articles

    articles, errors = read_articles([str(SEED)], lang="en")
    assert errors == []
    sentences = segment_articles(articles)
    assert sentences.schema == SENTENCES.schema
    rows = sentences.to_dicts()
    assert [r[C.TEXT] for r in rows if r[C.KIND] == KIND_TITLE] == [TITLE]
    assert [r[C.TEXT] for r in rows if r[C.KIND] == KIND_STANDFIRST] == [STANDFIRST]
    assert [r[C.TEXT] for r in rows if r[C.KIND] == KIND_BODY] == [s for para in BODY for s in para]
    assert [r[C.TEXT] for r in rows if r[C.KIND] == KIND_NOTE] == NOTE
    # no caption, credit or byline line is a sentence of its own or glued to one
    assert not any(r[C.TEXT] in CAPTION_LINES or "Flash 90" in r[C.TEXT] or "\n" in r[C.TEXT] for r in rows)
    # indices run 0.. in order; offsets point into the article text
    assert [r[C.INDEX] for r in rows] == list(range(len(rows)))
    text = article_text(articles.row(0, named=True)[C.PARAGRAPHS])
    assert all(text[r[C.START]:r[C.END]] == r[C.TEXT] for r in rows)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_segment_command_on_the_seed(fmt):
    import io
    import json

    import polars as pl
    from click.testing import CliRunner

    from transcompare.cli import main

    result = CliRunner().invoke(main, ["segment", str(SEED), "--lang", "en", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.output.splitlines()]
    else:
        rows = pl.read_csv(io.StringIO(result.output)).to_dicts()
    assert {"article_id", "outlet", "lang", "paragraph", "index", "start", "end", "text"} <= set(rows[0])
    texts = [r["text"] for r in rows]
    assert texts[0] == TITLE and texts[1] == STANDFIRST
    assert texts[2:-2] == [s for para in BODY for s in para] and texts[-2:] == NOTE
