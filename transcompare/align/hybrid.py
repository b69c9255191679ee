"""Method ``hybrid.v1``: which sentences carry the same statement, from meaning as well as words.

Every alignable sentence of the run has a multilingual embedding of its *original* text (``embed`` stage), and,
where an engine translates its language, a pivot-language translation. For two sentences of different articles
the features are

=============  ==================================================================================================
``cos``        cosine of the two embeddings (any two languages; no translation needed)
``doc_cos``    cosine of the two articles' mean sentence embeddings (do they report the same story?)
``lex``        the ``difflib.v1`` word score of the two pivot translations (0 when either has none)
``has_lex``    1 when both have a pivot translation
``same_lang``  1 when both are written in the same language
``best_both``  1 when each is the other's most similar sentence (by ``cos``) in the other's article
``best_one``   1 when only one of them is
``num_match``  1 when both state numbers and share one; ``num_clash``: both state numbers, none shared
``title``      1 when either is a headline
=============  ==================================================================================================

A logistic model turns them into the probability that the two carry a common statement. Its weights are
*data*, fitted on the dev half of the constructed coverage corpus (``python -m transcompare.eval coverage
--calibrate``) per embedding model and stored in ``hybrid_v1.json`` beside this file, with what they were
fitted on. Only pairs whose cosine reaches the model's ``cos_floor`` are scored (the others are taken as 0).

**Statements** are then found by average-linkage clustering of the sentences: two clusters merge while the mean
probability over their cross-article sentence pairs (pairs not scored count as 0) is at least
``statement_threshold``. A cluster may hold several sentences of one article (a headline, a lead and a quote
saying the same thing) but only through what other articles share with them: two sentences of one article
are never compared with each other. A sentence belongs to one statement (the one it is closest to on
average); a sentence that merges two statements joins the one it shares most with.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FEATURES = ("cos", "doc_cos", "lex", "has_lex", "same_lang", "best_both", "best_one", "num_match", "num_clash",
            "title")
SAME_FEATURES = ("cos", "title", "adjacent", "num_match", "num_clash")
PARAMS_FILE = Path(__file__).with_name("hybrid_v1.json")
_NUM = re.compile(r"\d+(?:[.,:]\d+)*")


@lru_cache(maxsize=4)
def _params_file(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def model_params(model: str, path: Path | None = None) -> dict:
    """The fitted weights for one embedding model (``weights`` per feature, ``bias``, ``cos_floor``)."""
    from transcompare.errors import ConfigError

    params = _params_file(str(path or PARAMS_FILE))
    if model not in params.get("models", {}):
        raise ConfigError(f"hybrid.v1 has no calibration for embedding model {model!r} "
                          f"(calibrated: {', '.join(params.get('models', {}))})")
    return params["models"][model]


def numbers(text: str) -> frozenset[str]:
    """The numbers a sentence states, separators removed ("30,000" and "30.000" and "30000" are one)."""
    return frozenset(re.sub(r"[.,:]", "", m) for m in _NUM.findall(text or "") if len(m) < 20)


@dataclass
class RunSentences:
    """The run's alignable sentences, flat: article position, language, kind, texts and unit embeddings."""

    keys: list[tuple[str, int]]  # (article_id, sentence index)
    article: np.ndarray  # int position of the article, per sentence
    lang: list[str]
    kind: list[str]
    text: list[str]
    pivot: list[str | None]
    vectors: np.ndarray  # (n, dim), unit rows

    def __len__(self) -> int:
        return len(self.keys)


def compared_articles(s: RunSentences, k: int) -> np.ndarray | None:
    """Which pairs of the story's articles are aligned (articles x articles, bool): every pair (None) when the
    story has at most ``k`` + 1 articles or ``k`` is 0; otherwise each article with its ``k`` nearest others by
    the cosine of their mean sentence vectors, and with the articles that have it among theirs. (A story that
    grows keeps or loses pairs of its earlier articles, never gains one: an article's nearest others change
    only by a new article taking the place of the farthest.)"""
    n_art = int(s.article.max()) + 1 if len(s) else 0
    if not k or n_art <= k + 1:
        return None
    doc = doc_similarity(s)
    np.fill_diagonal(doc, -np.inf)
    nearest = np.argsort(-doc, axis=1, kind="stable")[:, :k]
    out = np.zeros((n_art, n_art), bool)
    out[np.repeat(np.arange(n_art), k), nearest.reshape(-1)] = True
    return out | out.T


