"""argos engine: installed Argos Translate packages, run directly with CTranslate2.

Discovery uses the argostranslate package API (``argostranslate.package.Package`` reads each package's
metadata.json and tokenizer). Translation is ours: the sentences come from our segmenter, are tokenized with the
package's SentencePiece (or BPE) model in one call, and go to ``ctranslate2.Translator.translate_batch`` in large,
length-sorted batches. Tokenization, target prefix, decoding options (``replace_unknowns``, ``length_penalty=0.2``)
and detokenization mirror ``argostranslate.translate.apply_packaged_translation``, so for the same sentence and
beam size the output equals argostranslate's own ``translate()`` (tested).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from transcompare.errors import EngineError
from transcompare.files import file_sha256

LENGTH_PENALTY = 0.2  # argostranslate's value


def packages_dirs() -> list[Path]:
    """Where argos packages are installed: ``$ARGOS_PACKAGES_DIR`` (read now), else argostranslate's settings."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return [Path(env).expanduser()]
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def install_dir() -> Path:
    return packages_dirs()[0]


@dataclass(frozen=True)
class InstalledPackage:
    """An installed argos translation package (as read by argostranslate's Package)."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str
    target_prefix: str
    tokenizer: str  # "sentencepiece" or "bpe"
    from_name: str = ""
    to_name: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def installed_packages(dirs: list[Path] | None = None) -> tuple[list[InstalledPackage], list[str]]:
    """Installed translate packages and one warning line per unreadable package directory."""
    from argostranslate.package import Package

    found: list[InstalledPackage] = []
    problems: list[str] = []
    for d in dirs if dirs is not None else packages_dirs():
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            try:
                pkg = Package(sub)
            except Exception as err:  # noqa: BLE001 -- any unreadable third-party package is skipped, reported
                problems.append(f"{sub}: not a readable argos package ({err})")
                continue
            if getattr(pkg, "type", "translate") != "translate" or not pkg.from_code or not pkg.to_code:
                continue
            if (sub / "sentencepiece.model").is_file():
                tok = "sentencepiece"
            elif (sub / "bpe.model").is_file():
                tok = "bpe"
            else:
                problems.append(f"{sub}: no sentencepiece.model or bpe.model")
                continue
            if not (sub / "model" / "model.bin").is_file():
                problems.append(f"{sub}: no model/model.bin")
                continue
            found.append(InstalledPackage(
                path=sub, from_code=pkg.from_code, to_code=pkg.to_code,
                package_version=str(pkg.package_version or ""), argos_version=str(pkg.argos_version or ""),
                target_prefix=getattr(pkg, "target_prefix", "") or "", tokenizer=tok,
                from_name=pkg.from_name or "", to_name=pkg.to_name or ""))
    return found, problems


def _version_key(v: str):
    """Package versions compare as versions (1.10 > 1.9); one that is not a version sorts first."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(v)
    except InvalidVersion:
        return Version("0")




