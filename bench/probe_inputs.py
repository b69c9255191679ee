"""Probe: hostile inputs against `transcompare segment`, each given together with one good article.

The inputs are the fixed cases of tests/ingest/hostile.py and ``--n`` seeded random mutations of the
constructed articles in data/ (bytes and text mangled, hostile tokens, runs of repeated characters, front
matter made hostile, corpus rows of the wrong types, random directory trees with link loops, pipes and
broken links). Each call runs in-process through click's CliRunner, in a worker process; a call that has
not answered in ``--timeout`` seconds is a hang (the worker is killed and replaced). Prints a markdown table
per category: inputs, tracebacks (a Rust panic on the worker's stderr counts as one), hangs, exit codes
other than 0/2, error lines that name no file, calls in which the good article was lost, silent inputs
(neither read nor named in an error), and fixed cases whose result is not the one their test expects (the
articles read, the problem named). Exits 1 if any of those is not 0. About 30 seconds with the defaults.

    .venv/bin/python bench/probe_inputs.py [--n 1000] [--seed 14] [--timeout 20] [--show]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import random
import re
import select
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "ingest" / "hostile.py"
GOOD_OUTLET = "Probe Good Outlet (constructed)"
MARK = "\x1eprobe-result "
MEMORY_LIMIT = 6 * 2**30  # per worker: a memory bomb is a MemoryError, not the machine's out-of-memory killer


def _cases_module():
    spec = importlib.util.spec_from_file_location("_probe_hostile_cases", CASES)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the inputs


@dataclass
class Probe:
    category: str
    name: str
    spec: str  # what is given on the command line (with the good article)
    where: str  # the directory holding the input: an error line names it or the spec
    case: object = None  # a fixed case (tests/ingest/hostile.py): what it must give is known
    result: dict = field(default_factory=dict)
    seconds: float = 0.0


TOKENS = ["---\n", "\n---\n", "```\n", "![", "[", "](", ")", "**", "__", "_", "*", "# ", "\n> ", "\ufeff",
          "\u2028", "\u2029", "\x85", "\x00", "\x1b[2J", "\r", "\r\n", "\t", "\n\n", " &a ", " *a", "!!timestamp ",
          "!!binary ", "!!python/object/apply:os.system ", "<<: ", "? ", "{", "}", "[[", "]]", ": ", "- ", "'", '"',
          "\\u", "\\ud800", "\\udfff", "%YAML 1.1\n", "2015-09-13 10:00:00 +25:00", "9" * 5000, "\u202e", "\ud800",
          "\udcff", "<html>", "<script>", "&#xd800;", "&#0;", "<!--", "lang: no\n", "title: {a: 1}\n", "(", "«", "“"]
ENCODINGS = ["utf-8"] * 8 + ["utf-16", "utf-16-le", "cp1251", "latin-1", "utf-8-sig"]
TEXT_SUFFIXES = [".md", ".md", ".txt", ".txt", ".markdown", ".html", ".text"]


def _articles() -> list[tuple[dict, str]]:
    """(front matter keys, body) of each constructed article in data/."""
    out = []
    for path in sorted((REPO / "data").glob("*.md")) + sorted((REPO / "data").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meta: dict = {}
        m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
        if m:
            for line in m.group(1).splitlines():
                k, sep, v = line.partition(":")
                if sep and not k.startswith("#"):
                    meta[k.strip()] = v.strip().strip('"')
            text = m.group(2)
        out.append((meta, text.strip()))
    return out


def _mutate_text(text: str, rng: random.Random, rounds: int) -> str:
    for _ in range(rounds):
        op = rng.randrange(7)
        pos = rng.randrange(len(text) + 1)
        if op == 0:  # a hostile token
            text = text[:pos] + rng.choice(TOKENS) + text[pos:]
        elif op == 1:  # a run of a short piece, repeated (quadratic patterns)
            piece = text[pos:pos + rng.randint(1, 6)] or rng.choice(TOKENS)
            text = text[:pos] + piece * rng.choice([100, 1000, 20_000]) + text[pos:]
        elif op == 2:  # a span deleted
            text = text[:pos] + text[pos + rng.randint(1, 400):]
        elif op == 3:  # truncated
            text = text[:pos]
        elif op == 4:  # random characters: controls, letters, lone surrogates
            chars = (rng.choice([rng.randrange(0x20), rng.randrange(0x20, 0x3000), rng.randrange(0xD800, 0xE000)])
                     for _ in range(8))
            text = text[:pos] + "".join(map(chr, chars)) + text[pos:]
        elif op == 5:  # lines shuffled
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        else:  # line endings changed
            text = text.replace("\n", rng.choice(["\r", "\r\n", "\n\n", "\u2028", " "]))
    return text


def _encode(text: str, rng: random.Random) -> bytes:
    enc = rng.choice(ENCODINGS)
    data = text.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace")
    if rng.random() < 0.2:  # bytes flipped
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    return data


def _front(meta: dict) -> str:
    return "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())


YAML_HOSTILE = ["title: &a [*a]", "title: " + "[" * 3000 + "]" * 3000, "published: 2015-09-13 10:00:00 +25:00",
                "published: !!timestamp soon", "id: " + "9" * 5000, 'title: "\\ud800"', "lang: no", "x: !!binary ***",
                "title: {a: {b: [c]}}", "? [a, b]\n: c", "<<: {outlet: merged}", "lang: en\nlang: fr", "\ttitle: tab",
                "title: !!python/name:os.system", "date: 2015-02-30", "title: !!set {a, b}", "title: !!omap [a, b]",
                "a: &x 1\nb: *x", "title: >\n  folded\n  text", "title: |\n  literal", "%TAG ! tag:x,2000:",
                "title: !!float nope", "title: !!int 0xZZ", "lang: [en, fr]", "lang: 42", "title: ~", "tags: [a, *b]"]


def _make_text(d: Path, rng: random.Random, arts, front_hostile: bool) -> str:
    meta, body = rng.choice(arts)
    meta = dict(meta)
    front = _front(meta)
    if front_hostile:
        lines = front.split("\n") if front else []
        for _ in range(rng.randint(1, 3)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(YAML_HOSTILE))
        front = _mutate_text("\n".join(lines), rng, rng.randint(0, 2))
        text = f"---\n{front}\n---\n\n{body}\n"
    else:
        text = (f"---\n{front}\n---\n\n" if front and rng.random() < 0.6 else "") + body
        text = _mutate_text(text, rng, rng.randint(1, 5))
    p = d / f"mutated{rng.choice(TEXT_SUFFIXES if not front_hostile else ['.md', '.txt'])}"
    p.write_bytes(_encode(text[:2_000_000], rng))
    return str(p)


def _row(meta: dict, body: str, rng: random.Random) -> dict:
    row = {"id": meta.get("title", "x")[:20], "lang": meta.get("lang", "en"), "title": meta.get("title", ""),
           "outlet": meta.get("outlet", ""), "text": body}
    for _ in range(rng.randint(0, 3)):
        key = rng.choice(list(row) + ["body", "content", "article", "date", "author"])
        row[key] = rng.choice([None, True, 12345, 1.5, float("nan"), [body], [1, [2]], {"p": body}, "", "   ",
                               "\ud800", body * rng.choice([1, 50]), "9" * 5000, ["a", "b"]])
    if rng.random() < 0.2:
        row.pop("text", None)
    return row


def _make_jsonl(d: Path, rng: random.Random, arts) -> str:
    lines = []
    for _ in range(rng.randint(1, 4)):
        line = json.dumps(_row(*rng.choice(arts), rng), ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.4:
            line = _mutate_text(line, rng, rng.randint(1, 3))
        lines.append(line)
    if rng.random() < 0.2:
        lines.append("[" * rng.choice([10, 5000, 100_000]))
    p = d / rng.choice(["corpus.jsonl", "corpus.ndjson"])
    p.write_bytes(_encode("\n".join(lines) + "\n", rng))
    return str(p)


def _make_csv(d: Path, rng: random.Random, arts) -> str:
    import csv
    import io

    rows = [_row(*rng.choice(arts), rng) for _ in range(rng.randint(1, 4))]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=rng.choice([",", ",", ";", "\t", "|"]))
    writer.writerow(keys)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else str(r.get(k)) for k in keys])
    text = buf.getvalue()
    if rng.random() < 0.5:
        text = _mutate_text(text, rng, rng.randint(1, 3))
    if rng.random() < 0.2:
        text = "\ufeff" * rng.randint(1, 2) + text
    p = d / "corpus.csv"
    p.write_bytes(_encode(text, rng))
    return str(p)


def _make_parquet(d: Path, rng: random.Random, arts) -> str:
    import polars as pl

    p = d / "corpus.parquet"
    rows = [_row(*rng.choice(arts), rng) for _ in range(rng.randint(1, 4))]
    try:
        columns = {k: [r.get(k) for r in rows] for k in dict.fromkeys(k for r in rows for k in r)}
        pl.DataFrame(columns, strict=False).write_parquet(p)
    except Exception:  # columns polars will not mix: one type per column, then
        pl.DataFrame({"lang": ["en"], "text": [rng.choice([1, 2.5, b"bytes", True])]}).write_parquet(p)
    if rng.random() < 0.6:
        data = bytearray(p.read_bytes())
        if rng.random() < 0.5:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 10)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        p.write_bytes(bytes(data))
    return str(p)


def _make_binary(d: Path, rng: random.Random, arts) -> str:
    suffix = rng.choice(TEXT_SUFFIXES + [".jsonl", ".csv", ".parquet"])
    lo = rng.choice([0, 1, 128])
    p = d / f"random{suffix}"
    p.write_bytes(bytes(rng.randrange(lo, 256) for _ in range(rng.choice([1, 100, 5000, 50_000]))))
    return str(p)


def _make_whitespace(d: Path, rng: random.Random, arts) -> str:
    chars = [" ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\x0b", "\x0c"]
    text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 300)))
    if rng.random() < 0.3:
        text = "---\nlang: en\n---\n" + text
    p = d / f"blank{rng.choice(TEXT_SUFFIXES + ['.jsonl', '.csv'])}"
    p.write_bytes(_encode(text, rng))
    return str(p)


def _make_tree(d: Path, rng: random.Random, arts) -> str:
    """A random directory tree: articles, links to parents, to themselves, to nothing, to devices; pipes."""
    dirs, files = [d], []
    for i in range(rng.randint(0, 5)):
        sub = rng.choice(dirs) / rng.choice([f"d{i}", f".d{i}", f"d{i}.md"])
        sub.mkdir()
        dirs.append(sub)
    for i in range(rng.randint(0, 4)):
        meta, body = rng.choice(arts)
        f = rng.choice(dirs) / f"a{i}{rng.choice(TEXT_SUFFIXES)}"
        f.write_text(f"---\n{_front(meta)}\n---\n\n{body}\n", encoding="utf-8")
        files.append(f)
    for i in range(rng.randint(1, 5)):
        link = rng.choice(dirs) / rng.choice([f"l{i}", f"l{i}.txt", f"l{i}.md"])
        target = rng.choice(dirs + files + [link, link.with_name("missing.txt"), Path("/dev/null"), Path("/dev/zero")])
        with contextlib.suppress(OSError):
            link.symlink_to(target)
    if hasattr(os, "mkfifo") and rng.random() < 0.3:
        os.mkfifo(rng.choice(dirs) / "pipe.txt")
    return rng.choice([str(d), f"{d}/**/*.txt", f"{d}/**", f"{d}/*/*.md", f"{d}/**/l*"])


MAKERS = {"layout": lambda d, rng, arts: _make_text(d, rng, arts, False),
          "front matter": lambda d, rng, arts: _make_text(d, rng, arts, True),
          "jsonl": _make_jsonl, "csv": _make_csv, "parquet": _make_parquet, "binary": _make_binary,
          "whitespace": _make_whitespace, "files": _make_tree}


def build_probes(root: Path, n: int, seed: int, fixed: bool = True) -> list[Probe]:
    probes = []
    if fixed:
        for i, case in enumerate(_cases_module().CASES):
            if case.skip():
                continue
            d = root / f"fixed-{i}"
            d.mkdir()
            spec = case.build(d)
            probes.append(Probe(case.category, case.name, os.fsdecode(spec) if isinstance(spec, bytes) else spec,
                                str(d), case))
    rng = random.Random(seed)
    arts = _articles()
    categories = list(MAKERS)
    for i in range(n):
        category = categories[i % len(categories)]
        d = root / f"random-{i}"
        d.mkdir()
        sub = random.Random(rng.getrandbits(64))
        probes.append(Probe(category, f"random #{i}", MAKERS[category](d, sub, arts), str(d)))
    return probes


# ------------------------------------------------------------------ the worker: calls in-process


def worker() -> None:
    """Read calls (JSON lines) on stdin; run each through CliRunner; answer one marked JSON line each."""
    import faulthandler
    import traceback

    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from click.testing import CliRunner

    from transcompare.cli import main

    out = sys.__stdout__
    for line in sys.stdin:
        call = json.loads(line)
        faulthandler.dump_traceback_later(call["timeout"] - 1, exit=False)  # a hang's stack, on stderr
        try:
            res = CliRunner().invoke(main, call["args"])
            exc = res.exception
            answer = {"exit": res.exit_code, "stdout": res.stdout, "stderr": res.stderr,
                      "exception": None if exc is None or isinstance(exc, SystemExit) else
                      "".join(traceback.format_exception(exc))[-2000:]}
        except BaseException as err:  # the runner itself failed
            answer = {"exit": -1, "stdout": "", "stderr": "", "exception": repr(err)}
        finally:
            faulthandler.cancel_dump_traceback_later()
        out.write(MARK + json.dumps({"id": call["id"], **answer}) + "\n")
        out.flush()


class Worker:
    def __init__(self, log) -> None:
        env = {**os.environ, "POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1",
               "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH", ""), str(REPO)) if p)}
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log, env=env, cwd=REPO)
        self.buf = b""

    def call(self, call: dict, timeout: float) -> dict | None:
        """The answer, or None when the call has not answered in ``timeout`` seconds (or the worker died)."""
        self.proc.stdin.write((json.dumps(call) + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                text = line.decode("utf-8", "replace")
                if text.startswith(MARK):
                    return json.loads(text[len(MARK):])
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:  # the worker died (a crash, the memory limit)
                    return {"exit": self.proc.wait(), "stdout": "", "stderr": "", "exception": "the worker died"}
                self.buf += chunk

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


# ------------------------------------------------------------------ judging the answers


def judge(probe: Probe, answer: dict | None) -> dict:
    if answer is None:
        return {"hang": True, "lost": True, "unexpected": probe.case is not None}
    shown = {_shown(n) for n in (probe.spec, probe.where)}
    errors = [line for line in answer["stderr"].split("\n") if line.startswith("Error: ")]
    records = []
    for line in answer["stdout"].split("\n"):  # not splitlines: U+2028 inside a JSON string
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    records = [r for r in records if isinstance(r, dict)]
    good = any(r.get("outlet") == GOOD_OUTLET for r in records)
    read = len({r.get("article_id") for r in records if r.get("outlet") != GOOD_OUTLET})
    native = answer.get("native_stderr", "")
    traceback = (bool(answer["exception"]) or "Traceback" in answer["stderr"] + answer["stdout"]
                 or "Traceback" in native or "panicked at" in native)
    wrong_exit = answer["exit"] not in (0, 2)
    case = probe.case
    expected = case is None or (read == case.read and (
        not errors if case.problem is None else len(errors) == 1 and case.problem in errors[0]))
    return {
        "hang": False,
        "traceback": traceback,
        "exit": wrong_exit,
        "unnamed": any(not any(s in e for s in shown) for e in errors),
        "lost": not good,
        "silent": not (traceback or wrong_exit or errors or read),
        "unexpected": not expected,
        "answer": answer,
    }


def _shown(name: str) -> str:
    """A name as an error line shows it (transcompare.ingest.meta.shown): undecodable bytes as \\xff."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


