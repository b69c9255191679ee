"""Who said it, article by article: the people an article names, and whom a pronoun, a role or a verb without a
subject stands for.

:func:`attribution` reads one sentence. An article is more than its sentences: "she said" and "the minister
rejected" refer to someone named earlier, "«…», a déclaré l'édile" to the mayor the lead introduced, a quote
split over two sentences by the segmenter has its attribution in the second, and "Das hat
Gesundheitsministerin Irena Castellan in Veyra angekündigt" names a person and a place. This module

- finds the **people** an article names (cased scripts): runs of two or more capitalised words outside quotes,
  with the title words next to them ("la maire de Bredhaven, Marta Kovalen", "Irena Castellan, the health
  minister"); a run is a person when a title is next to it or the run names a speaker somewhere in the run of
  articles (``known``). A one-word speaker that is no person's name or surname ("Veyra", "Football") is not
  taken as a speaker;
- resolves a pronoun or role to the person last introduced with that role, else to the last speaker, else to
  the last person named (whichever came last);
- gives a reporting verb without a subject the person named next to it in the sentence, else (when nothing
  stands before the verb, or in a pro-drop language) the previous speaker;
- gives a quote with no attribution of its own the one person named outside it in the sentence, or the
  attribution of the sentence it continues into (a quote opened and not closed) or follows (a sentence that is
  all quote, or a quote closed but not opened).
"""

from __future__ import annotations

import re

import polars as pl

from transcompare.align.attribution import (
    _PRO_DROP,
    ORIGINAL,
    PIVOT,
    _is_source,
    _lang_key,
    attribution,
    is_pronoun,
)
from transcompare.align.attribution_data import (
    _OF,
    _OPENERS,
    PRONOUNS,
    title_of,
    uncased_title,
    word_set,
)
from transcompare.align.attribution_uncased import uncased
from transcompare.align.coref_rules import (
    _CLOSING,
    _EITHER,
    _OPENING,
    _in_phrase,
    _incise,
    _is_role,
    _opening_name,
    _phrase_title,
    _points_back,
    _possessive_claim,
    _pronoun_sources,
    _quote_shape,
    _reported_mood,
    _role_phrase,
    _role_title,
    _source_person,
    _subject_first,
    _subjectless,
)
from transcompare.align.gender import gender_of_role, gender_of_verb, gender_of_words
from transcompare.align.names_ru import nominative
from transcompare.align.people import People, verb_position
from transcompare.align.quotes import find_quotes
from transcompare.align.story_roles import Titles, add_titles, resolve_story_roles
from transcompare.align.subjects import (
    dialogue_lines,
    fallback_person,
    headline_role,
    is_headline_role,
    lead_roles,
    opening_subject,
    own_account,
    role_person,
)
from transcompare.schema import KIND_NOTE, KIND_TITLE, SENTENCES, C, check_frame


