"""``python -m transcompare.eval attribution-cases FOLDER...``: speaker and verb accuracy per language on case
tables (``CODE.toml`` files of ``[[case]]`` mini-articles with the gold speaker and verb of every sentence, as in
the repository's ``tests/align/attribution_cases/`` and ``tests/align/attribution_articles/``), read by
:func:`transcompare.align.coref.attribute_article` one case at a time. The counting rules are the coverage
evaluation's (:mod:`transcompare.eval.attribution`); an Arabic or Hebrew conjunction prefix on the gold verb
("وقال") is set aside.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import click

from transcompare.align.coref import attribute_article
from transcompare.eval.attribution import speaker_is, verb_found

_PREFIXES = ("و", "ו", "ف")


def verb_ok(predicted: str, gold: str) -> bool:
    forms = {gold} | {gold[len(p):] for p in _PREFIXES if gold.startswith(p) and len(gold) > len(p) + 1}
    return any(verb_found(predicted, g) for g in forms)


def score_folder(folder: Path) -> dict[str, dict[str, list[int]]]:
    """Per language: {"speaker": [right, total], "verb": [found, total]}."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"speaker": [0, 0], "verb": [0, 0]})
    for path in sorted(Path(folder).glob("*.toml")):
        lang = path.stem
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            found = attribute_article(case["sentences"], lang, headline=case.get("headline", False))
            for (speaker, verb), gold_speaker, gold_verb in zip(found, case["speaker"], case["verb"]):
                row = out[lang]
                if gold_speaker:
                    row["speaker"][1] += 1
                    row["speaker"][0] += speaker_is(speaker, [gold_speaker, gold_speaker.split()[-1]])
                if gold_verb:
                    row["verb"][1] += 1
                    row["verb"][0] += verb_ok(verb, gold_verb)
    return dict(out)


@click.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
def main(folders: tuple[str, ...]) -> None:
    """Speaker and verb accuracy per language on attribution case tables."""
    from rich.console import Console

    from transcompare.eval.attribution import table

    console = Console(width=150)
    for folder in folders:
        console.print(table(score_folder(Path(folder)), f"{folder}: speaker right / reporting verb found",
                            ("speaker", "verb")))


if __name__ == "__main__":
    main()