@dataclass
class ArgosSettings:
    """CTranslate2 settings. Beam size and compute type change the output (they are part of the cache key);
    the others only change speed."""

    beam_size: int = 4
    batch_type: str = "examples"
    max_batch_size: int = 32
    inter_threads: int = 0  # 0: two batches in parallel (one on a single core)
    intra_threads: int = 0  # 0: cores / inter_threads
    compute_type: str = "auto"
    device: str = "cpu"
    decoding: dict[str, Any] = field(default_factory=dict)  # extra translate_batch options (benchmarks)

    def threads(self) -> tuple[int, int]:
        """(inter_threads, intra_threads) actually used: batches in parallel x threads per batch <= cores."""
        cores = os.cpu_count() or 1
        inter = self.inter_threads or min(2, cores)
        intra = self.intra_threads or max(1, cores // inter)
        return inter, intra

    def output_key(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in sorted(self.decoding.items()))
        return f"beam={self.beam_size}|lp={LENGTH_PENALTY}|ct={self.compute_type}" + (f"|{extra}" if extra else "")


class _Loaded:
    def __init__(self, pkg: InstalledPackage, settings: ArgosSettings):
        import ctranslate2

        self.pkg = pkg
        inter, intra = settings.threads()
        kwargs: dict[str, Any] = dict(device=settings.device, inter_threads=inter, intra_threads=intra)
        if settings.compute_type != "auto":
            kwargs["compute_type"] = settings.compute_type
        try:
            self.translator = ctranslate2.Translator(str(pkg.path / "model"), **kwargs)
        except (RuntimeError, ValueError) as err:
            raise EngineError(f"argos package {pkg.path}: CTranslate2 cannot load the model ({err})") from err
        if pkg.tokenizer == "sentencepiece":
            import sentencepiece as spm

            self.sp = spm.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
            self.bpe = None
        else:
            from argostranslate.tokenizer import BPETokenizer

            self.sp = None
            self.bpe = BPETokenizer(pkg.path / "bpe.model", pkg.from_code, pkg.to_code)

    def encode(self, lines: list[str]) -> list[list[str]]:
        if self.sp is not None:
            return self.sp.encode(lines, out_type=str)
        return [self.bpe.encode(line) for line in lines]

    def decode(self, tokens: list[str]) -> str:
        # == argostranslate.tokenizer.*Tokenizer.decode, then apply_packaged_translation's clean-up
        if self.sp is not None:
            value = self.sp.decode_pieces(tokens).replace("\u2581", " ").replace("_", " ")
        else:
            value = self.bpe.decode(tokens)
        prefix = self.pkg.target_prefix
        if prefix != "" and value.startswith(prefix):
            value = value[len(prefix):]
        if len(value) > 0 and value[0] == " ":
            value = value[1:]
        return value


class ArgosEngine:
    """Translate with installed argos packages through CTranslate2 (see module doc)."""

    name = "argos"

    def __init__(self, settings: ArgosSettings | None = None, dirs: list[Path] | None = None):
        self.settings = settings or ArgosSettings()
        self.dirs = dirs
        self._packages: dict[tuple[str, str], InstalledPackage] | None = None
        self.problems: list[str] = []
        self._loaded: dict[Path, _Loaded] = {}

    @property
    def packages(self) -> dict[tuple[str, str], InstalledPackage]:
        if self._packages is None:
            found, self.problems = installed_packages(self.dirs)
            best: dict[tuple[str, str], InstalledPackage] = {}
            for pkg in sorted(found, key=lambda p: (_version_key(p.package_version), p.name)):
                best[(pkg.from_code, pkg.to_code)] = pkg  # highest version wins
            self._packages = best
        return self._packages

    def pairs(self) -> set[tuple[str, str]]:
        return set(self.packages)

    def package(self, src: str, tgt: str) -> InstalledPackage:
        try:
            return self.packages[(src, tgt)]
        except KeyError:
            raise EngineError(f"no argos package {src}->{tgt} installed; run: transcompare models install {src} {tgt}"
                              ) from None

    def signature(self, src: str, tgt: str) -> dict[str, Any]:
        import ctranslate2

        pkg = self.package(src, tgt)
        return {
            "engine": "argos", "label": f"argos:{src}-{tgt}", "src": src, "tgt": tgt, "package": pkg.name,
            "package_version": pkg.package_version, "argos_version": pkg.argos_version,
            "model_sha256": file_sha256(pkg.path / "model" / "model.bin"), "tokenizer": pkg.tokenizer,
            "ctranslate2_version": ctranslate2.__version__, "length_penalty": LENGTH_PENALTY,
            **{k: v for k, v in asdict(self.settings).items() if k != "decoding"},
            **({"decoding": dict(self.settings.decoding)} if self.settings.decoding else {}),
        }

    def model_key(self, src: str, tgt: str) -> str:
        pkg = self.package(src, tgt)
        sha = file_sha256(pkg.path / "model" / "model.bin")[:16]
        return f"{pkg.name}@{pkg.package_version}#{sha}|{self.settings.output_key()}"

    def loaded(self, src: str, tgt: str) -> _Loaded:
        pkg = self.package(src, tgt)
        if pkg.path not in self._loaded:
            self._loaded[pkg.path] = _Loaded(pkg, self.settings)
        return self._loaded[pkg.path]

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        if not sentences:
            return []
        model = self.loaded(src, tgt)
        # argostranslate translates a text line by line ("paragraphs"); mirror that for sentences with newlines
        lines_of = [s.split("\n") for s in sentences]
        flat = [line for lines in lines_of for line in lines]
        todo = [i for i, line in enumerate(flat) if line.strip()]
        outputs = [""] * len(flat)
        if todo:
            tokens = model.encode([flat[i] for i in todo])
            st = self.settings
            prefix = [[model.pkg.target_prefix]] * len(tokens) if model.pkg.target_prefix else None
            try:
                results = model.translator.translate_batch(
                    tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=st.max_batch_size,
                    batch_type=st.batch_type, beam_size=max(1, st.beam_size), num_hypotheses=1,
                    length_penalty=LENGTH_PENALTY, **st.decoding)
            except (RuntimeError, ValueError) as err:
                raise EngineError(f"argos {src}->{tgt}: CTranslate2 failed: {err}") from err
            for i, res in zip(todo, results):
                outputs[i] = model.decode(res.hypotheses[0])
        out, k = [], 0
        for lines in lines_of:
            out.append("\n".join(outputs[k:k + len(lines)]).lstrip("\n"))
            k += len(lines)
        return out
