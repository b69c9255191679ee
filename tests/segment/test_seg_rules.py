"""Segmentation rules per language: abbreviations, numbers, ellipses, quotes, Arabic/Chinese/Hebrew marks.

Each case is (lang, text, expected sentences). The sentences must also be exact slices of the text.
"""

from __future__ import annotations

import pytest

from transcompare.segment import language_rules, signature, split_sentences, supported_languages


def sentences(text: str, lang: str, **kw) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang, **kw)]


CASES = [
    # --- English: abbreviations, initials, acronyms, decimals, months
    ("en", "Mr. Smith met Dr. Jones at 5 p.m. on Friday. They talked.",
     ["Mr. Smith met Dr. Jones at 5 p.m. on Friday.", "They talked."]),
    ("en", "The U.S. Army left. The U.S. economy grew 2.5 percent.",
     ["The U.S. Army left.", "The U.S. economy grew 2.5 percent."]),
    ("en", "Troops moved into the U.S. The border was closed.",
     ["Troops moved into the U.S.", "The border was closed."]),
    ("en", "J. R. R. Tolkien wrote it. Gen. Smith read it on Sept. 30 at No. 10 Downing St.",
     ["J. R. R. Tolkien wrote it.", "Gen. Smith read it on Sept. 30 at No. 10 Downing St."]),
    ("en", "The vote was on Nov. 6. He won.", ["The vote was on Nov. 6.", "He won."]),
    ("en", "Apples, pears, etc. were sold. Prices rose 3.75%. Sales fell.",
     ["Apples, pears, etc. were sold.", "Prices rose 3.75%.", "Sales fell."]),
    ("en", "It costs $1.5bn. That is a lot!", ["It costs $1.5bn.", "That is a lot!"]),
    ("en", "Is it over? No. Really?! Yes.", ["Is it over?", "No.", "Really?!", "Yes."]),
    # --- English: quotes
    ("en", "“Why?” he asked. “Because,” she said.", ["“Why?” he asked.", "“Because,” she said."]),
    ("en", "“It is absurd…We will stay,” Lavrov said. He left.",
     ["“It is absurd…We will stay,” Lavrov said.", "He left."]),
    ("en", "He said: \"We won. It was hard.\" Then he left.",
     ["He said: \"We won.", "It was hard.\"", "Then he left."]),
    ("en", "\"There's a shark in the water!\" Hammel added. The boy was airlifted.",
     ["\"There's a shark in the water!\" Hammel added.", "The boy was airlifted."]),
    ("en", "\"Today, there's neither.\" He said the bars had gone.",
     ["\"Today, there's neither.\"", "He said the bars had gone."]),
    ("en", "Wait... what happened? I don't know... Nobody does.",
     ["Wait... what happened?", "I don't know...", "Nobody does."]),
    ("en", "(This is a note. It has two sentences.) Then text.",
     ["(This is a note.", "It has two sentences.)", "Then text."]),
    # --- Russian
    ("ru", "Встреча прошла в 2015 г. в Москве. С. Лавров заявил, что т.е. всё решено.",
     ["Встреча прошла в 2015 г. в Москве.", "С. Лавров заявил, что т.е. всё решено."]),
    ("ru", "Рост составил 2,5 млрд. руб. Это много. Он уехал в г. Остин.",
     ["Рост составил 2,5 млрд. руб. Это много.", "Он уехал в г. Остин."]),
    ("ru", "«Это абсурд…Армия эффективна», — сказал Лавров. Он уехал.",
     ["«Это абсурд…Армия эффективна», — сказал Лавров.", "Он уехал."]),
    ("ru", "Его зовут Дж. Пол. Он судья.", ["Его зовут Дж. Пол.", "Он судья."]),
    # --- German
    ("de", "Das war z.B. am 3. Oktober so. Die Sitzung ist im Raum Nr. 5. Er kam.",
     ["Das war z.B. am 3. Oktober so.", "Die Sitzung ist im Raum Nr. 5.", "Er kam."]),
    ("de", "Im 19. Jahrhundert wuchs die Stadt. Sie hat ca. 2,5 Mio. Einwohner.",
     ["Im 19. Jahrhundert wuchs die Stadt.", "Sie hat ca. 2,5 Mio. Einwohner."]),
    ("de", "„Wir bleiben hier“, sagte Dr. Müller. Danach ging er.",
     ["„Wir bleiben hier“, sagte Dr. Müller.", "Danach ging er."]),
    ("de", "Es waren 2019. Die Zahl stieg.", ["Es waren 2019.", "Die Zahl stieg."]),
    # --- French
    ("fr", "M. Dupont est arrivé. Mme Martin aussi. « C’est fini. » Il part.",
     ["M. Dupont est arrivé.", "Mme Martin aussi.", "« C’est fini. »", "Il part."]),
    ("fr", "« Pourquoi ? » a-t-il demandé. Personne ne sait.",
     ["« Pourquoi ? » a-t-il demandé.", "Personne ne sait."]),
    # --- Spanish / Portuguese / Catalan / Italian
    ("es", "El Sr. García viajó a EE.UU. en 2019. ¿Por qué? Nadie lo sabe.",
     ["El Sr. García viajó a EE.UU. en 2019.", "¿Por qué?", "Nadie lo sabe."]),
    ("es", "La Dra. Ford habló. “No lo hice”, dijo. ¡Basta!",
     ["La Dra. Ford habló.", "“No lo hice”, dijo.", "¡Basta!"]),
    ("pt", "O Sr. Silva chegou às 10h. A Dra. Souza também. Foi ótimo.",
     ["O Sr. Silva chegou às 10h.", "A Dra. Souza também.", "Foi ótimo."]),
    ("ca", "El Sr. Puig va arribar. La Dra. Vila també. Tot bé.",
     ["El Sr. Puig va arribar.", "La Dra. Vila també.", "Tot bé."]),
    ("it", "Il sig. Rossi è arrivato. Compra pane, latte ecc. Il negozio chiude.",
     ["Il sig. Rossi è arrivato.", "Compra pane, latte ecc.", "Il negozio chiude."]),
    # --- Arabic: ، is a comma, ؟ ends a sentence, د. is an abbreviation, في cannot end a sentence
    ("ar", "قال د. أحمد إن الوضع صعب، لكنه مستقر. هل هذا صحيح؟ نعم.",
     ["قال د. أحمد إن الوضع صعب، لكنه مستقر.", "هل هذا صحيح؟", "نعم."]),
    ("ar", "وصل إلى ال إس يو. وبلغ متوسط النقاط 5.6 نقاط.",
     ["وصل إلى ال إس يو.", "وبلغ متوسط النقاط 5.6 نقاط."]),
    ("ar", "\"هل تريدون رؤية ذلك؟\" قال ترامب. ثم غادر.",
     ["\"هل تريدون رؤية ذلك؟\" قال ترامب.", "ثم غادر."]),
    # --- Hebrew: no letter case; spelled-out acronyms; gershayim is not a quote
    ("he", "הוא אמר לבי. בי. סי. שהכול בסדר. צה\"ל הודיע על כך.",
     ["הוא אמר לבי. בי. סי. שהכול בסדר.", "צה\"ל הודיע על כך."]),
    ("he", "„אנחנו נשארים כאן“, אמר השר. הוא עזב.", ["„אנחנו נשארים כאן“, אמר השר.", "הוא עזב."]),
    ("he", "למה? היא שאלה. אף אחד לא ידע.", ["למה? היא שאלה.", "אף אחד לא ידע."]),
    # --- Chinese / Japanese: no spaces after 。！？
    ("zh", "他说：“我们会留下。”然后他走了。你知道吗？知道！",
     ["他说：“我们会留下。”", "然后他走了。", "你知道吗？", "知道！"]),
    ("zh", "价格上涨了3.5%。市场平稳。", ["价格上涨了3.5%。", "市场平稳。"]),
    ("ja", "東京に行きました。楽しかった！", ["東京に行きました。", "楽しかった！"]),
    # --- attributions after a quotation: short clause with a reporting verb, not a new sentence
    ("en", "\"Are you ready?\" CNN reported. Indonesia was hit earlier.",
     ["\"Are you ready?\" CNN reported.", "Indonesia was hit earlier."]),
    ("en", "\"We are ready.\" He said: \"Go.\"", ["\"We are ready.\"", "He said: \"Go.\""]),
    ("en", "\"What is it?\" Someone else added: \"A cow.\"", ["\"What is it?\"", "Someone else added: \"A cow.\""]),
    ("en", "The home addresses of U.S. Sens. Lindsey Graham and Mike Lee leaked.",
     ["The home addresses of U.S. Sens. Lindsey Graham and Mike Lee leaked."]),
    ("es", "Viajó a St. Louis. Volvió.", ["Viajó a St. Louis.", "Volvió."]),
    ("fr", "Il crie : « Il y a un requin ! », explique Chad. Le garçon va bien.",
     ["Il crie : « Il y a un requin ! », explique Chad.", "Le garçon va bien."]),
    ("ar", "قال: \"لقد انتهى الأمر.\" وقال إن الجهود مستمرة.", ["قال: \"لقد انتهى الأمر.\"", "وقال إن الجهود مستمرة."]),
    ("he", "הוא אמר את זה בי. אני לא הבנתי.", ["הוא אמר את זה בי.", "אני לא הבנתי."]),
    ("he", "הוא התראיין לבי. בי. סי. „זה נגמר“, אמר.", ["הוא התראיין לבי. בי. סי.", "„זה נגמר“, אמר."]),
    # --- unknown language: generic rules
    ("hi", "यह एक वाक्य है। यह दूसरा है।", ["यह एक वाक्य है।", "यह दूसरा है।"]),
    ("xx", "Dr. Ybarra left. He came back.", ["Dr. Ybarra left.", "He came back."]),
    (None, "One. Two.", ["One.", "Two."]),
]


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_split(lang, text, expected):
    assert sentences(text, lang) == expected


