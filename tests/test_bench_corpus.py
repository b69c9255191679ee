"""bench/corpus.py: its scores on hand-made inputs with known answers, its corpus plan, and (with NTREX-128) a
run at a tiny size through the same worker processes as the benchmark."""

from __future__ import annotations

import importlib.util
import random
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from transcompare.eval.ntrex_cases import Doc

_PATH = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"
_spec = importlib.util.spec_from_file_location("bench_corpus", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_bcubed_known_answers():
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
    assert bench.bcubed(dict(gold), gold) == (1.0, 1.0, 1.0)
    # everything in one cluster: precision 3/5 * 3/5 + 2/5 * 2/5, recall 1
    p, r, f = bench.bcubed({k: 0 for k in gold}, gold)
    assert (p, r) == pytest.approx((13 / 25, 1.0))
    assert f == pytest.approx(2 * p / (p + 1))
    # singletons: precision 1, recall (3 * 1/3 + 2 * 1/2) / 5
    assert bench.bcubed({k: k for k in gold}, gold)[:2] == pytest.approx((1.0, 2 / 5))
    # {a, b} {c, d, e}: precision (1 + 1 + 1/3 + 2/3 + 2/3) / 5, recall (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    pred = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}
    assert bench.bcubed(pred, gold) == pytest.approx((11 / 15, 11 / 15, 11 / 15))
    assert bench.bcubed({}, {}) == (1.0, 1.0, 1.0)


def _bcubed_by_definition(pred, gold):
    items = list(gold)
    p = sum(sum(pred[y] == pred[x] and gold[y] == gold[x] for y in items) / sum(pred[y] == pred[x] for y in items)
            for x in items) / len(items)
    r = sum(sum(pred[y] == pred[x] and gold[y] == gold[x] for y in items) / sum(gold[y] == gold[x] for y in items)
            for x in items) / len(items)
    return p, r


def test_bcubed_matches_its_definition_on_random_clusterings():
    rng = random.Random(0)
    for _ in range(50):
        items = range(rng.randint(1, 30))
        gold = {x: rng.randint(0, 4) for x in items}
        pred = {x: rng.randint(0, 6) for x in items}
        assert bench.bcubed(pred, gold)[:2] == pytest.approx(_bcubed_by_definition(pred, gold))


def test_statement_links_known_answer():
    gold = {"A1": "X", "A2": "X", "B1": "Y"}
    rows = [
        ("s1", "A1", 1), ("s1", "A2", 2), ("s1", "B1", 1),  # A1-A2: 2, A1-B1: 1 (cross), A2-B1: 2 (cross)
        ("s2", "A2", 3),  # one article: no link
        ("s3", "A1", 1), ("s3", "B1", 1),  # 1 cross
        ("s4", "B1", 1),
    ]
    assert bench.statement_links(rows, gold) == (4, 6)
    assert bench.share(4, 6) == pytest.approx(2 / 3)
    assert bench.share(0, 0) == 0.0
    assert bench.statement_links([("s1", "A1", 2), ("s1", "A2", 1)], gold) == (0, 2)


def test_statement_links_matches_its_definition():
    rng = random.Random(1)
    gold = {f"a{k}": rng.choice("XYZ") for k in range(8)}
    rows = [(f"s{rng.randint(0, 5)}", a, rng.randint(1, 3)) for a in gold for _ in range(2)]
    sentences = []  # one entry per sentence (a (statement, article) given twice adds up)
    for sid, a, n in rows:
        sentences += [(sid, a, len(sentences) + m) for m in range(n)]
    pairs = [(x, y) for x, y in combinations(sentences, 2) if x[0] == y[0] and x[1] != y[1]]
    cross = sum(gold[x[1]] != gold[y[1]] for x, y in pairs)
    assert bench.statement_links(rows, gold) == (cross, len(pairs))


def test_plan_sizes_are_supersets_and_versions_are_outlets():
    sizes = [64, 128, 256, 512, 1024, 2048]
    plans = {n: bench.plan(123, n) for n in sizes}
    for n, p in plans.items():
        assert len(p) == n == len(set(p))
    for a, b in pairwise(sizes):
        assert set(plans[a]) <= set(plans[b])
    assert {d for d, _, _ in plans[64]} == set(range(32)) and {k for _, k, _ in plans[64]} == {0, 1}
    top = plans[2048]
    assert {d for d, _, _ in top} == set(range(123))
    assert sum(k == 16 for _, k, _ in top) == 2048 - 16 * 123
    assert {lang for _, _, lang in top} == {"en"}
    multi = bench.plan(123, 2048, multilingual=True)
    assert [(d, k) for d, k, _ in multi] == [(d, k) for d, k, _ in top]
    assert {lang for _, k, lang in multi if k % 2 == 0} == {"en"}
    assert {lang for d, k, lang in multi if k == 1 and d < 6} == {"es", "fr", "de", "ru", "ar", "he"}
    assert {lang for _, _, lang in bench.plan(123, 64, multilingual=True)} == {"en", "es", "fr", "de", "ru", "ar",
                                                                                "he"}


def test_build_articles_from_a_made_up_document():
    docs = [Doc("story-a", [0, 1, 2, 3], [[0], [1, 2], [3]]), Doc("story-b", [4, 5], [[4], [5]])]
    texts = {"en": ["Headline A", "One.", "Two.", "Three.", "Headline B", "Four."]}
    articles, gold = bench.build_articles(docs, texts, bench.plan(2, 4))
    assert articles.height == 4
    assert gold == {"outlet-00-000": "story-a", "outlet-00-001": "story-b", "outlet-01-000": "story-a",
                    "outlet-01-001": "story-b"}
    assert articles["outlet"].to_list() == ["outlet-00", "outlet-00", "outlet-01", "outlet-01"]
    for paras, kinds in zip(articles["paragraphs"].to_list(), articles["paragraph_kinds"].to_list()):
        assert paras[0] in ("", "Headline A", "Headline B")  # the title, kept or dropped
        assert kinds == ["title"] + ["body"] * (len(paras) - 1)
        assert all(p and not p.startswith("Headline") for p in paras[1:])
    texts["es"] = ["Titular A", "Uno.", "Dos.", "Tres.", "Titular B", "Cuatro."]
    texts["fr"] = ["Titre A", "Un.", "Deux.", "Trois.", "Titre B", "Quatre."]
    multi, _ = bench.build_articles(docs, texts, bench.plan(2, 4, multilingual=True))
    assert multi["outlet"].to_list() == ["outlet-00", "outlet-00", "outlet-01-es", "outlet-01-fr"]
    assert multi["lang"].to_list() == ["en", "en", "es", "fr"]
    again, _ = bench.build_articles(docs, texts, bench.plan(2, 4))
    assert again.equals(articles)  # seeded


def test_same_story_pairs():
    assert bench.same_story_pairs({"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Z", "f": "Z"}) == 3 + 0 + 1
    gold = {f"{d}-{k}": d for d, k, _ in bench.plan(123, 256)}
    assert bench.same_story_pairs(gold) == 113 * 1 + 10 * 3


def _result(size, total, cross=1, links=100, stories_only=False):
    r = {"size": size, "articles": size, "sentences": 10 * size, "stories": 3, "gold_stories": 4,
         "story_pairs": size // 2, "bcubed": [0.5, 1.0, 2 / 3], "embedded": 0, "peak_rss_kib": 2**20,
         "times": {"segment": 0.1, "embed": 1.0, "stories": 0.1, "align": total / 2, "statements": total / 2 - 0.2}}
    if not stories_only:
        r.update(total=total, cross=cross, links=links, alignments=10 * size)
    return {**r, "stories_only": stories_only}


def test_report_tables():
    results = [_result(64, 1.0), _result(128, 3.0), {"size": 256, "error": "did not finish in 900 s"}]
    results[1]["wall"] = 13.0  # 10 s outside the timed stages
    base = {64: _result(64, 4.0), 128: {"error": "did not finish in 300 s", "timeout": True, "limit": 70.0}}
    rows = bench.size_rows(results, base)
    assert all(len(row) == len(bench.SIZE_COLUMNS) for row in rows)
    assert rows[0][7] == "1.00% (1)" and rows[0][13] == "1.00" and rows[0][15] == "4.00"
    assert rows[1][15] == "did not finish in 300 s" and rows[2][13] == "did not finish in 900 s"
    ratios = bench.ratio_rows(results, base)
    assert all(len(row) == len(bench.RATIO_COLUMNS) for row in ratios)
    assert ratios[0][1:] == ["32", "—", "—", "—", "—", "—", "4.00x"]
    assert ratios[1][2:5] == ["2.00x", "2.00x", "3.00x"] and ratios[1][7] == "> 20.0x (> 70 s)"
    assert ratios[2][4] == "—"
    md = bench.markdown(bench.RATIO_COLUMNS, ratios)
    assert md.count("\n") == 2 + len(ratios) and md.startswith("| articles |")
    only = [_result(64, 0.0, stories_only=True), _result(128, 0.0, stories_only=True)]
    assert bench.size_rows(only, {})[1][6:8] == ["—", "—"]
    assert bench.ratio_rows(only, {})[1][2:5] == ["2.00x", "—", "—"]


@pytest.mark.slow
@pytest.mark.needs_ntrex
def test_tiny_run(tmp_path, capsys):
    """The benchmark end to end at 8 articles (4 stories x 2 versions), corpus mode and all-pairs."""
    out = tmp_path / "results.json"
    bench.main(["--sizes", "8", "--cache", str(tmp_path / "cache"), "--json", str(out), "--limit-seconds", "600"])
    import json

    res = json.loads(out.read_text(encoding="utf-8"))
    (r,) = res["corpus"]
    assert "error" not in r, r
    assert r["articles"] == 8 and r["gold_stories"] == 4 and r["sentences"] > 8
    assert 0 < r["stories"] <= 8 and all(0 <= x <= 1 for x in r["bcubed"])
    assert 0 <= r["cross"] <= r["links"] and r["peak_rss_kib"] > 0 and r["story_pairs"] == 4
    assert set(r["times"]) == {"segment", "embed", "stories", "align", "statements"}
    base = res["all_pairs"]["8"]
    assert "error" not in base and base["stories"] == 1
    assert "ratios (one run)" in capsys.readouterr().out