def attribute_article(texts: list[str], lang: str | None = "en", paragraphs: list[int] | None = None,
                      known: set[str] | frozenset[str] = frozenset(), raw: list[tuple[str, str]] | None = None,
                      headline: bool = False, titles: Titles | None = None) -> list[tuple[str, str]]:
    """(speaker, reporting_verb) of each sentence, resolved within the article (module docstring); ``known``: names
    found as speakers anywhere in the run; ``headline``: the first sentence is the title ("Minister says …": the
    role is the person the body introduces so); ``titles`` collects the titles it gives people (story_roles)."""
    key = _lang_key(lang)
    raw = raw if raw is not None else [attribution(t, lang) for t in texts]  # each sentence on its own
    people = People(texts, lang, set(known) | _speakers_named(texts, raw, lang))
    paragraphs = paragraphs if paragraphs is not None else [0] * len(texts)
    out: list[tuple[str, str]] = []
    last, last_at = "", -1

    spoken: list[tuple[int, str]] = []  # (sentence, person) of the named speakers so far

    def refer(at: int, title: str = "", phrase: str = "", gender: str = "") -> str:
        """The person a pronoun, role or subject-less verb stands for: the one introduced with the role, else
        the last person spoken of or named (of the gender the pronoun or verb carries, where it is known)."""
        if title:
            person = people.role(title, at, phrase, gender)
            if person:
                return person
        m_at, mention = people.last_mention(at, gender)
        first = mention if mention and m_at > last_at else last
        here = {n for _s, n in people.mentions[at]}  # "she says, with a knife that belonged to Pike": not Pike
        if not first or (first not in here and (not gender or people.sex(first, gender) == gender)):
            return first
        seen = sorted([(k, 1, n) for k, n in spoken] + [(k, 0, n) for k in range(at) for _s, n in people.mentions[k]],
                      reverse=True)
        weak = people.weak_of(at, gender)  # "He maintains": the untitled Mateo Rusanda, not the woman named since
        return next((n for _k, _o, n in seen if n not in here and people.sex(n, gender or "?") == (gender or "?")),
                    weak[1] if weak else first if not (gender and people.cased) or people.sex(first, gender) == gender
                    else "")  # "le patron" never named: the role, not the woman named last

    def after_verb(at: int, verb: str) -> str:
        pos = verb_position(texts[at], verb)
        return next((n for s, n in people.mentions[at] if pos >= 0 and s > pos), "")

    def near_verb(at: int, verb: str) -> str:
        """The first person named in the sentence before the verb (the subject before its appositions: "O
        epidemiologista Jonas Ferrat, diretor do Instituto…, disse"), else the first right after it."""
        pos = verb_position(texts[at], verb)
        here = people.mentions[at]
        before = [n for s, n in here if pos < 0 or s < pos]
        after = [n for s, n in here if pos >= 0 and s > pos]
        opening = _opening_name(texts[at])  # "Karin Mayr, die den Mieterverein leitet, hat gewarnt"
        if not before and opening and 0 <= texts[at].find(opening) < pos:
            return people.person(opening) or opening
        if not before and pos > 0 and people.cased:  # "Ostrum, a former mayor of Salvik, insists": a surname
            first = texts[at].split(",", 1)[0].strip()
            if " " not in first and first[:1].isupper() and people.surname(first) and len(first) < pos \
                    and texts[at][:pos].rstrip().endswith(","):
                return people.surname(first)
        return before[0] if before else (after[0] if after else "")

    possessives = word_set(key, "possessives")
    for at, (text, (speaker, verb)) in enumerate(zip(texts, raw)):
        if speaker.casefold() in _OPENERS:
            speaker = ""  # "Lo anunció el martes": a clitic that opens the sentence, not a name
        sources = [p for p in _pronoun_sources(key) if p in text.casefold()]
        cue = (gender_of_words(speaker.split() + " ".join(sources[:1]).split(), lang) or gender_of_role(speaker, lang)
               or gender_of_verb(verb, lang)
               or (gender_of_verb(sources[0], lang) if sources else ""))  # "she", "заявила", "לדבריה"
        pronoun_source = verb in _pronoun_sources(key) or (_is_source(verb, key) and any(
            p in text.casefold() and speaker.casefold() in p for p in _pronoun_sources(key)))  # "بحسب قوله"
        if not people.cased and speaker and _is_source(verb, key) and \
                any(w.strip(",.،") in possessives for w in speaker.split()):
            pronoun_source = True  # "לפי הנתונים שלו": his figures, the person last spoken of
        if pronoun_source:
            speaker = ""
        elif not speaker and verb and _is_source(verb, key):
            speaker = own_account(people, at, text, verb, key) or _source_person(people, at, text, verb, refer)
            if not speaker and _possessive_after(text, verb, possessives):
                pronoun_source = True  # "según sus cálculos", "לפי הנתונים שלו": the person last spoken of
        if not verb and not speaker and find_quotes(text, lang):
            speaker, verb = _incise(text, lang)
        if speaker and people.cased and verb and not _is_source(verb, key):
            speaker = _subject_first(people, at, text, speaker, verb) or speaker
        if speaker and key == "en" and is_pronoun(speaker, lang) and verb \
                and verb_position(text, verb) < _word_position(text, speaker):
            before = near_verb(at, verb)  # "Mayor Helen Varga, who …, said they should": "they" is not her
            if before and 0 <= _word_position(text, before.split()[-1]) < verb_position(text, verb):
                speaker = before
        if speaker and speaker.casefold() not in PRONOUNS.get(key, set()) and _is_role(speaker, lang) \
                and after_verb(at, verb):  # "she says, with a knife that belonged to Pike": "she" is no role
            speaker = after_verb(at, verb)  # "disse a presidente do Sindicato (Sinprof), Lúcia Amaral"
        elif speaker and speaker.casefold() in PRONOUNS.get(key, set()) and _subject_of(people, at, text, speaker, cue):
            # "Oskar Lindahl, who led the inquiry, does not hedge: the crash, he says": the pronoun stands for
            # the person whose name opens the sentence
            speaker = _subject_of(people, at, text, speaker, cue)
        elif speaker and (is_pronoun(speaker, lang) or _is_role(speaker, lang)):
            title = _role_title(speaker, people.cased)  # "המושלת לידיה סרנובה": a title and a name, not a role
            if people.cased or len(speaker.split()) < 2 or not title or people.role(title, at, speaker, cue):
                speaker = refer(at, title, speaker, cue) or speaker
        elif speaker and people.cased and verb and (_after_of(text, speaker) if len(speaker.split()) > 1
                                                   else not people.surname(speaker)) \
                and set(speaker.split()) <= set(_role_phrase(text, verb).split()):
            # "a insisté la ministre de la Santé", "O dirigente da Aliança Democrática exigiu": the capitalised
            # words are the role's complement
            phrase = _role_phrase(text, verb)
            speaker = refer(at, _role_title(phrase, True) or _phrase_title(phrase), phrase) or phrase
        elif speaker and people.cased and len(speaker.split()) == 1 and not people.surname(speaker) \
                and (not verb or _in_phrase(text, speaker, verb)) and not (at == 0 and title_of(speaker.casefold())):
            # a one-word "speaker" that is no one's name and not where a subject stands: a place ("in Veyra
            # angekündigt"), a headline's topic ("Bredhaven : feu vert …"); "«…», Lavrov said" is one
            speaker = near_verb(at, verb) or (refer(at, gender=cue) if verb and not _is_source(verb, key) else "")
        elif not speaker and verb and not pronoun_source and people.cased and _role_phrase(text, verb):
            phrase = _role_phrase(text, verb)
            speaker = refer(at, _phrase_title(phrase), phrase, gender_of_words(phrase.split(), lang) or cue) or phrase
        elif not speaker and verb and not pronoun_source and not _is_source(verb, key):
            speaker = near_verb(at, verb)
            opening = "" if speaker else opening_subject(people, text, verb, lang)
            if opening and is_pronoun(opening, lang):  # "He has also sent …, and insists that": he
                speaker = refer(at, gender=gender_of_words([opening], lang))
            elif opening:  # "Belhadj refused to concede, alleging that": Belhadj
                speaker = opening
            if not speaker and (key in _PRO_DROP or _subjectless(text, verb, lang) or _demonstrative_subject(text, verb, key)):
                speaker = refer(at, gender=cue)
        elif not speaker and pronoun_source:  # "según él", "according to her": the person last spoken of, or
            # the one person the sentence names before it ("Компенсация, предложенная Фалькнеру, по его словам, …")
            pos = verb_position(text, verb)
            named = list(dict.fromkeys(n for s, n in people.mentions[at] if 0 <= s < pos))
            if len(named) == 1 and people.gender.get(named[0], cue) == cue:
                speaker = named[0]
            else:
                speaker = refer(at, gender=cue)
        elif not speaker and not verb:
            shape = _quote_shape(text)
            here = {n for _s, n in people.mentions[at]}
            if (shape or find_quotes(text, lang)) and len(here) == 1:  # "X, la ministra, fue cauta: «…»"
                speaker = next(iter(here))
            elif _possessive_claim(text, key):  # "His account of events — that … — has been met with scepticism"
                speaker = refer(at, gender=gender_of_words(text.split()[:1], lang))
            elif shape in ("all", "closes") and at and paragraphs[at - 1] == paragraphs[at] or \
                    (shape == "all" and at and out[at - 1][0]):
                speaker = out[at - 1][0]
                if shape == "closes" and _quote_shape(texts[at - 1]) == "opens":
                    verb = out[at - 1][1]  # one quote split in two: the verb that opened it attributes its end
                before = {n for _s, n in people.mentions[at - 1]}
                if not speaker and shape == "all" and not out[at - 1][1] and len(before) == 1:
                    speaker = before.pop()  # "Odile Ravenel, elle, se garde de tout pronostic." then "« … »"
            elif at and out[at - 1][0] and paragraphs[at - 1] == paragraphs[at] and _reported_mood(text, key):
                speaker = out[at - 1][0]  # "Das sei teuer und ungenau.": indirect speech goes on
        if speaker and not is_pronoun(speaker, lang) and not _is_role(speaker, lang):
            speaker = _full_name(people, speaker, verb, key)
            known = people.person(speaker)
            if len(speaker.split()) > len(known.split()) >= 2 and speaker.endswith(" " + known):
                speaker = known  # "больницы Кальваро Пабло Итурбе": the person the article names, Пабло Итурбе
            if key == "ru":  # "по словам Андрея Волкова": Андрей Волков
                speaker = nominative(speaker)
            last, last_at = speaker, at
            spoken.append((at, speaker))
            if cue:
                people.gender.setdefault(people.person(speaker) or speaker, cue)
            if not people.cased:  # "وزيرة الصحة إيرينا كاستيلان": the title stands for her from now on
                for word in speaker.split():
                    title = uncased_title(word)
                    if title and len(speaker.split()) > 1:
                        people.roles.setdefault(title, []).append((at, speaker))
        out.append((speaker, verb))
    lead_roles(out, people, lang)
    for at in range(len(out) - 2, -1, -1):  # a quote opened here is attributed in the next sentence
        if not out[at][0] and not out[at][1] and paragraphs[at] == paragraphs[at + 1] \
                and _quote_shape(texts[at]) == "opens" and out[at + 1][0]:
            closes = _quote_shape(texts[at + 1]) == "closes"  # one quote split in two: its verb is for both
            out[at] = (out[at + 1][0], out[at + 1][1] if closes else "")
    dialogue_lines(out, texts, paragraphs)
    for at in range(len(out) - 1):  # "«…»" then "Так X вспоминает", "That was what X wrote": the quote is X's
        if not out[at][0] and not out[at][1] and _quote_shape(texts[at]) == "all" and out[at + 1][0] \
                and _points_back(texts[at + 1], key):
            out[at] = (out[at + 1][0], "")
    for at in range(1, len(out)):  # …or, when nothing attributes it there, it goes on from the previous one
        if not out[at][0] and not out[at][1] and out[at - 1][0] and paragraphs[at] == paragraphs[at - 1] \
                and _quote_shape(texts[at]) == "opens":
            out[at] = (out[at - 1][0], "")
            nxt = at + 1
            if nxt < len(out) and not out[nxt][0] and not out[nxt][1] and _quote_shape(texts[nxt]) == "closes":
                out[nxt] = (out[at][0], "")
    quoted = [[_quote_words(q.text) for q in find_quotes(t, lang)] for t in texts]
    for at in range(len(out)):  # a headline's "‘The main street became a river’: …" quotes words said below
        if out[at][0] or out[at][1]:
            continue
        mine = [q for q in quoted[at] if len(q.split()) >= _QUOTE_MIN_WORDS]
        said = {out[b][0] for b in range(len(out)) if b != at and out[b][0] and not is_pronoun(out[b][0], lang)
                and any(f" {q} " in f" {o} " for q in mine for o in quoted[b])}
        if len(said) == 1:
            out[at] = (said.pop(), "")
    if out and out[0][0] and not out[0][1] and is_headline_role(out[0][0], people):
        # a headline's "שר התחבורה בלוסריה התפטר: …", "Глава Brindair: …": the person the article introduces so
        words = out[0][0].split()
        later = [n for b in range(1, len(out)) for _s, n in people.mentions[b] if n.split()[:2] == words[:2]]
        introduced = [n for k, n in people.roles.get(uncased_title(words[0]), []) if k > 0] if not people.cased else []
        person = (role_person(words, people, key) or fallback_person(words, people, True)) if people.cased else \
            (later[0] if later else introduced[0] if introduced else "")  # "מנכ״ל בנק נורוויל:" -> "מנכ״ל הבנק X"
        if person:  # the sentences that took the headline's role as the last speaker are theirs too
            out = [(person if sp == out[0][0] else sp, v) for sp, v in out]
    written = _word_position(texts[0], out[0][0].split()[0]) if out and out[0][0] else -1
    if headline and people.cased and out and out[0][1] and (
            not people.person(out[0][0]) or not 0 <= written < verb_position(texts[0], out[0][1])):
        # "Minister says …", "Union rep says Ostreva ignored …", "Norvale Bank chief says sorry": a title's role
        # before the verb is the person the body introduces with that title (not the name after "says")
        person = headline_role(texts[0], out[0][1], people, key)
        if person:
            out[0] = (person, out[0][1])
    add_titles(people.roles, titles)
    return [(people.first_name(sp), v) for sp, v in out]


