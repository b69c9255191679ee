"""Several problems of one run are printed one per line, each naming the pipeline file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from transcompare.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_several_missing_pairs_one_line_each(tmp_path, cache_env):
    art = tmp_path / "es.md"
    art.write_text((REPO / "data" / "constructed-es-diario.md").read_text(encoding="utf-8"), encoding="utf-8")
    pipe = tmp_path / "p.toml"
    pipe.write_text('name = "p"\nview_langs = ["en", "ja", "ko"]\n[[inputs]]\npath = "es.md"\n'
                    '[translate]\nengine = "argos"\nrequire_translation = true\n', encoding="utf-8")
    for args in (["run", str(pipe), "--check"], ["run", str(pipe)]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2
        lines = [ln for ln in res.output.splitlines() if ln.startswith("Error: ")]
        assert len(lines) == 3, res.output  # es->en, es->ja, es->ko
        assert all(f"{pipe}: cannot translate es->" in ln for ln in lines), lines
        assert sorted(ln.split("cannot translate ")[1][:5] for ln in lines) == ["es->e", "es->j", "es->k"]
