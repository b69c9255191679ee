"""Direct quotations, who they are attributed to, and the reporting verb.

:func:`find_quotes` finds quoted spans in the common conventions: “…” ‘…’ "…" '…' «…» ‹…› „…“ „…” ‚…‘
「…」 『…』 and the Hebrew gershayim ״…״. A quote that opens but does not close in the sentence runs to the
sentence's end (multi-sentence quotes), and one that closes without opening runs from the start.

:func:`attribution` finds the reporting verb ("said", "claimed", "went on to say", "according to") and the
speaker next to it ("Lavrov said", "said Lavrov", "he added", "according to Russia Today"). English rules are
the most complete (the pivot text is usually English); Spanish, French, German, Portuguese and Russian have
basic verb and pronoun lists. :func:`attribute_article` resolves pronoun speakers ("he added") to the
previous named speaker in the same article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from transcompare.align.settings import AlignSettings
    from transcompare.align.similarity import Scorer

# opening mark -> closing marks
_PAIRS: dict[str, str] = {
    "“": "”", "„": "“”", "«": "»", "‹": "›", "‚": "‘’", "「": "」", "『": "』", "‘": "’",
    "״": "״", '"': '"', "'": "'",
}
_CLOSERS = set("”»›」』")  # marks that can only close (for quotes opened in an earlier sentence)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Quote:
    """A quoted span: ``text == source[start:end]`` (without the marks); ``source[outer_start:outer_end]`` is the
    span with its marks (as far as the sentence has them: a quote still open at the sentence's end has none)."""

    text: str
    start: int
    end: int
    outer_start: int = -1
    outer_end: int = -1

    @property
    def outer(self) -> tuple[int, int]:
        return (self.start if self.outer_start < 0 else self.outer_start,
                self.end if self.outer_end < 0 else self.outer_end)


def _is_apostrophe(text: str, k: int) -> bool:
    """A ' or ’ between two letters (won't, Assad’s, l'État) is an apostrophe, not a quote mark."""
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return bool(_LETTER.match(before)) and bool(_LETTER.match(after))


def _opens(text: str, k: int) -> bool:
    ch = text[k]
    if ch in "'\"‘’":
        before = text[k - 1] if k > 0 else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        if ch in "'’" and _is_apostrophe(text, k):
            return False
        return not before.isalnum() and not after.isspace()
    return ch in _PAIRS


def find_quotes(text: str, lang: str | None = None) -> list[Quote]:
    """Quoted spans in ``text``, in order; ``lang`` is accepted for symmetry (the marks decide)."""
    text = text or ""
    out: list[Quote] = []
    k, n = 0, len(text)
    while k < n:
        ch = text[k]
        if ch in _PAIRS and _opens(text, k):
            closers = _PAIRS[ch]
            j = k + 1
            while j < n:
                c = text[j]
                if c in closers and not (c in "'’" and _is_apostrophe(text, j)):
                    if c in "\"'" and j + 1 < n and text[j + 1].isalnum():
                        j += 1
                        continue
                    break
                j += 1
            inner = text[k + 1:j].strip().rstrip(",;: ")
            if inner and (j < n or ch not in "'\"‘’" or not out):
                lead = len(text[k + 1:j]) - len(text[k + 1:j].lstrip())
                out.append(Quote(inner, k + 1 + lead, k + 1 + lead + len(inner), k, min(j + 1, n)))
            k = j + 1
            continue
        if ch in _CLOSERS and not out and text[:k].strip():
            inner = text[:k].strip().rstrip(",;: ")
            lead = len(text[:k]) - len(text[:k].lstrip())
            if inner:
                out.append(Quote(inner, lead, lead + len(inner), lead, k + 1))
        k += 1
    return out


# ------------------------------------------------------------------ attribution
VERBS: dict[str, list[str]] = {
    "en": ["went on to say", "pointed out", "according to", "said", "says", "say", "added", "adds", "continued",
           "continues", "told", "tells", "stated", "states", "claimed", "claims", "insisted", "insists",
           "argued", "argues", "noted", "notes", "stressed", "stresses", "explained", "explains", "warned",
           "warns", "declared", "declares", "asserted", "asserts", "maintained", "maintains", "remarked",
           "asked", "asks", "replied", "emphasised", "emphasized", "underlined", "reiterated", "suggested",
           "admitted", "acknowledged", "alleged", "alleges", "announced", "wrote", "writes", "concluded",
           "commented", "observed", "affirmed", "contended", "recalled", "conceded", "charged", "contended"],
    "es": ["según", "dijo", "dice", "afirmó", "afirma", "añadió", "agregó", "declaró", "aseguró", "asegura",
           "señaló", "indicó", "explicó", "insistió", "subrayó", "destacó", "advirtió", "sostuvo", "continuó",
           "manifestó", "comentó", "reiteró", "expresó", "observó", "acusó", "criticó", "recordó"],
    "fr": ["selon", "a déclaré", "a affirmé", "a ajouté", "a dit", "a souligné", "a expliqué", "a insisté",
           "a estimé", "a indiqué", "a assuré", "a poursuivi", "a averti", "déclare", "affirme", "ajoute",
           "dit", "souligne", "explique", "estime", "indique", "poursuit", "assure", "insiste"],
    "de": ["laut", "zufolge", "sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "fügte", "meinte",
           "behauptete", "warnte", "so"],
    "ca": ["segons", "va dir", "va afirmar", "va assegurar", "va declarar", "va afegir", "va recordar",
           "va insistir", "va subratllar", "va advertir", "va explicar", "diu", "afirma", "assegura", "afegeix"],
    "pt": ["segundo", "de acordo com", "disse", "diz", "afirmou", "afirma", "acrescentou", "declarou",
           "explicou", "insistiu", "sublinhou", "destacou", "garantiu", "continuou", "alertou", "reafirmou",
           "reiterou", "afirmaram", "declararam"],
    "ru": ["по словам", "по данным", "заявил", "заявила", "заявили", "сказал", "сказала", "сказали",
           "добавил", "добавила", "отметил", "отметила", "подчеркнул", "подчеркнула", "продолжил",
           "утверждает", "утверждал", "заявляет", "считает", "пояснил", "сообщил"],
}
_SOURCE_VERBS = {"according to", "según", "segons", "selon", "laut", "zufolge", "segundo", "de acordo com",
                 "по словам", "по данным"}
PRONOUNS: dict[str, set[str]] = {
    "en": {"he", "she", "they", "i", "we"},
    "es": {"él", "ella", "ellos", "ellas"},
    "ca": {"ell", "ella", "ells", "elles"},
    "fr": {"il", "elle", "ils", "elles"},
    "de": {"er", "sie"},
    "pt": {"ele", "ela", "eles", "elas"},
    "ru": {"он", "она", "они"},
}
_TITLES = {
    "minister", "foreign", "president", "secretary", "prime", "spokesman", "spokeswoman", "spokesperson",
    "chancellor", "general", "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "governor", "mayor",
    "ambassador", "state", "defence", "defense", "information", "interior", "deputy", "chief", "leader",
    "russian", "american", "syrian", "british", "french", "german", "israeli", "iranian", "chinese",
    "ministre", "président", "presidente", "ministro", "canciller", "министр", "президент", "ministra",
    "portavoz", "porte-parole", "sprecher", "diplomat", "diplomático", "diplomate",
    "alcalde", "alcaldesa", "alcaldessa", "maire", "prefeito", "prefeita", "presidenta", "secretario",
    "secretaria", "portaveu", "jefe", "jefa", "director", "directora", "directeur", "directrice", "premier",
}
_OF = {"de", "del", "of", "du", "des", "da", "do", "dos", "das", "della", "von", "der"}  # "ministro de Exteriores"
_FILLERS = {"also", "however", "though", "meanwhile", "later", "then", "has", "had", "have", "was", "reportedly", "further", "once", "again",
            "the", "a", "an", "le", "la", "el", "der", "die", "o", "a", "lo", "ha", "también", "aussi", "auch",
            "также"}
_WORD = re.compile(r"[^\W_][\w’'\-.]*", re.UNICODE)


def _words(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _WORD.finditer(text):
        w = m.group().rstrip(".").rstrip("’'")
        out.append((w, m.start(), m.start() + len(w)))
    return out


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _name_run(words: list[str]) -> str:
    """The trailing person/organisation name in a run of capitalised words, without titles."""
    run = [w for w in words]
    while run and run[0].casefold() in _TITLES:
        run = run[1:]
    # drop title words inside ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")
    for k in range(len(run) - 1, -1, -1):
        if run[k].casefold() in _TITLES:
            run = run[k + 1:]
            break
    name = " ".join(run[-4:])
    return re.sub(r"(’s|'s)$", "", name)


def quote_text(text: str, lang: str | None = None) -> str:
    """The direct quotation(s) of a text joined by ' / ' (empty if none): the ``quote`` columns."""
    return " / ".join(q.text for q in find_quotes(text or "", lang))


def _lang_key(lang: str | None) -> str:
    return (lang or "en").split("-")[0].casefold() if (lang or "en").split("-")[0].casefold() in VERBS else "en"


def attribution(text: str, lang: str | None = "en") -> tuple[str, str]:
    """(speaker, reporting_verb) of a sentence; either may be empty.

    A named speaker next to a reporting verb wins over a source given with "according to" (the quoted
    person, not the agency that relayed it). Pronoun speakers are returned as written ("he"); see
    :func:`attribute_article` to resolve them.
    """
    key = _lang_key(lang)
    text = text or ""
    words = _words(text)
    folded = [w.casefold() for w, _, _ in words]
    pronouns = PRONOUNS.get(key, set())
    quotes = find_quotes(text, lang)
    inside = [(q.start, q.end) for q in quotes]

    def quoted(pos: int) -> bool:
        return any(s <= pos < e for s, e in inside)

    def joined(x: int, y: int) -> bool:
        """Words x and y are separated by spaces only (a name does not run across a comma)."""
        return not text[words[x][2]:words[y][1]].strip()

    def _titled_name(a: int) -> str:
        """The name after a verb behind an article and a title: "afirmó el alcalde Juan Pérez", "va dir
        diumenge el ministre d'Afers Estrangers rus, Serguei Lavrov". Empty when there is none."""
        n, j = len(words), a
        while j < n and j - a < 2 and not _capitalised(words[j][0]) and folded[j] not in _ARTICLES \
                and folded[j] not in _TITLES and joined(j - 1, j):
            j += 1  # "dijo ayer", "va dir diumenge"
        if j < n and folded[j] in _ARTICLES and joined(j - 1, j):
            j += 1
        if not (j < n and folded[j] in _TITLES and joined(j - 1, j)) or quoted(words[j][1]):
            return ""
        j += 1
        limit, complement = j + 8, False
        while j < min(n, limit):  # the rest of the title: "de Asuntos Exteriores ruso"
            sep = text[words[j - 1][2]:words[j][1]].strip()
            if sep == "," and _capitalised(words[j][0]):
                break  # an apposition: ", Serguéi Lavrov"
            if sep:
                return ""
            if not _capitalised(words[j][0]):
                complement = False
            elif folded[j - 1] in _OF or folded[j - 1].startswith(("d'", "d’")):
                complement = True  # "de Asuntos Exteriores", "d'Afers Estrangers": part of the title
            elif not complement and folded[j] not in _TITLES:
                break  # the name right after the title: "el alcalde Juan Pérez"
            j += 1
        else:
            return ""
        run = []
        while j < n and _capitalised(words[j][0]) and (not run or joined(j - 1, j)) and not quoted(words[j][1]):
            run.append(words[j][0])
            j += 1
        return _name_run(run) if run else ""

    found: list[tuple[int, str, str]] = []  # (priority, speaker, verb)
    verbs = sorted(VERBS[key], key=lambda v: -len(v.split()))
    taken: set[int] = set()
    for verb in verbs:
        parts = verb.split()
        for k in range(len(words) - len(parts) + 1):
            if folded[k:k + len(parts)] != parts or k in taken or quoted(words[k][1]):
                continue
            if k > 0 and _capitalised(words[k][0]) and verb not in _SOURCE_VERBS:
                continue  # "United States", "Says" in a headline's title case
            taken.update(range(k, k + len(parts)))
            written = text[words[k][1]:words[k + len(parts) - 1][2]]
            if verb in _SOURCE_VERBS:
                after = k + len(parts)
                while after < len(words) and not _capitalised(words[after][0]) and folded[after] in _FILLERS:
                    after += 1
                run = []
                while after < len(words) and _capitalised(words[after][0]) and (not run or joined(after - 1, after)):
                    run.append(words[after][0])
                    after += 1
                found.append((2, _name_run(run), written.casefold()))
                continue
            # speaker before the verb: "Lavrov said", "he added", "Lavrov also said"
            b = k - 1
            while b >= 0 and folded[b] in _FILLERS and not _capitalised(words[b][0]):
                b -= 1
            run = []
            comma = b == k - 1 and b >= 0 and not joined(b, k)
            while b >= 0 and (_capitalised(words[b][0]) or folded[b] in pronouns) and not quoted(words[b][1]) \
                    and (not run or joined(b, b + 1)):
                run.insert(0, words[b][0])
                if folded[b] in pronouns:
                    break
                b -= 1
            if comma and not (run and b >= 0 and text[words[b][2]:words[b + 1][1]].strip() == ","):
                # "… apoiar Assad, diz Lavrov": a name before a comma is the speaker only as an apposition,
                # "El ministro ruso, Serguéi Lavrov, aseguró"
                run = []
            if run and run[-1].casefold() in pronouns:
                found.append((1, run[-1].casefold(), written.casefold()))
                continue
            if run:
                found.append((0, _name_run(run), written.casefold()))
                continue
            # speaker after the verb: "said Lavrov", "continued Lavrov", "added the minister"
            a = k + len(parts)
            run = []
            while a < len(words) and (_capitalised(words[a][0]) or folded[a] in pronouns) and joined(a - 1, a):
                run.append(words[a][0])
                a += 1
            titled = "" if run else _titled_name(a)
            if run and not run[0].casefold() in pronouns:
                found.append((0, _name_run(run), written.casefold()))
            elif run:
                found.append((1, run[0].casefold(), written.casefold()))
            elif titled:
                found.append((0, titled, written.casefold()))  # "dijo la alcaldesa Elena Brightwater"
            elif a + 1 < len(words) and folded[a] in _ARTICLES and folded[a + 1] in _TITLES and joined(a - 1, a):
                found.append((1, f"{folded[a]} {folded[a + 1]}", written.casefold()))  # "added the minister"
            elif k >= 2 and folded[k - 2] in _ARTICLES and folded[k - 1] in _TITLES:
                found.append((1, f"{folded[k - 2]} {folded[k - 1]}", written.casefold()))  # "the minister said"
            else:
                found.append((3, "", written.casefold()))
    if not found:
        return "", ""
    found.sort(key=lambda f: f[0])
    return found[0][1], found[0][2]


_ARTICLES = {"the", "el", "la", "le", "o", "a", "der", "die", "l'"}
_PRO_DROP = {"es", "pt", "ca", "ru"}  # "«…», sostuvo." has no subject: the speaker is the previous one


def is_pronoun(speaker: str, lang: str | None) -> bool:
    """A pronoun ("he") or a bare title with an article ("the minister"): it refers to an earlier speaker."""
    words = speaker.casefold().split()
    if len(words) == 2 and words[0] in _ARTICLES and words[1] in _TITLES:
        return True
    return speaker.casefold() in PRONOUNS.get(_lang_key(lang), set())


def attribute_article(texts: list[str], lang: str | None = "en") -> list[tuple[str, str]]:
    """Attribution of an article's sentences in order, with pronoun speakers resolved to the previous
    named speaker in the same article (left as the pronoun when there is none)."""
    out: list[tuple[str, str]] = []
    last = ""
    for text in texts:
        speaker, verb = attribution(text, lang)
        if speaker and is_pronoun(speaker, lang):
            speaker = last or speaker
        elif not speaker and verb and _lang_key(lang) in _PRO_DROP and verb not in _SOURCE_VERBS:
            speaker = last
        elif speaker:
            last = speaker
        out.append((speaker, verb))
    return out


# ------------------------------------------------------------------ quote similarity
def quote_similarity(a: str, b: str, scorer: "Scorer", settings: "AlignSettings") -> float:
    """Similarity of two quotes (pivot language), as the statements' ``quote_similarity`` column measures it."""
    from transcompare.align.similarity import Unit, stems

    ua = Unit((0,), stems(a, settings.stem_chars)).weigh(scorer.idf, scorer.default)
    ub = Unit((0,), stems(b, settings.stem_chars)).weigh(scorer.idf, scorer.default)
    return scorer.score(ua, ub)


def quote_scorer(pivot_texts: list[str], settings: "AlignSettings") -> Callable[[str | None, str | None], float | None]:
    """Quote similarity between two pivot-language texts (their quotes, by :func:`quote_text`), with the IDF of
    ``pivot_texts`` and the run's ``settings``; None when either has no quote."""
    from transcompare.align.similarity import Scorer, idf_table, stems

    idf = idf_table([stems(t or "", settings.stem_chars) for t in pivot_texts])
    scorer = Scorer(idf, settings.seq_weight, settings.idf_weight)

    def similarity(a: str | None, b: str | None) -> float | None:
        qa, qb = quote_text(a or ""), quote_text(b or "")
        if not qa or not qb:
            return None
        return round(quote_similarity(qa, qb, scorer, settings), 6)

    return similarity