COLUMNS = [("traceback", "tracebacks"), ("hang", "hangs"), ("exit", "exit codes other than 0/2"),
           ("unnamed", "errors naming no file"), ("lost", "good article lost"),
           ("silent", "silent (neither read nor named)"), ("unexpected", "fixed cases not as the test expects")]


def table(probes: list[Probe]) -> list[str]:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in probes:
        for key in ("inputs",) + tuple(k for k, _ in COLUMNS):
            rows[p.category][key] += 1 if key == "inputs" else int(bool(p.result.get(key)))
    order = list(dict.fromkeys(p.category for p in probes))
    lines = ["| category | inputs | " + " | ".join(label for _, label in COLUMNS) + " |",
             "|---" * (len(COLUMNS) + 2) + "|"]
    total: dict[str, int] = defaultdict(int)
    for cat in order:
        lines.append(f"| {cat} | {rows[cat]['inputs']} | " + " | ".join(str(rows[cat][k]) for k, _ in COLUMNS) + " |")
        for k, v in rows[cat].items():
            total[k] += v
    lines.append(f"| **all** | **{total['inputs']}** | " + " | ".join(f"**{total[k]}**" for k, _ in COLUMNS) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="random mutated inputs (besides the fixed cases)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per call before it counts as a hang")
    ap.add_argument("--no-fixed", action="store_true", help="random inputs only")
    ap.add_argument("--show", action="store_true", help="list every input that failed a column, and why")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker()
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="transcompare-probe-") as tmp:
        root = Path(tmp)
        good = root / "good" / "probe-good.md"
        good.parent.mkdir()
        good.write_text(_cases_module().GOOD.replace("lang: en\n", f"lang: en\noutlet: {GOOD_OUTLET}\n", 1),
                        encoding="utf-8")
        probes = build_probes(root, args.n, args.seed, fixed=not args.no_fixed)
        log_path = root / "worker.log"
        with open(log_path, "wb") as log:
            w = Worker(log)
            try:
                for i, probe in enumerate(probes):
                    call = {"id": i, "timeout": args.timeout,
                            "args": ["segment", probe.spec, str(good), "--format", "jsonl"]}
                    before, t0 = log_path.stat().st_size, time.monotonic()
                    answer = w.call(call, args.timeout)
                    probe.seconds = time.monotonic() - t0
                    if answer is not None:  # what reached the worker's own stderr: a Rust panic, say
                        with open(log_path, "rb") as fh:
                            fh.seek(before)
                            answer["native_stderr"] = fh.read().decode("utf-8", "replace")
                    probe.result = judge(probe, answer)
                    if answer is None or answer.get("exception") == "the worker died":
                        w.stop()
                        w = Worker(log)
            finally:
                w.stop()
        if args.show:
            _show(probes, root / "worker.log")
    for line in table(probes):
        print(line)
    bad = sum(any(p.result.get(k) for k, _ in COLUMNS) for p in probes)
    slowest = max(probes, key=lambda p: p.seconds)
    print(f"\n{len(probes)} inputs ({args.n} random, seed {args.seed}) in {time.monotonic() - started:.0f} s "
          f"(the slowest call {slowest.seconds:.1f} s: {slowest.category}, {slowest.name}); {bad} with a problem")
    return 1 if bad else 0


def _show(probes: list[Probe], log: Path) -> None:
    for p in probes:
        failed = [label for key, label in COLUMNS if p.result.get(key)]
        if not failed:
            continue
        answer = p.result.get("answer") or {}
        detail = (answer.get("exception") or answer.get("native_stderr") or answer.get("stderr") or ""
                  ).strip().splitlines()[-3:]
        print(f"- {p.category}: {p.name} [{', '.join(failed)}] {p.spec!r}", file=sys.stderr)
        for line in detail:
            print(f"    {line[:300]}", file=sys.stderr)
    text = log.read_bytes().decode("utf-8", "replace")
    if "Thread" in text:
        print("worker stacks of hangs (faulthandler):\n" + text[-6000:], file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
