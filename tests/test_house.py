"""The house rules of the package, checked on its source: no import cycles, one language table, no huge
modules, report quotes from the one quote finder."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "transcompare"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(module: str, path: Path) -> set[str]:
    """transcompare modules that ``module`` imports at run time, at the top or inside functions (imports under
    ``if TYPE_CHECKING:`` are annotations only and do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.add(alias.name)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in MODULES else target)
            visit(child)

    visit(tree)
    return {m for m in found if m in MODULES and m != module and m != "transcompare"}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def import_graph() -> dict[str, set[str]]:
    return {m: _imports(m, p) for m, p in MODULES.items()}


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = import_graph()
    assert graph["transcompare.pipeline"], "the import parser found nothing"
    cycles = _cycles(graph)
    assert not cycles, "import cycles between transcompare modules: " + "; ".join(" <-> ".join(c) for c in cycles)


# ------------------------------------------------------------------ one language table
def _is_code(value: object) -> bool:
    from transcompare import langs

    return isinstance(value, str) and (langs.is_known(value) or (len(value) == 3 and langs.normalise(value) is not None))


def language_tables() -> list[str]:
    """Dict literals mapping language codes to language names or to other language codes, outside langs.py."""
    from transcompare import langs

    names = {langs.name(c).casefold() for c in langs.known_codes()} | {"english", "german", "chinese"}
    found = []
    for module, path in MODULES.items():
        if module == "transcompare.langs":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict) or len(node.keys) < 4:
                continue
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            values = [v.value for v in node.values if isinstance(v, ast.Constant)]
            if (len(keys) == len(node.keys) and len(values) == len(node.values)
                    and all(_is_code(k) for k in keys) and all(isinstance(v, str) for v in values)
                    and (all(_is_code(v) for v in values) or all(v.casefold() in names for v in values))):
                found.append(f"{path.name}:{node.lineno}" if PKG not in path.parents
                             else f"{path.relative_to(PKG.parent)}:{node.lineno}")
    return found


def test_one_language_table():
    assert not language_tables(), "language tables outside transcompare/langs.py: " + ", ".join(language_tables())


def test_the_language_table_finder_finds_one(tmp_path, monkeypatch):
    bad = tmp_path / "bad.py"
    bad.write_text('NAMES = {"en": "English", "de": "German", "fr": "French", "ru": "Russian"}\n'
                   'CODES = {"eng": "en", "deu": "de", "fra": "fr", "rus": "ru"}\n'
                   'FILES = {"en": "a.txt", "de": "b.txt", "fr": "c.txt", "ru": "d.txt"}\n')
    monkeypatch.setitem(MODULES, "transcompare.bad", bad)
    assert language_tables() == ["bad.py:1", "bad.py:2"]


def test_language_table_answers():
    from transcompare import langs

    assert langs.normalise("deu") == langs.normalise("ger") == langs.normalise("de-AT") == "de"
    assert langs.iso1("ast") == "ast" and langs.iso3("xx") == "xx"  # unknown codes pass through
    assert langs.direction("he") == "rtl" and langs.direction("en") == "ltr" and langs.label("zz") == "zz"
    assert set(langs.identified()) <= langs.known_codes() and "en" in langs.identified()


# ------------------------------------------------------------------ module size
# Modules allowed past ~400 lines, and why (the docs say the same).
LONG_MODULES: dict[str, str] = {}


def test_no_huge_modules():
    long = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    over = {m: n for m, n in long.items() if n > 420 and m not in LONG_MODULES}
    assert not over, f"modules over ~400 lines (split them, or say why in LONG_MODULES): {over}"


# ------------------------------------------------------------------ one quote finder
@pytest.mark.parametrize("text", [
    "“It is absurd,” Lavrov said.", "‘It is absurd,’ he said.", "'It is absurd,' he said.",
    "„Es ist absurd“, sagte Lawrow.", "‚Es ist absurd‘, sagte er.", "«C'est absurde», a dit Lavrov.",
    "לדבריו, ״זה אבסורד״, אמר לברוב.", "「荒谬」，拉夫罗夫说。", "He said “it is absurd” and ‘not wise’.",
])
def test_report_quote_highlights_come_from_the_quote_finder(text):
    from transcompare.align.quotes import find_quotes, quote_text
    from transcompare.render.model import mark_spans, segments

    quotes = find_quotes(text)
    assert quotes and quote_text(text)  # the quote column has it
    spans = mark_spans(text)["quote"]
    assert sorted(spans) == sorted(q.outer for q in quotes)
    marked = "".join(run for run, marks in segments(text) if "quote" in marks)
    for q in quotes:
        assert q.text in marked


# ------------------------------------------------------------------ settings are passed, never defaulted
def test_compare_uses_the_runs_settings_not_defaults():
    import inspect

    from transcompare.compare import build_comparison

    param = inspect.signature(build_comparison).parameters["settings"]
    assert param.default is inspect.Parameter.empty, "build_comparison must be given the run's settings"
    source = (PKG / "compare.py").read_text(encoding="utf-8")
    assert "AlignSettings()" not in source


# ------------------------------------------------------------------ data files ship with the package
def test_every_data_file_is_package_data():
    import fnmatch
    import tomllib

    config = tomllib.loads((PKG.parent / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["transcompare"]
    data = [p.relative_to(PKG).as_posix() for p in PKG.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data, "no data files found"
    unlisted = [d for d in data if not any(fnmatch.fnmatch(d, g) for g in globs)]
    assert not unlisted, f"data files a wheel would leave out (add them to package-data): {unlisted}"
