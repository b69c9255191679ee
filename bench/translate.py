"""Benchmark: argostranslate's translate() vs transcompare's argos engine vs raw CTranslate2 (not a test).

A random-weight package of real argos size (6+6 layers, d_model 512, ffn 2048, 8 heads, ~32k SentencePiece vocab,
int8) translates NTREX English sentences with beam 4 and beam 1, all in one run:

  (a) argostranslate's own ``translate()`` with its defaults (one call per sentence, 32-token batches)
  (b) transcompare's argos engine (``ArgosEngine.translate_batch`` on all sentences, including tokenizing)
  (c) raw ``ctranslate2.Translator.translate_batch`` on pre-tokenized input, best settings of a small grid

(b) and (c) are fast enough to be timed ``--repeat`` times (best counts: other processes on the machine only ever
slow a run down); (a) takes minutes and is timed once.

Random weights never emit end-of-sentence, so every contestant decodes exactly L tokens per sentence
(``min_decoding_length = max_decoding_length = L``, L = the mean source length in tokens).
argostranslate's sentence splitter (MiniSBD) downloads a model on first use; the sentences are already split,
so it is given one sentence per call unchanged -- everything else is argostranslate's code.

    .venv/bin/python bench/translate.py               # 400 sentences, about 8 minutes on 2 cores
    .venv/bin/python bench/translate.py --sentences 100
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT / ".." / "shared" / "data" / "ntrex"


def build(tmp: Path) -> Path:
    from transcompare.translate.models import install_file
    from transcompare.translate.synthetic import build_package

    lines: list[str] = []
    for f in sorted(NTREX.glob("*.txt")):
        lines += f.read_text(encoding="utf-8").splitlines()
    t = time.perf_counter()
    pkg = build_package(tmp / "en_xx.argosmodel", "en", "es", lines, vocab_size=32000, layers=6, d_model=512,
                        ffn=2048, heads=8, seed=7, quantization="int8")
    print(f"built random-weight package in {time.perf_counter() - t:.0f}s "
          f"({pkg.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return install_file(pkg)


class FixedLength:
    """Wraps argostranslate's CTranslate2 translator to decode exactly L tokens (random weights emit no EOS)."""

    def __init__(self, inner, length: int):
        self.inner, self.length = inner, length

    def translate_batch(self, *args, **kwargs):
        kwargs.update(max_decoding_length=self.length, min_decoding_length=self.length)
        return self.inner.translate_batch(*args, **kwargs)


