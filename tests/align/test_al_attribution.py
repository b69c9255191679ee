"""Attribution per sentence: the original's words, never a pivot-language word on a row in another language."""

from __future__ import annotations

import polars as pl

from transcompare.align.attribution import ORIGINAL, PIVOT
from transcompare.align.coref import attribute_sentences
from transcompare.eval.attribution import speaker_is, verb_found
from transcompare.schema import SENTENCES, C


def _sentences(rows):
    data = {col: [] for col in SENTENCES.columns}
    for k, (aid, lang, text) in enumerate(rows):
        values = {C.ARTICLE_ID: aid, C.INDEX: k, C.LANG: lang, C.TEXT: text, C.PARAGRAPH: 0, C.START: 0,
                  C.END: len(text), C.KIND: "body"}
        for col in SENTENCES.columns:
            data[col].append(values.get(col))
    return pl.DataFrame(data, schema=SENTENCES.schema)


def test_a_pivot_role_or_verb_never_lands_on_a_portuguese_row():
    s = _sentences([("pt", "pt", "O chanceler russo observou que a situação é grave."),
                    ("pt", "pt", "Para Lavrov, a coalizão não tem objetivos claros.")])
    pivot = {("pt", 0): "The Russian chancellor observed that the situation is grave.",
             ("pt", 1): "For Lavrov, the coalition has no clear aims, Lavrov said."}
    out = attribute_sentences(s, pivot, "en")
    speaker, verb, source = out[("pt", 0)]
    assert "chancellor" not in speaker.casefold() and "observed" not in verb
    speaker, verb, source = out[("pt", 1)]
    assert (speaker, verb, source) == ("Lavrov", "", PIVOT)  # the name is in the original; no English verb


def test_the_original_wins_and_says_so():
    s = _sentences([("es", "es", "«No es verdad», replicó Solano."),
                    ("en", "en", "“It is absurd,” Lavrov said.")])
    out = attribute_sentences(s, {("es", 0): "“It is not true,” Solano replied."}, "en")
    assert out[("en", 1)] == ("Lavrov", "said", ORIGINAL)
    speaker, verb, source = out[("es", 0)]
    assert verb != "replied"  # never the pivot's verb
    assert source == ORIGINAL or (source == PIVOT and speaker == "Solano" and verb == "")


def test_eval_matching_rules():
    variants = ["Ingrid Solano", "Solano", "Ингрид Солано"]
    assert speaker_is("la alcaldesa Ingrid Solano", variants) and speaker_is("Солано", variants + ["Солано"])
    assert not speaker_is("la alcaldesa", variants) and not speaker_is("", variants)
    assert verb_found("a déclaré", "déclaré") and verb_found("Said", "said") and not verb_found("", "said")


def test_one_person_across_scripts_and_roles_are_not_persons():
    from transcompare.align.speakers import identify, skeleton

    ids = identify(["Lavrov", "Sergei Lavrov", "Serguéi Lavrov", "Lawrow", "Лавров", "لافروف", "לברוב",
                    "Kovalen", "كوفالين", "he", "la alcaldesa", "Kerry"])
    assert len({ids[n] for n in ("Lavrov", "Sergei Lavrov", "Serguéi Lavrov", "Lawrow", "Лавров", "لافروف",
                                 "לברוב")}) == 1
    assert ids["Kovalen"] == ids["كوفالين"] != ids["Lavrov"] and ids["Kerry"] not in ("", ids["Lavrov"])
    assert ids["he"] == ids["la alcaldesa"] == ""
    assert skeleton("") == "" and len(skeleton("Erby")) < 3  # too short to join spellings: exact match only


def test_a_place_as_speaker_is_one_across_languages():
    # "Moscú" (msk) and "Moscow" (mskv) share no skeleton; the place list joins them, articles allowed
    from transcompare.align.speakers import identify

    moscow = ["Moscow", "Moscú", "Moscou", "Москва", "موسكو", "מוסקבה"]
    white_house = ["the White House", "la Casa Blanca", "la Maison Blanche", "Белый дом", "البيت الأبيض"]
    ids = identify(moscow + white_house + ["Kremlin", "el Kremlin", "Sergei Lavrov", "the minister", "Lavrov"])
    assert len({ids[n] for n in moscow}) == 1 and len({ids[n] for n in white_house}) == 1
    assert ids["Kremlin"] == ids["el Kremlin"] not in ("", ids["Moscow"], ids["the White House"])
    assert ids["Sergei Lavrov"] == ids["Lavrov"] not in ("", ids["Moscow"]) and ids["the minister"] == ""
    # a spelling not listed still joins by its skeleton; a common word in lower case is no place
    more = identify(["Moscow", "Moskwa", "das Weiße Haus", "White House", "las damas", "Damas", "mosca"])
    assert more["Moskwa"] == more["Moscow"] and more["das Weiße Haus"] == more["White House"] != ""
    assert more["las damas"] == more["mosca"] == "" != more["Damas"]


