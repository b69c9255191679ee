"""Fit ``hybrid.v1``'s weights on the dev half of the coverage corpus and write ``align/hybrid_v1.json``.

Every cross-article pair of sentences of the dev events (all in one run, so pairs across events are negatives
too) is labelled 1 when the two carry a common gold statement. The cosine floor is set so that 99% of the
positive pairs reach it; a logistic regression on the features of the pairs above it gives the weights.
Then the statement threshold is chosen on the same dev events (printed; the default in AlignSettings).
"""

from __future__ import annotations

import datetime as _dt
import json

import numpy as np

from transcompare.align import hybrid
from transcompare.align.settings import AlignSettings
from transcompare.align.statements import _Articles
from transcompare.embed.stage import vectors_of
from transcompare.output import atomic_write_text
from transcompare.schema import C


def _gold_statements(prep, run, k: int) -> set:
    a, idx = run.keys[k]
    return {(prep.event_of[a], s) for g in prep.gold.get((a, idx), []) for s in g.statements}


def labelled_pairs(prep, model_floor: float = -1.0):
    arts = _Articles(prep.sentences, prep.translations, "en", require_pivot=False)
    model, vectors = vectors_of(prep.embeddings)
    run = hybrid.run_sentences(arts, vectors, model=model)
    i, j, cos, best = hybrid.candidate_pairs(run, model_floor)

    st = [_gold_statements(prep, run, k) for k in range(len(run))]
    y = np.array([1.0 if st[a] & st[b] else 0.0 for a, b in zip(i, j)])
    return model, run, i, j, cos, best, y


def calibrate(prep, evaluate, write: bool = True) -> str:
    """Fit hybrid.v1 on the prepared dev events; ``evaluate(settings)`` scores a setting on them (the coverage
    evaluation's ``score(prep, run_method(prep, "hybrid.v1", settings))``). Returns the report lines."""
    settings = AlignSettings(method="hybrid.v1")
    if write:  # language means first: the features are computed on centred vectors
        from transcompare.embed.centre import write_means

        model, vectors = vectors_of(prep.embeddings)
        lang_of = dict(zip(prep.sentences[C.ARTICLE_ID], prep.sentences[C.LANG]))
        by_lang: dict[str, list] = {}
        for (a, _), v in vectors.items():
            by_lang.setdefault(lang_of[a], []).append(v)
        means = {l: np.mean(vs, axis=0) for l, vs in by_lang.items()}
        means["*"] = np.mean(list(vectors.values()), axis=0)
        write_means(model, means)
    model, run, i, j, cos, best, y = labelled_pairs(prep)
    floor = float(np.quantile(cos[y == 1], 0.01)) if (y == 1).any() else 0.0
    keep = cos >= floor
    x = hybrid.features(run, i[keep], j[keep], cos[keep], best[keep], hybrid.lexical_scorer(run, settings))
    w, b = hybrid.fit_logistic(x, y[keep])
    entry = {
        "weights": {f: round(float(v), 6) for f, v in zip(hybrid.FEATURES, w)},
        "bias": round(b, 6),
        "cos_floor": round(floor, 4),
        "fitted_on": {"corpus": "data/eval/coverage", "split": "dev",
                      "events": [e.event for e in prep.events], "pairs": int(keep.sum()),
                      "positives": int(y[keep].sum()), "date": _dt.date.today().isoformat()},
    }
    # two sentences of one article: a model of their own
    si, sj, sx = hybrid.same_article_pairs(run)
    st = [_gold_statements(prep, run, k) for k in range(len(run))]
    sy = np.array([1.0 if st[a] & st[b] else 0.0 for a, b in zip(si, sj)])
    sw, sb = hybrid.fit_logistic(sx, sy)
    entry["same_article"] = {"weights": {f: round(float(v), 6) for f, v in zip(hybrid.SAME_FEATURES, sw)},
                             "bias": round(sb, 6), "pairs": int(len(sy)), "positives": int(sy.sum())}
    lines = [f"{model}: {keep.sum()} pairs above cos floor {floor:.3f} ({int(y[keep].sum())} positive)",
             f"same article: {len(sy)} pairs ({int(sy.sum())} positive): " + ", ".join(
                 f"{k} {v:+.3f}" for k, v in entry["same_article"]["weights"].items()) + f", bias {sb:+.3f}",
             "weights: " + ", ".join(f"{k} {v:+.3f}" for k, v in entry["weights"].items()) + f", bias {b:+.3f}"]
    if write:
        try:
            data = json.loads(hybrid.PARAMS_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {"method": "hybrid.v1", "features": list(hybrid.FEATURES), "models": {}}
        data["features"] = list(hybrid.FEATURES)
        data["models"][model] = entry
        atomic_write_text(hybrid.PARAMS_FILE, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        hybrid._params_file.cache_clear()
        lines.append(f"written to {hybrid.PARAMS_FILE.name}")
    # the stories as the stage makes them (the story model is calibrated by ``python -m transcompare.eval stories``)
    from transcompare.stories import build_stories

    prep.stories = build_stories(prep.articles, prep.sentences, prep.embeddings, "auto")
    # statement threshold on dev
    lines.append("statement_threshold on dev: outlet-pair F1 / sentence-link F1 / cross-event links")
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        for o in (t, 0.4, 0.5):
            if o < t:
                continue
            r = evaluate(AlignSettings(method="hybrid.v1", statement_threshold=t, same_article_threshold=o))
            lines.append(f"  {t:.2f} (same article {o:.2f}): {r['pairs'].f1:.3f} / {r['links'].f1:.3f} / "
                         f"{r['cross_event']}")
    return "\n".join(lines)