_QUOTE_MIN_WORDS = 4  # a quote repeated elsewhere in the article: long enough not to be a stock phrase


def _quote_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _speakers_named(texts: list[str], raw: list[tuple[str, str]], lang: str | None) -> set[str]:
    """Names that the article's own sentences give as speakers: the subject of a reporting verb, or a headline's
    "Rita Valadares: «…»" (a quote after the colon; "Vila Serena: …" is a place)."""
    if uncased(lang):
        return set()
    out = set()
    for text, (speaker, verb) in zip(texts, raw):
        if not speaker or is_pronoun(speaker, lang) or _is_role(speaker, lang):
            continue
        if verb or text.split(":", 1)[-1].lstrip()[:1] in _OPENING + _CLOSING + _EITHER:
            out.add(speaker)  # one word ("says Pardoe"): the surname of a person named in full elsewhere
    return out


def _full_name(people: People, speaker: str, verb: str, key: str) -> str:
    """A surname written in an oblique case after a source as the full name the article gives the person ("По
    словам Брагиной" -> "Елена Брагина"); any other speaker as written (the nominative "уверяет Лапин", not
    "Сергея Лапина"; "Lavrov said" stays "Lavrov")."""
    if not people.cased or len(speaker.split()) != 1:
        return speaker
    full = people.person(speaker) or people.surname(speaker)
    if len(full.split()) < 2:
        return speaker
    if full.split()[-1] != speaker and verb and _is_source(verb, key):
        return full
    return speaker