def argos_reference(pkg_dir: Path, length: int):
    import ctranslate2
    from argostranslate import sbd, settings
    from argostranslate import translate as at

    class OneSentence(sbd.ISentenceBoundaryDetectionModel):
        def split_sentences(self, text):
            return [text]

    settings.package_dirs = [pkg_dir.parent]
    at.installed_translates.clear()
    at.get_installed_languages.cache_clear()
    for lang in at.get_installed_languages():
        for tr in lang.translations_from:
            inner = getattr(tr, "underlying", None)
            if inner is not None and hasattr(inner, "sentencizer"):
                inner.sentencizer = OneSentence()
                # the translator argostranslate would create (same settings), decoding L tokens
                params = {"model_path": str(inner.pkg.package_path / "model"), "device": settings.device,
                          "inter_threads": settings.inter_threads, "intra_threads": settings.intra_threads}
                if settings.compute_type != "auto":
                    params["compute_type"] = settings.compute_type
                inner.translator = FixedLength(ctranslate2.Translator(**params), length)
    return at.translate, settings


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=400)
    ap.add_argument("--beams", default="4,1")
    ap.add_argument("--repeat", type=int, default=5, help="(b) and (c) are timed this many times; best counts")
    args = ap.parse_args(argv)

    import ctranslate2

    from transcompare.translate.argos import ArgosEngine, ArgosSettings

    sentences = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:args.sentences]
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="tc-bench-") as tmpdir:
        tmp = Path(tmpdir)
        os.environ["ARGOS_PACKAGES_DIR"] = str(tmp / "packages")
        pkg_dir = build(tmp)
        import sentencepiece as spm

        sp = spm.SentencePieceProcessor(model_file=str(pkg_dir / "sentencepiece.model"))
        tokens = sp.encode(sentences, out_type=str)
        length = round(sum(map(len, tokens)) / len(tokens))
        print(f"{len(sentences)} sentences, mean {length} tokens; every contestant decodes {length} tokens each, "
              f"{cores} cores", file=sys.stderr)
        argos_translate, argos_settings = argos_reference(pkg_dir, length)
        fixed = {"max_decoding_length": length, "min_decoding_length": length}

        rows = []
        for beam in [int(b) for b in args.beams.split(",")]:
            # (a) argostranslate translate(), its defaults (beam 4; ARGOS_BEAM_SIZE=1 for the beam-1 row)
            argos_settings.beam_size = beam
            argos_translate(sentences[0], "en", "es")  # warm-up (model load)
            ta, out_a = timed(lambda: [argos_translate(s, "en", "es") for s in sentences])
            print(f"beam {beam}: (a) argostranslate {ta:.1f}s", file=sys.stderr)
            # (c) raw CTranslate2: pick the best of a small grid on a sample
            grid = [dict(inter_threads=1, intra_threads=cores, batch_type="tokens", max_batch_size=n)
                    for n in (1024, 4096)]
            grid += [dict(inter_threads=1, intra_threads=cores, batch_type="examples", max_batch_size=64)]
            if cores > 1:
                grid += [dict(inter_threads=2, intra_threads=cores // 2, batch_type="examples", max_batch_size=n)
                         for n in (16, 32, 64)]
                grid += [dict(inter_threads=2, intra_threads=cores // 2, batch_type="tokens", max_batch_size=1024)]
            sample = tokens[: max(64, len(tokens) // 4)]
            best, best_t = None, float("inf")
            for cfg in grid:
                tr = ctranslate2.Translator(str(pkg_dir / "model"), inter_threads=cfg["inter_threads"],
                                            intra_threads=cfg["intra_threads"])
                t = min(timed(lambda: tr.translate_batch(sample, beam_size=beam, batch_type=cfg["batch_type"],
                                                         max_batch_size=cfg["max_batch_size"], **fixed))[0]
                        for _ in range(2))
                if t < best_t:
                    best, best_t = cfg, t
                del tr
            raw = ctranslate2.Translator(str(pkg_dir / "model"), inter_threads=best["inter_threads"],
                                         intra_threads=best["intra_threads"])
            # (b) our engine, default settings
            engine = ArgosEngine(ArgosSettings(beam_size=beam, decoding=fixed))
            engine.translate_batch(sentences[:2], "en", "es")
            # (b) and (c) alternate, so both see the same machine load; the best run of each counts
            runs_b, runs_c = [], []
            for _ in range(args.repeat):
                runs_b.append(timed(lambda: engine.translate_batch(sentences, "en", "es")))
                runs_c.append(timed(lambda: raw.translate_batch(tokens, beam_size=beam, batch_type=best["batch_type"],
                                                               max_batch_size=best["max_batch_size"], **fixed))[0])
            del raw
            tb, out_b = min(runs_b, key=lambda r: r[0])
            tc = min(runs_c)
            print(f"beam {beam}: (b) transcompare {tb:.1f}s (best of {args.repeat}; threads "
                  f"{engine.settings.threads()}, {engine.settings.batch_type} {engine.settings.max_batch_size})",
                  file=sys.stderr)
            print(f"beam {beam}: (c) raw CTranslate2 {tc:.1f}s (best of {args.repeat}) with {best}", file=sys.stderr)
            same = sum(x == y for x, y in zip(out_a, out_b))
            rows.append((beam, ta, tb, tc, best, same))

        n = len(sentences)
        print(f"\n{n} NTREX sentences, random-weight int8 package (6+6 layers, d512, ffn2048, 8 heads, "
              f"{sp.get_piece_size()} vocab), {length} output tokens each, {cores} cores\n")
        print("| beam | (a) argostranslate s/s | (b) transcompare s/s | (c) raw CTranslate2 s/s | b/a | b/c "
              "| (b) output == (a) |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for beam, ta, tb, tc, best, same in rows:
            print(f"| {beam} | {n / ta:.1f} | {n / tb:.1f} | {n / tc:.1f} | {ta / tb:.1f}x | {tc / tb:.2f}x "
                  f"| {same}/{n} |")
        if len(rows) == 2:
            (b4, ta4, tb4, *_), (b1, _, tb1, *_) = rows
            print(f"\ntranscompare beam {b1} vs argostranslate defaults (beam {b4}): {ta4 / tb1:.1f}x")
        for beam, *_, best, _ in rows:
            print(f"(c) best settings, beam {beam}: {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