import pytest  # noqa: E402

from transcompare.align.attribution import attribution  # noqa: E402
from transcompare.align.coref import attribute_article  # noqa: E402


@pytest.mark.parametrize("lang, text, speaker, verb", [
    ("en", "Tomas Erby, who leads the opposition Civic List, cautioned that the debt might squeeze services.",
     "Tomas Erby", "cautioned"),
    ("en", "Helga Stavrou, the union's secretary-general, flatly rejected any suggestion of pressure.",
     "Helga Stavrou", "rejected"),
    ("en", "Lavrov: Syrian army indispensable in the fight against Islamic State", "Lavrov", ""),
    ("fr", "Selon la directrice des finances de la ville, Leonie Strand, les remboursements baisseront.",
     "Leonie Strand", "selon"),
    ("fr", "« On nous a volé la finale », a martelé l'entraîneur d'Oranto, Piet Vandermolen.",
     "Piet Vandermolen", "a martelé"),
    ("de", "Oppositionsführer Tomas Erby von der Bürgerliste warnte, die Anleihe könne die Stadt belasten.",
     "Tomas Erby", "warnte"),
    ("de", "Castellan: Impfungen gegen Lissan-Fieber beginnen am 25. Mai", "Castellan", ""),
    ("ru", "«Комиссия будет собираться ежемесячно», — заявила спецпосланник Эстмарка Сорая Велл.",
     "Сорая Велл", "заявила"),
    ("ar", "في المقابل، حذر زعيم المعارضة توماس إربي من أن السندات ستجبر البلدية على تقليص خدماتها.",
     "زعيم المعارضة توماس إربي", "حذر"),
    ("ar", "وقالت كوفالين عقب التصويت: «هذا هو اليوم».", "كوفالين", "قالت"),
    ("he", "מנכ״ל טרווין, אדריאן קובל, אמר כי הייצור יועבר למפעל של הקבוצה.", "מנכ״ל טרווין, אדריאן קובל", "אמר"),
    ("he", "״את השער הזה אני מקדיש לאבא שלי״, אמר הקפטן טיאגו מורבן, שאביו הלך לעולמו.", "הקפטן טיאגו מורבן",
     "אמר"),
    ("he", "ולנד: ״בגידה בעובדים״ – טרווין קונה את מולברוק", "ולנד", ""),
])
def test_attribution_patterns(lang, text, speaker, verb):
    assert attribution(text, lang) == (speaker, verb)


@pytest.mark.parametrize("lang, texts, expected", [
    ("ru", ["Мэр Ингрид Солано заявила, что план будет принят.", "По её словам, стройка начнётся в сентябре."],
     ["Ингрид Солано", "Ингрид Солано"]),
    ("he", ["קובל הכחיש כי מדובר בצעד לקיצוץ.", "לדבריו, ייתכן שיעזוב את תפקידו."], ["קובל", "קובל"]),
    ("fr", ["Piet Vandermolen a dénoncé l'arbitrage.", "« Je vais réfléchir à mon avenir », a-t-il ajouté."],
     ["Piet Vandermolen", "Piet Vandermolen"]),
    ("ar", ["وقالت كاستيلان إن الجرعات وصلت.", "وأكدت أنه لا داعي للذعر."], ["كاستيلان", "كاستيلان"]),
])
def test_pronouns_and_pronoun_sources_are_the_previous_speaker(lang, texts, expected):
    assert [s for s, _ in attribute_article(texts, lang)] == expected


@pytest.mark.parametrize("lang, texts, expected", [
    # a role stands for the person last introduced with it, not merely the last speaker
    ("fr", ["La maire de Bredhaven, Marta Kovalen, a déclaré que le projet avancera.",
            "La directrice des finances, Leonie Strand, a précisé le montant.",
            "La maire a affirmé par ailleurs que personne ne serait expulsé."],
     ["Marta Kovalen", "Leonie Strand", "Marta Kovalen"]),
    ("es", ["La alcaldesa Ingrid Solano aseguró que el plan sigue.",
            "Las obras arrancarán en septiembre, según la alcaldesa."], ["Ingrid Solano", "Ingrid Solano"]),
    ("fr", ["Piet Vandermolen a dénoncé l'arbitrage.", "« C'est le jour », a déclaré l'édile."],
     ["Piet Vandermolen", "Piet Vandermolen"]),
])
def test_roles_are_the_person_introduced_with_them(lang, texts, expected):
    assert [s for s, _ in attribute_article(texts, lang)] == expected