def _subject_of(people: People, at: int, text: str, pronoun: str, gender: str) -> str:
    """The person named at the very start of the sentence (its subject), when a pronoun later in it is the
    speaker ("Solberg is careful …, but she cautions"); of the pronoun's gender where it is known; ''."""
    here = people.mentions[at]
    if not people.cased or not here:
        return ""
    start, person = here[0]
    lead = text[:start].split()
    pos = _word_position(text, pronoun)
    if len(lead) > 1 or pos <= start or (gender and people.gender.get(person, gender) != gender):
        return ""
    return person


def _demonstrative_subject(text: str, verb: str, key: str) -> bool:
    """The subject before the verb is a demonstrative and a noun phrase, no name ("Cette enseignante à la retraite
    affirme", "This retired teacher says"): it stands for someone named before."""
    head = text[:verb_position(text, verb)].split()
    demonstratives = word_set(key, "demonstratives")
    return 1 < len(head) <= 6 and head[0].casefold() in demonstratives and \
        not any(w[:1].isupper() or w[-1:] in ",;:" for w in head[1:])


def _after_of(text: str, name: str) -> bool:
    """The name follows a word that joins a title to its complement ("O dirigente da Aliança Democrática")."""
    at = _word_position(text, name.split()[0])
    before = text[:at].split() if at > 0 else []
    return bool(before) and before[-1].casefold() in _OF


