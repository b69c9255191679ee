"""One person across outlets and languages: "Lavrov", "Sergei Lavrov", "Serguéi Lavrov", "Лавров", "لافروف" and
"לברוב" are one speaker.

A speaker's **surname** (the last word of the name) is transliterated to Latin letters (``anyascii``) and
reduced to a consonant skeleton (vowels dropped; v/w/f/b, k/c/q/g and s/z/x merged; repeats collapsed):
"Lavrov", "Lawrow", "lfrwf" (لافروف) and "lvrvv" (לברוב) all give ``lvrv``. Speakers with one skeleton of at
least three consonants are one person; the name shown is the form most often written in Latin script, the
longest first (a full name before a surname). Roles and pronouns are not persons (no ``speaker_id``).
Places and institutions that reports make speakers ("Moscow said", "Moscú afirmó", "le Kremlin a déclaré")
are one speaker through ``lexicons/places.toml``, whose spellings share no skeleton ("Moscú": ``msk``).

>>> from transcompare.align.speakers import skeleton
>>> {skeleton(n) for n in ("Lavrov", "Sergei Lawrow", "Лавров", "لافروف", "לברוב")}
{'lvrv'}
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import polars as pl

from transcompare.schema import SPEAKERS, C

_MERGE = str.maketrans({"w": "v", "f": "v", "b": "v", "p": "v", "c": "k", "q": "k", "g": "k", "z": "s", "x": "s"})
_NOT_CONSONANT = re.compile(r"[aeiouy'`\W\d_]+")


def skeleton(name: str) -> str:
    """The consonant skeleton of a name's last word, in Latin letters ('' when there is nothing to go on)."""
    from anyascii import anyascii

    words = (name or "").split()
    if not words:
        return ""
    latin = anyascii(words[-1]).casefold().translate(_MERGE)
    cons = _NOT_CONSONANT.sub("", latin)
    return re.sub(r"(.)\1+", r"\1", cons)


_PLACES_FILE = Path(__file__).with_name("lexicons") / "places.toml"


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], frozenset[str]]:
    """(any listed name, casefolded -> its place's speaker key, the articles that may come before a name). The
    key is the skeleton of the place's first name ("Moscow": ``mskv``), so that spellings not listed that share
    it join too; ``@`` and the place's name when that skeleton is too short ("White House": ``hs``)."""
    data = tomllib.loads(_PLACES_FILE.read_text(encoding="utf-8"))
    articles = frozenset(a.casefold() for a in data.pop("articles", []))
    keys = {}
    for key, entry in data.items():
        first = skeleton(entry["names"][0])
        keys[key] = first if len(first) >= 3 and " " not in entry["names"][0] else "@" + key
    return {name.casefold(): keys[key] for key, entry in data.items() for name in entry["names"]}, articles


def place(name: str) -> str | None:
    """The speaker key of the place or institution a speaker names (``places.toml``): a listed name whose first
    letter is a capital where the script has them ("las damas" is not Damascus), an article before it allowed."""
    names, articles = _places()
    words = " ".join((name or "").split())
    folded = words.casefold()
    rest = words
    if folded not in names:
        rest = ""
        for article in articles:  # "the Kremlin"; an elided one needs no space: "l'Élysée"
            tail = words[len(article):] if folded.startswith(article) else ""
            if tail and (tail[0] == " " or article[-1] in "'’") and tail.strip().casefold() in names:
                rest = tail.strip()
                break
    return names[rest.casefold()] if rest and _is_person(rest) else None


def _is_person(name: str) -> bool:
    """A name, not a pronoun or a role: capitalised (where the script has capitals), or in a script without."""
    first = name.strip()[:1]
    return bool(first) and (first.isupper() or not first.isalpha() or first.lower() == first.upper())


def identify(speakers: list[str]) -> dict[str, str]:
    """Speaker as written -> speaker id (``p01`` …, in order of first appearance); non-persons map to ''.
    A skeleton shorter than three consonants ("Erby": ``rv``) is too weak to join forms: such a name is one
    person only with its exact spelling."""
    ids: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for name in speakers:
        if name in ids:
            continue
        where = place(name)  # "la Casa Blanca" is a speaker, though it starts in lower case
        if not where and not _is_person(name):
            ids[name] = ""
            continue
        key = where or skeleton(name)
        if len(key) < 3:
            key = "=" + name.casefold()
        if key not in by_key:
            by_key[key] = f"p{len(by_key) + 1:02d}"
        ids[name] = by_key[key]
    return ids


def speakers_table(statements: pl.DataFrame) -> pl.DataFrame:
    """The SPEAKERS table from a statements table that has ``speaker`` and ``speaker_id``."""
    rows: dict[str, dict] = {}
    forms: dict[str, Counter] = defaultdict(Counter)
    for sid, speaker, pid, outlet, lang in statements.select(C.STATEMENT_ID, C.SPEAKER, C.SPEAKER_ID, C.OUTLET,
                                                             C.LANG).iter_rows():
        if not pid:
            continue
        row = rows.setdefault(pid, {C.SPEAKER_ID: pid, C.OUTLETS: [], C.LANGUAGES: [], "_st": set()})
        forms[pid][speaker] += 1
        if outlet not in row[C.OUTLETS]:
            row[C.OUTLETS].append(outlet)
        if lang not in row[C.LANGUAGES]:
            row[C.LANGUAGES].append(lang)
        row["_st"].add(sid)
    out = []
    for pid, row in rows.items():
        variants = [f for f, _ in forms[pid].most_common()]
        latin = [f for f in variants if f.isascii() or all(ord(ch) < 0x250 for ch in f)]
        pool = latin or variants
        name = max(pool, key=lambda f: (len(f.split()), forms[pid][f], -pool.index(f)))
        out.append({C.SPEAKER_ID: pid, C.NAME: name, C.VARIANTS: sorted(variants), C.OUTLETS: row[C.OUTLETS],
                    C.LANGUAGES: sorted(row[C.LANGUAGES]), C.N_STATEMENTS: len(row["_st"])})
    if not out:
        return SPEAKERS.empty()
    return pl.DataFrame(sorted(out, key=lambda r: r[C.SPEAKER_ID]), schema=SPEAKERS.schema)
