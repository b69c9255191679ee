"""The name after a reporting verb behind an article and a title ("afirmó el alcalde Juan Pérez", "anunció el
viernes la concejala de Cultura Marta Bellini"): :func:`titled_name`, one of the rules of
:func:`transcompare.align.attribution.attribution` (words as :func:`transcompare.align.name_runs._words` gives them)."""

from __future__ import annotations

from transcompare.align.attribution_data import _OF, _union, word_set
from transcompare.align.attribution_uncased import _NAME_QUOTE_WORDS
from transcompare.align.name_runs import _capitalised, _name_run, _title_word

_ARTICLES = _union("articles")


def _past_time_phrase(words, folded, joined, time_phrases, j: int) -> int:
    """The word after a time phrase that starts at word ``j`` (``time_phrases``), or ``j``."""
    for m in (4, 3, 2):
        if j + m <= len(words) and " ".join(folded[j:j + m]) in time_phrases \
                and all(joined(x - 1, x) for x in range(j, j + m)):
            return j + m
    return j


def _name_ending_complement(words, folded, joined, end: int) -> str:
    """The name that ends a title's capitalised complement at the end of the sentence: "la concejala de
    Cultura Marta Bellini." (its last two words, where the run after "de" has three or more)."""
    if end < len(words) or not _capitalised(words[end - 1][0]):
        return ""
    start = end - 1
    while start > 0 and _capitalised(words[start - 1][0]) and joined(start - 1, start):
        start -= 1
    if end - start < 3 or start == 0 or folded[start - 1] not in _OF:
        return ""
    return _name_run([w for w, _s, _e in words[end - 2:end]])


def titled_name(text: str, words: list[tuple[str, int, int]], folded: list[str], quotes: list, key: str,
                a: int) -> str:
    """The name after a verb behind an article and a title: "afirmó el alcalde Juan Pérez", "va dir
    diumenge el ministre d'Afers Estrangers rus, Serguei Lavrov". Empty when there is none."""
    complementizers = word_set(key, "complementizers")

    def joined(x: int, y: int) -> bool:  # separated by spaces only (a name does not run across a comma)
        return not text[words[x][2]:words[y][1]].strip()

    def quoted(pos: int) -> bool:
        return any(q.start <= pos < q.end for q in quotes)

    n = len(words)
    j = _past_time_phrase(words, folded, joined, word_set(key, "time_phrases"), a)  # "anunció el viernes la …"
    while j < n and j - a < 2 and not _capitalised(words[j][0]) and folded[j] not in _ARTICLES \
            and not _title_word(folded[j]) and joined(j - 1, j):
        if folded[j] in complementizers:
            return ""  # "confirmed that deputy director Tobias Lerche would": the name is in what was said
        j += 1  # "dijo ayer", "va dir diumenge"
    gap_ok = True
    short = next((q for q in quotes if q.start <= words[j][1] < q.end and len(q.text.split()) <= _NAME_QUOTE_WORDS),
                 None) \
        if j < n and j > a and quoted(words[j][1]) else None
    if short is not None:  # "рассказал агентству «Интерньюс-Центр» заведующий …": whom it was told, a name
        while j < n and words[j][1] < short.outer[1]:
            j += 1
        gap_ok = j < n and not text[short.outer[1]:words[j][1]].strip()
    if j < n and folded[j] in _ARTICLES and joined(j - 1, j):
        j += 1
    if not (j < n and _title_word(folded[j]) and (joined(j - 1, j) or (short is not None and gap_ok))) \
            or quoted(words[j][1]):
        return ""
    j += 1
    limit, complement = j + 8, False
    while j < min(n, limit):  # the rest of the title: "de Asuntos Exteriores ruso"
        sep = text[words[j - 1][2]:words[j][1]].strip()
        if sep == "," and _capitalised(words[j][0]):
            break  # an apposition: ", Serguéi Lavrov"
        m = j  # ", tenente-coronel Márcio Tavares": a rank before the name in the apposition
        while sep == "," and m < min(n, j + 2) and not _capitalised(words[m][0]) and not quoted(words[m][1]):
            m += 1
        if sep == "," and m > j and m < n and _capitalised(words[m][0]) and joined(m - 1, m):
            j = m
            break
        if sep:
            return ""
        if not _capitalised(words[j][0]):
            complement = False
        elif folded[j - 1] in _OF or folded[j - 1].startswith(("d'", "d’")) or \
                (folded[j - 1] in _ARTICLES and folded[j - 2] in _OF):
            complement = True  # "de Asuntos Exteriores", "d'Afers Estrangers", "de la République": the title's
        elif not complement and not _title_word(folded[j]):
            break  # the name right after the title: "el alcalde Juan Pérez"
        j += 1
    else:
        return _name_ending_complement(words, folded, joined, j) if complement else ""
    run, first = [], j
    while j < n and _capitalised(words[j][0]) and (not run or joined(j - 1, j)) and not quoted(words[j][1]):
        run.append(words[j][0])
        j += 1
    if len(run) == 1 and first >= 2 and folded[first - 2] in _OF and not _capitalised(words[first - 1][0]) \
            and j >= n:
        return ""  # "raconte la mère du petit Emil": a first name in the title's complement
    end = j
    while len(run) == 1 and end < min(n, j + 6) and joined(end - 1, end) and not quoted(words[end][1]):
        end += 1  # "директор правозащитного Комитета за свободную журналистику Надия Орвелл.": the name ends it
    if end > j + 1 and _capitalised(words[end - 1][0]) and _capitalised(words[end - 2][0]) \
            and not _capitalised(words[j][0]) and text[words[end - 1][2]:].lstrip()[:1] in ("", ".", ",", ";"):
        j = end - 2
        while j > 0 and _capitalised(words[j - 1][0]) and joined(j - 1, j):
            j -= 1
        run = [w for w, _s, _e in words[j:end]]
        j = end
    if run and j < n and text[words[j - 1][2]:words[j][1]].strip() == ",":
        # "le porte-parole de l’opérateur Castrova Rail, Bruno Keil": the run was the title's complement,
        # the name is the apposition after it
        person = []
        while j < n and _capitalised(words[j][0]) and (not person or joined(j - 1, j)) and not quoted(words[j][1]):
            person.append(words[j][0])
            j += 1
        end = text[words[j - 1][2]:].lstrip()[:1]
        if len(person) >= 2 and (j >= n or end in ".,;:!?"):
            run = person
    return _name_run(run) if run else ""
