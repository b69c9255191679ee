"""hybrid.v1: average-linkage statements, the calibration file, and a run with languages no engine translates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from transcompare.align import hybrid
from transcompare.align.hybrid import FEATURES, SAME_FEATURES, numbers
from transcompare.align.linkage import average_linkage
from transcompare.schema import C

REPO = Path(__file__).resolve().parents[2]


def _clusters(n, article, links, threshold=0.3, same=None, overlap=None):
    i = np.array([a for a, _, _ in links], np.int64)
    j = np.array([b for _, b, _ in links], np.int64)
    p = np.array([x for _, _, x in links], np.float64)
    if same is not None:
        same = tuple(np.array(v) for v in zip(*same))
    return average_linkage(n, np.array(article), i, j, p, threshold, overlap, same)


@pytest.mark.parametrize(
    "n, article, links, kw, expected",
    [
        # two statements, one weak link between members of each: no chaining
        (4, [0, 1, 0, 2], [(0, 1, 0.9), (2, 3, 0.8), (1, 3, 0.25)], {}, [[0, 1], [2, 3]]),
        # a third outlet joins when its mean link to the pair is high enough ...
        (3, [0, 1, 2], [(0, 1, 0.9), (0, 2, 0.6), (1, 2, 0.4)], {}, [[0, 1, 2]]),
        # ... and stays out when it links to one member only (mean 0.5 * 0.5)
        (3, [0, 1, 2], [(0, 1, 0.9), (0, 2, 0.5)], {"threshold": 0.3}, [[0, 1], [2]]),
        # two sentences of one article never merge by themselves
        (2, [0, 0], [], {}, [[0], [1]]),
        # a headline and a quote of article 0 both carry what article 1 says: one statement ...
        (3, [0, 0, 1], [(0, 2, 0.8), (1, 2, 0.7)], {}, [[0, 1, 2]]),
        # ... unless the second sentence of the article is only weakly linked (same-article threshold)
        (3, [0, 0, 1], [(0, 2, 0.8), (1, 2, 0.35)], {"overlap": 0.4}, [[0, 2], [1]]),
        # the probability that two sentences of one article carry a common statement counts in the mean
        (3, [0, 0, 1], [(0, 2, 0.8), (1, 2, 0.7)], {"same": [(0, 1, 0.0)], "threshold": 0.55}, [[0, 2], [1]]),
        (3, [0, 0, 1], [(0, 2, 0.8), (1, 2, 0.7)], {"same": [(0, 1, 0.9)], "threshold": 0.55}, [[0, 1, 2]]),
    ],
    ids=["no-chaining", "third-joins", "third-stays-out", "same-article-alone", "headline-and-quote",
         "weak-second-sentence", "same-article-unlike", "same-article-alike"],
)
def test_average_linkage(n, article, links, kw, expected):
    assert sorted(_clusters(n, article, links, **kw)) == expected


def test_average_linkage_is_deterministic():
    rng = np.random.default_rng(0)
    n = 40
    article = rng.integers(0, 6, n)
    links = [(a, b, float(rng.random())) for a in range(n) for b in range(a + 1, n)
             if article[a] != article[b] and rng.random() < 0.3]
    first = _clusters(n, article, links)
    assert first == _clusters(n, article, links)
    assert sorted(k for g in first for k in g) == list(range(n))  # a partition


def _dense_average_linkage(n: int, article: np.ndarray, i: np.ndarray, j: np.ndarray, p: np.ndarray,
                    threshold: float, overlap_threshold: float | None = None,
                    same_article: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                    compared: np.ndarray | None = None) -> list[list[int]]:
    """The straightforward dense version (every pair of clusters, each merge an argmax over an n x n matrix):
    what the sparse one must equal."""
    if n == 0:
        return []
    overlap_t = threshold if overlap_threshold is None else overlap_threshold
    total = np.zeros((n, n), np.float64)
    total[i, j] = p
    total[j, i] = p
    cross = (article[:, None] != article[None, :]).astype(np.float64)
    shared = ~(cross > 0)  # the two clusters hold sentences of a common article
    if compared is not None:  # only the pairs of articles compared count
        cross *= compared[article[:, None], article[None, :]]
    if same_article is not None:  # pairs within an article count too, with their own probabilities
        si, sj, sp = same_article
        total[si, sj] = sp
        total[sj, si] = sp
        cross[si, sj] = 1.0
        cross[sj, si] = 1.0
    active = np.ones(n, bool)
    members: list[list[int]] = [[k] for k in range(n)]
    link = np.where(cross > 0, total, -1.0)
    np.fill_diagonal(link, -1.0)

    def row(a: int) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(cross[a] > 0, total[a] / np.where(cross[a] > 0, cross[a], 1.0), -1.0)
        r[shared[a] & (r < overlap_t)] = -1.0
        r[~active] = -1.0
        r[a] = -1.0
        return r

    link[shared & (link < overlap_t)] = -1.0
    while True:
        flat = int(np.argmax(link))
        a, b = divmod(flat, n)
        if link[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        total[a, :] += total[b, :]
        total[:, a] = total[a, :]
        cross[a, :] += cross[b, :]
        cross[:, a] = cross[a, :]
        shared[a, :] |= shared[b, :]
        shared[:, a] = shared[a, :]
        active[b] = False
        members[a].extend(members[b])
        members[b] = []
        link[b, :] = link[:, b] = -1.0
        r = row(a)
        link[a, :] = r
        link[:, a] = r
    return [sorted(m) for m, on in zip(members, active) if on]




@pytest.mark.parametrize("seed", range(12))
def test_sparse_average_linkage_equals_the_dense_one(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    article = rng.integers(0, int(rng.integers(2, 8)), n)
    links = [(a, b, round(float(rng.random()), 2)) for a in range(n) for b in range(a + 1, n)
             if article[a] != article[b] and rng.random() < 0.4]  # rounded: ties happen
    same = [(a, b, round(float(rng.random()), 2)) for a in range(n) for b in range(a + 1, n)
            if article[a] == article[b] and rng.random() < 0.5] if seed % 2 else None
    i = np.array([a for a, _, _ in links], np.int64)
    j = np.array([b for _, b, _ in links], np.int64)
    q = np.array([x for _, _, x in links], np.float64)
    same_t = tuple(np.array(v) for v in zip(*same)) if same else None
    for threshold, overlap in ((0.3, None), (0.5, 0.6), (0.2, 0.45)):
        assert (average_linkage(n, article, i, j, q, threshold, overlap, same_t)
                == _dense_average_linkage(n, article, i, j, q, threshold, overlap, same_t))
    # only some pairs of articles compared (links only between those, as the alignment gives them)
    n_art = int(article.max()) + 1
    compared = rng.random((n_art, n_art)) < 0.6
    compared = compared | compared.T
    ok = compared[article[i], article[j]]
    for threshold, overlap in ((0.3, None), (0.5, 0.6)):
        assert (average_linkage(n, article, i[ok], j[ok], q[ok], threshold, overlap, same_t, compared)
                == _dense_average_linkage(n, article, i[ok], j[ok], q[ok], threshold, overlap, same_t, compared))


@pytest.mark.parametrize("seed", range(6))
def test_average_linkage_of_articles_equals_the_dense_one(seed):
    # the stories' use: every position an article of its own (no sentences per article are kept then)
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(5, 60))
    links = [(a, b, round(float(rng.random()), 2)) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.4]
    i, j, q = (np.array(v) for v in zip(*links))
    for threshold in (0.2, 0.35, 0.6):
        got = average_linkage(n, np.arange(n), i, j, q.astype(np.float64), threshold)
        assert got == _dense_average_linkage(n, np.arange(n), i, j, q.astype(np.float64), threshold)
        assert any(len(g) > 1 for g in got) or threshold > 0.5


def test_compared_articles_only_count_in_the_mean():
    # three articles; 0 and 2 were never compared: their sentences' missing pair does not dilute the mean
    article = np.array([0, 1, 2])
    i, j, q = np.array([0, 1]), np.array([1, 2]), np.array([0.8, 0.7])
    assert sorted(average_linkage(3, article, i, j, q, 0.6)) == [[0, 1], [2]]  # (0.7 + 0) / 2 < 0.6
    compared = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], bool)
    assert sorted(average_linkage(3, article, i, j, q, 0.6, compared=compared)) == [[0, 1, 2]]


@pytest.mark.parametrize("text, expected", [
    ("About 30,000 people crossed; 30.000 according to others", {"30000"}),
    ("Le 1er juin, 400 gardes", {"1", "400"}),
    ("no numbers here", set()),
])
def test_numbers(text, expected):
    assert numbers(text) == expected


def test_calibration_file_covers_both_models():
    data = json.loads(hybrid.PARAMS_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    for model in ("e5-small", "use-m3"):
        params = data["models"][model]
        assert set(params["weights"]) == set(FEATURES)
        assert set(params["same_article"]["weights"]) == set(SAME_FEATURES)
        assert params["fitted_on"]["split"] == "dev"
        assert -1.0 < params["cos_floor"] < 1.0
        # meaning and words both raise the probability
        assert params["weights"]["cos"] > 0 and params["weights"]["lex"] > 0


def test_story_model_file_covers_both_models():
    from transcompare import stories

    data = json.loads(stories.PARAMS_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(stories.FEATURES)
    for model in ("e5-small", "use-m3"):
        params = data["models"][model]
        assert set(params["weights"]) == set(stories.FEATURES) and 0.0 < params["threshold"] < 1.0
        assert any(c.startswith("coverage") for c in params["fitted_on"]["corpora"])
        assert all(c.endswith(" dev") for c in params["fitted_on"]["corpora"])
        # sentences shared near-verbatim make one story
        assert params["weights"]["shared_90"] + params["weights"]["share_90"] > 0


def test_fit_logistic_with_sample_weights_is_fitting_repeated_rows():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(60, 2))
    y = (x[:, 0] + 0.5 * rng.normal(size=60) > 0).astype(float)
    times = rng.integers(1, 4, size=60)
    w1, b1 = hybrid.fit_logistic(x, y, sample_weight=times.astype(float))
    w2, b2 = hybrid.fit_logistic(np.repeat(x, times, axis=0), np.repeat(y, times))
    assert np.allclose(w1, w2, atol=1e-6) and abs(b1 - b2) < 1e-6


def test_fit_logistic_separates():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(float)
    w, b = hybrid.fit_logistic(x, y)
    assert w[0] > 0 > w[1]
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert ((p > 0.5) == (y > 0.5)).mean() > 0.95


# ------------------------------------------------------------------ a run with untranslated languages
@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """One event of the coverage corpus (en, en, es, fr, de, ru, ar): de, ru and ar have no engine here."""
    if shutil.which("apertium") is None:
        pytest.skip("needs the Debian apertium packages")
    from transcompare.config import load_pipeline
    from transcompare.eval.coverage_corpus import ROOT, load_event, write_articles
    from transcompare.pipeline import run_pipeline

    tmp = tmp_path_factory.mktemp("mixed")
    ev = load_event(next((ROOT / "events").glob("e01-*.yaml")))
    write_articles([ev], tmp / "articles")
    pipe = tmp / "mixed.toml"
    pipe.write_text('name = "mixed"\n[[inputs]]\npath = "articles"\n[translate]\ncache_path = "cache/t.sqlite3"\n'
                    '[output]\ndir = "run"\n', encoding="utf-8")
    result = run_pipeline(load_pipeline(pipe))
    return ev, result


def test_untranslated_languages_are_compared(mixed_run):
    ev, result = mixed_run
    st = result.tables["statements"]
    notes = [w for w in result.warnings if w.startswith("not translated:")]
    assert {w.split()[2] for w in notes} == {"ar", "de", "ru"}
    assert all("(1 article)" in w for w in notes)
    # the German, Russian and Arabic articles carry statements with the others
    for lang in ("de", "ru", "ar"):
        shared = st.filter((pl.col(C.LANG) == lang) & (pl.col(C.N_OUTLETS) >= 3))
        assert shared[C.STATEMENT_ID].n_unique() >= 3, lang
    # no translation for them: pivot text empty, comparison shows the original (view_text null)
    de = st.filter(pl.col(C.LANG) == "de")
    assert (de[C.PIVOT_TEXT] == "").all()
    comp = result.tables["compare"].filter(pl.col(C.LANG) == "de")
    assert comp[C.VIEW_TEXT].null_count() == comp.height
    assert result.manifest["counts"]["stories"] == 1


def test_a_large_story_is_aligned_with_each_article_s_nearest_others(mixed_run):
    """With ``story_neighbours`` below the story's size, only each article's nearest others are aligned (fewer
    pairs of articles), and statements still span the outlets through them."""
    from transcompare.align import AlignSettings, align_articles, build_statements
    from transcompare.align.statements import _Articles
    from transcompare.embed.stage import vectors_of

    _ev, result = mixed_run
    t = result.tables
    sentences, translations, embeddings = t["segment"], t["translate"], t["embed"]
    n = sentences[C.ARTICLE_ID].n_unique()
    pairs, shared = {}, {}
    for k in (0, 2):
        settings = AlignSettings(story_neighbours=k)
        al = align_articles(sentences, translations, "en", settings, embeddings=embeddings)
        pairs[k] = set(zip(al[C.ARTICLE_A], al[C.ARTICLE_B]))
        st = build_statements(sentences, translations, al, "en", settings, embeddings=embeddings)
        shared[k] = st.filter(pl.col(C.N_OUTLETS) >= 3)[C.STATEMENT_ID].n_unique()
        assert st.filter(pl.col(C.N_OUTLETS) >= n - 1)[C.STATEMENT_ID].n_unique() >= 1, k
    arts = _Articles(sentences, translations, "en", require_pivot=False)
    model, vectors = vectors_of(embeddings)
    compared = hybrid.compared_articles(hybrid.run_sentences(arts, vectors, model=model), 2)
    allowed = {(a, b) for x, a in enumerate(arts.order) for y, b in enumerate(arts.order) if compared[x, y]}
    assert pairs[2] <= allowed and len(pairs[2]) < len(pairs[0]) == n * (n - 1) // 2
    assert shared[2] >= shared[0] - 2 and shared[0] >= 5  # about as many statements of three outlets or more
    assert hybrid.compared_articles(hybrid.run_sentences(arts, vectors, model=model), n - 1) is None


def test_headline_and_lead_of_one_article_in_one_statement(mixed_run):
    ev, result = mixed_run
    st = result.tables["statements"]
    first = st.filter(pl.col(C.STATEMENT_ID) == st[C.STATEMENT_ID][0])
    # the main claim (S1: headline and lead of every outlet) is one statement carried by all seven
    assert first.height == 7
    assert sum(0 in idx and len(idx) >= 2 for idx in first[C.SENTENCE_INDICES]) >= 4


def test_report_shows_the_untranslated_sentences(mixed_run):
    ev, result = mixed_run
    html = (result.run_dir / "report.html").read_text(encoding="utf-8")
    de = next(a for a in ev.articles if a.lang == "de")
    import html as h

    assert h.escape(de.paragraphs[1][0].text, quote=False) in html or de.paragraphs[1][0].text in html
    assert "not translated: de" in html


def test_require_translation_refuses(tmp_path):
    from transcompare.config import load_pipeline
    from transcompare.errors import EngineError
    from transcompare.pipeline import check_pipeline

    (tmp_path / "he.md").write_text("---\nlang: he\ntitle: כותרת\n---\nלברוב אמר ביום ראשון שרוסיה תמשיך לתמוך.\n",
                                    encoding="utf-8")
    pipe = tmp_path / "p.toml"
    pipe.write_text('name = "p"\n[[inputs]]\npath = "he.md"\n[translate]\nrequire_translation = true\n')
    with pytest.raises(EngineError, match="cannot translate he->en"):
        check_pipeline(load_pipeline(pipe))
    pipe.write_text('name = "p"\n[[inputs]]\npath = "he.md"\n')
    check = check_pipeline(load_pipeline(pipe))
    assert any(w.startswith("not translated: he (1 article)") for w in check.warnings)


# ------------------------------------------------------------------ altered quotes
from transcompare.align.altered import altered_reasons, has_cue, quantities  # noqa: E402


@pytest.mark.parametrize("text, lang, expected", [
    ("for $2.3 billion", "en", {2.3e9}),
    ("por 2.300 millones", "es", {2.3e9}),
    ("ещё 600 тысяч доз", "ru", {6e5}),
    ("600,000 doses", "en", {6e5}),
    ("30 000 personnes", "fr", {3e4}),
    ("binnen vier Tagen", "de", {4.0}),
    ("ein Tag, une journée", "de", set()),  # articles are not numbers
    ("2,5 Prozent", "de", {2.5}),
])
def test_quantities(text, lang, expected):
    assert quantities(text, lang) == expected


@pytest.mark.parametrize("text, lang, kind, expected", [
    ("The bridge might reopen.", "en", "modality", True),
    ("The bridge will reopen.", "en", "modality", False),
    ("He didn't say.", "en", "negation", True),
    ("No es verdad.", "es", "negation", True),
    ("Das Abkommen könnte scheitern.", "de", "modality", True),
    ("Соглашение может сорваться.", "ru", "modality", True),
    ("لن نتراجع", "ar", "negation", True),
    ("ההסכם עלול לקרוס", "he", "modality", True),
    ("Il n'a rien dit.", "fr", "negation", True),
    ("text", "xx", "negation", None),
])
def test_cues(text, lang, kind, expected):
    assert has_cue(text, lang, kind) is expected


@pytest.mark.parametrize("texts, langs, flagged, reason", [
    # a changed number (the constructed e07 case: 4000 border guards instead of 400)
    (["Kotary said 400 guards will leave.", "Kotary: 400 Grenzschützer ziehen ab.",
      "Котари заявил, что 4000 пограничников уйдут.", "Kotary dijo que 400 guardias se irán."],
     ["en", "de", "ru", "es"], 2, "number: 4000 (others: 400)"),
    # "might" turned into "will"
    (["The deal might collapse, she warned.", "El acuerdo podría fracasar, advirtió.",
      "O acordo vai fracassar, alertou.", "Das Abkommen könnte scheitern, warnte sie."],
     ["en", "es", "pt", "de"], 2, "modality: dropped"),
    # a dropped negation
    (["There is no evidence that patients were harmed.", "Il n'y a aucune preuve que des patients aient souffert.",
      "Há provas de que pacientes foram prejudicados.", "Es gibt keinen Beweis, dass Patienten geschadet wurde."],
     ["en", "fr", "pt", "de"], 2, "negation: dropped"),
    # faithful renderings: nothing flagged
    (["Lavrov said the army is the most effective force.", "Lavrov dijo que el ejército es la fuerza más eficaz.",
      "Лавров заявил, что армия — самая эффективная сила."], ["en", "es", "ru"], None, ""),
])
def test_altered_reasons(texts, langs, flagged, reason):
    out = altered_reasons(texts, langs)
    for k, why in enumerate(out):
        assert why == (reason if k == flagged else ""), (k, why)


def test_altered_quote_flagged_in_a_run(mixed_run):
    ev, result = mixed_run
    st = result.tables["statements"]
    flagged = st.filter(pl.col(C.ALTERED) != "")
    # the constructed Russian outlet's repayments figure (40 million instead of 14) is flagged
    ru = flagged.filter(pl.col(C.ARTICLE_ID) == "e01-ru-vestnik")
    assert any("number" in why for why in ru[C.ALTERED]), flagged.select(C.ARTICLE_ID, C.ALTERED)
    comp = result.tables["compare"]
    assert (comp.filter(pl.col(C.ALTERED) != "")[C.ARTICLE_ID].unique().sort().to_list()
            == flagged[C.ARTICLE_ID].unique().sort().to_list())


def test_altered_flag_shown_in_report_and_terminal(mixed_run):
    from click.testing import CliRunner

    from transcompare.cli import main

    ev, result = mixed_run
    html = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert 'class="a-altered"' in html and "number: " in html
    outlet = next(a.outlet for a in ev.articles if a.id == "e01-ru-vestnik")
    shown = CliRunner().invoke(main, ["show", str(result.run_dir), "--outlet", outlet, "--width", "200"])
    assert shown.exit_code == 0, shown.output
    assert "altered? number:" in shown.output


def test_align_pair_embedded_across_languages_with_a_merge():
    """Constructed English and German versions: reordered, one German sentence merges two English ones, one
    English sentence has no counterpart."""
    from transcompare.align.hybrid import align_pair_embedded
    from transcompare.embed import E5Embedder
    from transcompare.embed.centre import centre

    en = ["The council approved the housing plan on Tuesday.",
          "The scheme provides for 2,400 homes.",
          "Forty percent of them will be affordable.",
          "About 200 people protested outside the town hall.",
          "The mayor's office did not answer questions about the weather."]
    de = ["Rund 200 Menschen protestierten vor dem Rathaus.",
          "Der Stadtrat billigte am Dienstag den Wohnungsplan.",
          "Vorgesehen sind 2400 Wohnungen, vierzig Prozent davon bezahlbar."]
    model = E5Embedder()

    def embed(lang):
        return lambda texts: centre(model.embed_batch(texts), [lang] * len(texts), "e5-small")

    links = {(l.a, l.b) for l in align_pair_embedded(en, de, embed("en"), embed("de"), margin=0.0)}
    assert links == {((0,), (1,)), ((1, 2), (2,)), ((3,), (0,))}


@pytest.mark.parametrize("dates, expected", [
    (["2015-09-01", "2015-09-13", "2015-09-11"], 12),
    (["2015-09-13T10:00:00+03:00", "2015-09-13"], 0),
    (["2015-09-13", "Sunday"], None),
    ([], None),
])
def test_date_span(dates, expected):
    from transcompare.compare import date_span

    assert date_span(dates) == expected


def test_dates_in_comparison_and_views(mixed_run):
    ev, result = mixed_run
    comp = result.tables["compare"]
    published = {a.id: a.published for a in ev.articles}
    for aid, date in comp.select(C.ARTICLE_ID, C.PUBLISHED).unique().iter_rows():
        assert date == published[aid]
    assert comp[C.DATE_SPAN].max() <= 1  # the constructed outlets published on the day or the day after

    from transcompare.render.model import Member, Statement

    st = Statement("s001", 2, 0.1, "x", [Member("a", "A", "en", "x", "x", 0.0, published="2015-09-01")], [],
                   date_span_days=12)
    from transcompare.render.html import statement_html

    html = statement_html(st, "en")
    assert "spans 12 days" in html and "2015-09-01" in html


def test_reference_is_a_member_shown_in_the_view_language(mixed_run):
    """An untranslated member (de, ru, ar) is never the reference of a view: the others could not be diffed."""
    ev, result = mixed_run
    comp = result.tables["compare"]
    refs = comp.filter(pl.col(C.IS_REFERENCE) & (pl.col(C.N_OUTLETS) > 1))
    multi = comp.filter(pl.col(C.N_OUTLETS) > 1)
    assert refs[C.STATEMENT_ID].n_unique() == multi[C.STATEMENT_ID].n_unique()
    assert refs[C.VIEW_TEXT].null_count() == 0
    # and the others of a statement are compared with it
    compared = multi.filter(pl.col(C.VIEW_TEXT).is_not_null())
    assert compared[C.DIVERGENCE].null_count() == 0