@pytest.mark.parametrize(
    "text, keep, expected",
    [
        ("“We won. It was hard,” he said. Fine.", True, ["“We won. It was hard,” he said.", "Fine."]),
        ("“We won. It was hard,” he said. Fine.", False, ["“We won.", "It was hard,” he said.", "Fine."]),
        ("He said: “We won. It was hard.” Fine.", True, ["He said: “We won.", "It was hard.”", "Fine."]),
    ],
)
def test_keep_quotes_setting(text, keep, expected):
    assert sentences(text, "en", keep_quotes=keep) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("First paragraph.\n\nSecond paragraph", ["First paragraph.", "Second paragraph"]),
        ("A headline\n\nBody text. More.", ["A headline", "Body text.", "More."]),
        ("Wrapped line\ncontinues here. Next.", ["Wrapped line\ncontinues here.", "Next."]),
        ("   ", []),
        ("", []),
        ("No punctuation at all", ["No punctuation at all"]),
    ],
)
def test_blocks_and_whitespace(text, expected):
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    "code, expected",
    [("en", "en"), ("EN-us", "en"), ("eng", "en"), ("arb", "ar"), ("iw", "he"), ("zh_TW", "zh"),
     ("xx", "und"), (None, "und"), ("", "und")],
)
def test_language_rules_lookup(code, expected):
    assert language_rules(code).code == expected


