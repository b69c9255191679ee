"""Altered quotes: members of a statement whose meaning matches but whose numbers, negation or modality differ.

Two outlets carrying one statement should agree on its numbers, on whether it is negated, and on how sure it is
("might" vs "will"). For each member of a statement carried by at least three articles, on its original text:

- **number**: it states a quantity (digits or a number word, times "million", "тысяч", …) no other member
  states, while at least half of the others agree on one it lacks;
- **negation** / **modality**: it has (or lacks) a negation cue, or a hedging modal, where a clear majority of
  the other members (at least two of them) lack (or have) one.

The cues are data (``lexicons/cues.toml``, per language; a language without a list is never flagged for
negation or modality). The flag says *where to look*, not that an outlet misquoted: the reason names what
differs, e.g. ``number: 4000 (others: 400)``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

from transcompare.text import WORD


def _fmt(x: float) -> str:
    return f"{x:g}" if x < 1e6 else f"{x:.3g}"

CUES_FILE = Path(__file__).with_name("lexicons") / "cues.toml"
_WORD = WORD  # words as written (transcompare.text): "don't", "don’t" and "well-known" are one word each


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))


_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # Arabic tatweel and vowel marks: "مليوناً" is "مليونا"


def _plain(text: str) -> str:
    return _MARKS.sub("", (text or "")).casefold()


_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")


def _value(token: str) -> float | None:
    """'30,000' / '30.000' / '30 000' -> 30000; '2.3' / '2,3' -> 2.3 (a separator before exactly three digits
    groups thousands, any other is a decimal point)."""
    t = re.sub(r"\s", "", token)
    groups = re.split(r"[.,]", t)
    try:
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        if len(groups) == 2:
            return float(f"{groups[0]}.{groups[1]}")
        return float("".join(groups))
    except ValueError:
        return None


@cache
def _numerals(lang: str) -> tuple[dict[str, tuple[str, float]], frozenset[str], tuple[str, ...],
                                  tuple[tuple[str, float], ...]]:
    """A language's number vocabulary: word -> (kind, value) with kind ``n`` (a number: "five", "vingt",
    "quinientos", "полтора"), ``m`` (a multiplier: "hundred", "mille", "тысяч") or ``f`` (a fraction: "half",
    "חצי"); the connectors that may join them ("and", "y", "und"); prefixes written onto a word ("و", "ו"); the
    scale words that may follow digits, longest first ("mil millones" before "mil")."""
    entry = _data().get(lang, {})
    vocab: dict[str, tuple[str, float]] = {}
    for kind, key in (("n", "numbers"), ("m", "scales"), ("f", "fractions")):
        for word, value in entry.get(key, {}).items():
            if " " not in word:
                vocab[_plain(word)] = (kind, float(value))
    connectors = frozenset(_plain(w) for w in entry.get("connectors", []))
    prefixes = tuple(sorted((_plain(p) for p in entry.get("prefixes", [])), key=len, reverse=True))
    scales = tuple(sorted(((_plain(k), float(v)) for k, v in entry.get("scales", {}).items()),
                          key=lambda kv: len(kv[0]), reverse=True))
    return vocab, connectors, prefixes, scales


@lru_cache(maxsize=4096)
def _atoms(token: str, lang: str) -> tuple[tuple[str, float], ...] | None:
    """The number words a written word is made of ("fünfundzwanzig" -> 5, 20; "twenty-five" -> 20, 5;
    "ثلاثمئة" -> 3, x100; "וחצי" -> 1/2), connectors left out; None if it is not made of number words only."""
    vocab, connectors, prefixes, _ = _numerals(lang)
    if not vocab:
        return None
    for prefix in ("", *prefixes):
        if not token.startswith(prefix) or len(token) == len(prefix):
            continue
        atoms = _split(token[len(prefix):], vocab, connectors | {"-"})
        if atoms:
            return tuple(atoms)
    return None


def _split(word: str, vocab: dict[str, tuple[str, float]], connectors: frozenset[str]):
    """Fewest pieces of ``word`` that are all number words or connectors (dynamic programming), or None."""
    n = len(word)
    best: list[list[tuple[str, float]] | None] = [[]] + [None] * n
    for end in range(1, n + 1):
        for start in range(end):
            piece, before = word[start:end], best[start]
            if before is None or (piece not in vocab and piece not in connectors):
                continue
            cand = before + ([vocab[piece]] if piece in vocab else [("c", 0.0)])
            if best[end] is None or len(cand) < len(best[end]):
                best[end] = cand
    if best[n] is None or all(kind == "c" for kind, _ in best[n]):
        return None
    return [a for a in best[n] if a[0] != "c"]


def _evaluate(atoms: list[tuple[str, float]]) -> float | None:
    """The value of a run of number words ("dos mil quinientos" 2500, "three and a half million" 3.5e6,
    "מיליון וחצי" 1.5e6); None for a run that states no quantity by itself (a lone "one", "hundred",
    "thousand" or "half": "one of", "thousands of", "half of")."""
    if len(atoms) == 1 and (atoms[0] == ("n", 1.0) or atoms[0][0] == "f"
                            or (atoms[0][0] == "m" and atoms[0][1] < 1e6)):
        return None
    total, current, top, last, fraction_only = 0.0, 0.0, 0.0, 0.0, False
    for kind, value in atoms:
        if kind == "n" and value >= 1000:  # a word that is thousands by itself ("ألفين", "אלפיים": 2000)
            total, top, fraction_only = total + current + value, max(top, 1000.0), False
            current = 0.0
        elif kind == "m" and value == 100:
            current, fraction_only = (current or 1.0) * 100, False
        elif kind == "m":
            if value > top:
                total, top = (total + (current or (0.0 if total else 1.0))) * value, value
            else:
                total += (current or 1.0) * value
            current, last, fraction_only = 0.0, value, False
        else:
            fraction_only = kind == "f" and current == 0
            current += value
    if current:
        total += current * last if (fraction_only and last) else current
    return total


def quantities(text: str, lang: str) -> frozenset[float]:
    """The quantities a sentence states, digits or number words, times a scale word after them ("2.3 billion",
    "2.300 millones", "600 тысяч" and "600,000" are one quantity each; "dos mil quinientos", "fünfundzwanzig",
    "خمسة وعشرين" and "ثلاثة ملايين ونصف" too); years stand as they are."""
    _, connectors, _, scales = _numerals(lang)
    low = _plain(text)
    out: set[float] = set()
    spans: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(low):
        value = _value(m.group())
        if value is None:
            continue
        end = m.end()
        after = low[end:end + 20]
        gap = len(after) - len(after.lstrip(" \u00a0"))
        after = after[gap:]
        for scale, times in scales:
            if after.startswith(scale) and (len(after) == len(scale) or not after[len(scale)].isalpha()):
                value *= times
                end += gap + len(scale)
                break
        out.add(round(value, 6))
        spans.append((m.start(), end))
    run: list[tuple[str, float]] = []  # connectors inside a run ("two and a half") are skipped
    for m in _WORD.finditer(low):
        tok = m.group()
        atoms = None if any(s <= m.start() < e for s, e in spans) else _atoms(tok, lang)
        if atoms is not None:
            run.extend(atoms)
            continue
        if run and tok in connectors:
            continue
        if run:
            value = _evaluate(run)
            if value is not None:
                out.add(round(value, 6))
        run = []
    if run and (value := _evaluate(run)) is not None:
        out.add(round(value, 6))
    return frozenset(out)


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, tuple[frozenset[str], tuple[str, ...]]]]:
    data = _data()
    out = {}
    for lang, kinds in data.items():
        out[lang] = {}
        for kind, words in kinds.items():
            if kind not in ("negation", "modality"):
                continue
            single = frozenset(_plain(w) for w in words if " " not in w and "'" not in w and "’" not in w)
            multi = tuple(dict.fromkeys(_plain(w) for w in words if _plain(w) not in single))
            out[lang][kind] = (single, multi)
    return out


@cache
def _hedges(lang: str) -> tuple[str, ...]:
    """Hedges written with a negation, as phrases matched inside the text ("не исключ" for every form)."""
    return tuple(_plain(h) for h in _data().get(lang, {}).get("hedges", []))


@cache
def _ignored(lang: str) -> tuple[re.Pattern, ...]:
    """What is not a cue although it is written as one ("May 3": a month, not a modal), as written."""
    return tuple(re.compile(p) for p in _data().get(lang, {}).get("ignore", []))


def _found(low: str, entry: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    single, multi = entry
    return any(w in single for w in _WORD.findall(low)) or any(m in low for m in multi)


def has_cue(text: str, lang: str, kind: str) -> bool | None:
    """Whether ``text`` holds a ``kind`` cue ("negation", "modality"); None when the language has no list.

    A hedge written with a negation ("did not rule out", "не исключила", "n'exclut pas": the language's
    ``hedges``) is a modality cue, and its negation does not count as one."""
    cues = _cues().get(lang, {})
    entry = cues.get(kind)
    if entry is None:
        return None
    for pattern in _ignored(lang):
        text = pattern.sub(" ", text or "")
    low = _plain(text)
    found = [h for h in _hedges(lang) if h in low]
    if kind == "modality" and found:
        return True
    for h in found:
        low = low.replace(h, " ")
    return _found(low, entry)


def _majority(values: list[bool]) -> bool | None:
    if len(values) < 2:
        return None
    yes = sum(values)
    if yes * 4 >= len(values) * 3:
        return True
    if (len(values) - yes) * 4 >= len(values) * 3:
        return False
    return None


def altered_reasons(texts: list[str], langs: list[str], close: list[list[int]] | None = None) -> list[str]:
    """For the members of one statement (original texts and languages): '' or why a member looks altered.

    ``close[k]``: the members that carry the same claim as member ``k`` closely enough to compare it with
    (e.g. linked to it with a high probability); default: all the others. A member is judged against those
    only, and only when there are at least two."""
    n = len(texts)
    out = [""] * n
    if n < 3:
        return out
    nums = [quantities(t, l) for t, l in zip(texts, langs)]
    cues = {kind: [has_cue(t, l, kind) for t, l in zip(texts, langs)] for kind in ("negation", "modality")}
    for k in range(n):
        reasons = []
        others = [m for m in range(n) if m != k] if close is None else [m for m in close[k] if m != k]
        if len(others) < 2:
            continue
        theirs = set().union(*(nums[m] for m in others))
        agreed = {x for x in theirs if sum(x in nums[m] for m in others) * 2 >= len(others)}
        own_only = nums[k] - theirs
        if own_only and agreed - nums[k]:
            reasons.append(f"number: {', '.join(_fmt(x) for x in sorted(own_only))} "
                           f"(others: {', '.join(_fmt(x) for x in sorted(agreed - nums[k]))})")
        for kind, values in cues.items():
            if values[k] is None:
                continue
            major = _majority([values[m] for m in others if values[m] is not None])
            if major is not None and values[k] != major:
                reasons.append(f"{kind}: {'added' if values[k] else 'dropped'}")
        out[k] = "; ".join(reasons)
    return out
