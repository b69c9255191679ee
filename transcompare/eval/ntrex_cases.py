"""NTREX-128 as alignment test cases: two versions of each document, perturbed, with gold links.

For every NTREX document and each pair of versions (es vs es-MX, fr vs fr-CA, es vs es-2; optionally
English vs a Spanish/French reference translated into English, or vs an original in another language), the
lines are the units (gold 1-1 by line number). Paragraphs are rebuilt (a line not ending in sentence
punctuation closes a paragraph), then each side is perturbed with a fixed seed: paragraphs shuffled, ~20% of
lines dropped independently on each side, and ~10% of adjacent line pairs (same paragraph) merged into one
sentence on one side (gold becomes 2-1, or 1-1 when the other side dropped one of the two).
:mod:`transcompare.eval.alignment` scores aligners on these cases.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

VERSIONS = {
    "en": "newstest2019-src.eng.txt",
    "es": "newstest2019-ref.spa.txt",
    "es-MX": "newstest2019-ref.spa-MX.txt",
    "es-2": "newstest2019-ref-2.spa.txt",
    "fr": "newstest2019-ref.fra.txt",
    "fr-CA": "newstest2019-ref.fra-CA.txt",
}
CROSS_VERSIONS = {"de": "newstest2019-ref.deu.txt", "ru": "newstest2019-ref.rus.txt",
                  "ar": "newstest2019-ref.arb.txt", "he": "newstest2019-ref.heb.txt"}
PARAPHRASE_PAIRS = [("es", "es-MX"), ("fr", "fr-CA"), ("es", "es-2")]
# the English source against originals in other languages, with no translation at all (embeddings only)
CROSS_PAIRS = [("en", "de"), ("en", "ru"), ("en", "ar"), ("en", "he"), ("en", "fr")]
# English source vs a reference translated back into English with Apertium (fr goes through a pivot)
TRANSLATED_PAIRS = [("en", "es>en"), ("en", "fr>en")]


def translate_versions(texts: dict[str, list[str]], cache_path=None, progress=None) -> dict[str, str]:
    """Add "es>en" and "fr>en" versions (Apertium); returns {version: route/engine} for the report."""
    import polars as pl

    from transcompare.schema import SENTENCES, C
    from transcompare.translate import translate_sentences

    routes = {}
    for src in ("es", "fr"):
        rows = [{C.ARTICLE_ID: f"ntrex-{src}", C.OUTLET: "NTREX", C.LANG: src, C.PARAGRAPH: 0, C.INDEX: i,
                 C.KIND: "body", C.START: 0, C.END: len(t), C.TEXT: t} for i, t in enumerate(texts[src])]
        out = translate_sentences(pl.DataFrame(rows, schema=SENTENCES.schema), ["en"], engine="apertium",
                                  cache_path=cache_path, progress=progress).sort(C.INDEX)
        texts[f"{src}>en"] = out[C.TRANSLATION].to_list()
        routes[f"{src}>en"] = f"{out[C.ROUTE][0]} ({out[C.ENGINE][0]})"
    return routes


_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")


@dataclass
class Doc:
    doc_id: str
    lines: list[int]  # global line numbers
    paragraphs: list[list[int]]


def load_ntrex(root: Path) -> tuple[list[Doc], dict[str, list[str]]]:
    """Documents (with rebuilt paragraphs, from the English source) and every version's lines."""
    from transcompare.errors import InputError

    root = Path(root)
    ids_path = root / "DOCUMENT_IDS.tsv"
    if not ids_path.exists():
        raise InputError(f"{ids_path}: NTREX DOCUMENT_IDS.tsv not found (pass --ntrex DIR)")
    doc_ids = [ln.split("\t")[0].strip() for ln in ids_path.read_text(encoding="utf-8").splitlines()]
    texts = {}
    for name, fname in VERSIONS.items():
        if not (root / fname).exists():
            raise InputError(f"{root / fname}: NTREX file not found")
        lines = (root / fname).read_text(encoding="utf-8").splitlines()
        if len(lines) != len(doc_ids):
            raise InputError(f"{root / fname}: {len(lines)} lines, DOCUMENT_IDS.tsv has {len(doc_ids)}")
        texts[name] = lines
    for name, fname in CROSS_VERSIONS.items():  # optional: only the --cross evaluation reads them
        if (root / fname).exists():
            lines = (root / fname).read_text(encoding="utf-8").splitlines()
            if len(lines) == len(doc_ids):
                texts[name] = lines
    docs: list[Doc] = []
    for n, d in enumerate(doc_ids):
        if not docs or docs[-1].doc_id != d:
            docs.append(Doc(d, [], [[]]))
        doc = docs[-1]
        doc.lines.append(n)
        doc.paragraphs[-1].append(n)
        if not _END.search(texts["en"][n]):
            doc.paragraphs.append([])
    for doc in docs:
        doc.paragraphs = [p for p in doc.paragraphs if p]
    return docs, texts


@dataclass
class Side:
    texts: list[str]
    lines: list[tuple[int, ...]]  # which gold lines each sentence carries


def perturb(doc: Doc, text: list[str], rng: random.Random, merge: bool, drop: float = 0.2,
            merge_rate: float = 0.1) -> Side:
    paras = [list(p) for p in doc.paragraphs]
    rng.shuffle(paras)
    units: list[tuple[int, ...]] = []
    for p in paras:
        kept = [n for n in p if rng.random() >= drop]
        k = 0
        while k < len(kept):
            if (merge and k + 1 < len(kept) and kept[k + 1] == kept[k] + 1 and rng.random() < 2 * merge_rate):
                units.append((kept[k], kept[k + 1]))
                k += 2
            else:
                units.append((kept[k],))
                k += 1
    return Side([" ".join(text[n] for n in u) for u in units], units)


def gold_links(a: Side, b: Side) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    where_b = {n: j for j, u in enumerate(b.lines) for n in u}
    where_a = {n: i for i, u in enumerate(a.lines) for n in u}
    gold = set()
    for i, u in enumerate(a.lines):
        js = tuple(sorted({where_b[n] for n in u if n in where_b}))
        if not js:
            continue
        ia = tuple(sorted({where_a[n] for j in js for n in b.lines[j] if n in where_a}))
        gold.add((ia, js))
    return gold


def build_cases(docs: list[Doc], texts: dict[str, list[str]], pairs: list[tuple[str, str]], seed: int):
    """(pair_name, doc_number, side_a, side_b, gold) for every document and pair type."""
    cases = []
    for va, vb in pairs:
        for n, doc in enumerate(docs):
            rng = random.Random(f"{seed}:{va}:{vb}:{doc.doc_id}")
            merge_a = n % 2 == 0
            a = perturb(doc, texts[va], rng, merge=merge_a)
            b = perturb(doc, texts[vb], rng, merge=not merge_a)
            cases.append((f"{va} vs {vb}", n, a, b, gold_links(a, b)))
    return cases