def test_supported_languages_and_signature():
    langs = supported_languages()
    for code in ("en", "ru", "ar", "he", "de", "fr", "es", "pt", "ca", "it", "zh"):
        assert code in langs
    sig = signature()
    assert sig["name"].startswith("transcompare.rules.v") and sig["version"] and sig["keep_quotes"] is True
    assert signature(keep_quotes=False)["keep_quotes"] is False


def test_docstring_examples():
    import doctest

    import transcompare.segment as segment

    result = doctest.testmod(segment)
    assert result.attempted >= 1 and result.failed == 0


# The seed's statement as outlets in other languages would quote it (constructed translations): the quotation
# with its attribution is one sentence, the following sentence another.
STATEMENT = [
    ("ru", "«Исключать сирийскую армию из борьбы с ИГ абсурдно... Сирийские вооруженные силы будут самой "
           "эффективной силой на земле», — сказал Лавров, сообщает RT.", "Он добавил, что это так."),
    ("es", "“Excluir al ejército sirio de la lucha contra el Estado Islámico es absurdo... Las fuerzas armadas "
           "sirias serán la fuerza más eficaz sobre el terreno”, dijo Lavrov, según RT.", "Añadió que sí."),
    ("de", "„Die syrische Armee vom Kampf gegen den IS auszuschließen, ist absurd. Die syrischen Streitkräfte "
           "werden die effektivste Kraft am Boden sein“, sagte Lawrow laut RT.", "Er fügte hinzu, dass es so sei."),
    ("fr", "« Exclure l’armée syrienne de la lutte contre l’État islamique est absurde. Les forces armées "
           "syriennes seront la force la plus efficace sur le terrain », a déclaré M. Lavrov, selon RT.",
     "Il a ajouté que oui."),
    ("ar", "وقال لافروف: \"إن استبعاد الجيش السوري من محاربة داعش أمر سخيف. القوات المسلحة السورية ستكون القوة "
           "الأكثر فعالية على الأرض\"، بحسب وكالة روسيا اليوم.", "وأضاف أن الأمر كذلك."),
    ("he", "„להוציא את הצבא הסורי מהמאבק במדינה האסלאמית זה אבסורד. הכוחות הסוריים יהיו הכוח היעיל ביותר "
           "בשטח“, אמר לברוב, לפי RT.", "הוא הוסיף שכך הדבר."),
    ("it", "«Escludere l’esercito siriano dalla lotta allo Stato islamico è assurdo. Le forze armate siriane "
           "saranno la forza più efficace sul terreno», ha detto Lavrov, secondo RT.", "Ha aggiunto che è così."),
    ("pt", "“Excluir o exército sírio da luta contra o Estado Islâmico é absurdo. As forças armadas sírias serão "
           "a força mais eficaz no terreno”, disse Lavrov, segundo a RT.", "Ele acrescentou que sim."),
    ("ca", "«Excloure l’exèrcit sirià de la lluita contra l’Estat Islàmic és absurd. Les forces armades sirianes "
           "seran la força més eficaç sobre el terreny», va dir Lavrov, segons RT.", "Va afegir que sí."),
]


@pytest.mark.parametrize("lang, statement, following", STATEMENT, ids=[c[0] for c in STATEMENT])
def test_quoted_statement_with_attribution_is_one_sentence(lang, statement, following):
    text = f"{statement} {following}"
    assert sentences(text, lang) == [statement, following]
    assert len(sentences(text, lang, keep_quotes=False)) == 3
