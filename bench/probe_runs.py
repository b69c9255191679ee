"""Probe: runs that are killed and resumed, and runs at the same time, lose nothing (issue #14).

Every run is ``python -m transcompare run PIPELINE --out DIR -q`` in a subprocess, with a private translation
cache (``TRANSCOMPARE_CACHE``) in a scratch folder; nothing outside it is touched.

- reference: the pipeline (default: the demo) run once, uninterrupted, cold.
- 2 runs at once into one run directory (its own cold cache): one exits 2 with one line naming the directory;
  the other runs to the end and is the uninterrupted control. Between two uninterrupted runs only the timings
  differ: the manifest's ``created``, ``seconds`` and each stage's ``seconds``, and the places where the report
  shows them. These are the only things the comparisons leave out (TIMING); the probe checks that they are all
  that differs.
- killed and resumed: ``--kills`` times, a cold run SIGKILLed after a seeded random delay, then the same command
  again, to the end. The delays are one seeded point in each of ``--kills`` equal slices of 95% of a cold run's
  wall time (the shortest seen so far: the reference, the control, a killed run that ended first). Its
  outputs must equal the reference's; what a resumed run also tells differently is what this invocation did
  (HISTORY: which stages it skipped, its cache hits/misses/translated counts; and the report shows a skipped
  stage's signature with its keys sorted, as read back from .stages.json), left out too.
  No translation is redone: the sentences translated by the resume plus the rows the cache held when the run
  was killed make exactly the reference's total.
- N runs at once (2 and 4), each into its own run directory, all sharing one cold cache: every run's outputs
  equal the reference's and the cache ends up with exactly the reference's rows.

Outputs compared: every table (Parquet, read with polars, ``DataFrame.equals``: same rows in the same order),
its CSV/JSONL copies (bytes), manifest.json, report.html and the stage keys in .stages.json. A table that is
missing or cannot be read (or a cache failing ``PRAGMA integrity_check``) counts as corrupt. Cache rows are
compared as a set of (engine, model, src, tgt, source, translation). Temp files left by an atomic write
(``.NAME.*.tmp``) or by a writability check (``.transcompare-check-*``) are listed, not failed: a resume must
simply not be confused by them.

Prints a markdown table (the one in docs/pipeline.md#crashes-and-concurrent-runs-the-probe) and the kills one
by one; exits 1 if any check fails. Three to four minutes with the defaults on two cores.

    .venv/bin/python -m bench.probe_runs [--kills 10] [--seed 14] [--pipeline pipelines/lavrov-2015.toml]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import polars as pl

import transcompare
from transcompare.config import load_pipeline
from transcompare.pipeline import STAGE_TABLE, ordered_stages

REPO = Path(__file__).resolve().parents[1]
CODE = Path(transcompare.__file__).resolve().parents[1]  # the transcompare the subprocesses must run too
STAGES = [st.name for st in ordered_stages()]
TABLES = [STAGE_TABLE[name].name for name in STAGES]  # articles, sentences, ... in the order they are written
REFUSED = "another run is writing this run directory"
COUNTS = ("hits", "misses", "translated", "embedded")


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ running

def start(pipeline: Path, out: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "TRANSCOMPARE_CACHE": str(cache),
           "PYTHONPATH": os.pathsep.join([str(CODE), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.Popen([sys.executable, "-m", "transcompare", "run", str(pipeline), "--out", str(out), "-q"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass
class Done:
    rc: int
    stdout: str
    stderr: str
    seconds: float


def finish(proc: subprocess.Popen, t0: float) -> Done:
    out, err = proc.communicate(timeout=900)
    return Done(proc.returncode, out, err, time.perf_counter() - t0)


def run(pipeline: Path, out: Path, cache: Path) -> Done:
    t0 = time.perf_counter()
    return finish(start(pipeline, out, cache), t0)


# ------------------------------------------------------------------ what a run directory holds

def normal_manifest(m: dict[str, Any], history: bool) -> dict[str, Any]:
    """The manifest less TIMING (and, with ``history``, less HISTORY); see the module docstring."""
    m = copy.deepcopy(m)
    m.pop("created", None)
    m.pop("seconds", None)
    for st in m.get("stages", {}).values():
        st.pop("seconds", None)
        if history:
            st.pop("skipped", None)
            for counts in [st.get("cache"), *(st.get("steps") or {}).values()]:
                for k in COUNTS:
                    (counts or {}).pop(k, None)
    if history:  # this invocation's cache use ({"hits": 0, "misses": 0} when translate was skipped)
        m.pop("cache", None)
    return m


_SCRIPT = re.compile(r'(<script type="application/json" id="tc-manifest">)(.*?)(</script>)', re.S)
_FACT = re.compile(r"(<div><dt>(created|seconds|translation cache)</dt><dd>)([^<]*)(</dd></div>)")
_STAGE_ROW = re.compile(r"(<tr><td>(?:%s)</td><td>[^<]*</td><td>)([^<]*)(</td><td>)([^<]*)"
                        r"(</td><td><details><summary>)([^<]*)(</summary><pre>)([^<]*)(</pre>)" % "|".join(STAGES))


class ReportFormatChanged(Exception):
    pass


def normal_report(html: str, history: bool, key_order: bool = True) -> str:
    """report.html less what it shows of TIMING (and HISTORY): the facts ``created`` and ``seconds`` (and
    ``translation cache``), the stage table's seconds (and status) column, and the same keys in the manifest
    embedded as JSON; with ``history`` and ``key_order``, the stage signatures are also shown with their keys
    sorted (a skipped stage's signature is read back from .stages.json, written with sorted keys). Raises
    ReportFormatChanged when those places are not found where expected."""
    facts = {"created", "seconds"} | ({"translation cache"} if history else set())
    html, n = _SCRIPT.subn(lambda m: m[1] + json.dumps(normal_manifest(json.loads(m[2]), history),
                                                       sort_keys=True) + m[3], html)
    found: list[str] = []

    def fact(m: re.Match) -> str:
        found.append(m[2])
        return m[1] + ("-" if m[2] in facts else m[3]) + m[4]

    def stage(m: re.Match) -> str:
        summary, sig = m[6], m[8]
        if history and key_order:
            summary, sig = "-", json.dumps(json.loads(unescape(sig)), sort_keys=True, indent=1)
        return m[1] + "-" + m[3] + ("-" if history else m[4]) + m[5] + summary + m[7] + sig + m[9]

    html = _FACT.sub(fact, html)
    html, rows = _STAGE_ROW.subn(stage, html)
    if n != 1 or not {"created", "seconds"} <= set(found) or rows != len(STAGES):
        raise ReportFormatChanged(f"report.html: embedded manifest {n}, facts {found}, stage rows {rows}")
    return html


@dataclass
class Snapshot:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    corrupt: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    report: str | None = None
    keys: dict[str, str] | None = None


def snapshot(run_dir: Path, formats: list[str]) -> Snapshot:
    s = Snapshot()
    for name in TABLES:
        path = run_dir / f"{name}.parquet"
        try:
            s.frames[name] = pl.read_parquet(path)
        except Exception as err:  # missing, truncated, not parquet
            s.corrupt.append(f"{path.name} ({type(err).__name__})")
        for fmt in formats:
            if fmt == "parquet" or name == "embeddings":
                continue
            path = run_dir / f"{name}.{fmt}"
            try:
                data = path.read_bytes()
                if fmt == "csv":
                    pl.read_csv(data, infer_schema=False)
                else:
                    [json.loads(line) for line in data.decode("utf-8").splitlines()]
                s.exports[path.name] = data
            except Exception as err:
                s.corrupt.append(f"{path.name} ({type(err).__name__})")
    try:
        s.manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    except Exception as err:
        s.corrupt.append(f"manifest.json ({type(err).__name__})")
    try:
        s.report = (run_dir / "report.html").read_text(encoding="utf-8")
    except Exception as err:
        s.corrupt.append(f"report.html ({type(err).__name__})")
    try:
        state = json.loads((run_dir / ".stages.json").read_text(encoding="utf-8"))
        s.keys = {k: v.get("key") for k, v in state.items()}
    except Exception as err:
        s.corrupt.append(f".stages.json ({type(err).__name__})")
    return s


def _paths(a: Any, b: Any, at: str = "") -> list[str]:
    """Where two JSON values differ (dotted paths)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [p for k in sorted(set(a) | set(b)) for p in _paths(a.get(k), b.get(k), f"{at}.{k}" if at else k)]
    return [] if a == b else [at or "(root)"]


def differences(ref: Snapshot, got: Snapshot, history: bool) -> list[str]:
    """What differs (besides TIMING, and HISTORY with ``history``); corrupt files are counted separately."""
    out = []
    for name, df in ref.frames.items():
        other = got.frames.get(name)
        if other is None:
            continue
        if not df.equals(other):
            same_rows = df.height == other.height and df.columns == other.columns and \
                df.sort(df.columns).equals(other.sort(df.columns))
            out.append(f"{name}.parquet: {'same rows in another order' if same_rows else 'other content'} "
                       f"({df.height} vs {other.height} rows)")
    for name, data in ref.exports.items():
        if name in got.exports and got.exports[name] != data:
            out.append(f"{name}: other bytes")
    if ref.manifest is not None and got.manifest is not None:
        diff = _paths(normal_manifest(ref.manifest, history), normal_manifest(got.manifest, history))
        if diff:
            out.append("manifest.json: " + ", ".join(diff[:5]) + (" …" if len(diff) > 5 else ""))
    if ref.report is not None and got.report is not None:
        a, b = normal_report(ref.report, history), normal_report(got.report, history)
        if a != b:
            at = next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\0")) if x != y)
            out.append(f"report.html: differs at character {at}: {b[max(0, at - 40):at + 40]!r}")
    if ref.keys is not None and got.keys is not None and ref.keys != got.keys:
        out.append(".stages.json: other stage keys: " + ", ".join(_paths(ref.keys, got.keys)))
    return out


def temp_files(root: Path) -> list[str]:
    """Leftovers of an atomic write (``.NAME.XXXX.tmp``) or of a writability check, anywhere under ``root``."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.endswith(".tmp") or p.name.startswith(".transcompare-check-"))


def cache_rows(cache: Path) -> set[tuple]:
    db = cache / "translations.sqlite3"
    if not db.exists():
        return set()
    conn = sqlite3.connect(db, timeout=60)
    try:
        return set(conn.execute("SELECT engine, model, src, tgt, source, translation FROM translations"))
    except sqlite3.OperationalError:  # the table is not created yet
        return set()
    finally:
        conn.close()


def cache_problems(cache: Path) -> list[str]:
    """``PRAGMA integrity_check`` of both caches (translations, embeddings) where they exist."""
    out = []
    for name in ("translations.sqlite3", "embeddings.sqlite3"):
        db = cache / name
        if db.exists():
            conn = sqlite3.connect(db, timeout=60)
            try:
                res = conn.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as err:
                res = str(err)
            finally:
                conn.close()
            if res != "ok":
                out.append(f"{name}: {res}")
    return out


def translated(m: dict[str, Any] | None) -> int:
    """Sentences an engine translated in the run that wrote this manifest (0 when translate was skipped)."""
    st = (m or {}).get("stages", {}).get("translate", {})
    return 0 if st.get("skipped") else int(st.get("cache", {}).get("translated", 0))


def reached(run_dir: Path) -> str:
    """Where a killed run was: the stage whose table was not written yet, from the files it left."""
    if not (run_dir / ".lock").exists():
        return "start-up"
    for st in ordered_stages():
        if not (run_dir / f"{STAGE_TABLE[st.name].name}.parquet").exists():
            return st.name
    if not (run_dir / "manifest.json").exists():
        return "manifest"
    return "report"


# ------------------------------------------------------------------ trials

@dataclass
class Row:
    category: str
    trials: str
    runs: int = 0
    identical: int = 0
    redone: int | str = 0
    temps: int = 0
    corrupt: int = 0
    lost: int = 0
    unexpected: int = 0
    problems: list[str] = field(default_factory=list)

    def check(self, who: str, ref: Snapshot, got: Snapshot, history: bool) -> None:
        self.runs += 1
        self.corrupt += len(got.corrupt)
        self.problems += [f"{who}: corrupt {c}" for c in got.corrupt]
        diff = differences(ref, got, history)
        self.problems += [f"{who}: {d}" for d in diff]
        if not diff and not got.corrupt:
            self.identical += 1

    def check_cache(self, who: str, ref_rows: set, cache: Path) -> None:
        rows = cache_rows(cache)
        lost, extra = ref_rows - rows, rows - ref_rows
        self.lost += len(lost)
        if lost:
            self.problems.append(f"{who}: {len(lost)} cache rows lost, e.g. {sorted(lost)[0][2:5]}")
        if extra:
            self.problems.append(f"{who}: {len(extra)} cache rows not in the reference's cache, "
                                 f"e.g. {sorted(extra)[0][2:6]}")
        bad = cache_problems(cache)
        self.corrupt += len(bad)
        self.problems += [f"{who}: cache {b}" for b in bad]

    def exit_code(self, who: str, done: Done, expected: int = 0) -> None:
        if done.rc != expected:
            self.unexpected += 1
            tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
            self.problems.append(f"{who}: exit code {done.rc}, expected {expected}: {tail[0]}")


def cells(row: Row) -> list[str]:
    return [row.category, row.trials, f"{row.identical} of {row.runs}", str(row.redone), str(row.temps),
            str(row.corrupt), str(row.lost), str(row.unexpected)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pipeline", default=str(REPO / "pipelines" / "lavrov-2015.toml"))
    ap.add_argument("--kills", type=int, default=10, help="killed-and-resumed runs (default 10)")
    ap.add_argument("--seed", type=int, default=14, help="seed of the kill delays (default 14)")
    ap.add_argument("--concurrent", default="2,4", help="runs at once sharing one cache (default 2,4)")
    ap.add_argument("--workdir", help="keep the run directories and caches in this (new) folder")
    args = ap.parse_args(argv)
    pipeline = Path(args.pipeline).resolve()
    formats = list(load_pipeline(pipeline).output.formats)
    if args.workdir:
        root = Path(args.workdir)
        root.mkdir(parents=True, exist_ok=False)
        return probe(pipeline, formats, root, args)
    with tempfile.TemporaryDirectory(prefix="transcompare-probe-runs-") as tmp:
        return probe(pipeline, formats, Path(tmp), args)


def probe(pipeline: Path, formats: list[str], root: Path, args) -> int:
    t_start = time.perf_counter()
    rows: list[Row] = []

    # reference
    say("reference run ...")
    ref_done = run(pipeline, root / "reference" / "run", root / "reference" / "cache")
    if ref_done.rc != 0:
        say(f"the reference run failed (exit {ref_done.rc}):\n{ref_done.stderr}")
        return 1
    ref = snapshot(root / "reference" / "run", formats)
    ref_rows = cache_rows(root / "reference" / "cache")
    total = translated(ref.manifest)
    duration = ref_done.seconds
    if ref.corrupt or total != len(ref_rows):
        say(f"reference: corrupt {ref.corrupt}; translated {total}, cache rows {len(ref_rows)}")
        return 1
    say(f"  {duration:.1f} s, {total} sentences translated, {len(ref_rows)} cache rows")

    # two runs at once into one run directory: one is refused; the other is the uninterrupted control, which
    # shows what differs between two uninterrupted runs
    say("2 runs at once into one run directory (the one that runs is the uninterrupted control) ...")
    d = root / "same-dir"
    row = Row("2 runs at once, one run directory²", "1 (2 runs)")
    t0 = time.perf_counter()
    procs = [start(pipeline, d / "run", d / "cache") for _ in range(2)]
    dones = [finish(p, t0) for p in procs]
    control_seconds = max(x.seconds for x in dones)
    codes = sorted(x.rc for x in dones)
    if codes != [0, 2]:
        row.unexpected += sum(c not in (0, 2) for c in codes) or 1
        row.problems.append(f"same directory: exit codes {codes}, expected one 0 and one 2")
    for x in dones:
        lines = x.stderr.strip().splitlines()
        if x.rc == 2 and (len(lines) != 1 or REFUSED not in lines[0] or str(d / "run") not in lines[0]):
            row.problems.append(f"same directory: the refused run said {x.stderr!r}")
        elif x.rc == 2:
            say(f"  refused: {lines[0]}")
    got = snapshot(d / "run", formats)
    row.check("same directory", ref, got, history=False)
    row.redone = translated(got.manifest) - total
    row.temps = len(temp_files(d))
    row.check_cache("same directory", ref_rows, d / "cache")
    raw = sorted({re.sub(r"^stages\.[^.]+\.", "stages.*.", p) for p in _paths(ref.manifest, got.manifest or {})})
    files = sorted(p.name for p in (root / "reference" / "run").iterdir() if p.is_file()
                   and (not (d / "run" / p.name).exists() or (d / "run" / p.name).read_bytes() != p.read_bytes()))
    timing = {"created", "seconds", "stages.*.seconds"}
    if not set(raw) <= timing:
        row.problems.append(f"control: the manifests differ beyond the timings: {sorted(set(raw) - timing)}")
    control = f"files that differ: {', '.join(files)}; in the manifest: {', '.join(raw)}"
    say(f"  control: {control}")
    same_dir = row

    # killed and resumed
    rng = random.Random(args.seed)
    n = args.kills
    # one kill in each of n slices of the run, at a seeded point of its slice; in seconds, that fraction of the
    # shortest cold run seen so far (the machine may be shared: a run that ends before its kill shortens it)
    fractions = [(k + rng.random()) / n * 0.95 for k in range(n)]
    duration = min(duration, control_seconds)
    row = Row("killed (SIGKILL) and resumed", str(n))
    kills = []
    for k, fraction in enumerate(fractions, 1):
        delay = fraction * duration
        d = root / f"kill-{k:02d}"
        t0 = time.perf_counter()
        proc = start(pipeline, d / "run", d / "cache")
        while proc.poll() is None and time.perf_counter() - t0 < delay:
            time.sleep(0.01)
        was_running = proc.poll() is None
        if was_running:
            proc.send_signal(signal.SIGKILL)
        killed = finish(proc, t0)
        where = reached(d / "run") if was_running else "finished first"
        cached = len(cache_rows(d / "cache"))
        temps_at_kill = temp_files(d)
        if killed.rc == 0:  # it ended on its own before the kill
            where = "finished first"
            duration = min(duration, killed.seconds)
        else:
            row.exit_code(f"kill {k} (killed run)", killed, -signal.SIGKILL)
        done = run(pipeline, d / "run", d / "cache")
        row.exit_code(f"kill {k} (resume)", done)
        got = snapshot(d / "run", formats)
        before = row.identical
        row.check(f"kill {k}", ref, got, history=True)
        strict = not differences(ref, got, history=False)
        key_order = got.report is not None and normal_report(ref.report, True, key_order=False) != \
            normal_report(got.report, True, key_order=False)
        redo = translated(got.manifest) + cached - total
        row.redone += redo
        if redo:
            row.problems.append(f"kill {k}: {translated(got.manifest)} translated on resume + {cached} cached at the "
                                f"kill = {translated(got.manifest) + cached}, not {total}")
        temps = temp_files(d)
        row.temps += len(temps)
        row.check_cache(f"kill {k}", ref_rows, d / "cache")
        kills.append({"k": k, "delay": delay, "where": where, "cached": cached,
                      "translated": translated(got.manifest), "temps_kill": temps_at_kill, "temps": temps,
                      "identical": row.identical > before, "strict": strict,
                      "key_order": key_order})
        say(f"  kill {k}: {delay:.1f} s, during {where}, {cached} cached, resume translated "
            f"{translated(got.manifest)}, temp files {temps_at_kill} -> {temps}, "
            f"{'identical' if kills[-1]['identical'] else 'DIFFERENT'}")
    rows.append(row)

    # runs at once sharing one cache
    dup_notes = []
    for m in [int(x) for x in args.concurrent.split(",") if x.strip()]:
        say(f"{m} runs at once, one shared cache ...")
        d = root / f"concurrent-{m}"
        row = Row(f"{m} runs at once, one shared cache", f"1 ({m} runs)", redone="—¹")
        t0 = time.perf_counter()
        procs = [start(pipeline, d / f"run-{i}", d / "cache") for i in range(1, m + 1)]
        dones = [finish(p, t0) for p in procs]
        work = 0
        for i, done in enumerate(dones, 1):
            row.exit_code(f"{m} at once, run {i}", done)
            if "Traceback" in done.stderr or "UNIQUE" in done.stderr:
                row.problems.append(f"{m} at once, run {i}: {done.stderr.strip().splitlines()[-1]}")
            got = snapshot(d / f"run-{i}", formats)
            row.check(f"{m} at once, run {i}", ref, got, history=True)
            work += translated(got.manifest)
            if translated(got.manifest) > total:
                row.problems.append(f"{m} at once, run {i}: translated {translated(got.manifest)} > {total}")
        row.temps = len(temp_files(d))
        row.check_cache(f"{m} at once", ref_rows, d / "cache")
        dup_notes.append(f"{m} runs: {work} translations for {total} sentences")
        rows.append(row)
        say(f"  {time.perf_counter() - t0:.1f} s; {work} translations for {total} sentences")

    rows.append(same_dir)

    # the table
    head = ["category", "trials", "identical outputs", "translations redone", "leftover temp files",
            "corrupt tables", "lost cache rows", "unexpected exit codes"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(cells(r)) + " |")
    print(f"\n¹ runs started together on a cold cache each translate what is not cached yet when they look it up "
          f"({'; '.join(dup_notes)}): work done twice, not a lost or a wrong row.")
    print(f"\n² one of the two runs stops at once with exit code 2 and one line naming the directory; the other "
          f"runs to the end: it is the uninterrupted control, compared with the reference leaving out only TIMING "
          f"(between these two uninterrupted runs, {control}).")
    print(f"\nReference: {ref_done.seconds:.1f} s, {total} sentences translated; the kills' delays are seeded "
          f"fractions (seed {args.seed}) of the shortest cold run, {duration:.1f} s at the end:\n")
    print("| kill | after (s) | during | rows cached at the kill | translated on resume | temp files at the kill "
          "| after the resume | outputs identical |")
    print("|---|---|---|---|---|---|---|---|")
    for x in kills:
        print(f"| {x['k']} | {x['delay']:.1f} | {x['where']} | {x['cached']} | {x['translated']} "
              f"| {len(x['temps_kill'])} | {len(x['temps'])} | {'yes' if x['identical'] else 'NO'} |")
    ended = sum(x["where"] == "finished first" for x in kills)
    if ended:
        print(f"\n{ended} of {len(kills)} runs ended before their kill came (compared all the same).")
    strict = sum(x["strict"] for x in kills)
    print(f"\nLeaving out only TIMING, not HISTORY, {strict} of {len(kills)} resumed runs are identical to the "
          f"reference: the others' manifests and reports tell which stages they skipped and what they found in the "
          f"cache.")
    order = sum(x["key_order"] for x in kills)
    print(f"{order} of {len(kills)} resumed reports show a skipped stage's signature with its keys in sorted order "
          f"(the same JSON).")
    failed = [p for r in rows for p in r.problems]
    for p in failed:
        print(f"FAILED: {p}")
    for x in kills:
        for t in x["temps"]:
            print(f"temp file left after kill {x['k']}: {t}")
    say(f"{time.perf_counter() - t_start:.0f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
