"""The embedder protocol with both packaged models (real weights, small inputs), the manager and the cache."""

from __future__ import annotations

import numpy as np
import pytest

from transcompare.embed import E5Embedder, EmbeddingCache, Embeddings, USEEmbedder
from transcompare.embed.centre import centre, language_means
from transcompare.embed.stage import embed_sentences, vectors_of
from transcompare.errors import ConfigError
from transcompare.schema import EMBEDDINGS

# (constructed) one statement in four languages, and an unrelated sentence
SAME = ["The mayor said the bridge will reopen in May.", "El alcalde dijo que el puente reabrirá en mayo.",
        "Der Bürgermeister sagte, die Brücke werde im Mai wieder geöffnet.",
        "Мэр заявил, что мост вновь откроют в мае."]
OTHER = "Heavy rain flooded the football stadium on Saturday."


@pytest.fixture(scope="module", params=["use-m3", "e5-small"])
def embedder(request):
    return {"use-m3": USEEmbedder, "e5-small": E5Embedder}[request.param]()


def test_protocol_shapes_units_and_meaning(embedder):
    vecs = embedder.embed_batch(SAME + [OTHER])
    assert vecs.shape == (5, embedder.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    sim = vecs @ vecs.T
    for k in range(1, 4):  # each translation is closer to the English statement than the unrelated sentence
        assert sim[0, k] > sim[0, 4]
    ident = embedder.identity()
    assert ident["name"] == embedder.name and ident["version"] != "missing" and ident["dim"] == embedder.dim
    assert embedder.embed_batch([]).shape == (0, embedder.dim)


def test_same_text_same_vector_whatever_the_batch(embedder):
    alone = embedder.embed_batch([SAME[1]])[0]
    batched = embedder.embed_batch([OTHER, SAME[1], SAME[0]])[1]
    assert np.allclose(alone, batched, atol=1e-4)


def test_cache_second_call_is_all_hits(tmp_path):
    emb = Embeddings("use-m3", cache_path=tmp_path / "e.sqlite3", batch_size=2)
    model = emb.choose(["en"])
    first = emb.embed(SAME + [SAME[0]], model)
    assert emb.signature()["cache"] == {"enabled": True, "hits": 0, "misses": 4, "embedded": 4}
    emb.close()
    again = Embeddings("use-m3", cache_path=tmp_path / "e.sqlite3")
    second = again.embed(SAME + [SAME[0]], again.choose(["en"]))
    assert again.signature()["cache"]["hits"] == 4 and again.embedded == 0
    assert np.array_equal(first, second) and first.shape == (5, 512)
    # another model never reads the first one's vectors
    other = Embeddings("e5-small", cache_path=tmp_path / "e.sqlite3")
    v = other.embed(SAME[:1], other.choose(["en"]))
    assert v.shape == (1, 384) and other.signature()["cache"]["misses"] == 1
    assert EmbeddingCache(tmp_path / "e.sqlite3").count() == 5


def test_choice_and_unknown_model():
    assert Embeddings("auto").choose({"en", "he"}).name == "e5-small"
    assert Embeddings("use-m3").choose({"he"}).name == "use-m3"
    with pytest.raises(ConfigError, match="unknown embedding model 'word2vec'"):
        Embeddings("word2vec")


def test_stage_table_and_vectors(make_sentences_frame):
    sentences = make_sentences_frame([("a", "en", SAME[:2]), ("b", "es", SAME[1:3])])
    table = embed_sentences(sentences, Embeddings("use-m3"))
    assert table.columns == list(EMBEDDINGS.columns) and table.height == 4
    model, vecs = vectors_of(table)
    assert model == "use-m3" and set(vecs) == {("a", 0), ("a", 1), ("b", 0), ("b", 1)}
    # the same text gets the same vector in two articles
    assert np.allclose(vecs[("a", 1)], vecs[("b", 0)])


def test_language_centring_keeps_units_and_separates_languages():
    means = language_means("e5-small")
    assert {"en", "es", "de", "ru", "ar", "he", "*"} <= set(means)
    vecs = E5Embedder().embed_batch(SAME)
    out = centre(vecs, ["en", "es", "de", "ru"], "e5-small")
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(out, vecs)
    # a language without a mean of its own is centred on the overall mean
    other = centre(vecs[:1], ["xx"], "e5-small")
    assert np.allclose(other, centre(vecs[:1], ["zz"], "e5-small"))


def test_labse_is_optional_and_says_how_to_get_it():
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        from transcompare.errors import EngineError

        with pytest.raises(EngineError, match="pip install sentence-transformers"):
            Embeddings("labse").choose(["en"]).embed_batch(["hello"])
    else:
        pytest.skip("sentence-transformers is installed here; LaBSE would be downloaded")


def test_pair_embed_averages_both_models_where_use_knows_both_languages():
    emb = Embeddings("auto")
    ea, eb, name = emb.pair_embed("en", "de")
    assert name == "e5-small+use-m3"
    a, b = ea(SAME[:1] + [OTHER]), eb(SAME[2:3])
    assert a.shape == (2, 384 + 512) and np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    # the pair's cosine is the mean of the two models' (language-centred) cosines
    parts = [(centre(emb.embed(SAME[:1], emb.embedder(n)), ["en"], n),
              centre(emb.embed(SAME[2:3], emb.embedder(n)), ["de"], n)) for n in ("e5-small", "use-m3")]
    mean = sum(float(x[0] @ y[0]) for x, y in parts) / 2
    assert abs(float(a[0] @ b[0]) - mean) < 1e-4
    assert float(a[0] @ b[0]) > float(a[1] @ b[0])
    # USE does not know Hebrew: e5-small alone
    ea, eb, name = emb.pair_embed("en", "he")
    assert name == "e5-small" and eb(["ראש העיר אמר שהגשר ייפתח מחדש במאי."]).shape == (1, 384)


def test_align_pair_embedded_takes_the_settings_of_its_embeddings():
    from transcompare.align.hybrid import EMBEDDED_SETTINGS, align_pair_embedded

    en = ["The council approved the housing plan on Tuesday.", "About 200 people protested outside the town hall.",
          "The weather was cold."]
    ru = ["Около 200 человек протестовали у здания мэрии.", "Совет во вторник одобрил жилищный план."]
    emb = Embeddings("auto")
    ea, eb, name = emb.pair_embed("en", "ru")
    links = {(l.a, l.b) for l in align_pair_embedded(en, ru, ea, eb, model=name)}
    assert links == {((0,), (1,)), ((1,), (0,))}
    assert set(EMBEDDED_SETTINGS) == {"e5-small+use-m3", "e5-small"}
    # a threshold above every ratio margin links nothing
    assert align_pair_embedded(en, ru, ea, eb, threshold=50.0, model=name) == []
