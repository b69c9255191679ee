"""The NTREX alignment evaluation: gold links, perturbation, and a small run through the CLI."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner

from transcompare.align import AlignSettings, align_pair
from transcompare.eval import default_ntrex
from transcompare.eval.alignment import (PARAPHRASE_PAIRS, baseline, build_cases, gold_links, load_ntrex, main,
                                         perturb, score_cases, statement_scores)

from pathlib import Path

NTREX = default_ntrex()
pytestmark = pytest.mark.needs_ntrex


@pytest.fixture(scope="module")
def ntrex():
    return load_ntrex(NTREX)


def test_documents_and_paragraphs(ntrex):
    docs, texts = ntrex
    assert len(docs) == 123 and sum(len(d.lines) for d in docs) == len(texts["en"]) == 1997
    for d in docs:  # paragraphs partition the document's lines, in order
        assert [n for p in d.paragraphs for n in p] == d.lines


@pytest.mark.parametrize("doc_no", [0, 5, 40])
def test_perturbation_and_gold(ntrex, doc_no):
    docs, texts = ntrex
    doc = docs[doc_no]
    a = perturb(doc, texts["es"], random.Random(1), merge=True)
    b = perturb(doc, texts["es-MX"], random.Random(2), merge=False)
    assert a == perturb(doc, texts["es"], random.Random(1), merge=True)  # fixed seed, same result
    assert all(len(u) == 1 for u in b.lines) and all(len(u) <= 2 for u in a.lines)
    gold = gold_links(a, b)
    shared_lines = {n for u in a.lines for n in u} & {n for u in b.lines for n in u}
    covered = {n for ga, gb in gold for j in gb for n in b.lines[j]}
    assert covered == shared_lines
    # a merged sentence of A links to every B sentence carrying one of its lines
    for ga, gb in gold:
        assert len(ga) == 1 and set(b.lines[j][0] for j in gb) <= set(a.lines[ga[0]])


def test_transcompare_beats_the_greedy_baseline(ntrex):
    docs, texts = ntrex
    cases = build_cases(docs[:12], texts, PARAPHRASE_PAIRS[:2], seed=0)
    ours = score_cases(cases, lambda a, b: align_pair(a, b, AlignSettings()))
    base = score_cases(cases, lambda a, b: baseline(a, b, 0.3))
    for pair in ours:
        assert ours[pair]["F1"] > base[pair]["F1"]
        assert ours[pair]["F1"] >= 0.9


def test_eval_cli_small_run():
    res = CliRunner().invoke(main, ["--limit", "4", "--no-translated"])
    assert res.exit_code == 0, res.output
    assert "es vs es-MX" in res.output and "all-pairs + greedy" in res.output


def test_alignment_does_not_depend_on_the_hash_seed(tmp_path):
    """Set iteration order changes with PYTHONHASHSEED; the links must not."""
    code = (
        "from transcompare.align import align_pair\n"
        "a = ['the army is crucial', 'the army is crucial', 'kerry phoned lavrov', 'rain fell']\n"
        "b = ['kerry phoned lavrov today', 'the army is crucial', 'the army is crucial']\n"
        "print([(l.a, l.b, l.score) for l in align_pair(a, b)])\n"
    )
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1 and "((0,), (1,)" in outs.pop()


def test_eval_cli_names_a_missing_corpus(tmp_path):
    res = CliRunner().invoke(main, ["--ntrex", str(tmp_path), "--no-translated"])
    assert res.exit_code == 2
    assert "DOCUMENT_IDS.tsv" in res.stderr and "Traceback" not in res.output


def test_statements_across_outlets(ntrex):
    docs, texts = ntrex
    r = statement_scores(docs[1:9:2], texts, ("es", "es-MX", "es-2"), 4, 0, AlignSettings())
    assert r["statements"] > 10 and r["P"] > 0.95 and r["R"] > 0.75
