"""The stories evaluation (transcompare.eval.stories): its gold of NTREX events, and the calibrated story model
on the test halves — the coverage corpus's (independent reports of one event; no NTREX needed) and, with
NTREX-128, its documents' perturbed versions in English and in seven languages."""

from __future__ import annotations

import tomllib

import pytest

from transcompare.eval import stories as ev
from transcompare.stories import story_params


def test_each_ntrex_document_is_in_at_most_one_event():
    data = tomllib.loads(ev.EVENTS_FILE.read_text(encoding="utf-8"))
    docs = [d for g in data["group"] for d in g["documents"]]
    assert len(docs) == len(set(docs)) and all(len(g["documents"]) >= 2 for g in data["group"])
    events = ev.event_of_documents(docs + ["someone.else"])
    assert events["someone.else"] == "someone.else" and len(set(events.values())) == len(data["group"]) + 1


def test_the_documents_of_one_event_are_on_one_side_of_the_split():
    data = tomllib.loads(ev.EVENTS_FILE.read_text(encoding="utf-8"))
    first = data["group"][0]["documents"]
    order = [first[0], "a.1", *first[1:], "b.2", "c.3"]
    splits = ev.event_splits(order)
    events = ev.event_of_documents(order)
    assert splits[events[first[0]]] == "dev" and splits["a.1"] == "test" and splits["b.2"] == "dev"
    assert {splits[events[d]] for d in first} == {"dev"}


@pytest.mark.needs_ntrex
def test_every_ntrex_document_named_exists():
    from transcompare.eval import find_ntrex

    ids = set((find_ntrex() / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").split())
    data = tomllib.loads(ev.EVENTS_FILE.read_text(encoding="utf-8"))
    named = {d for section in ("group", "borderline") for g in data.get(section, []) for d in g["documents"]}
    assert named and named <= ids


def _f1(data):
    params = story_params(data.embeddings["model"][0])
    return ev.bcubed(ev.predict(data, params, params["threshold"]), data.gold)[2]


@pytest.mark.slow
def test_coverage_test_half_stories(tmp_path):
    data = ev.coverage_data(cache_dir=tmp_path).part("test")
    assert len(set(data.gold.values())) == 9  # e02 … e10, e57, e58, e61, e62
    assert _f1(data) >= 0.95


@pytest.mark.slow
@pytest.mark.needs_ntrex
@pytest.mark.parametrize("multilingual", [False, True], ids=["english", "multilingual"])
def test_ntrex_test_half_stories(tmp_path, multilingual):
    from transcompare.eval import find_ntrex

    data = ev.ntrex_data(find_ntrex(), 128, multilingual, cache_dir=tmp_path).part("test")
    assert len(set(data.gold.values())) >= 25
    assert _f1(data) >= 0.92  # measured 0.948 (English) and 0.962 (multilingual) at this size
