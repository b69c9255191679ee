"""``python -m transcompare.eval altered-cases [FILE]``: how many altered members of a case table are flagged, and
how many faithful ones (``[[case]]`` entries with ``texts``, ``langs`` and the gold ``altered`` kind of each
member, as in the repository's ``tests/align/altered_cases/cases.toml``), per language and kind, by
:func:`transcompare.align.altered.altered_reasons` with every other member of the case as "the others".
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import click

from transcompare.align.altered import altered_reasons

DEFAULT = Path("tests") / "align" / "altered_cases" / "cases.toml"


def read_cases(path: Path) -> list[dict]:
    from transcompare.errors import InputError

    try:
        cases = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("case", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: not a readable case table ({err})") from None
    for k, case in enumerate(cases, 1):
        lengths = {len(case.get(key, [])) for key in ("texts", "langs", "altered")}
        if len(lengths) != 1:
            raise InputError(f"{path}: case {k}: texts, langs and altered must have the same length")
    return cases


def score(cases: list[dict]) -> dict[str, dict[str, list[int]]]:
    """Per language: {"altered": [flagged, total], "faithful": [flagged, total], KIND: [flagged, total]}."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for case in cases:
        for lang, gold, why in zip(case["langs"], case["altered"], altered_reasons(case["texts"], case["langs"])):
            for key in (("altered", gold) if gold else ("faithful",)):
                out[lang][key][0] += bool(why)
                out[lang][key][1] += 1
    return out


@click.command()
@click.argument("path", type=click.Path(dir_okay=False), default=str(DEFAULT))
def main(path: str) -> None:
    """Altered members flagged and faithful ones flagged, per language, on a constructed case table.

    \b
    Example:
      python -m transcompare.eval altered-cases tests/align/altered_cases/cases.toml
    """
    from rich.console import Console
    from rich.table import Table

    from transcompare.errors import TranscompareError

    try:
        res = score(read_cases(Path(path)))
    except TranscompareError as err:
        click.echo(f"Error: {err}", err=True)
        raise SystemExit(err.exit_code) from None
    table = Table(title=f"{path}: altered members flagged / faithful members flagged")
    for col in ("lang", "altered", "number", "negation", "modality", "faithful"):
        table.add_column(col, justify="left" if col == "lang" else "right")
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lang in sorted(res):
        cells = []
        for key in ("altered", "number", "negation", "modality", "faithful"):
            got, n = res[lang].get(key, [0, 0])
            total[key][0] += got
            total[key][1] += n
            cells.append(f"{got}/{n}")
        table.add_row(lang, *cells)
    table.add_row("all", *(f"{total[k][0]}/{total[k][1]}" for k in ("altered", "number", "negation", "modality",
                                                                         "faithful")))
    Console(width=100).print(table)


if __name__ == "__main__":
    main()
