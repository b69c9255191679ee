"""Encodings are detected: UTF-8/16 with BOM, cp1251 Russian, cp1256 Arabic, latin-1 -- never mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcompare.ingest import read_articles
from transcompare.schema import C

RU = ("Лавров: Россия продолжит поддерживать Сирию\n\n"
      "Министр иностранных дел России Сергей Лавров заявил в воскресенье, что сирийская армия может стать "
      "важнейшей силой в борьбе с «Исламским государством». Исключать её из борьбы абсурдно, добавил он.\n")
AR = ("لافروف: روسيا ستواصل دعم سوريا\n\n"
      "قال وزير الخارجية الروسي سيرغي لافروف يوم الأحد إن الجيش السوري قد يكون قوة حاسمة في الحرب على تنظيم "
      "الدولة الإسلامية، مؤكدا أن روسيا ستدعم الحكومة السورية.\n")
FR = ("Lavrov : la Russie continuera à soutenir la Syrie\n\n"
      "Le ministre russe des Affaires étrangères a déclaré dimanche que l'armée syrienne était « la force la "
      "plus efficace » sur le terrain, a-t-il ajouté à Moscou.\n")


@pytest.mark.parametrize(
    "text, encoding, lang",
    [
        (RU, "utf-8", "ru"),
        (RU, "utf-8-sig", "ru"),
        (RU, "utf-16", "ru"),       # with BOM
        (RU, "utf-16-le", "ru"),    # without BOM
        (RU, "cp1251", "ru"),
        (AR, "cp1256", "ar"),
        (AR, "utf-16", "ar"),
        (FR, "latin-1", "fr"),
        (FR, "cp1252", "fr"),
    ],
)
def test_encodings_decode_exactly(tmp_path: Path, text: str, encoding: str, lang: str):
    p = tmp_path / f"article-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    df, errors = read_articles([p])
    assert errors == []
    art = df.row(0, named=True)
    assert art[C.TITLE] == text.split("\n")[0]
    assert art[C.PARAGRAPHS][1] == text.split("\n\n")[1].strip()
    assert art[C.LANG] == lang