def test_source_with_a_title_and_its_complement_then_the_name():
    assert attribution("Según el consejero delegado de Tervane, Adrian Kovell, la producción se trasladará.",
                       "es") == ("Adrian Kovell", "según")


@pytest.mark.parametrize("lang, texts, expected", [
    # a place before a verb-final clause is no speaker; the titled person in the sentence is
    ("de", ["Das hat Gesundheitsministerin Irena Castellan am Dienstag in Veyra angekündigt."],
     [("Irena Castellan", "angekündigt")]),
    # a separable verb, its subject between its parts
    ("de", ["Helga Stavrou leitet den Verband.", "Dass der Schiedsrichter bestochen worden sei, wies sie zurück."],
     [("", ""), ("Helga Stavrou", "wies zurück")]),
    # an adverb between auxiliary and participle
    ("fr", ["La ministre Teodora Vasko a signé l'accord.", "Elle a toutefois prévenu que tout pouvait échouer."],
     [("", ""), ("Teodora Vasko", "a prévenu")]),
    # a pronoun with no earlier speaker is the person last named
    ("en", ["Teodora Vasko, the foreign minister, was careful.", "“It is a first step,” she said."],
     [("", ""), ("Teodora Vasko", "said")]),
    # the subject before its apposition, not the institute in it
    ("pt", ["O epidemiologista Jonas Ferrat, diretor do Instituto Nacional de Saúde, disse que o pico vem aí."],
     [("Jonas Ferrat", "disse")]),
    # a subject-less verb after the quote: the previous speaker ("der 58-Jährige")
    ("de", ["Trainer Piet Vandermolen ließ offen, ob er weitermacht.", "„Vielleicht höre ich auf“, sagte der 58-Jährige."],
     [("Piet Vandermolen", "ließ offen"), ("Piet Vandermolen", "sagte")]),
    # a quote with no verb and one person named outside it
    ("pt", ["A ministra da Saúde, Irena Castellan, foi cautelosa: “Não há motivo para pânico.”"],
     [("Irena Castellan", "")]),
    # a sentence that is all quote, after an attributed one
    ("en", ["But Tomas Erby rejected the charge.", "“We are not against homes.”"],
     [("Tomas Erby", "rejected"), ("Tomas Erby", "")]),
    # a role in Arabic is the person introduced with it
    ("ar", ["وقالت وزيرة الصحة إيرينا كاستيلان إن الجرعات وصلت.", "وأكدت الوزيرة: «اللقاح آمن»."],
     [("وزيرة الصحة إيرينا كاستيلان", "قالت"), ("وزيرة الصحة إيرينا كاستيلان", "أكدت")]),
])
def test_article_attribution_resolves_within_the_article(lang, texts, expected):
    assert attribute_article(texts, lang) == expected


def test_a_quote_split_by_the_segmenter_takes_the_attribution_of_its_second_half():
    texts = ["״זו בגידה.", "העובדים שמעו על כך מהעיתונים״, אמר תומאס ולנד, מזכיר האיגוד."]
    out = attribute_article(texts, "he", paragraphs=[0, 0])
    assert out[1][1] == "אמר" and out[1][0].startswith("תומאס ולנד")
    assert out[0] == out[1]  # one quote, one attribution: the speaker and the verb for both halves
    # not across paragraphs
    assert attribute_article(texts, "he", paragraphs=[0, 1])[0] == ("", "")


