"""The documentation documents what the code does, and every example in it runs.

README.md and docs/*.md are checked in three ways:

- generated references (docs/cli.md, docs/tables.md) are written by cog; `cog --check` fails when they drift
  (fix: ``cog -r docs/*.md``);
- the README's Quick start, every command, the tables and the annotated pipeline file are where they belong;
- every fenced code block is executed or parsed, in the order of its page, in a scratch directory holding a
  copy of the repository's ``pipelines/`` and ``data/`` and of one finished demo run (``runs/lavrov-2015``):

  ``console``  ``$ COMMAND`` lines run (``transcompare`` in-process through click's CliRunner, anything else
               in a shell); they must exit 0, and the lines shown after a command must appear in its output,
               in order (whitespace-normalised; ``...`` stands for any text).
  ``python``   doctest when it has ``>>>`` prompts, else executed; the blocks of one page share a namespace.
  ``toml``     parsed; a pipeline file (``name`` or ``[[inputs]]``) is loaded with ``load_pipeline``.
  ``json``/``jsonl``  parsed.

  An HTML comment on the line(s) just above a fence changes that:

  ``<!-- not-run: REASON -->``  the block is not run (listed as a skipped test, with its reason);
  ``<!-- file: PATH -->``       the block's text is written to PATH (relative to the scratch directory) first;
  ``<!-- exit: N -->``          the last command of a console block exits with code N;
  ``<!-- error: NAME -->``      a pipeline file meant to be wrong: loading it raises ``transcompare.errors.NAME``.

A block whose language has no runner and that carries neither ``not-run`` nor ``file`` fails the suite.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from transcompare.cli import main
from transcompare.schema import markdown

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = (REPO / "README.md").read_text(encoding="utf-8")
PAGES = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]
HELP_WIDTH = 100  # docs/cli.md is generated at this width; the examples run at it too


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ what is where


def test_generated_docs_are_up_to_date():
    """docs/cli.md and docs/tables.md are cog output; this fails when the code they describe has changed."""
    from cogapp import Cog

    drifted = []
    for path in sorted(DOCS.glob("*.md")):
        if Cog().main(["cog", "--check", "--verbosity=0", str(path)]) != 0:
            drifted.append(path.relative_to(REPO).as_posix())
    assert not drifted, f"{', '.join(drifted)} out of date: run `cog -r docs/*.md` and commit the result"


def test_tables_page_matches_schema():
    in_sync = markdown() in _page("tables.md")
    assert in_sync, "docs/tables.md is out of date: run `cog -r docs/*.md`"


def test_readme_starts_with_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "scripts/demo" in quick and "scripts/test" in quick
    for script in ("scripts/demo", "scripts/test", ".ci/run"):
        assert (REPO / script).exists()
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()


def test_readme_is_short_and_links_every_page():
    assert len(README.splitlines()) <= 200, "README.md is for a new user: move details into docs/"
    index = _page("index.md")
    for path in sorted(DOCS.glob("*.md")):
        if path.name != "index.md":
            assert f"({path.name})" in index, f"docs/index.md does not link {path.name}"
            assert f"(docs/{path.name})" in README, f"README.md does not link docs/{path.name}"


def _anchors(text: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out = set()
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or not line.startswith("#"):
            continue
        slug = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_links_between_pages_resolve():
    problems = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # an external link
            name, _, anchor = target.partition("#")
            dest = (page.parent / name).resolve() if name else page
            where = f"{page.relative_to(REPO)}: ({target})"
            if not dest.exists():
                problems.append(f"{where}: no such file")
            elif anchor and anchor not in _anchors(dest.read_text(encoding="utf-8")):
                problems.append(f"{where}: no such heading")
    assert not problems, "\n".join(problems)


def test_every_command_is_documented():
    cli_md = _page("cli.md")
    for name in main.commands:
        assert f"$ transcompare {name} --help" in cli_md, f"command {name} is not in docs/cli.md"


def test_every_command_has_a_worked_example():
    """Beyond the generated reference: each command is run in some page's example."""
    run = {cmd.split()[1] for b in all_blocks() if b.lang == "console" and "not-run" not in b.directives
           and b.page != "docs/cli.md" for cmd in b.commands() if cmd.startswith("transcompare ")}
    missing = sorted(set(main.commands) - run)
    assert not missing, f"no example runs: {', '.join('transcompare ' + m for m in missing)}"


def test_constructed_examples_say_so():
    for path in (REPO / "data").iterdir():
        if path.name.startswith("000_") or path.is_dir():
            continue  # the founding example (a real article); the evaluation corpora below
        text = path.read_text(encoding="utf-8")
        assert "constructed: true" in text and "CONSTRUCTED EXAMPLE" in text.upper(), path.name


