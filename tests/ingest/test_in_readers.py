"""One test per reader: plain text (seed layout), Markdown front matter, HTML, JSONL/CSV/Parquet, dirs, globs."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from transcompare.ingest import read_articles
from transcompare.schema import ARTICLES, C, KIND_BODY, KIND_NOTE, KIND_STANDFIRST, KIND_TITLE

BODY_ES = ("Rusia seguirá apoyando al gobierno sirio, dijo el ministro de Exteriores.\n\n"
           "«Excluir al ejército sirio de la lucha contra el Estado Islámico es absurdo», afirmó Lavrov.\n")


def one(df: pl.DataFrame) -> dict:
    assert df.height == 1
    return df.row(0, named=True)


def test_seed_layout(seed_path):
    df, errors = read_articles([seed_path])
    assert errors == []
    art = one(df)
    assert art[C.TITLE] == "Russia Says it Will Continue to Support Assad"
    assert art[C.PARAGRAPH_KINDS][:3] == [KIND_TITLE, KIND_STANDFIRST, KIND_BODY]
    assert art[C.PARAGRAPH_KINDS][-1] == KIND_NOTE and art[C.PARAGRAPHS][-1].startswith("(Arutz Sheva")
    assert art[C.PARAGRAPH_KINDS].count(KIND_NOTE) == 1
    assert art[C.BYLINE] == "Ben Ariel, Canada"
    assert art[C.CREDITS] == ["Russian Foreign Minister Sergei Lavrov", "Flash 90"]
    body = [p for p, k in zip(art[C.PARAGRAPHS], art[C.PARAGRAPH_KINDS]) if k == KIND_BODY]
    assert len(body) == 14
    for furniture in ("Flash 90", "Ben Ariel", "Russian Foreign Minister Sergei Lavrov"):
        assert not any(p.strip() == furniture or p.startswith(furniture + " ") and len(p) < 60 for p in body)
    assert art[C.LANG] == "en" and art[C.LANG_SOURCE] == "detected"
    assert df.schema == ARTICLES.schema


def test_markdown_front_matter(tmp_path: Path):
    p = tmp_path / "a.md"
    p.write_text("---\noutlet: Example Daily (constructed)\nlang: es\nurl: https://example.org/a\n"
                 "published: 2015-09-13\ntitle: Rusia apoyará a Siria\nauthor: Ana Pérez\n---\n"
                 "![Lavrov en Moscú](img.jpg)\n\n" + BODY_ES, encoding="utf-8")
    art = one(read_articles([p])[0])
    assert art[C.OUTLET] == "Example Daily (constructed)"
    assert art[C.LANG] == "es" and art[C.LANG_SOURCE] == "declared"
    assert art[C.URL] == "https://example.org/a"
    assert art[C.PUBLISHED] == "2015-09-13"
    assert art[C.TITLE] == "Rusia apoyará a Siria"
    assert art[C.BYLINE] == "Ana Pérez"
    assert art[C.CREDITS] == ["Lavrov en Moscú"]
    assert art[C.PARAGRAPHS][1].startswith("Rusia seguirá")
    assert len(art[C.PARAGRAPHS]) == 3


def test_markdown_heading_is_title(tmp_path: Path):
    p = tmp_path / "b.md"
    p.write_text("---\nlang: es\n---\n# El titular\n\n" + BODY_ES, encoding="utf-8")
    art = one(read_articles([p])[0])
    assert art[C.TITLE] == "El titular"
    assert art[C.OUTLET] == "b"  # no outlet declared: the article id


HTML = """<!doctype html><html lang="de"><head><title>Lawrow: Russland unterstützt Syrien weiter</title>
<meta property="og:site_name" content="Beispiel-Zeitung"><meta name="author" content="Max Muster">
<meta property="article:published_time" content="2015-09-13T10:00:00Z"></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>Lawrow: Russland unterstützt Syrien weiter</h1>
<p>Der russische Außenminister Sergej Lawrow hat bekräftigt, dass Russland die syrische Regierung im Kampf
gegen den Islamischen Staat weiter unterstützen werde.</p>
<p>„Die syrische Armee vom Kampf gegen den Islamischen Staat auszuschließen, ist absurd“, sagte Lawrow nach
Angaben des Senders Russia Today.</p>
<p>Die Armee sei die wirksamste Kraft am Boden, fügte er hinzu. Westliche Partner sähen das genauso.</p>
</article><footer>Impressum · Datenschutz</footer></body></html>"""


def test_html_page(tmp_path: Path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    art = one(read_articles([p])[0])
    assert art[C.TITLE] == "Lawrow: Russland unterstützt Syrien weiter"
    assert art[C.LANG] == "de"
    assert art[C.OUTLET] == "Beispiel-Zeitung"
    assert art[C.BYLINE] == "Max Muster"
    assert art[C.PUBLISHED].startswith("2015-09-13")
    text = " ".join(art[C.PARAGRAPHS])
    assert "absurd" in text and "Impressum" not in text and "Politik" not in text


def _corpus_rows():
    return [
        {"id": "r1", "outlet": "Example A (constructed)", "lang": "es", "title": "Titular uno", "text": BODY_ES},
        {"id": "r2", "outlet": "Example B (constructed)", "lang": "en", "title": "Headline two",
         "text": "Lavrov said Russia would keep supporting Syria.\n\nHe called the exclusion absurd."},
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_corpus_formats(tmp_path: Path, fmt: str):
    p = tmp_path / f"corpus.{fmt}"
    rows = _corpus_rows()
    if fmt == "jsonl":
        p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    elif fmt == "csv":
        pl.DataFrame(rows).write_csv(p)
    else:
        pl.DataFrame(rows).write_parquet(p)
    df, errors = read_articles([p])
    assert errors == []
    assert df[C.ARTICLE_ID].to_list() == ["corpus-r1", "corpus-r2"]
    assert df[C.OUTLET].to_list() == ["Example A (constructed)", "Example B (constructed)"]
    assert df[C.LANG].to_list() == ["es", "en"]
    assert df[C.SOURCE].to_list() == [f"{p}#1", f"{p}#2"]
    assert df[C.PARAGRAPHS][1].to_list() == ["Headline two", "Lavrov said Russia would keep supporting Syria.",
                                             "He called the exclusion absurd."]


@pytest.mark.parametrize("name, content, paragraphs", [
    # a corpus row without a title: every paragraph is body text, the title is empty
    ("c.jsonl", '{"id": 1, "lang": "en", "text": "Hello world. It is sunny.\\n\\nSecond part."}\n',
     ["", "Hello world. It is sunny.", "Second part."]),
    ("c.csv", 'id,lang,text\n1,en,"Hello world. It is sunny."\n', ["", "Hello world. It is sunny."]),
    # a plain text of one paragraph: body, not a title with nothing after it
    ("one.txt", "Lavrov said the army was crucial. He added that it was absurd.\n",
     ["", "Lavrov said the army was crucial. He added that it was absurd."]),
])
def test_untitled_text_is_body(tmp_path: Path, name: str, content: str, paragraphs: list[str]):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    df, errors = read_articles([p], lang="en")
    assert errors == []
    row = one(df)
    assert row[C.TITLE] == "" and row[C.PARAGRAPHS] == paragraphs
    assert row[C.PARAGRAPH_KINDS][1:] == [KIND_BODY] * (len(paragraphs) - 1)


def test_directory_and_glob(tmp_path: Path, seed_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "seed.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "x.md").write_text("---\nlang: es\ntitle: T\n---\n" + BODY_ES, encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    df, errors = read_articles([tmp_path])
    assert errors == [] and sorted(df[C.ARTICLE_ID].to_list()) == ["seed", "x"]
    df, errors = read_articles([str(tmp_path / "**" / "*.txt")])
    assert errors == [] and df[C.ARTICLE_ID].to_list() == ["seed"]


def test_overrides_and_defaults(seed_path: Path):
    df, _ = read_articles([seed_path], overrides={seed_path.stem: {"outlet": "Arutz Sheva", "lang": "en"}})
    art = one(df)
    assert art[C.OUTLET] == "Arutz Sheva" and art[C.LANG_SOURCE] == "declared"
    df, _ = read_articles([seed_path], lang="en", outlet="Somebody")
    assert one(df)[C.OUTLET] == "Somebody"


def test_declared_language_wins_with_warning(tmp_path: Path):
    p = tmp_path / "mislabelled.md"
    p.write_text("---\nlang: de\ntitle: Rusia\n---\n" + BODY_ES, encoding="utf-8")
    warnings: list[str] = []
    df, errors = read_articles([p], warnings=warnings)
    assert errors == [] and one(df)[C.LANG] == "de"
    assert len(warnings) == 1 and "mislabelled.md" in warnings[0] and "'es'" in warnings[0]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Der russische Außenminister sagte am Sonntag, Russland werde Syrien weiterhin unterstützen.", "de"),
        ("Министр иностранных дел России заявил, что Россия продолжит поддерживать Сирию.", "ru"),
        ("قال وزير الخارجية الروسي إن روسيا ستواصل دعم الحكومة السورية في حربها.", "ar"),
        ("O ministro russo disse que a Rússia vai continuar a apoiar o governo sírio.", "pt"),
        ("Le ministre russe a déclaré que la Russie continuerait à soutenir le gouvernement syrien.", "fr"),
    ],
)
def test_language_identification(tmp_path: Path, text: str, lang: str):
    p = tmp_path / "a.txt"
    p.write_text("Headline\n\n" + text + "\n", encoding="utf-8")
    art = one(read_articles([p])[0])
    assert art[C.LANG] == lang and art[C.LANG_SOURCE] == "detected"


def test_misspelt_front_matter_keys_warn(tmp_path: Path):
    p = tmp_path / "typo.md"
    p.write_text("---\ntitel: Headline\noutet: Example (constructed)\nlagn: en\ntags: [harbour]\n---\n\n"
                 "Lavrov said the army was crucial.\n\nHe added that it was absurd.\n", encoding="utf-8")
    warnings: list[str] = []
    df, errors = read_articles([p], lang="en", warnings=warnings)
    assert errors == [] and df.height == 1
    assert warnings == [f"{p}: front matter key '{k}' is not used; did you mean '{v}'?"
                        for k, v in (("titel", "title"), ("outet", "outlet"), ("lagn", "lang"))]
