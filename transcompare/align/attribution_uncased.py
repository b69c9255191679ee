"""Attribution in scripts without capital letters (Arabic, Hebrew): no capital marks a name, so the speaker is the
phrase next to the reporting verb, ending at a stop word (the data in ``lexicons/attribution.toml``)."""

from __future__ import annotations

import re

from transcompare.align.attribution_data import (
    _headline_speaker,
    _uncased_rules,
    uncased_title,
    word_set,
)
from transcompare.align.quotes import find_quotes
from transcompare.align.verbs import lookup

_SPLIT = re.compile(r"\S+")
_NAME_QUOTE_WORDS = 3  # a quote this short inside a speaker's phrase is a name
_INVERTED_WORDS = 3  # "…, ציין לונט.": a verb after a comma and a short name to the sentence's end
_EDGE = "«»“”„״\"'‹›()[]"


_GERESH_LETTERS = "גזצחת"  # Hebrew letters a geresh turns into a foreign sound: "בלחאג'", "צ'רצ'יל"


def _bare_token(token: str, key: str) -> str:
    """A token without the quote marks and punctuation around it; a Hebrew name keeps its final geresh
    ("בלחאג'," -> "בלחאג'")."""
    bare = token.strip(_EDGE + ".,;:!?،؛")
    core = token.rstrip(".,;:!?،؛")
    if key == "he" and core.endswith(("'", "׳")) and len(core) > 1 and core[-2] in _GERESH_LETTERS:
        bare = core.lstrip(_EDGE)
    return bare


def _subject_word(word: str, rules: dict, stops: set[str]) -> bool:
    """A word after a verb that can be its subject's: no stop, filler or object (``object_prefixes``/``_words``)."""
    prefixed = any(word.startswith(p) and len(word) > len(p) + 1 for p in rules.get("object_prefixes", []))
    return bool(word) and not prefixed and word not in stops and word not in rules.get("fillers", []) \
        and word not in rules.get("object_words", [])


def uncased(lang: str | None) -> bool:
    return (lang or "").split("-")[0].casefold() in _uncased_rules()