def test_coverage_corpus_is_marked_constructed():
    from transcompare.eval.coverage_corpus import ROOT, article_markdown, load_events

    events = load_events(ROOT)
    test = {"e02", "e04", "e06", "e08", "e10", "e57", "e58", "e61", "e62"}  # the split fixed before each was written
    assert len(events) >= 10 and {e.event for e in events if e.split == "test"} == test
    for path in sorted((ROOT / "events").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# CONSTRUCTED"), path.name
    for ev in events:
        for art in ev.articles:
            assert "(constructed)" in art.outlet
            md = article_markdown(ev, art)
            assert "constructed: true" in md and "CONSTRUCTED EXAMPLE" in md, art.id


def test_pipeline_page_example_is_valid(tmp_path):
    """The annotated pipeline file in docs/pipeline.md is accepted as it is (every key it shows exists)."""
    from transcompare.config import load_pipeline

    block = _page("pipeline.md").split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pipelines").mkdir()
    path = tmp_path / "pipelines" / "example.toml"
    path.write_text(block, encoding="utf-8")
    pipe = load_pipeline(path)
    assert pipe.align_settings().method == "hybrid.v1" and pipe.embed.model == "auto"
    assert pipe.stories.mode == "auto" and pipe.translate.require_translation is False


# ------------------------------------------------------------------ the code blocks

FENCE = re.compile(r"^(`{3,})([^`]*)$")
DIRECTIVE = re.compile(r"^<!--\s*(not-run|file|exit|error)\s*:\s*(.*?)\s*-->$")
RUNNABLE = {"console", "python", "toml", "json", "jsonl"}


@dataclass
class Block:
    page: str  # path relative to the repository
    line: int  # line of the opening fence, 1-based
    lang: str
    text: str
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    def commands(self) -> list[str]:
        return [line[2:] for line in self.text.splitlines() if line.startswith("$ ")]


def blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    page = path.relative_to(REPO).as_posix()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        fence, info = m.group(1), m.group(2).strip()
        directives, j = {}, i - 1
        while j >= 0 and (d := DIRECTIVE.match(lines[j].strip())):
            directives[d.group(1)] = d.group(2)
            j -= 1
        k = i + 1
        while k < len(lines) and lines[k].rstrip() != fence:
            k += 1
        assert k < len(lines), f"{page}:{i + 1}: code block is not closed"
        text = "\n".join(lines[i + 1:k]) + "\n"
        out.append(Block(page, i + 1, info.split()[0] if info else "", text, directives))
        i = k + 1
    return out


def all_blocks() -> list[Block]:
    return [b for page in PAGES for b in blocks(page)]


NOT_RUN = [b for b in all_blocks() if "not-run" in b.directives]
RUN_PAGES = [p for p in PAGES if any("not-run" not in b.directives for b in blocks(p))]


def test_every_block_is_runnable_or_marked():
    problems = []
    for page in PAGES:
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s+```", line):
                problems.append(f"{page.relative_to(REPO)}:{n}: indented fence (the docs test reads only "
                                "fences at the left margin)")
    for b in all_blocks():
        if "not-run" in b.directives:
            if not b.directives["not-run"]:
                problems.append(f"{b.id}: not-run needs a reason")
        elif b.lang not in RUNNABLE and "file" not in b.directives:
            problems.append(f"{b.id}: a ```{b.lang or '(no language)'} block is neither runnable "
                            f"({', '.join(sorted(RUNNABLE))}) nor marked <!-- not-run: REASON --> "
                            "or <!-- file: PATH -->")
        if "exit" in b.directives and b.lang != "console":
            problems.append(f"{b.id}: exit: is for console blocks")
        if "error" in b.directives and b.lang != "toml":
            problems.append(f"{b.id}: error: is for toml (pipeline) blocks")
        if b.lang == "console" and not b.text.startswith("$ "):
            problems.append(f"{b.id}: a console block starts with a `$ ` command line")
        path = b.directives.get("file")
        if path and (Path(path).is_absolute() or ".." in Path(path).parts):
            problems.append(f"{b.id}: file: takes a relative path inside the scratch directory")
    assert not problems, "\n".join(problems)


def test_examples_not_run_are_listed(request):
    """Blocks marked not-run (CI itself, the network, minutes-long benchmarks) are not test items: the run's
    summary lists them, each with its reason, in one block (so a CI run skips nothing)."""
    listed = [f"{b.id} ({b.lang}): {b.directives['not-run']}" for b in NOT_RUN]
    assert all(line.rsplit(": ", 1)[1] for line in listed)
    request.config._docs_not_run = listed


@pytest.fixture(scope="session")
def scratch_base(tmp_path_factory) -> Path:
    """pipelines/ and data/ of the repository and the demo run, finished once (offline, Apertium only)."""
    from click.testing import CliRunner

    if shutil.which("apertium") is None:
        pytest.skip("the examples need Apertium (scripts/setup.sh installs it)")
    base = tmp_path_factory.mktemp("docs")
    work = base / "work"
    work.mkdir()
    for name in ("pipelines", "data"):
        shutil.copytree(REPO / name, work / name)
    with pytest.MonkeyPatch.context() as mp:
        _scratch_env(mp, base)
        mp.chdir(work)
        res = CliRunner().invoke(main, ["run", "pipelines/lavrov-2015.toml", "-q"], prog_name="transcompare")
    assert res.exit_code == 0, res.output
    assert (work / "runs" / "lavrov-2015" / "report.html").exists()
    return base


