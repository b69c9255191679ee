"""Apertium engine: the Debian ``apertium`` command and its installed pair packages.

The sentences of a batch go through ``apertium`` in null-flush mode (``-z -f none``): each sentence is deformatted
on its own (``apertium-destxt``) and followed by a NUL byte, at which every program of the pipeline flushes, so
transfer rules cannot move words between sentences (a newline is *not* a boundary for Apertium: they move words
across it), and NUL cannot occur in text. The output is checked chunk by chunk (each must end with the
sentence-end marker we sent) and reformatted by ``apertium-retxt``. One state survives a flush: Apertium's HMM
tagger overwrites the tags it gives unknown words after it meets a word of an ambiguity class it was not trained
on; a probe finds those sentences and a new process starts after each (``ApertiumEngine._runs``). So the result
equals running ``apertium -u PAIR`` on each sentence separately (tested on 300 NTREX lines), whatever else is in
the batch.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from transcompare.errors import EngineError
from transcompare.langs import iso1

# destxt turns a blank line into a sentence end "." + empty superblank + superblank holding the blank line
_PARA_SPLIT = re.compile(r"\.\[\]\[\n\n\]")
_END = ".[][\n]"
_RS = "\x1e"  # record separator inside a superblank for the reformatting pass
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARK = re.compile(r"(?<!\S)[*#@](?=\w)")
ISOLATION = "tagger-isolated.v1, spaces.v1"  # each sentence as on its own (ApertiumEngine._runs); clean_marks
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
MIN_SPLIT = 16  # with several processes, a run is not cut into pieces shorter than this


def _run(cmd: list[str], data: str, what: str, timeout: float | None = None) -> str:
    try:
        proc = subprocess.run(cmd, input=data.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError as err:
        raise EngineError(f"Apertium is not installed ({cmd[0]} not found); apt-get install apertium") from err
    except subprocess.TimeoutExpired as err:
        raise EngineError(f"Apertium {what} timed out after {timeout:.0f}s") from err
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"Apertium {what} failed (exit {proc.returncode}): {msg[-1] if msg else 'no message'}")
    return proc.stdout.decode("utf-8", "replace")


@functools.lru_cache(maxsize=None)
def _package_version(package: str) -> str:
    if not shutil.which("dpkg-query"):
        return "unknown"
    proc = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "unknown"


@functools.lru_cache(maxsize=None)
def _apertium_version() -> str:
    try:
        out = subprocess.run(["apertium", "-V"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.strip().split()[-1] if out.strip() else "unknown"


def _modes_dir() -> Path | None:
    exe = shutil.which("apertium")
    if exe is None:
        return None
    for base in (Path(exe).resolve().parent.parent / "share" / "apertium", Path("/usr/share/apertium")):
        if (base / "modes").is_dir():
            return base / "modes"
    return None


def list_modes() -> dict[tuple[str, str], str]:
    """Installed Apertium translation modes as {(src, tgt) ISO 639-1: mode name}; empty without Apertium."""
    if shutil.which("apertium") is None:
        return {}
    modes_dir = _modes_dir()
    if modes_dir is not None:  # what `apertium -l` lists, without starting a process (keeps re-runs fast)
        names = [p.stem for p in modes_dir.glob("*.mode")]
    else:
        try:
            out = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.TimeoutExpired):
            return {}
        names = out.splitlines()
    modes: dict[tuple[str, str], str] = {}
    for name in sorted(n.strip() for n in names if n.strip()):
        parts = name.split("-")
        if len(parts) != 2 or "_" in name:  # variants (eng-cat_valencia) and 3-part modes are skipped
            continue
        pair = (iso1(parts[0]), iso1(parts[1]))
        if pair[0] == pair[1] or not all(re.fullmatch(r"[a-z]{2,3}", c) for c in pair):
            continue
        modes.setdefault(pair, name)
    return modes


@functools.lru_cache(maxsize=None)
def tagger_probe(mode: str) -> str | None:
    """The mode's pipeline up to its part-of-speech tagger, the tagger with its warnings on (``-d``); None if
    the mode has no ``apertium-tagger`` (then nothing needs isolating)."""
    modes_dir = _modes_dir()
    file = modes_dir / f"{mode}.mode" if modes_dir is not None else None
    if file is None or not file.is_file() or shutil.which("apertium-wblank-mode") is None:
        return None
    try:
        full = subprocess.run(["apertium-wblank-mode", "-z", str(file)], capture_output=True, text=True,
                              timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    parts = full.split(" | ")
    for k, part in enumerate(parts):
        if part.lstrip().startswith("apertium-tagger "):
            return " | ".join(parts[:k] + [part.replace("apertium-tagger ", "apertium-tagger -d ", 1)])
    return None


_NEW_CLASS = re.compile(r"new ambiguity class was found.*?\nWord '(.*?)'\.?\n", re.IGNORECASE | re.DOTALL)


def clean_marks(translation: str, source: str) -> str:
    """Remove Apertium's unknown/untranslated-word marks (*, #, @ before a word) that are not in the source, and
    the runs of spaces Apertium leaves where it drops a word ("gathered  the Saturday")."""
    def repl(m: re.Match) -> str:
        word = re.match(r"\S+", translation[m.start():]).group(0)
        return m.group(0) if word in source else ""

    return _SPACES.sub(" ", _MARK.sub(repl, translation))


class ApertiumEngine:
    """Translate with installed Apertium pairs (``apertium -l``)."""

    name = "apertium"

    def __init__(self, timeout: float = 600.0, processes: int = 1):
        self.timeout = timeout
        self.processes = max(1, int(processes))  # apertium processes run at once on one batch
        self.last_runs = 0  # processes the last batch took (see _runs)
        self._modes: dict[tuple[str, str], str] | None = None

    @property
    def modes(self) -> dict[tuple[str, str], str]:
        if self._modes is None:
            self._modes = list_modes()
        return self._modes

    def pairs(self) -> set[tuple[str, str]]:
        return set(self.modes)

    def mode(self, src: str, tgt: str) -> str:
        try:
            return self.modes[(src, tgt)]
        except KeyError:
            from transcompare.translate.sources import fix_text

            raise EngineError(f"no Apertium pair {src}->{tgt} installed; fix: {fix_text(src, tgt, 'apertium')}") \
                from None

    def signature(self, src: str, tgt: str) -> dict[str, Any]:
        mode = self.mode(src, tgt)
        package, mode_sha = "unknown", "unknown"
        modes_dir = _modes_dir()
        if modes_dir is not None and (modes_dir / f"{mode}.mode").is_file():
            text = (modes_dir / f"{mode}.mode").read_text(encoding="utf-8", errors="replace")
            mode_sha = hashlib.sha256(text.encode()).hexdigest()[:16]
            m = re.search(r"/apertium/(apertium-[A-Za-z0-9_-]+)/", text)
            if m:
                package = m.group(1)
        return {
            "engine": "apertium", "label": f"apertium:{mode}", "src": src, "tgt": tgt, "mode": mode,
            "package": package, "package_version": _package_version(package) if package != "unknown" else "unknown",
            "apertium_version": _apertium_version(), "mode_sha256": mode_sha,
            "options": f"-u -z -f none, {ISOLATION}",
        }

    def model_key(self, src: str, tgt: str) -> str:
        sig = self.signature(src, tgt)
        return f"{sig['mode']}|{sig['package']}={sig['package_version']}|{sig['mode_sha256']}|{ISOLATION}"

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        mode = self.mode(src, tgt)
        if not sentences:
            return []
        # one line per sentence: newlines and control characters inside a sentence become spaces
        clean = [_CONTROL.sub(" ", s.replace("\r\n", " ").replace("\n", " ")).strip() for s in sentences]
        todo = [i for i, s in enumerate(clean) if s]
        out = [""] * len(sentences)
        if not todo:
            return out
        texts = [clean[i] for i in todo]
        chunks = self._deformat(texts)
        runs = self._runs(chunks, texts, mode)
        if self.processes > 1 and len(runs) > 1:
            with ThreadPoolExecutor(max_workers=self.processes) as pool:  # the work is in the subprocesses
                done = list(pool.map(lambda r: self._translate(chunks[r[0]:r[1]], mode), runs))
        else:
            done = [self._translate(chunks[lo:hi], mode) for lo, hi in runs]
        results = [text for part in done for text in part]
        for i, text in zip(todo, results):
            out[i] = clean_marks(text.strip(), clean[i])
        return out

    def _deformat(self, texts: list[str]) -> list[str]:
        """One deformatted chunk per (non-empty, one-line) sentence, its sentence-end marker removed."""
        deformatted = _run(["apertium-destxt"], "\n\n".join(texts) + "\n", "deformatter", self.timeout)
        chunks = _PARA_SPLIT.split(deformatted)
        if len(chunks) != len(texts) or not chunks[-1].endswith(_END):
            raise EngineError(f"Apertium deformatter returned {len(chunks)} chunks for {len(texts)} sentences")
        chunks[-1] = chunks[-1][: -len(_END)]
        return chunks

    def _runs(self, chunks: list[str], texts: list[str], mode: str) -> list[tuple[int, int]]:
        """Cut a batch into runs of one ``apertium`` process each, so that every sentence comes out as it does
        translated on its own.

        Apertium's HMM tagger, on meeting a word of an ambiguity class it was not trained on, overwrites its
        *open class* (the tags it considers for every unknown word) for the rest of the process -- in any
        Apertium run. A probe (the pipeline up to the tagger, with its warnings on) names those words; a run
        ends after each sentence holding one. With ``processes`` > 1, long runs are also cut so that the
        processes share the work (a cut elsewhere changes nothing: a new process is where a sentence alone
        starts from).
        """
        n = len(chunks)
        ends: set[int] = set()
        probe = tagger_probe(mode)
        if probe is not None and n > 1:
            stream = "".join(chunk + _END + "\0" for chunk in chunks[:-1])  # the last one affects nothing after
            try:
                proc = subprocess.run(["bash", "-c", probe, "apertium", "", ""], input=stream.encode("utf-8"),
                                      capture_output=True, timeout=self.timeout)
                warned: set[str] | None = set(_NEW_CLASS.findall(proc.stderr.decode("utf-8", "replace")))
            except (OSError, subprocess.SubprocessError):
                warned = None
            if warned is None:  # the probe failed: isolate every sentence (slow, but right)
                ends = set(range(1, n))
            for word in warned or ():
                pat = re.compile(r"(?<!\w)" + re.escape(word.replace("\\", "")) + r"(?!\w)")
                found = [k + 1 for k, text in enumerate(texts) if pat.search(text)]
                if not found:  # a form we cannot place: isolate every sentence
                    ends = set(range(1, n))
                    break
                ends.update(found)
        bounds = sorted({0, n} | {e for e in ends if 0 < e < n})
        runs = list(zip(bounds, bounds[1:]))
        if self.processes > 1:
            size = max(MIN_SPLIT, -(-n // self.processes))
            runs = [(lo + k, min(hi, lo + k + size)) for lo, hi in runs for k in range(0, hi - lo, size)]
        self.last_runs = len(runs)
        return runs

    def _translate(self, chunks: list[str], mode: str) -> list[str]:
        """Deformatted sentences through one ``apertium -z`` process and ``apertium-retxt``, one output each."""
        stream = "".join(chunk + _END + "\0" for chunk in chunks)
        raw = _run(["apertium", "-z", "-u", "-f", "none", mode], stream, f"{mode}", self.timeout)
        parts = raw.split("\0")[: len(chunks)]  # the pipeline emits a few empty flushes at the end
        if len(parts) != len(chunks) or not all(p.endswith(_END) for p in parts):
            raise EngineError(f"Apertium {mode} lost sentence boundaries ({len(parts)} outputs for {len(chunks)})")
        refmt = _run(["apertium-retxt"], "".join(p[: -len(_END)] + ".[][" + _RS + "]" for p in parts),
                     "reformatter", self.timeout)
        results = refmt.split(_RS)[: len(chunks)]
        if len(results) != len(chunks):
            raise EngineError(f"Apertium reformatter returned {len(results)} outputs for {len(chunks)} sentences")
        return results
