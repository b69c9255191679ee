"""`transcompare init DIR`: a folder of mixed articles (several formats and languages) -> a commented pipeline
file that loads and that `run --check` accepts; no overwriting without --force; a folder with nothing readable
is one line and exit code 2.

Every article here is constructed for these tests (each says so), not a real outlet's text.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import load_pipeline

NOTE = "(Constructed example for the transcompare tests: not a real outlet's text.)"

MD_EN = f"""---
outlet: Example Ferry Wire (constructed)
lang: en
title: Island ferry service to resume on Monday
---

The ferry service to the island of Varholm will resume on Monday after a two-week strike, the harbour authority
said on Friday.

"We have reached an agreement that protects every crew member," union leader Tomas Brekke told reporters.

{NOTE}
"""

# no front matter: the language is identified from the text, the outlet is the file name
TXT_ES = """El ferry a Varholm vuelve el lunes

El servicio de ferry a la isla de Varholm se reanudará el lunes tras una huelga de dos semanas, informó el
viernes la autoridad portuaria.

«Hemos alcanzado un acuerdo que protege a todos los tripulantes», dijo el líder sindical Tomas Brekke.

(Ejemplo construido para las pruebas de transcompare: no es el texto de ningún medio real.)
"""

HTML_FR = """<!DOCTYPE html>
<html lang="fr"><head><title>Le ferry pour Varholm reprend lundi</title>
<meta property="og:site_name" content="Courrier du Port (constructed)"></head>
<body><article><h1>Le ferry pour Varholm reprend lundi</h1>
<p>Le service de ferry vers l'île de Varholm reprendra lundi après une grève de deux semaines, a annoncé vendredi
l'autorité portuaire, qui a remercié les habitants pour leur patience pendant toute la durée du conflit.</p>
<p>« Nous avons conclu un accord qui protège chaque membre d'équipage », a déclaré le dirigeant syndical Tomas
Brekke aux journalistes réunis devant la gare maritime.</p>
<p>La compagnie ajoutera deux traversées en soirée au mois de mai, selon un communiqué publié le même jour.</p>
<p>(Exemple construit pour les tests de transcompare : ce n'est le texte d'aucun média réel.)</p>
</article></body></html>
"""

JSONL = [
    {"id": "ca1", "outlet": "Diari del Port (constructed)", "lang": "ca",
     "title": "El servei de ferri a Varholm es reprèn dilluns",
     "text": "El servei de ferri a l'illa de Varholm es reprendrà dilluns després d'una vaga de dues setmanes, va "
             "informar divendres l'autoritat portuària.\n\n«Hem arribat a un acord que protegeix tots els "
             "tripulants», va dir el líder sindical Tomas Brekke.\n\n(Exemple construït per a les proves de "
             "transcompare: no és el text de cap mitjà real.)"},
    {"id": "de1", "outlet": "Hafenbote (constructed)",
     "title": "Fähre nach Varholm fährt ab Montag wieder",
     "text": "Der Fährdienst zur Insel Varholm wird am Montag nach einem zweiwöchigen Streik wieder aufgenommen, "
             "teilte die Hafenbehörde am Freitag mit.\n\n„Wir haben eine Einigung erzielt, die jedes "
             "Besatzungsmitglied schützt“, sagte Gewerkschaftsführer Tomas Brekke.\n\n(Konstruiertes Beispiel "
             "für die Tests von transcompare: kein Text eines echten Mediums.)"},
]

# no outlet, but a url: its host is named as a hint
MD_URL = f"""---
lang: en
url: https://www.example.org/varholm/ferry-notice
title: Notice to passengers
---

Ferry departures to Varholm resume on Monday at six in the morning, the operator said in a notice.