def attribution_uncased(text: str, lang: str) -> tuple[str, str]:
    """(speaker, reporting_verb) for Arabic and Hebrew, where no capital letter marks a name: the speaker is the
    phrase next to the verb, after it when the verb opens its clause (Arabic VSO; after a quote: ״…״, אמר X),
    before it otherwise (Hebrew SVO: "X, title, אמר כי"), and ends at a stop word or a second comma."""
    key = (lang or "").split("-")[0].casefold()
    rules = _uncased_rules()[key]
    stops, prefixes = set(rules.get("stops", [])) | set(rules.get("clause_words", [])), tuple(rules.get("prefixes", []))
    clause_words = set(rules.get("clause_words", []))
    text = text or ""
    quotes = find_quotes(text, lang)
    # a quote of a few words inside a phrase names a company or a paper ("المتحدث باسم شركة «كاستروفا ريل»")
    names = [(q.outer[0], q.outer[1]) for q in quotes if len(q.text.split()) <= _NAME_QUOTE_WORDS]
    inside = [(q.start, q.end) for q in quotes]
    marks = [q.outer for q in quotes if len(q.text.split()) > _NAME_QUOTE_WORDS  # not a party's name after a noun
             or not text[:q.outer[0]].rstrip()[-1:].isalpha()]  # ("למפלגת האופוזיציה "התחדשות אזרחית"")
    tokens = [(m.group(), m.start(), m.end()) for m in _SPLIT.finditer(text)]
    bare = [_bare_token(t, key) for t, _, _ in tokens]

    def verb_at(k: int):
        """The verb at token k, as written without a conjunction prefix (وقالت -> قالت), also a form of two
        words ("מתחה ביקורת"), or None."""
        word = bare[k].casefold()
        pair = [f"{word} {bare[k + 1].casefold()}"] if k + 1 < len(bare) and not tokens[k][0].endswith((",", "،")) \
            else []
        for form in (*pair, *(word[len(p):] for p in prefixes if word.startswith(p) and len(word) > len(p) + 1), word):
            verb = lookup(form, key)
            if verb:
                return verb, form
        return None

    def name_quote(j: int) -> bool:
        return any(s <= tokens[j][1] < e for s, e in names)

    pronoun_sources, pronouns = word_set(key, "pronoun_sources"), word_set(key, "pronouns")
    inverting, fillers = set(rules.get("inverting", [])), set(rules.get("fillers", []))
    circumstance_prefix = rules.get("circumstance_prefix") or "\0"  # "\0" starts no word

    def inverted_verb_after(k: int) -> bool:  # "לפי נתוני רשם המסע, כך אמרה,": the person is the verb's
        return any(bare[j] in inverting and verb_at(j + 1) is not None for j in range(k + 1, len(tokens) - 1))

    for k, (tok, start, _end) in enumerate(tokens):
        if any(s <= start < e for s, e in inside):
            continue
        found = verb_at(k)
        if bare[k].casefold() in pronoun_sources and not (found and " " in found[1]):
            return "", bare[k].casefold()  # "לדבריו": the previous speaker (not "לגרסתו של X")
        if found is None:
            continue
        verb, written = found
        if verb.is_source and inverted_verb_after(k):
            continue
        before = text[:start]
        clause_start = max([e for _s, e in marks if e <= start] + [0])
        lead = before[clause_start:].strip(" ,،-–—:")
        for opener in rules.get("openers", []):
            if lead.startswith(opener) and lead[len(opener):len(opener) + 1] in ("", " ", ",", "،"):
                lead = lead[len(opener):].strip(" ,،")
        tail = [t for t, _s, _e in tokens[k + 1:]]
        inverted = before.rstrip().endswith((",", "،")) and 0 < len(tail) <= _INVERTED_WORDS \
            and tail[-1].endswith((".", "!", "?")) and not any(t.endswith((",", "،")) for t in tail[:-1])
        clause_at = next((j for j in range(k + 1, min(len(tokens), k + 1 + _INVERTED_WORDS + 1))
                          if bare[j] in clause_words), -1)
        fronted = before.rstrip().endswith((",", "،")) and clause_at > k + 1 and not tok.endswith((",", "،")) \
            and all(not tokens[j][0].endswith((",", "،", ".")) and _subject_word(bare[j], rules, stops)
                    for j in range(k + 1, clause_at))  # "בשיחת טלפון …, סיפרה אלדקוט כי": the subject after it
        title_at = next((j for j in range(k + 1, min(len(tokens), k + 6)) if uncased_title(bare[j])), -1)
        relative = rules.get("relative_prefix") or "\0"  # "מכחישה שמישהו … על הסופרת": a clause its prefix opens
        objects = clause_words | set(rules.get("object_words", []))
        if any(bare[j] in objects or (bare[j].startswith(relative) and len(bare[j]) > 3
                                      and not uncased_title(bare[j])) for j in range(k + 1, title_at)):
            title_at = -1  # "ويروي التونسي أن المدرب": the title is in what was said; "תקף את שר הפנים": its object
        if title_at > 0 and (any(any(s <= tokens[j][1] < e for s, e in inside) for j in range(k + 1, title_at))
                             or (title_at > k + 1 and tokens[title_at - 1][0].endswith((",", "،"))
                                 and not tok.endswith((",", "،")))):
            title_at = -1  # "ونفت هيلغا ستافرو، الأمينة العامة": the title is the apposition of a name
        first_word = lead.split()[0] if lead.split() else ""
        named = 2 <= len(lead.rsplit(",", 1)[-1].split()) <= 3 < len(lead.split())  # "…, יאנה אורלנקובה" ends it
        if inverted and (uncased_title(_bare_token(first_word, key)) or (key == "he" and clause_start == 0 and named)):
            inverted = False  # "מושלת המחוז, נעמה ברק, הורתה לתושבים להישאר.": the title opens the subject; "חברת
            # מועצת העיר …, יאנה אורלנקובה, דחתה": a name set off by commas right before the verb
        subordinate = before.rstrip().endswith((",", "،")) and (
            first_word in rules.get("subordinators", [])
            or any(first_word.startswith(p) and len(first_word) > len(p) + 2 for p in rules.get("subordinate_prefixes", [])))
        circumstance = first_word in rules.get("circumstance_openers", []) or (  # "במכתב לעובדי המוזיאון כתבה X"
            first_word.startswith(circumstance_prefix) and len(lead.split()) >= 2
            and lead.split()[1].startswith(rules.get("article_prefix", "\0")))  # "במהלך המשפט הודתה X"
        lead_words = lead.split()
        if lead_words and lead_words[-1] in inverting:  # "״…״, כך אמר X"; "באחת ההודעות, כך אמרה, ביקש"
            if tok.endswith((",", "،")):
                return "", written.casefold()
            lead, circumstance = "", True
        if verb.is_source or not lead or title_at > 0 or inverted or subordinate or circumstance or fronted:
            # ("כשנשאל אם …, השיב קולאר": a clause of time before the verb, the speaker after it)
            # the speaker follows: "قال X إن", "״…״, אמר X", "לדברי X", "وفي فالمورا، أعلن المحافظ X",
            # "وأكدت، يوم الثلاثاء، وزيرة الصحة X" (time words skipped to the title)
            words: list[str] = []
            commas, short_name = 0, False
            first = title_at if title_at > 0 else k + 1 + (" " in written)
            for j in range(first, min(len(tokens), first + 11)):
                w, raw = bare[j], tokens[j][0]
                if not w or w in stops or (any(s <= tokens[j][1] < e for s, e in inside) and not name_quote(j)):
                    break
                if verb_at(j) is not None:
                    break  # "אמרה, והזהירה כי …": a second verb, not who said it
                if words and w.startswith(circumstance_prefix) and j + 1 < len(tokens) and \
                        bare[j + 1].startswith(rules.get("relative_prefix") or "\0"):
                    break  # "הודתה יו"ר ולדרוזה בסרטון שפרסם הבנק": where it was said
                if raw[:1] in _EDGE and not name_quote(j):
                    break
                if commas and w.startswith("ש") and key == "he" and not short_name:
                    break  # ", שאביו …": a relative clause, not the name (", שגיא כהן." is one)
                words.append(w)
                if raw.endswith((",", "،")):
                    commas += 1
                    rest = []
                    for t, _s, _e in tokens[j + 1:j + 6]:
                        rest.append(t)
                        if t.endswith((",", "،", ".", ":")):
                            break
                    short_name = 0 < len(rest) <= 2
                    if commas == 2 or len(rest) > 4 or not rest:
                        break  # after a role, a name between commas ("ראש העירייה, רוזה אימברט,") goes on
                if raw.endswith((".", ":", "؛", ";", "!", "?")):
                    break
            return " ".join(words).strip(" ,،"), written.casefold()
        if before.rstrip().endswith((",", "،")) and (k == len(tokens) - 1 or tok.endswith((",", "،"))):
            # "…, כל עוד הקיצוצים בתוקף, הוסיפה.": what was said, not who said it; "בשבוע שעבר, סיפרה, בישלה":
            # a verb set off by commas has no subject written
            return "", written.casefold()
        # the speaker precedes: "X, title, אמר כי", "X הכחיש"; "הוא גם הודה", "X מצדו פוסל": the words between
        lead_words = lead.split()
        while len(lead_words) > 1 and lead_words[-1].strip(",،") in fillers:
            lead_words.pop()
        if lead_words and lead_words[-1] in pronouns and not (
                len(lead_words) > 1 and any(lead_words[0].startswith(p) for p in rules.get("subordinate_prefixes", []))):
            # "ולנוסעים התקועים הוא מבטיח", "על טענתו של X, היא השיבה": the subject, not its object ("כשX נשאל …,
            # הוא השיב" names X before)
            return lead_words[-1], written.casefold()
        parts = re.split(r"[,،]", " ".join(lead_words))
        if len(parts) >= 3:  # "נשיאת המועדון, X Y, אשת עסקים …, הסבירה": the subject before its apposition
            head = parts[0].split()
            lead_words = (",".join(parts[:2]) if head and uncased_title(_bare_token(head[0], key))
                          and len(parts[1].split()) <= 3 else parts[0]).split()
        return " ".join(lead_words[-10:]).strip(" ,،"), written.casefold()
    return _headline_speaker(text, key), ""
