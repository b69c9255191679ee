"""Attribution in scripts without capital letters (Arabic, Hebrew): no capital marks a name, so the speaker is the
phrase next to the reporting verb, ending at a stop word (the data in ``lexicons/attribution.toml``)."""

from __future__ import annotations

import re

from transcompare.align.attribution_data import _headline_speaker, _uncased_rules, _word_lists
from transcompare.align.quotes import find_quotes
from transcompare.align.verbs import lookup

_SPLIT = re.compile(r"\S+")
_EDGE = "«»“”„״\"'‹›()[]"


def uncased(lang: str | None) -> bool:
    return (lang or "").split("-")[0].casefold() in _uncased_rules()


def attribution_uncased(text: str, lang: str) -> tuple[str, str]:
    """(speaker, reporting_verb) for Arabic and Hebrew, where no capital letter marks a name: the speaker is the
    phrase next to the verb, after it when the verb opens its clause (Arabic VSO; after a quote: ״…״, אמר X),
    before it otherwise (Hebrew SVO: "X, title, אמר כי"), and ends at a stop word or a second comma."""
    key = (lang or "").split("-")[0].casefold()
    rules = _uncased_rules()[key]
    stops, prefixes = set(rules.get("stops", [])), tuple(rules.get("prefixes", []))
    text = text or ""
    inside = [(q.start, q.end) for q in find_quotes(text, lang)]
    marks = [q.outer for q in find_quotes(text, lang)]
    tokens = [(m.group(), m.start(), m.end()) for m in _SPLIT.finditer(text)]
    bare = [t.strip(_EDGE + ".,;:!?،؛") for t, _, _ in tokens]

    def verb_at(k: int):
        """The verb at token k, as written without a conjunction prefix (وقالت -> قالت), or None."""
        word = bare[k].casefold()
        for form in (*(word[len(p):] for p in prefixes if word.startswith(p) and len(word) > len(p) + 1), word):
            verb = lookup(form, key)
            if verb:
                return verb, form
        return None

    pronoun_sources = set(_word_lists().get(key, {}).get("pronoun_sources", []))
    for k, (tok, start, _end) in enumerate(tokens):
        if any(s <= start < e for s, e in inside):
            continue
        if bare[k].casefold() in pronoun_sources:
            return "", bare[k].casefold()  # "לדבריו": the previous speaker
        found = verb_at(k)
        if found is None:
            continue
        verb, written = found
        before = text[:start]
        clause_start = max([e for _s, e in marks if e <= start] + [0])
        lead = before[clause_start:].strip(" ,،-–—")
        for opener in rules.get("openers", []):
            if lead.startswith(opener):
                lead = lead[len(opener):].strip(" ,،")
        if verb.is_source or not lead:  # the speaker follows: "قال X إن", "״…״, אמר X", "לדברי X"
            words: list[str] = []
            commas = 0
            for j in range(k + 1, min(len(tokens), k + 12)):
                w, raw = bare[j], tokens[j][0]
                if not w or w in stops or any(s <= tokens[j][1] < e for s, e in inside):
                    break
                if raw[:1] in _EDGE:
                    break
                if commas and w.startswith("ש") and key == "he":
                    break  # ", שאביו …": a relative clause, not the name
                words.append(w)
                if raw.endswith((",", "،")):
                    commas += 1
                    if commas == 2:
                        break
                if raw.endswith((".", ":", "؛", ";", "!", "?")):
                    break
            return " ".join(words).strip(" ,،"), written.casefold()
        # the speaker precedes: "X, title, אמר כי", "X הכחיש"
        return " ".join(lead.split()[-10:]).strip(" ,،"), written.casefold()
    return _headline_speaker(text, key), ""