def candidate_pairs(s: RunSentences, cos_floor: float, compared: np.ndarray | None = None,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cross-article pairs (i < j) whose cosine reaches ``cos_floor`` (of ``compared`` articles only, when given:
    :func:`compared_articles`): (i, j, cos, best) where ``best`` counts how many of the two are the other's most
    similar sentence in its article (0, 1 or 2)."""
    n = len(s)
    if n == 0:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0, np.float32), e
    sim = s.vectors @ s.vectors.T
    same = s.article[:, None] == s.article[None, :]
    # each sentence's best partner in every other article (by cosine)
    arts = np.unique(s.article)
    best_in = np.full((n, int(arts.max()) + 1), -1, np.int64)
    for a in arts:
        cols = np.flatnonzero(s.article == a)
        best_in[:, a] = cols[np.argmax(sim[:, cols], axis=1)]
    mask = np.triu((sim >= cos_floor) & ~same, 1)  # one story at a time (align/by_story.py): no story mask
    if compared is not None:
        mask &= compared[s.article[:, None], s.article[None, :]]
    i, j = np.nonzero(mask)
    best = (best_in[i, s.article[j]] == j).astype(np.int64) + (best_in[j, s.article[i]] == i).astype(np.int64)
    return i, j, sim[i, j].astype(np.float32), best


def doc_similarity(s: RunSentences) -> np.ndarray:
    """Cosine between the articles' mean sentence vectors (articles x articles, by article position)."""
    n_art = int(s.article.max()) + 1 if len(s) else 0
    if not len(s):
        return np.zeros((0, 0))
    from scipy.sparse import csr_matrix

    members = csr_matrix((np.ones(len(s)), (s.article, np.arange(len(s)))), shape=(n_art, len(s)))
    centroids = np.asarray(members @ s.vectors.astype(np.float64))  # the sum of each article's vectors
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    centroids /= norms
    return centroids @ centroids.T


def _number_flags(nums: list[frozenset[str]], i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (i, j) of sentences: do both state numbers and share one (num_match), or share none (num_clash)."""
    has = np.asarray([bool(n) for n in nums], bool)
    both = np.flatnonzero(has[i] & has[j])
    shared = np.asarray([bool(nums[a] & nums[b]) for a, b in zip(i[both].tolist(), j[both].tolist())], bool)
    match, clash = np.zeros(len(i), bool), np.zeros(len(i), bool)
    match[both[shared]] = True
    clash[both[~shared]] = True
    return match, clash


def features(s: RunSentences, i: np.ndarray, j: np.ndarray, cos: np.ndarray, best: np.ndarray,
             lexical) -> np.ndarray:
    """The feature matrix (len(i), len(FEATURES)); ``lexical(text_a, text_b)`` is the pivot-text word score.
    Column by column: only the word score and the shared numbers are read pair by pair."""
    i, j = np.asarray(i, np.int64), np.asarray(j, np.int64)
    x = np.zeros((len(i), len(FEATURES)), np.float64)
    col = {name: k for k, name in enumerate(FEATURES)}
    has_pivot = np.asarray([t is not None for t in s.pivot], bool)
    lang_code = {lang: k for k, lang in enumerate(dict.fromkeys(s.lang))}
    lang = np.asarray([lang_code[v] for v in s.lang], np.int64)
    title = np.asarray([k == "title" for k in s.kind], bool)
    has_lex = has_pivot[i] & has_pivot[j]
    lex = np.flatnonzero(has_lex)
    x[:, col["cos"]] = cos
    x[:, col["doc_cos"]] = doc_similarity(s)[s.article[i], s.article[j]]
    x[lex, col["lex"]] = [lexical(s.pivot[a], s.pivot[b]) for a, b in zip(i[lex].tolist(), j[lex].tolist())]
    x[:, col["has_lex"]] = has_lex
    x[:, col["same_lang"]] = lang[i] == lang[j]
    x[:, col["best_both"]] = best == 2
    x[:, col["best_one"]] = best == 1
    x[:, col["num_match"]], x[:, col["num_clash"]] = _number_flags([numbers(t) for t in s.text], i, j)
    x[:, col["title"]] = title[i] | title[j]
    return x


def same_article_pairs(s: RunSentences) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i < j) of sentences of one article, with its features (SAME_FEATURES)."""
    ii, jj = [], []
    for a in np.unique(s.article) if len(s) else []:
        rows = np.flatnonzero(s.article == a)
        if len(rows) > 1:
            x, y = np.triu_indices(len(rows), 1)
            ii.append(rows[x])
            jj.append(rows[y])
    if not ii:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros((0, len(SAME_FEATURES)))
    i, j = np.concatenate(ii).astype(np.int64), np.concatenate(jj).astype(np.int64)
    col = {name: k for k, name in enumerate(SAME_FEATURES)}
    title = np.asarray([k == "title" for k in s.kind], bool)
    x = np.zeros((len(i), len(SAME_FEATURES)))
    x[:, col["cos"]] = np.einsum("ij,ij->i", s.vectors[i], s.vectors[j])
    x[:, col["title"]] = title[i] | title[j]
    x[:, col["adjacent"]] = j - i == 1
    x[:, col["num_match"]], x[:, col["num_clash"]] = _number_flags([numbers(t) for t in s.text], i, j)
    return i, j, x


def probability(x: np.ndarray, params: dict, names: tuple[str, ...] = FEATURES) -> np.ndarray:
    w = np.array([params["weights"][f] for f in names], np.float64)
    z = x @ w + params["bias"]
    return 1.0 / (1.0 + np.exp(-z))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, iters: int = 50,
                 sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (IRLS); returns (weights, bias). ``sample_weight``:
    how much each row counts (default 1)."""
    n, f = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    w = np.zeros(f + 1)
    reg = np.eye(f + 1) * l2
    reg[f, f] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        g = xb.T @ (s * (p - y)) + reg @ w
        h = (xb * (s * p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:f], float(w[f])


# ------------------------------------------------------------------------------------------- the stage
def run_sentences(arts, vectors: dict[tuple[str, int], np.ndarray], model: str = "") -> RunSentences:
    """The alignable sentences of ``arts`` (statements._Articles, one story's) with their vectors, in article
    order; with ``model``, vectors are language-centred (:mod:`transcompare.embed.centre`)."""
    keys, art, lang, kind, text, pivot, vecs = [], [], [], [], [], [], []
    for pos, a in enumerate(arts.order):
        for i in arts.indices[a]:
            v = vectors.get((a, i))
            if v is None:
                continue
            keys.append((a, i))
            art.append(pos)
            lang.append(arts.meta[a]["lang"])
            kind.append(arts.kind[(a, i)])
            text.append(arts.text[(a, i)])
            pivot.append(arts.pivot.get((a, i)))
            vecs.append(v)
    dim = len(vecs[0]) if vecs else 1
    if model and vecs:
        from transcompare.embed.centre import centre

        vecs = centre(np.asarray(vecs, np.float32), lang, model)
    return RunSentences(keys, np.asarray(art, np.int64), lang, kind, text, pivot,
                        np.asarray(vecs, np.float32).reshape(len(vecs), dim))


def lexical_scorer(s: RunSentences, settings):
    """``difflib.v1``'s word score on pivot texts, with IDF over the run's pivot texts (memoised per text)."""
    from transcompare.align.similarity import Scorer, Unit, idf_table, stems

    toks = {t: stems(t, settings.stem_chars) for t in s.pivot if t is not None}
    idf = idf_table(list(toks.values()))
    scorer = Scorer(idf, settings.seq_weight, settings.idf_weight)
    units: dict[str, Unit] = {}

    def unit(t: str) -> Unit:
        u = units.get(t)
        if u is None:
            u = units[t] = Unit((0,), toks[t]).weigh(idf, scorer.default)
        return u

    done: dict[tuple[str, str], float] = {}  # one score per pair of texts (syndicated copies repeat them)

    def score(a: str, b: str) -> float:
        key = (a, b)
        hit = done.get(key)
        if hit is None:
            hit = done[key] = scorer.score(unit(a), unit(b))
        return hit

    return score


def link_probabilities(s: RunSentences, model: str, settings, params_path: Path | None = None,
                       old: np.ndarray | None = None):
    """(i, j, p, features) for the scored cross-article pairs of ``s``; with ``old`` (bool per article position:
    a grown story's earlier articles, already aligned), only the pairs that involve a new article."""
    params = model_params(model, params_path)
    compared = compared_articles(s, settings.story_neighbours)
    if old is not None and old.any():
        n_art = int(s.article.max()) + 1 if len(s) else 0
        fresh = ~np.outer(old[:n_art], old[:n_art])
        compared = fresh if compared is None else compared & fresh
    i, j, cos, best = candidate_pairs(s, params["cos_floor"], compared)
    x = features(s, i, j, cos, best, lexical_scorer(s, settings))
    return i, j, probability(x, params), x


def same_article_probabilities(s: RunSentences, model: str, params_path: Path | None = None):
    """(i, j, p) for every pair of sentences of one article: do they carry a common statement?"""
    params = model_params(model, params_path)["same_article"]
    i, j, x = same_article_pairs(s)
    return i, j, probability(x, params, SAME_FEATURES)


# ------------------------------------------------------------------------------------------- pairwise, no translation
def _knn_mean(sim: np.ndarray, k: int) -> np.ndarray:
    """Mean of each row's ``k`` largest values."""
    k = max(1, min(k, sim.shape[1]))
    return np.sort(sim, axis=1)[:, -k:].mean(axis=1)


# align_pair_embedded's (ratio-margin threshold, what a join must gain over the single sentence, neighbours k) per embeddings
# (the names of transcompare.embed.Embeddings.pair_embed), each chosen on the even-numbered NTREX documents
# (python -m transcompare.eval alignment --cross --tune [--cross-model e5-small])
EMBEDDED_SETTINGS = {"e5-small+use-m3": (1.15, 0.0, 4), "e5-small": (1.08, 0.0, 3)}


def align_pair_embedded(a_texts: list[str], b_texts: list[str], embed, embed_b=None, threshold: float | None = None,
                        margin: float | None = None, k: int | None = None, model: str = "e5-small+use-m3"):
    """Align two articles in any two languages from embeddings alone (no translation).

    Pairs are scored by the *ratio margin* of bitext mining (Artetxe and Schwenk, 2019): the cosine divided by
    the mean cosine of each side's ``k`` nearest neighbours on the other side, which puts every language pair on
    one scale. A maximum-weight 1-1 matching of the pairs whose margin reaches ``threshold``, then 1-2 / 2-1
    links where an adjacent sentence joined to one side beats the single sentence by ``margin`` (and the
    neighbour's own link). ``embed(texts) -> (n, dim)`` unit vectors for A's texts, ``embed_b`` for B's
    (default: ``embed``), e.g. from :meth:`transcompare.embed.Embeddings.pair_embed`. Returns ``Link`` objects, as
    :func:`transcompare.align.align_pair` does. ``threshold``, ``margin`` and ``k`` default to the ones chosen
    for ``model`` (:data:`EMBEDDED_SETTINGS`).
    """
    from transcompare.align.pairwise import Link, max_weight_matching

    threshold = EMBEDDED_SETTINGS[model][0] if threshold is None else threshold
    margin = EMBEDDED_SETTINGS[model][1] if margin is None else margin
    k = EMBEDDED_SETTINGS[model][2] if k is None else k
    if not a_texts or not b_texts:
        return []
    embed_b = embed_b or embed
    va, vb = embed(list(a_texts)), embed_b(list(b_texts))
    cos = va @ vb.T
    knn_a, knn_b = _knn_mean(cos, k), _knn_mean(cos.T, k)
    score = cos / ((knn_a[:, None] + knn_b[None, :]) / 2.0)
    edges = {(int(i), int(j)): float(score[i, j]) for i, j in zip(*np.nonzero(score >= threshold))}
    links = {i: (j, edges[(i, j)]) for i, j in max_weight_matching(edges)}
    own_b = {j: i for i, (j, _) in links.items()}
    joins: dict[tuple[str, int], float] = {}

    def joined_a(lo: int, j: int) -> float:  # A[lo] + A[lo + 1] against B[j]
        if ("a", lo, j) not in joins:
            v = embed([a_texts[lo] + " " + a_texts[lo + 1]])[0]
            knn = _knn_mean((v @ vb.T)[None, :], k)[0]
            joins[("a", lo, j)] = float(v @ vb[j]) / ((knn + knn_b[j]) / 2.0)
        return joins[("a", lo, j)]

    def joined_b(lo: int, i: int) -> float:  # A[i] against B[lo] + B[lo + 1]
        if ("b", lo, i) not in joins:
            v = embed_b([b_texts[lo] + " " + b_texts[lo + 1]])[0]
            knn = _knn_mean((v @ va.T)[None, :], k)[0]
            joins[("b", lo, i)] = float(va[i] @ v) / ((knn_a[i] + knn) / 2.0)
        return joins[("b", lo, i)]

    out = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, (j, sc) in sorted(links.items(), key=lambda kv: (-kv[1][1], kv[0])):
        if i in used_a or j in used_b:
            continue
        best = (sc, (i,), (j,))
        for n in (i - 1, i + 1):  # two sentences of A for one of B
            if 0 <= n < len(a_texts) and n not in used_a:
                other = links[n][1] if n in links else 0.0
                s2 = joined_a(min(i, n), j)
                if s2 >= best[0] + margin and s2 >= other:
                    best = (s2, tuple(sorted((i, n))), (j,))
        for n in (j - 1, j + 1):  # one of A for two of B
            if 0 <= n < len(b_texts) and n not in used_b:
                other = links[own_b[n]][1] if n in own_b else 0.0
                s2 = joined_b(min(j, n), i)
                if s2 >= best[0] + margin and s2 >= other:
                    best = (s2, (i,), tuple(sorted((j, n))))
        sc, xa, xb = best
        if any(x in used_a for x in xa) or any(y in used_b for y in xb):
            continue
        used_a.update(xa)
        used_b.update(xb)
        out.append(Link(xa, xb, round(sc, 6)))
    return sorted(out)
