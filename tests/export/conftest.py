"""One real run (Apertium, the embedder, every stage) of three constructed articles, with the SQLite export.

The articles are constructed for these tests (each says so): no real outlet's text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcompare.cli import main

ARTICLES = {
    "ferry-wire.md": """---
outlet: Example Ferry Wire (constructed)
lang: en
title: Island ferry service to resume on Monday
published: 2026-04-02
---

The ferry service to the island of Varholm will resume on Monday after a two-week strike, the harbour
authority said.

"We have reached an agreement that protects every crew member," union leader Tomas Brekke told reporters.

The company will add two evening crossings in May.

(Constructed example for the transcompare tests: not a real outlet's text.)
""",
    "ferry-diario.md": """---
outlet: Diario del Ferry (constructed)
lang: es
title: El servicio de ferry a la isla se reanuda el lunes
published: 2026-04-02
---

El servicio de ferry a la isla de Varholm se reanudará el lunes tras una huelga de dos semanas, informó la
autoridad portuaria.

«Hemos alcanzado un acuerdo que protege a todos los tripulantes», dijo el líder sindical Tomas Brekke a los
periodistas.

La compañía añadirá dos travesías nocturnas en mayo.

(Ejemplo construido para las pruebas de transcompare: no es el texto de ningún medio real.)
""",
    "ferry-diari.md": """---
outlet: Diari del Port (constructed)
lang: ca
title: El servei de ferri a l'illa es reprèn dilluns
published: 2026-04-03
---

El servei de ferri a l'illa de Varholm es reprendrà dilluns després d'una vaga de dues setmanes, va informar
l'autoritat portuària.

«Hem arribat a un acord que protegeix tots els tripulants», va dir el líder sindical Tomas Brekke.

(Exemple construït per a les proves de transcompare: no és el text de cap mitjà real.)
""",
}

PIPELINE = """name = "ferry"
description = "An island ferry's strike ends, in three constructed outlets"
pivot = "en"
view_langs = ["en", "es"]

[[inputs]]
path = "articles"

[translate]
engine = "apertium"

[output]
dir = "runs/ferry"
formats = ["parquet", "csv", "sqlite"]
"""


@pytest.fixture(scope="package")
def ferry_run(tmp_path_factory: pytest.TempPathFactory):
    """(run directory, the CliRunner result of `transcompare run`) for the three articles."""
    if shutil.which("apertium") is None:
        pytest.skip("the run needs Apertium (scripts/setup.sh installs it)")
    root = tmp_path_factory.mktemp("ferry")
    (root / "articles").mkdir()
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    (root / "ferry.toml").write_text(PIPELINE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSCOMPARE_CACHE", str(root / "cache"))
        result = CliRunner().invoke(main, ["run", str(root / "ferry.toml")])
    assert result.exit_code == 0, result.output
    return root / "runs" / "ferry", result