def _word_position(text: str, word: str) -> int:
    """Where a word is written in the text, as a word (case aside); -1 if nowhere."""
    m = re.search(r"(?<!\w)" + re.escape(word.casefold()) + r"(?!\w)", text.casefold()) if word else None
    return m.start() if m else -1


def _possessive_after(text: str, verb: str, possessives: set[str]) -> bool:
    """A possessive in the few words after a source ("según sus cálculos", "לפי הנתונים שלו")."""
    at = verb_position(text, verb)
    if at < 0 or not possessives:
        return False
    tail = text[at + len(verb):].split(",")[0].split()[:3]
    return any(w.strip(",.;:").casefold() in possessives for w in tail)


def _in_text(name: str, text: str) -> bool:
    """The name, or its last word (the surname), occurs in the text (case-insensitive)."""
    low = text.casefold()
    parts = name.split()
    return bool(parts) and (name.casefold() in low or parts[-1].casefold() in low)


def attribute_sentences(sentences: pl.DataFrame, pivot_texts: dict[tuple[str, int], str], pivot: str,
                        story_of: dict[str, str] | None = None, known_names=frozenset()) -> dict[tuple, tuple]:
    """(article_id, index) -> (speaker, reporting_verb, attribution_from) for every sentence but notes.

    ``pivot_texts``: the pivot translation of each sentence, where there is one. ``attribution_from`` is
    ``original``, ``pivot`` (the speaker was found in the translation only; the verb is then left empty, as it
    would be a pivot-language word), or ``""`` (nothing found). ``story_of`` (article -> story): the names
    that count as people's in an article are its story's; ``known_names``: more, for every article (a grown story's)."""
    sentences = check_frame(sentences, SENTENCES, "attribution")
    articles = list(sentences.filter(pl.col(C.KIND) != KIND_NOTE).group_by(C.ARTICLE_ID, maintain_order=True))
    story_of = story_of or {}
    known: dict[str, set[str]] = {}  # named speakers of a story: "Tomas Erby" is a person in all its articles
    raws: dict[str, list[tuple[str, str]]] = {}  # each article's sentences read one by one, once
    for (aid,), rows in articles:
        lang = rows[C.LANG][0]
        raws[aid] = [attribution(text, lang) for text in rows[C.TEXT].to_list()]
        if not uncased(lang):
            for speaker, verb in raws[aid]:  # a headline's "Vila Serena: …" (no verb) names no person
                if verb and len(speaker.split()) >= 2 and not is_pronoun(speaker, lang) \
                        and not _is_role(speaker, lang):
                    known.setdefault(story_of.get(aid, ""), set()).add(speaker)
    out, titles = {}, {}  # titles: (story, language) -> the titles its articles give their people
    for (aid,), rows in articles:
        lang = rows[C.LANG][0]
        texts = rows[C.TEXT].to_list()
        keys = [(aid, i) for i in rows[C.INDEX].to_list()]
        paras = rows[C.PARAGRAPH].to_list()
        names = known.get(story_of.get(aid, ""), set()) | set(known_names)
        headline = rows[C.KIND][0] == KIND_TITLE
        orig = attribute_article(texts, lang, paras, names, raws[aid], headline,
                                 titles.setdefault((story_of.get(aid, ""), lang), {}))
        piv = (attribute_article([pivot_texts.get(k, "") for k in keys], pivot, paras, names) if lang != pivot
               else [("", "")] * len(keys))
        for key, text, (speaker, verb), (p_speaker, _p_verb) in zip(keys, texts, orig, piv):
            if speaker or verb or lang == pivot:
                out[key] = (speaker, verb, ORIGINAL if (speaker or verb) else "")
            elif p_speaker and p_speaker[:1].isupper() and _in_text(p_speaker, text):
                out[key] = (p_speaker, "", PIVOT)
            else:
                out[key] = ("", "", "")
    return resolve_story_roles(out, articles, story_of, titles)  # "la toxicologue" whom another outlet names
