"""Who said it and with which verb, in one sentence: :func:`attribution` reads a sentence **as written** (the
original language's rules: reporting verbs from :mod:`transcompare.align.verbs`, found in the text by
:mod:`transcompare.align.attribution_forms`, quotes from :mod:`transcompare.align.quotes`, word lists in
``lexicons/``). Pronouns, roles and verbs without a subject are
resolved within the article by :mod:`transcompare.align.coref`, which also decides when the pivot translation
may supply a speaker (never a pivot-language verb on a row in another language).
"""

from __future__ import annotations

import re

from transcompare.align.attribution_data import (
    _AGE, _FILLERS, _OF, _OPENERS, _TITLES, PRONOUNS, _headline_speaker, _union, _word_lists, aside_pattern, title_of,
    word_set,
)
from transcompare.align.attribution_forms import _form_at, _forms, shared_auxiliary
from transcompare.align.attribution_uncased import attribution_uncased, uncased
from transcompare.align.name_runs import (
    _POSSESSIVE, _capitalised, _name_run, _opening_source, _opening_view, _title_word, _words,
)
from transcompare.align.gender import gender_of_first_name
from transcompare.align.quotes import find_quotes
from transcompare.align.titled_name import titled_name
from transcompare.align.verbs import languages, lookup

ORIGINAL, PIVOT = "original", "pivot"


def _is_source(form: str, key: str) -> bool:
    verb = lookup(form, key)
    return bool(verb and verb.is_source)


def _lang_key(lang: str | None) -> str:
    key = (lang or "en").split("-")[0].casefold()
    return key if key in languages() else "en"


