"""Segmentation evaluation on NTREX-128: sentence boundaries against the corpus's line ends.

NTREX gives one sentence per line (a few lines hold two), with each line's document in
``DOCUMENT_IDS.tsv``. For every language file the documents' paragraphs are rebuilt from the lines: the first
line of a document (the headline) is a paragraph of its own, and any line that does not end in sentence
punctuation (after closing quotes and brackets) closes the paragraph it ends; the lines of a paragraph are
joined by a space. Each paragraph is segmented and its sentence ends are scored against the line ends: a
boundary counts if the character positions are equal. The main P/R/F1 count every line end, paragraph ends
included (that is how the issue's pysbd comparison numbers were made; a method gets a paragraph end right
unless it drops text); ``F1 inside`` counts only the boundaries inside paragraphs, the stricter view.

    python -m transcompare.eval segmentation [--ntrex DIR] [--lang en --lang ru ...] [--errors 5]

If ``pysbd`` is installed (a development-only comparison, not a dependency), its scores on the same
paragraphs are printed alongside.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import click

from transcompare.eval import default_ntrex
from transcompare.errors import InputError
from transcompare.segment import CLOSERS, TERMINATORS, signature, split_sentences

FILES = {
    "en": "newstest2019-src.eng.txt",
    "ru": "newstest2019-ref.rus.txt",
    "ar": "newstest2019-ref.arb.txt",
    "he": "newstest2019-ref.heb.txt",
    "de": "newstest2019-ref.deu.txt",
    "fr": "newstest2019-ref.fra.txt",
    "es": "newstest2019-ref.spa.txt",
}
TARGETS = {"en": 0.97, "ru": 0.97, "de": 0.97, "fr": 0.97, "es": 0.97, "ar": 0.95, "he": 0.95}
# pysbd has no Hebrew rules
PYSBD_LANGS = {"en", "ru", "ar", "de", "fr", "es"}



@dataclass
class Paragraph:
    doc_id: str
    text: str
    gold: list[int]  # internal boundaries (line ends inside the paragraph)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def ends_sentence(line: str) -> bool:
    """Does the line end in sentence punctuation (possibly followed by closing quotes/brackets)?"""
    s = line.rstrip()
    while s and (s[-1] in CLOSERS or s[-1].isspace()):
        s = s[:-1]
    return bool(s) and s[-1] in TERMINATORS


def read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def build_paragraphs(lines: list[str], doc_ids: list[str], source: str = "") -> list[Paragraph]:
    """Rebuild paragraphs (with their gold internal boundaries) from line-aligned text."""
    if len(lines) != len(doc_ids):
        raise InputError(f"{source}: {len(lines)} lines but DOCUMENT_IDS.tsv has {len(doc_ids)}")
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    current_doc = None

    def close() -> None:
        if current:
            text, gold = "", []
            for k, line in enumerate(current):
                if k:
                    gold.append(len(text))
                    text += " "
                text += line
            paragraphs.append(Paragraph(current_doc, text, gold))
            current.clear()

    previous_doc = None
    for line, doc in zip(lines, doc_ids):
        line = line.strip()
        if doc != previous_doc:
            close()
            current_doc = doc
            if line:
                current.append(line)
            close()  # the headline is a paragraph of its own
            previous_doc = doc
            continue
        if not line:
            close()
            continue
        current.append(line)
        if not ends_sentence(line):
            close()
    close()
    return paragraphs


def load_language(root: Path, lang: str) -> list[Paragraph]:
    root = Path(root)
    ids_path = root / "DOCUMENT_IDS.tsv"
    path = root / FILES[lang]
    for p in (ids_path, path):
        if not p.is_file():
            raise InputError(f"{p}: not found (point --ntrex at the NTREX-128 directory)")
    doc_ids = [line.split("\t")[0].strip() for line in read_lines(ids_path)]
    return build_paragraphs(read_lines(path), doc_ids, str(path))


def score(paragraphs: list[Paragraph], splitter: Callable[[str], list[tuple[int, int]]],
          errors: list | None = None) -> tuple[Score, Score]:
    """(all line ends, inside paragraphs only) scores over the paragraphs; optionally collect the misses."""
    total, inside = Score(), Score()
    for para in paragraphs:
        ends = [end for _, end in splitter(para.text)]
        end_of_para = len(para.text)
        predicted = set(ends)
        gold = set(para.gold) | {end_of_para}
        for sc, pred, gld in (
            (total, predicted, gold),
            (inside, predicted - {end_of_para}, gold - {end_of_para}),
        ):
            sc.tp += len(pred & gld)
            sc.fp += len(pred - gld)
            sc.fn += len(gld - pred)
        if errors is not None:
            for pos in sorted(predicted ^ gold):
                errors.append(("FP" if pos in predicted else "FN", para.text, pos))
    return total, inside


def pysbd_splitter(lang: str) -> Callable[[str], list[tuple[int, int]]] | None:
    """pysbd on the same task, or None if pysbd is not installed or has no rules for ``lang``."""
    try:
        import pysbd
    except ImportError:
        return None
    if lang not in PYSBD_LANGS:
        return None
    seg = pysbd.Segmenter(language=lang, clean=False, char_span=True)

    def split(text: str) -> list[tuple[int, int]]:
        out = []
        for span in seg.segment(text):
            end = span.end
            while end > span.start and text[end - 1].isspace():
                end -= 1
            if end > span.start:
                out.append((span.start, end))
        return out

    return split


def _context(text: str, pos: int, width: int = 60) -> str:
    return f"{text[max(0, pos - width):pos]}⟂{text[pos:pos + width]}".replace("\n", " ")


@click.command()
@click.option("--ntrex", type=click.Path(file_okay=False), default=None,
              help="NTREX-128 directory [default: <repo>/../shared/data/ntrex].")
@click.option("--lang", "langs", multiple=True, type=click.Choice(list(FILES)),
              help="Languages to evaluate (repeatable) [default: all].")
@click.option("--errors", "n_errors", type=int, default=0, show_default=True,
              help="Print this many wrong boundaries per language (FP: predicted, not gold; FN: missed).")
@click.option("--no-pysbd", is_flag=True, help="Skip the pysbd comparison column.")
def main(ntrex: str | None, langs: tuple[str, ...], n_errors: int, no_pysbd: bool) -> None:
    """Precision/recall/F1 of sentence boundaries against NTREX-128 line ends."""
    from rich.console import Console
    from rich.table import Table

    from transcompare.errors import TranscompareError

    console = Console()
    root = Path(ntrex) if ntrex else default_ntrex()
    if not console.is_terminal:
        console.width = 120
    table = Table(title="Sentence boundaries vs NTREX-128 line ends (rebuilt paragraphs)")
    for col in ("lang", "paragraphs", "line ends", "P", "R", "F1", "target", "F1 inside", "F1 split-quotes",
                "F1 pysbd", "time pysbd/ours"):
        table.add_column(col, justify="left" if col == "lang" else "right")
    misses = []
    try:
        for lang in langs or tuple(FILES):
            paragraphs = load_language(root, lang)
            errs: list = []
            t0 = time.perf_counter()
            ours, ours_inside = score(paragraphs, lambda t: split_sentences(t, lang), errs)
            t1 = time.perf_counter()
            split_q, _ = score(paragraphs, lambda t: split_sentences(t, lang, keep_quotes=False))
            pysbd_split = None if no_pysbd else pysbd_splitter(lang)
            base, ratio = None, None
            if pysbd_split is not None:
                t2 = time.perf_counter()
                base, _ = score(paragraphs, pysbd_split)
                ratio = (time.perf_counter() - t2) / max(t1 - t0, 1e-9)
            ok = ours.f1 >= TARGETS[lang]
            table.add_row(
                lang, str(len(paragraphs)), str(ours.tp + ours.fn), f"{ours.precision:.3f}",
                f"{ours.recall:.3f}", f"[{'green' if ok else 'red'}]{ours.f1:.3f}[/]", f"{TARGETS[lang]:.2f}",
                f"{ours_inside.f1:.3f}", f"{split_q.f1:.3f}", "—" if base is None else f"{base.f1:.3f}",
                "—" if ratio is None else f"{ratio:.1f}",
            )
            misses.extend((lang, *e) for e in errs[:n_errors])
    except TranscompareError as err:
        error = click.ClickException(str(err))
        error.exit_code = err.exit_code
        raise error from None
    console.print(table)
    sig = signature()
    console.print(f"segmenter: {sig['name']} (keep_quotes={sig['keep_quotes']}, rules {sig['rules']}); "
                  f"data: {ntrex or '<repo>/../shared/data/ntrex'}", markup=False, highlight=False)
    for lang, kind, text, pos in misses:
        console.print(f"{lang} {kind}: {_context(text, pos)}", markup=False, highlight=False)