{NOTE}
"""

CSV_EN = ("id,outlet,lang,title,text\n"
          'en2,Example Island Radio (constructed),en,Ferry returns on Monday,"The Varholm ferry returns on Monday '
          'after the strike ended, the harbour authority said. Union leader Tomas Brekke welcomed the deal. '
          f'{NOTE}"\n')


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.md").write_text(MD_EN, encoding="utf-8")
    (folder / "el-ferry.txt").write_text(TXT_ES, encoding="utf-8")
    (folder / "courrier.html").write_text(HTML_FR, encoding="utf-8")
    (folder / "more.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL),
                                       encoding="utf-8")
    (folder / "radio.csv").write_text(CSV_EN, encoding="utf-8")
    (folder / "notice.md").write_text(MD_URL, encoding="utf-8")
    return folder


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_writes_a_pipeline_that_run_check_accepts(mixed, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSCOMPARE_CACHE", str(tmp_path / "cache"))
    res = invoke("init", mixed)
    assert res.exit_code == 0, res.output
    path = tmp_path / "articles.toml"  # NAME.toml beside the folder
    assert res.stdout.splitlines()[-1] == f"Run it: transcompare run {path}"
    pipe = load_pipeline(path)
    assert pipe.name == "articles" and pipe.pivot == "en"
    assert pipe.view_langs == ["en", "ca", "es"]  # the pivot, then the most common languages the others reach
    assert pipe.resolve(pipe.inputs[0].path) == str(mixed)
    assert pipe.output_dir() == tmp_path / "runs" / "articles" and "sqlite" in pipe.output.formats
    text = path.read_text(encoding="utf-8")
    for line in ("#   en: 3 articles (declared)", "#   es: 1 article (identified from the text)",
                 "#   de: 1 article (identified from the text)", "#   fr: 1 article (declared)",
                 "#   Courrier du Port (constructed) (1 article, fr)", "#   Hafenbote (constructed) (1 article, de)",
                 "#   el-ferry.txt", "#   notice.md (its url's host: example.org)"):
        assert line in text.splitlines(), line
    assert "de>en: MISSING; to translate: transcompare models install de en" in text  # no German engine here
    assert "es>en: es>en via apertium:spa-eng" in text
    assert tomllib.loads(text)["translate"]["engine"] == "auto"
    check = invoke("run", "--check", path)
    assert check.exit_code == 0, check.output
    assert check.stdout.splitlines()[0] == f"{path}: OK — 7 articles readable, languages ca, de, en, es, fr"


def test_a_second_init_does_not_overwrite(mixed, tmp_path):
    out = tmp_path / "pipelines" / "ferry.toml"
    first = invoke("init", mixed, "--out", out, "--name", "ferry")
    assert first.exit_code == 0, first.output
    pipe = load_pipeline(out)
    assert pipe.name == "ferry" and pipe.inputs[0].path == "../articles"
    out.write_text(out.read_text() + "# my own note\n")
    again = invoke("init", mixed, "--out", out, "--name", "ferry")
    assert again.exit_code == 2
    assert again.output.splitlines() == [f"Error: {out}: already exists; give --force to replace it, or --out "
                                         "another file"]
    assert out.read_text().endswith("# my own note\n")
    forced = invoke("init", mixed, "--out", out, "--name", "ferry", "--force")
    assert forced.exit_code == 0 and "# my own note" not in out.read_text()
    assert [p.name for p in out.parent.iterdir()] == ["ferry.toml"]  # no temp file left


@pytest.mark.parametrize("case", ["empty", "unreadable", "missing", "file"])
def test_a_folder_with_nothing_readable_is_one_line(tmp_path, case):
    folder = tmp_path / "articles"
    if case == "empty":
        folder.mkdir()
        (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article format
        want = f"{folder}: directory has no article files"
    elif case == "unreadable":
        folder.mkdir()
        (folder / "a.txt").write_text("", encoding="utf-8")
        (folder / "b.md").write_text("---\nlang: en\n---\n", encoding="utf-8")
        want = f"{folder}: no article could be read ({folder / 'a.txt'}: "
    elif case == "missing":
        want = f"{folder}: no such folder"
    else:
        folder.write_text("one article\n\nIts text.\n")
        want = f"{folder}: not a folder"
    res = invoke("init", folder)
    assert res.exit_code == 2
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {want}"), res.output
    assert not (tmp_path / "articles.toml").exists()


def test_a_bad_name_is_one_line(mixed):
    res = invoke("init", mixed, "--name", "my corpus")
    assert res.exit_code == 2
    assert res.output.splitlines() == ["Error: --name my corpus: a pipeline name holds letters, digits, '.', '_' "
                                       "and '-' only"]


def test_an_unreadable_article_is_named_in_the_file_and_on_stderr(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.md").write_text(MD_EN, encoding="utf-8")
    (folder / "empty.md").write_text("---\nlang: en\n---\n", encoding="utf-8")
    res = invoke("init", folder)
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [f"Warning: {folder / 'empty.md'}: no article text (not readable; the run "
                                       "skips it)"]
    text = (tmp_path / "articles.toml").read_text(encoding="utf-8")
    assert f"#   {folder / 'empty.md'}: no article text" in text.splitlines()
    assert 'view_langs = ["en"]' in text and "(one language: nothing to translate)" in text