def _scratch_env(mp: pytest.MonkeyPatch, base: Path) -> None:
    # one translation/embedding cache for all pages; no argos packages, so `auto` means Apertium everywhere
    (base / "argos").mkdir(exist_ok=True)
    mp.setenv("TRANSCOMPARE_CACHE", str(base / "cache"))
    mp.setenv("ARGOS_PACKAGES_DIR", str(base / "argos"))
    # a wide terminal, so that rich does not wrap the long scratch paths in the lines the pages show
    mp.setenv("COLUMNS", "200")
    for var in ("LINES", "TRANSCOMPARE_NTREX"):
        mp.delenv(var, raising=False)


class Scratch:
    """A page's scratch directory (the current directory while its blocks run) and its Python namespace."""

    def __init__(self, root: Path):
        self.root = root
        self.globs: dict = {"__name__": "__docs__"}

    def shell(self, command: str) -> tuple[int, str]:
        from click.testing import CliRunner

        argv = shlex.split(command, comments=True)
        if argv and argv[0] == "transcompare":
            redirect = None
            if ">" in argv:
                at = argv.index(">")
                argv, redirect = argv[:at], argv[at + 1]
            res = CliRunner().invoke(main, argv[1:], prog_name="transcompare", terminal_width=HELP_WIDTH)
            if res.exception is not None and not isinstance(res.exception, SystemExit):
                pytest.fail("".join(traceback.format_exception(*res.exc_info)))
            if redirect:
                (self.root / redirect).write_text(res.stdout, encoding="utf-8")
                return res.exit_code, res.stderr
            return res.exit_code, res.output
        if argv and argv[0] == "python":
            command = shlex.quote(sys.executable) + command.lstrip()[len("python"):]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.run(["bash", "-c", command], cwd=self.root, env=env, capture_output=True, text=True,
                              timeout=120)
        return proc.returncode, proc.stdout + proc.stderr


def _norm(text: str) -> str:
    return " ".join(text.split())


def assert_shows(where: str, command: str, shown: list[str], output: str) -> None:
    """Each line shown under a command appears in its output, in order; `...` stands for any text."""
    actual = [_norm(line) for line in output.splitlines()]
    pos = 0
    for line in shown:
        want = _norm(line)
        if not want or want == "...":
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in want.split("...")))
        for k in range(pos, len(actual)):
            if pattern.search(actual[k]):
                pos = k + 1
                break
        else:
            pytest.fail(f"{where}: `{command}` did not print (after the lines before it)\n  {line}\n"
                        f"--- its output:\n{output}")


def run_console(block: Block, scratch: Scratch) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    for n, (command, shown) in enumerate(steps):
        want = int(block.directives.get("exit", 0)) if n == len(steps) - 1 else 0
        code, output = scratch.shell(command)
        assert code == want, f"{block.id}: `{command}` exited {code}, the page says {want}\n{output}"
        assert_shows(block.id, command, shown, output)


def run_python(block: Block, scratch: Scratch) -> None:
    if any(line.lstrip().startswith(">>>") for line in block.text.splitlines()):
        test = doctest.DocTestParser().get_doctest(block.text, scratch.globs, block.id, block.page, block.line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        scratch.globs.update(test.globs)
        assert runner.failures == 0, "".join(report)
    else:
        exec(compile(block.text, block.id, "exec"), scratch.globs)


def run_toml(block: Block, scratch: Scratch, path: Path | None) -> None:
    from transcompare.config import load_pipeline

    data = tomllib.loads(block.text)
    if "name" in data or "inputs" in data:
        if path is None:
            path = scratch.root / "pipelines" / f"_docs-{Path(block.page).stem}-{block.line}.toml"
            path.write_text(block.text, encoding="utf-8")
        if "error" in block.directives:
            import transcompare.errors

            with pytest.raises(getattr(transcompare.errors, block.directives["error"])):
                load_pipeline(path)
        else:
            load_pipeline(path)


def run_block(block: Block, scratch: Scratch) -> None:
    path = None
    if "file" in block.directives:
        path = scratch.root / block.directives["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.text, encoding="utf-8")
    if block.lang == "console":
        run_console(block, scratch)
    elif block.lang == "python":
        run_python(block, scratch)
    elif block.lang == "toml":
        run_toml(block, scratch, path)
    elif block.lang == "json":
        json.loads(block.text)
    elif block.lang == "jsonl":
        for line in block.text.splitlines():
            if line.strip():
                json.loads(line)
    elif path is None:
        pytest.fail(f"{block.id}: no runner for ```{block.lang}")


@pytest.mark.parametrize("page", RUN_PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_examples_run(page, scratch_base, tmp_path, monkeypatch):
    root = tmp_path / "work"
    shutil.copytree(scratch_base / "work", root)
    _scratch_env(monkeypatch, scratch_base)
    monkeypatch.chdir(root)
    scratch = Scratch(root)
    for block in blocks(page):
        if "not-run" not in block.directives:
            run_block(block, scratch)