def test_a_first_name_gives_a_gender_with_per_language_exceptions():
    from transcompare.align.gender import FIRST_NAMES, gender_of_first_name

    assert gender_of_first_name("Margaret Oyelaran", "en") == "f"
    assert gender_of_first_name("Harold Dunmore", "en") == "m"
    assert gender_of_first_name("Andrea Ferri", "en") == "f" and gender_of_first_name("Andrea Ferri", "it") == "m"
    assert gender_of_first_name("Oyelaran", "en") == ""  # a surname alone says nothing
    assert gender_of_first_name("Kim Dunmore", "en") == ""  # an ambiguous name is not in the list
    rows = [line.split("\t") for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(rows) > 30000 and all(len(r) == 2 and r[1] in ("f", "m") for r in rows)
    assert gender_of_first_name("Margit Halvorsen", "en") == "f" and gender_of_first_name("Kenji Strahl", "de") == "m"


def test_russian_names_in_an_oblique_case_come_back_to_the_nominative():
    from transcompare.align.names_ru import nominative

    assert nominative("Андрея Волкова") == "Андрей Волков"  # genitive, a man
    assert nominative("Ксении Валуевой") == "Ксения Валуева"  # genitive, a woman ("Ксении" is no plural here)
    assert nominative("Лейлой Хаддад") == "Лейла Хаддад"  # a surname that does not decline stays
    assert nominative("Ивана Петровича Сидорова") == "Иван Петрович Сидоров"
    assert nominative("Мария Захарова") == "Мария Захарова"  # already nominative
    assert nominative("Волкова") == "Волкова"  # a surname alone: his genitive or her nominative
    assert nominative("Главы Минздрава") == "Главы Минздрава"  # no first name: not a name
    assert nominative("Эмиля Старка") == "Эмиль Старк"  # a foreign man's surname declines like a noun


def test_a_name_is_written_as_the_article_writes_it_not_as_another_language_does():
    """Speakers named in one article count as people in every article of the story; the German "Vorstandschef
    Dariusz Halvorsen" must not put a German title on the English row."""
    s = _sentences([("de", "de", "Vorstandschef Dariusz Halvorsen sagte, es seien keine Passwörter gestohlen worden."),
                    ("en", "en", "“We let them down,” Dariusz Halvorsen, the bank’s chief executive, told reporters.")])
    out = attribute_sentences(s, {}, "en")
    assert out[("en", 1)][0] == "Dariusz Halvorsen"


def test_the_coverage_evaluation_can_score_some_events_of_a_split():
    from click.testing import CliRunner

    from transcompare.eval.coverage import main, select_events
    from transcompare.eval.coverage_corpus import ROOT, load_events

    dev = load_events(ROOT, "dev")
    assert [e.event for e in select_events(dev, "e23, e03", "dev")] == ["e03", "e23"]  # corpus order
    assert select_events(dev, "", "dev") == dev
    res = CliRunner().invoke(main, ["--split", "dev", "--events", "e02"])  # a test event is not a dev one
    assert res.exit_code == 2 and "Invalid value for --events: no dev event e02" in res.output


def test_a_role_the_article_never_names_is_the_person_another_outlet_of_the_story_names_so():
    """"la toxicologue" in one French report is the toxicologist another French report of the story names; a
    role two people of the story hold stays a role; another story's people are never used."""
    s = _sentences([("fr-a", "fr", "La toxicologue Theodora Kalli a recommandé de ne pas boire l’eau."),
                    ("fr-b", "fr", "« Il faut deux analyses propres », prévient la toxicologue."),
                    ("fr-b", "fr", "« Nous serons prêts samedi », a assuré le maire."),
                    ("fr-c", "fr", "Le maire Paul Vasquel a promis de l’eau en bouteille."),
                    ("fr-d", "fr", "Le maire Jean Orsel a démissionné, a annoncé la préfecture.")])
    stories = {"fr-a": "t1", "fr-b": "t1", "fr-c": "t1", "fr-d": "t1"}
    out = attribute_sentences(s, {}, "en", stories)
    assert out[("fr-b", 1)][0] == "Theodora Kalli"
    assert "Vasquel" not in out[("fr-b", 2)][0] and "Orsel" not in out[("fr-b", 2)][0]  # two mayors: no guess
    apart = attribute_sentences(s, {}, "en", {"fr-a": "t1", "fr-b": "t2", "fr-c": "t2", "fr-d": "t3"})
    assert apart[("fr-b", 1)][0] != "Theodora Kalli"  # another story's toxicologist
    assert apart[("fr-b", 2)][0] == "Paul Vasquel"  # the one mayor of its own story


def test_two_people_joined_by_a_translations_title_case_and_are_no_one_name():
    from transcompare.align.name_runs import _name_run

    assert _name_run(["Kerry", "And", "Lavrov"]) == ""  # Apertium's "Kerry And Lavrov spoke by telephone"
    assert _name_run(["John", "E", "Smith"]) == "John E Smith"  # a one-letter word is an initial


def test_a_verb_form_after_an_article_that_opens_a_phrase_is_a_noun():
    headline = "Syrie : pour Lavrov, la menace principale est l'État islamique, pas Assad"
    assert attribution(headline, "fr")[1] == ""  # "la menace": the threat, not "threatens"
    assert attribution("Le ministre la menace de poursuites, a affirmé Lavrov.", "fr") == ("Lavrov", "a affirmé")
    assert attribution("La Russie menace de riposter.", "fr")[1] == "menace"
    assert attribution("Un anuncio: el puerto cerrará, dijo Pérez.", "es") == ("Pérez", "dijo")