def attribution(text: str, lang: str | None = "en") -> tuple[str, str]:
    """(speaker, reporting_verb) of a sentence; either may be empty. A named speaker next to a reporting verb wins
    over a source given with "according to" (the quoted person, not the agency that relayed it). Pronoun speakers
    are returned as written ("he"); :func:`transcompare.align.coref.attribute_article` resolves them."""
    if uncased(lang):
        return attribution_uncased(text, lang)
    key = _lang_key(lang)
    text = text or ""
    emphatic = word_set(key, "disjunctive_pronouns")
    if emphatic:  # "La médecin, elle, prévient": the subject is the role; the pronoun only stresses it
        text = re.sub(r"(\w),\s+(?:%s),\s+(?=\w)" % "|".join(sorted(emphatic)), r"\1 ", text)
    if asides := aside_pattern(key):  # "prévient de son côté la toxicologue": "prévient la toxicologue"
        text = asides.sub("", text)
    words = _words(text)
    folded = [w.casefold() for w, _, _ in words]
    index = _forms(key)
    for i, (w, start, end) in enumerate(words):  # "l’accuse", "l'a accusé": an elided object pronoun
        if folded[i][:2] in _word_lists().get(key, {}).get("elided_objects", ()) and folded[i][2:] in index:
            words[i], folded[i] = (w[2:], start + 2, end), folded[i][2:]
    pronouns = PRONOUNS.get(key, set())
    addressed, articles = word_set(key, "addressee_verbs"), word_set(key, "articles")
    passive, complementizers = word_set(key, "passive_auxiliaries"), word_set(key, "complementizers")
    clause_verbs = word_set(key, "clause_verbs")
    quotes = find_quotes(text, lang)
    inside = [(q.start, q.end) for q in quotes]

    def quoted(pos: int) -> bool:
        return any(s <= pos < e for s, e in inside)

    def joined(x: int, y: int) -> bool:
        """Words x and y are separated by spaces only (a name does not run across a comma)."""
        return not text[words[x][2]:words[y][1]].strip()

    def _clause_end_name(j: int) -> str:
        """The name of two words or more that ends the clause after an inverted verb ("Как пояснила метеоролог
        национальной метеослужбы Яра Сольберг, …"): the last capitalised run before the first comma."""
        end = j
        while end < len(words) and end - j < 8 and not quoted(words[end][1]):
            gap = text[words[end][2]:words[end + 1][1]] if end + 1 < len(words) else text[words[end][2]:]
            if gap.strip():
                break
            end += 1
        if end >= len(words) or end - j >= 8 or text[words[end][2]:].lstrip()[:1] != "," or \
                not _capitalised(words[end][0]):
            return ""
        start = end
        while start > j and _capitalised(words[start - 1][0]):
            start -= 1
        run = [w for w, _s, _e in words[start:end + 1]]
        return _name_run(run) if len(run) >= 2 else ""

    def _after_apposition_comma(j: int) -> list[str]:
        """Past lower-case title words to a comma, then the capitalised name: ", Leonie Strand"."""
        limit, start = j + 10, j
        if j >= len(words) or _capitalised(words[j][0]):
            return []
        while j < min(len(words), limit) and not quoted(words[j][1]) and \
                (j == start or _capitalised(words[j][0]) or folded[j] in _OF or _title_word(folded[j])
                 or not _capitalised(words[j][0])):
            # "según el consejero delegado de Tervane, Adrian Kovell": a title, its complement, a comma, the name
            if text[words[j][2]:words[j + 1][1] if j + 1 < len(words) else len(text)].strip() == ",":
                run = []
                j += 1
                while j < len(words) and _capitalised(words[j][0]) and (not run or joined(j - 1, j)):
                    run.append(words[j][0])
                    j += 1
                after = text[words[j - 1][2]:].lstrip()[:1] if run else ""
                return run if after in ("", ",", ".", ";", ":") else []  # not "Selon l’ex-entraîneur, X lui avait"
            j += 1
        return []

    def _subject_before_apposition(verb: str) -> str:
        """"Tomas Erby, who leads the Civic List, cautioned that": the name opening the sentence, when an
        apposition between commas separates it from the verb."""
        at = text.casefold().find(verb)
        if at <= 0 or not words or not _capitalised(words[0][0]) or quoted(words[0][1]):
            return ""
        run = []
        j = 0
        while j < len(words) and _capitalised(words[j][0]) and (not run or joined(j - 1, j)):
            run.append(words[j][0])
            j += 1
        head = text[:at].rstrip()
        for _ in range(2):  # "…, flatly rejected", "…, also said": an adverb between the comma and the verb
            last = head.rsplit(" ", 1)
            if not head.endswith(",") and len(last) == 2 and last[1][:1].islower() and last[1].isalpha():
                head = last[0].rstrip()
        if len(run) < 2 or j >= len(words) or not head.endswith(",") or \
                text[words[j - 1][2]:words[j][1]].strip() != ",":
            return ""
        return _name_run(run)

    possessive = word_set(key, "possessives") | word_set(key, "role_possessives")
    postposed = word_set(key, "postposed_sources")
    determiners = word_set(key, "determiners")
    article = next(iter(_word_lists().get(key, {}).get("articles", [])), "")  # the language's first article
    found: list[tuple[int, str, str]] = []  # (priority, speaker, verb)
    at_word: list[int] = []  # where each candidate's verb is written (word index)

    def noun_after(d: int) -> bool:
        """Word ``d`` makes the next a noun: a determiner, or an article that opens a phrase (at the start, after
        a comma or colon, after "de"), where it cannot be an object pronoun ("il la menace")."""
        return folded[d] in determiners or folded[d] in articles and (
            d == 0 or folded[d - 1] in _OF or text[words[d - 1][2]:words[d][1]].strip()[-1:] in (",", ":"))

    def add(k: int, item: tuple[int, str, str]) -> None:
        found.append(item)
        at_word.append(k)

    matches = sorted([(order, k, parts, at) for k, w in enumerate(folded) for order, parts in index.get(w, ())
                      for at in [_form_at(text, words, folded, k, parts, key)] if at]
                     + shared_auxiliary(words, folded, key))
    taken: set[int] = set()
    for _order, k, parts, at in matches:  # longest forms first, then left to right
        verb = " ".join(parts)
        if k in taken or quoted(words[k][1]):
            continue
        if k > 0 and _capitalised(words[k][0]) and not _is_source(verb, key):
            continue  # "United States", "Says" in a headline's title case
        if len(parts) == 1 and k > 0 and folded[k - 1] in passive and not _is_source(verb, key):
            continue  # "after the disease was confirmed on three farms": a passive, not who said it
        if len(parts) == 1 and k > 0 and not _is_source(verb, key) and noun_after(k - 1):
            continue  # "the warning came too late", "pour Lavrov, la menace principale": a noun
        if key == "de" and len(parts) == 1 and 0 < k < len(words) - 1 and folded[k - 1] in articles \
                and _capitalised(words[k + 1][0]):
            continue  # "die erwarteten Einsparungen": a participle before its noun
        taken.update(at)
        gapped = at[-1] - k + 1 != len(parts)
        written = verb if gapped else text[words[k][1]:words[k + len(parts) - 1][2]]
        if _is_source(verb, key) and gapped:  # "nach Kovalens Worten": the genitive name inside the source
            name = [words[j][0] for j in range(k + 1, at[-1])]
            add(k, (2, _name_run(name[:-1] + [re.sub(r"(s|’|')$", "", name[-1])]), written.lower()))
            continue
        if _is_source(verb, key):
            after = k + len(parts)
            while after < len(words) - 1 and quoted(words[after][1]):
                after += 1  # "Как сообщила «Северной волне» представитель …": whom it was told, not who said it
            while after < len(words) and not _capitalised(words[after][0]) and \
                    (folded[after] in _FILLERS or _AGE.match(folded[after])):  # "по словам 51-летнего Савина"
                after += 1
            run = []
            while after < len(words) and _capitalised(words[after][0]) and (not run or joined(after - 1, after)):
                run.append(words[after][0])
                after += 1
            if not run and verb in postposed:  # "Schulleiterin Margit Olander zufolge": the name before it
                c = k - 1
                while c >= 0 and _capitalised(words[c][0]) and (not run or joined(c, c + 1)):
                    run.insert(0, words[c][0])
                    c -= 1
            if not run:  # "selon la directrice des finances, Leonie Strand": a title, then the name
                run = _after_apposition_comma(after)
            if not run and after + 1 < len(words) and folded[after] in _ARTICLES and _title_word(folded[after + 1]) \
                    and joined(after, after + 1):
                after += 1  # "nach Angaben des Ministers": the article before the role
            if not run and after < len(words) and _title_word(folded[after]) and folded[after][:2] not in ("l'", "l’"):
                # "según la alcaldesa", "segundo a ministra": a role, resolved in the article
                art = folded[after - 1] if after > k + len(parts) - 1 and folded[after - 1] in _ARTICLES else article
                add(k, (2, f"{art} {title_of(folded[after]) or folded[after]}".strip(), written.lower()))
                continue
            if not run and after < len(words) and _title_word(folded[after]) and folded[after][:2] in ("l'", "l’"):
                add(k, (2, folded[after], written.lower()))  # "selon l'édile"
                continue
            add(k, (2, _name_run(run), written.lower()))
            continue
        inverted = _INVERTED.search(written.lower())
        if inverted:  # "…, a-t-elle précisé": the pronoun in the verb is the subject, not a name before it
            add(k, (1, inverted.group(1), written.lower()))
            continue
        # speaker before the verb: "Lavrov said", "he added", "Lavrov also said"
        b = k - 1
        while b >= 0 and folded[b] in _FILLERS and folded[b] not in pronouns and not _capitalised(words[b][0]):
            b -= 1
        run = []
        comma = b == k - 1 and b >= 0 and not joined(b, k)
        if comma and b >= 1 and folded[b].isdigit() and len(folded[b]) <= 3 \
                and text[words[b - 1][2]:words[b][1]].strip() == ",":
            b, comma = b - 1, False  # "Mr Alvenholt, 58, said": the age set off by commas after the name
        while b >= 0 and (_capitalised(words[b][0]) or folded[b] in pronouns) and not quoted(words[b][1]) \
                and (not run or joined(b, b + 1)):
            run.insert(0, words[b][0])
            if folded[b] in pronouns:
                break
            b -= 1
        if comma and run and b >= 1 and _AGE.match(folded[b]) and text[words[b - 1][2]:words[b][1]].strip() == ",":
            b -= 1  # "Один из пострадавших, 34-летний Джона Мадески, признался": the age opens the apposition
        if comma and not (run and b >= 0 and text[words[b][2]:words[b + 1][1]].strip() == ","):
            # "… apoiar Assad, diz Lavrov": a name before a comma is the speaker only as an apposition,
            # "El ministro ruso, Serguéi Lavrov, aseguró"
            run = []
        opened = bool(run) and b < 0 and len(run) == 1 and folded[0] in _OPENERS
        if opened:  # "Как пояснила …", "Como explicó …": the word opening the clause is no subject
            run = []
        if run and run[-1].casefold() in pronouns:  # the sentence's own subject ("He alleged …, a claim X
            add(k, (0 if b == 0 else 1, run[-1].casefold(), written.lower()))  # denied") ranks as a name
            continue
        while run and b >= 1 and _capitalised(words[b][0]) and not quoted(words[b][1]):
            b -= 1  # the rest of a complement's name ("the National Midwives’ Union")
        if run and b >= 1 and (folded[b] in _OF or folded[b] in _ARTICLES and folded[b - 1] in _OF) \
                and joined(b, b + 1):
            # "Tomas Erby von der Bürgerliste warnte", "Jonas Ferrat vom Institut betonte": the person is the
            # name before the complement (German capitalises every noun)
            c = b  # elsewhere only a first name marks the person ("Salomé Quiret of the National Midwives’ Union said")
            while c >= 0 and (folded[c] in _OF or folded[c] in _ARTICLES):
                c -= 1
            person = []
            while c >= 0 and _capitalised(words[c][0]) and not quoted(words[c][1]) and (not person or joined(c, c + 1)):
                person.insert(0, words[c][0])
                c -= 1
            if len(person) >= 2 and (key == "de" or gender_of_first_name(" ".join(person), key) or title_of(person[0])):
                run = person
            elif not person and not comma and c >= 1 and title_of(folded[c]) and folded[c - 1] in _ARTICLES \
                    and key != "de":
                add(k, (1, f"{folded[c - 1]} {folded[c]}", written.lower()))  # "Le patron de Varnholt parle": a role
                continue
        if len(run) == 1 and folded[k - 1][:2] in ("l'", "l’") and _title_word(folded[k - 1]):
            add(k, (1, folded[k - 1], written.lower()))  # "L’éleveur juge", "L’avocat a réclamé": a role
            continue
        if run:  # a title alone opening the sentence ("Мэр признала", in a language without articles): the role
            role = not article and len(run) == 1 and b < 0 and not _name_run(run) and title_of(run[0])
            add(k, (1, role, written.lower()) if role else (0, _name_run(run), written.lower()))
            continue
        # speaker after the verb: "said Lavrov", "continued Lavrov", "added the minister"
        a = k + 1 if gapped else k + len(parts)  # "wies sie entschieden zurück": the subject after the verb
        run = []
        while a < len(words) and (_capitalised(words[a][0]) or folded[a] in pronouns) and joined(a - 1, a):
            run.append(words[a][0])
            a += 1
        if run and a < len(words) and folded[a] in clause_verbs and joined(a - 1, a):
            add(k, (3, "", written.lower()))  # "said Aldecott had done": the subject of what was said
            continue
        if verb in addressed or (run and _POSSESSIVE.search(run[-1])):
            # "told Harbour Press": whom it was told; "said Brindair’s cost": the possessor of what was said
            add(k, (3, "", written.lower()))
            continue
        titled = "" if run else titled_name(text, words, folded, quotes, key, a)
        if opened and not run and not titled:
            titled = _clause_end_name(a)  # "Как пояснила метеоролог национальной метеослужбы Яра Сольберг,"
        if run and not run[0].casefold() in pronouns:
            add(k, (0, _name_run(run), written.lower()))
        elif run:
            add(k, (1, run[0].casefold(), written.lower()))
        elif titled:
            add(k, (0, titled, written.lower()))  # "dijo la alcaldesa Elena Brightwater"
        elif a < len(words) and folded[a][:2] in ("l'", "l’") and _title_word(folded[a]) and joined(a - 1, a):
            add(k, (1, folded[a], written.lower()))  # "a déclaré l'édile"
        elif a + 1 < len(words) and folded[a] in _ARTICLES and title_of(folded[a + 1]) and joined(a - 1, a):
            add(k, (1, f"{folded[a]} {folded[a + 1]}", written.lower()))  # "added the minister"
        elif k >= 2 and folded[k - 2] in _ARTICLES and title_of(folded[k - 1]):
            add(k, (1, f"{folded[k - 2]} {folded[k - 1]}", written.lower()))  # "the minister said"
        elif a == len(words) - 1 and title_of(folded[a]) and joined(a - 1, a) and not _capitalised(words[a][0]):
            add(k, (1, f"{article} {folded[a]}", written.lower()))  # a headline's "…,’ says mayor"
        elif article and k >= 2 and title_of(folded[k - 1]) and (folded[k - 2] in possessive or (
                k >= 3 and folded[k - 3] in possessive | _ARTICLES and not _capitalised(words[k - 2][0])
                and joined(k - 2, k - 1))):
            # "their commander has revealed", "their union boss has warned", "the union boss said": the role
            modifier = "" if folded[k - 2] in possessive else f"{folded[k - 2]} "
            add(k, (1, f"{article} {modifier}{folded[k - 1]}", written.lower()))
        elif comma and (opening_subject := _subject_before_apposition(verb)):
            add(k, (0, opening_subject, written.lower()))  # "Сама Алдекотт, до которой …, говорит, что …, хотя X"
        else:
            add(k, (3, "", written.lower()))
    opening = _opening_view(text, key, words, folded)
    if opening and (not found or all(not item[1] for item in found)):
        return opening  # "Pour elle, les défaillances sont « systémiques »", "Pour l’économiste, ce tour de vis …"
    if not found:
        return _opening_source(text, key, words, folded) or _headline_speaker(text, key), ""
    # the best-placed speaker wins; among equals, a verb right after a comma (the main verb past an apposition:
    # "X, who runs …, concedes that the messages telling"), then the verb written first
    def after_comma(k: int) -> bool:
        return k > 0 and text[words[k - 1][2]:words[k][1]].strip() == ","

    def directive(i: int) -> bool:  # "has ordered an inspection …, and insists that …": the speech verb wins
        verb = lookup(found[i][2], key)
        return bool(verb and verb.is_directive)

    def closing(i: int) -> bool:  # "…: a car was seen near the wall, she said.": the clause that reports it all
        k = at_word[i]
        gaps = (text[words[j - 1][2]:words[j][1]] for j in range(max(1, k - 3), k + 1))
        return found[i][0] <= 1 and len(words) - k <= _CLOSING_WORDS and any(
            "," in gap and not gap.strip(" ,.—–") for gap in gaps) \
            and not complementizers & set(folded[k + 1:])  # "…, — сообщила она.", not "…, хотя X утверждает, что …"

    best = min(range(len(found)), key=lambda i: (directive(i), not closing(i), found[i][0],
                                                 not after_comma(at_word[i]), at_word[i]))
    speaker, verb = found[best][1], found[best][2]
    named = "" if speaker or _is_source(verb, key) else _opening_source(text, key, words, folded)
    if named:
        return named, verb  # "Pour le patron de X, Oskar Lind, c’est …"
    if verb in _word_lists().get(key, {}).get("pronoun_sources", []):
        return "", verb  # "по её словам", "selon lui": the previous speaker (:mod:`transcompare.align.coref`)
    if not speaker and verb:
        inverted = _INVERTED.search(verb)
        if inverted:  # "a-t-il ajouté", "a-t-elle confié": the pronoun is in the verb
            speaker = inverted.group(1)
        elif not _is_source(verb, key):
            speaker = _subject_before_apposition(verb)
    return speaker, verb


_ARTICLES = _union("articles")
_CLOSING_WORDS = 5  # a closing "…, she said on Monday evening." has at most this many words from its verb on
_INVERTED = re.compile(r"-t?-?(il|elle|ils|elles)\b")  # French "a-t-il ajouté", "déclare-t-elle"
_PRO_DROP = {"es", "pt", "ca", "it", "ru", "ar", "he"}  # "«…», sostuvo." has no subject: the speaker is the previous one


def is_pronoun(speaker: str, lang: str | None) -> bool:
    """A pronoun ("he") or a bare title with an article ("the minister"): it refers to an earlier speaker."""
    words = speaker.casefold().split()
    if len(words) == 2 and words[0] in _ARTICLES and words[1] in _TITLES:
        return True
    if len(words) == 1 and words[0][:2] in ("l'", "l’") and words[0][2:] in _TITLES:
        return True  # "l'édile"
    return speaker.casefold() in PRONOUNS.get(_lang_key(lang), set())
