"""Each bad input: one line naming the file (and row) and the problem; exit 2; other inputs still processed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.ingest import read_articles

GOOD = "Headline here\n\nLavrov said on Sunday that Russia would keep supporting the Syrian government.\n"


def _make(tmp_path: Path, kind: str) -> tuple[Path, str]:
    p = tmp_path / f"bad-{kind}.txt"
    if kind == "empty":
        p.write_bytes(b"")
        return p, "file is empty"
    if kind == "blank":
        p.write_text("  \n\n \n")
        return p, "file is empty"
    if kind == "binary":
        p = tmp_path / "bad-binary.txt"
        p.write_bytes(bytes(range(256)) * 40)
        return p, "binary"
    if kind == "undecodable":
        p.write_bytes(b"Headline\n\n" + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 200)
        return p, "cannot decode"
    if kind == "huge":
        with p.open("wb") as fh:
            fh.truncate(50 * 1024 * 1024)
        return p, "too large (50.0 MiB; the limit is 20 MiB)"
    if kind == "html-empty":
        p = tmp_path / "bad-empty.html"
        p.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
        return p, "no article text"
    if kind == "unknown-lang":
        p = tmp_path / "bad-lang.md"
        p.write_text("---\nlang: xx\ntitle: T\n---\n" + GOOD)
        return p, "unknown language code 'xx'"
    if kind == "lang-name":  # a language's name where its code belongs: the code is suggested
        p = tmp_path / "bad-lang-name.md"
        p.write_text("---\nlang: english\ntitle: T\n---\n" + GOOD)
        return p, "unknown language code 'english' (use an ISO 639-1 code); did you mean 'en'?"
    if kind == "no-lang":
        p.write_text("12345.\n\n67890 111, 222 333.\n")
        return p, "cannot identify the language"
    if kind == "missing":
        return tmp_path / "does-not-exist.txt", "no such file"
    if kind == "bad-yaml":
        p = tmp_path / "bad-yaml.md"
        p.write_text("---\nlang: [en\n---\n" + GOOD)
        return p, "front matter is not valid YAML"
    raise AssertionError(kind)


KINDS = ["empty", "blank", "binary", "undecodable", "huge", "html-empty", "unknown-lang", "lang-name", "no-lang",
         "missing", "bad-yaml"]


@pytest.mark.parametrize("kind", KINDS)
def test_bad_input_reported_and_others_processed(tmp_path: Path, kind: str):
    bad, problem = _make(tmp_path, kind)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    df, failures = read_articles([bad, good])
    errors = [str(f) for f in failures]
    assert df["article_id"].to_list() == ["good"]
    assert len(errors) == 1
    assert str(bad) in errors[0] and problem in errors[0] and "\n" not in errors[0]


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "missing"])
def test_cli_exit_code_and_one_line(tmp_path: Path, kind: str):
    bad, problem = _make(tmp_path, kind)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = CliRunner().invoke(main, ["segment", str(bad), str(good), "--format", "jsonl"])
    assert result.exit_code == 2
    err_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(err_lines) == 1 and err_lines[0].startswith("Error: ") and problem in err_lines[0]
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["article_id"] for r in records} == {"good"}


def test_corpus_row_missing_text(tmp_path: Path):
    p = tmp_path / "c.jsonl"
    rows = [{"id": "a", "lang": "en", "text": GOOD}, {"id": "b", "lang": "en", "title": "no text"},
            {"id": "c", "lang": "en", "text": GOOD}]
    p.write_text("\n".join(json.dumps(r) for r in rows))
    df, failures = read_articles([p])
    errors = [str(f) for f in failures]
    assert df["article_id"].to_list() == ["c-a", "c-c"]
    assert errors == [f"{p}#2: row has no text (expected a 'text' column)"]


def test_corpus_bad_json_line(tmp_path: Path):
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"lang": "en", "text": GOOD}) + "\n{not json\n")
    df, failures = read_articles([p])
    errors = [str(f) for f in failures]
    assert df.height == 1  # the good row is kept; the broken line is named
    assert len(errors) == 1 and errors[0] == f"{p}#2: not valid JSON (Expecting property name enclosed in double " \
        "quotes at column 2)"
    # the failure is an object: the file and the row apart, never parsed back out of the line
    assert (failures[0].path, failures[0].row) == (str(p), 2) and failures[0].problem.startswith("not valid JSON")
    assert failures[0].to_dict() == {"path": str(p), "row": 2, "error": failures[0].problem}


@pytest.mark.parametrize("name, content, kept, error", [
    ("deep.jsonl", json.dumps({"lang": "en", "text": GOOD}) + "\n" + "[" * 100000 + "]" * 100000 + "\n", 1,
     "#2: not valid JSON"),
    ("big.jsonl", json.dumps({"lang": "en", "text": GOOD}) + '\n{"text": ' + "9" * 5000 + "}\n", 1,
     "#2: not valid JSON"),
    ("article.jsonl", json.dumps({"lang": "en", "article": GOOD}) + "\n", 0,
     "#1: row has no text (expected a 'text' column; did you mean 'article'? rename it to 'text')"),
    ("txt.jsonl", json.dumps({"lang": "en", "txt": GOOD}) + "\n", 0, "did you mean 'txt'?"),
    ("body.jsonl", json.dumps({"lang": "en", "body": GOOD}) + "\n", 1, None),  # 'body' and 'content' are read
    ("ragged.csv", f'lang,text\nen,"{GOOD}"\nen,"{GOOD}",extra\n', 1, "#2: row has 3 fields, the header has 2"),
    ("cr.csv", f'lang,text\ren,"{GOOD}"\ren,"{GOOD}"\r', 2, None),
    ("header.csv", "lang,text\n", 0, ": corpus has no rows"),
])
def test_corpus_bad_rows_are_named_and_good_rows_kept(tmp_path: Path, name, content, kept, error):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    df, failures = read_articles([p])
    errors = [str(f) for f in failures]
    assert df.height == kept
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and errors[0].startswith(str(p)) and error in errors[0], errors


def test_bad_cli_lang(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = CliRunner().invoke(main, ["segment", str(good), "--lang", "klingon"])
    assert result.exit_code == 2 and "unknown language code" in result.stderr


def test_a_declared_language_the_text_clearly_is_not_fails_that_article(tmp_path):
    """English declared as Spanish: the article fails with one line (the others are read); --trust-lang, or
    trust_lang on a pipeline input, keeps the declaration with a warning."""
    from click.testing import CliRunner

    from transcompare.cli import main
    from transcompare.config import load_pipeline
    from transcompare.stages import read_inputs

    seed = Path(__file__).resolve().parents[2] / "data" / "000_228ebe913f98790d.txt"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    es = tmp_path / "es.md"
    es.write_text((seed.parent / "constructed-es-diario.md").read_text(encoding="utf-8"), encoding="utf-8")
    df, failures = read_articles([wrong, es], lang="es")
    assert df.height == 1 and len(failures) == 1
    line = str(failures[0])
    assert line.startswith(str(wrong)) and "declared language 'es' but the text is 'en'" in line and "--trust-lang" in line
    warnings: list[str] = []
    df, failures = read_articles([wrong, es], lang="es", warnings=warnings, trust_lang=True)
    assert df.height == 2 and not failures and any("keeping 'es'" in w for w in warnings)
    res = CliRunner().invoke(main, ["segment", str(wrong), "--lang", "es", "--format", "jsonl"])
    assert res.exit_code == 2 and res.stderr.count("Error:") == 1
    res = CliRunner().invoke(main, ["segment", str(wrong), "--lang", "es", "--trust-lang", "--format", "jsonl"])
    assert res.exit_code == 0 and res.stdout.strip()
    pipe = tmp_path / "p.toml"
    pipe.write_text('name = "p"\n[[inputs]]\npath = "wrong.txt"\nlang = "es"\ntrust_lang = true\n', encoding="utf-8")
    articles, failures, _ = read_inputs(load_pipeline(pipe))
    assert articles.height == 1 and not failures
    pipe.write_text('name = "p"\n[[inputs]]\npath = "wrong.txt"\nlang = "es"\n', encoding="utf-8")
    articles, failures, _ = read_inputs(load_pipeline(pipe))
    assert articles.height == 0 and len(failures) == 1


def test_a_broken_json_line_says_where(tmp_path: Path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"lang": "en", "text": "Lavrov said\n', encoding="utf-8")
    _df, failures = read_articles([p])
    assert [str(f) for f in failures] == [f"{p}#1: not valid JSON (Unterminated string starting at column 24)"]
