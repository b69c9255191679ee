"""Quotations, speakers and reporting verbs."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from transcompare.align.attribution import attribution
from transcompare.align.coref import attribute_article
from transcompare.align.quotes import find_quotes


@pytest.mark.parametrize(
    "text, lang, quotes",
    [
        ("“To exclude Syrian army is absurd,” Lavrov said.", "en", ["To exclude Syrian army is absurd"]),
        ('He called it "baseless" and "absurd".', "en", ["baseless", "absurd"]),
        ("Welsh AMs worried about 'looking like muppets'", "en", ["looking like muppets"]),
        ("« Exclure l’armée syrienne est absurde », a déclaré Lavrov.", "fr", ["Exclure l’armée syrienne est absurde"]),
        ("„Das ist absurd“, sagte Lawrow.", "de", ["Das ist absurd"]),
        ("«Это абсурд», — заявил Лавров.", "ru", ["Это абсурд"]),
        ("他说：「這是荒謬的」。", "zh", ["這是荒謬的"]),
        ("ואמר ״זה אבסורד״ היום", "he", ["זה אבסורד"]),
        ("He said it was ‘normal’ aid.", "en", ["normal"]),
        ("Assad’s regime won’t fall, Lavrov’s aides said.", "en", []),  # apostrophes are not quotes
        ("“All our western partners understand the threat.", "en", ["All our western partners understand the threat."]),
        ("And this is not Assad’s regime,” he added.", "en", ["And this is not Assad’s regime"]),
        ("No quotation here.", "en", []),
    ],
)
def test_find_quotes(text, lang, quotes):
    found = find_quotes(text, lang)
    assert [q.text for q in found] == quotes
    assert all(text[q.start:q.end] == q.text for q in found)


@pytest.mark.parametrize(
    "text, lang, speaker, verb",
    [
        ("“It is absurd,” Lavrov said, according to the Russia Today news agency.", "en", "Lavrov", "said"),
        ("“I hope that I won’t fail anyone,” continued Lavrov.", "en", "Lavrov", "continued"),
        ("The army is crucial, Russian Foreign Minister Sergei Lavrov said on Sunday.", "en", "Sergei Lavrov", "said"),
        ("He added that Assad was considered a “legitimate” president.", "en", "he", "added"),
        ("Lavrov went on to say that Russia will assist the Syrian government.", "en", "Lavrov", "went on to say"),
        ("Moscow, however, later claimed that the aid is normal.", "en", "Moscow", "claimed"),
        ("According to Russia Today, the minister was clear.", "en", "Russia Today", "according to"),
        ("“It is absurd,” Lavrov insisted.", "en", "Lavrov", "insisted"),
        ("A concerned United States had Secretary of State John Kerry phone his counterpart.", "en", "", ""),
        ("« C’est absurde », a déclaré Lavrov.", "fr", "Lavrov", "a déclaré"),
        ("«Es absurdo», dijo Lavrov.", "es", "Lavrov", "dijo"),
        ("„Das ist absurd“, sagte Lawrow.", "de", "Lawrow", "sagte"),
        ("«Это абсурд», — заявил Лавров.", "ru", "Лавров", "заявил"),
        ("«É absurdo», afirmou Lavrov.", "pt", "Lavrov", "afirmou"),
        ("The weather was fine.", "en", "", ""),
    ],
)
def test_attribution(text, lang, speaker, verb):
    assert attribution(text, lang) == (speaker, verb)


def test_pronouns_resolve_to_the_previous_named_speaker():
    texts = [
        "He said nothing new.",  # no earlier name: stays a pronoun
        "“It is absurd,” Lavrov said.",
        "He added that Assad was legitimate a year ago.",
        "“We will help,” said Kerry.",
        "“There is something else,” he added.",
    ]
    assert attribute_article(texts, "en") == [("he", "said"), ("Lavrov", "said"), ("Lavrov", "added"),
                                             ("Kerry", "said"), ("Kerry", "added")]


@given(st.text(alphabet=st.sampled_from(list("ab “”«»\"'’‘„「」 .,")), max_size=40))
def test_quote_offsets_are_consistent(text):
    for q in find_quotes(text, "en"):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text and q.text


@pytest.mark.parametrize(
    "text, lang, speaker, verb",
    [
        ("Rússia vai continuar a apoiar Assad, diz Lavrov", "pt", "Lavrov", "diz"),
        ("Según Lavrov, Rusia ayudará al Gobierno sirio.", "es", "Lavrov", "según"),
        ("«Excloure l'exèrcit sirià és absurd», va dir Lavrov.", "ca", "Lavrov", "va dir"),
        ("Kerry, Lavrov said, had called twice.", "en", "Lavrov", "said"),
    ],
)
def test_names_do_not_run_across_commas(text, lang, speaker, verb):
    assert attribution(text, lang) == (speaker, verb)


@pytest.mark.parametrize(
    "texts, lang, expected",
    [
        (["«Es absurdo», afirmó Lavrov.", "«No es el régimen de Asad», insistió el ministro."], "es",
         [("Lavrov", "afirmó"), ("Lavrov", "insistió")]),
        (["«Es absurdo», afirmó Lavrov.", "«Podría sospechar otra cosa», sostuvo."], "es",
         [("Lavrov", "afirmó"), ("Lavrov", "sostuvo")]),
        (["“It is absurd,” Lavrov said.", "The minister added that Assad was legitimate."], "en",
         [("Lavrov", "said"), ("Lavrov", "added")]),
        (["It was sunny.", "“There is something else,” the minister added."], "en",
         [("", ""), ("the minister", "added")]),
    ],
)
def test_anaphoric_speakers(texts, lang, expected):
    assert attribute_article(texts, lang) == expected


@pytest.mark.parametrize(
    "text, lang, speaker, verb",
    [
        ("El ministro de Asuntos Exteriores ruso, Serguéi Lavrov, aseguró el domingo que Rusia seguirá.", "es",
         "Serguéi Lavrov", "aseguró"),
        ("Le chef de la diplomatie russe, Sergueï Lavrov, a affirmé dimanche que la Russie continuera.", "fr",
         "Sergueï Lavrov", "a affirmé"),
        ("Rússia vai continuar a apoiar Assad, diz Lavrov", "pt", "Lavrov", "diz"),
        # a title between the verb and the name
        ("«Es un día histórico», dijo la alcaldesa Elena Brightwater.", "es", "Elena Brightwater", "dijo"),
        ("«Es un día histórico», afirmó el alcalde Juan Pérez.", "es", "Juan Pérez", "afirmó"),
        ("«Es absurdo», aseguró el ministro de Asuntos Exteriores ruso, Serguéi Lavrov.", "es", "Serguéi Lavrov",
         "aseguró"),
        ("Rússia continuarà donant suport al govern sirià, va dir diumenge el ministre d'Afers Estrangers rus, "
         "Serguei Lavrov.", "ca", "Serguei Lavrov", "va dir"),
        ("« C'est absurde », a déclaré le maire Jean Dupont.", "fr", "Jean Dupont", "a déclaré"),
        ("«É absurdo», disse o ministro russo Serguei Lavrov.", "pt", "Serguei Lavrov", "disse"),
        ('"It is absurd," said the mayor, Elena Brightwater, on Sunday.', "en", "Elena Brightwater", "said"),
        # a complement is not the speaker: the bare title is kept (and resolved to an earlier name)
        ("Rusia seguirá apoyando a Siria, dijo el presidente de Estados Unidos.", "es", "el presidente", "dijo"),
        ("«Es absurdo», dijo que Rusia no cambiará.", "es", "", "dijo"),
    ],
)
def test_apposition_names_the_speaker(text, lang, speaker, verb):
    assert attribution(text, lang) == (speaker, verb)
