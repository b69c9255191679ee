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
from functools import lru_cache
from pathlib import Path

from transcompare.text import WORD


def _fmt(x: float) -> str:
    return f"{x:g}" if x < 1e6 else f"{x:.3g}"

CUES_FILE = Path(__file__).with_name("lexicons") / "cues.toml"
_WORD = WORD  # words as written (transcompare.text): "don't", "don’t" and "well-known" are one word each


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))


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


def quantities(text: str, lang: str) -> frozenset[float]:
    """The quantities a sentence states, digits or number words, times a scale word after them ("2.3 billion",
    "2.300 millones", "600 тысяч" and "600,000" are one quantity each); years stand as they are."""
    entry = _data().get(lang, {})
    scales = {k.casefold(): float(v) for k, v in entry.get("scales", {}).items()}
    words = {k.casefold(): float(v) for k, v in entry.get("numbers", {}).items()}
    low = (text or "").casefold()
    out: set[float] = set()
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(low)]
    spans = [(m.start(), m.end(), _value(m.group())) for m in _NUMBER.finditer(low)]
    for start, end, value in spans:
        if value is None:
            continue
        after = low[end:end + 20].lstrip(" \u00a0")
        for scale in sorted(scales, key=len, reverse=True):
            if after.startswith(scale) and (len(after) == len(scale) or not after[len(scale)].isalpha()):
                value *= scales[scale]
                break
        out.add(round(value, 6))
    for tok, start, end in tokens:
        if tok in words and not any(s <= start < e for s, e, _ in spans):
            out.add(words[tok])
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
            single = frozenset(w.casefold() for w in words if " " not in w and "'" not in w and "’" not in w)
            multi = tuple(w.casefold() for w in words if w.casefold() not in single)
            out[lang][kind] = (single, multi)
    return out


def has_cue(text: str, lang: str, kind: str) -> bool | None:
    """Whether ``text`` holds a ``kind`` cue ("negation", "modality"); None when the language has no list."""
    entry = _cues().get(lang, {}).get(kind)
    if entry is None:
        return None
    single, multi = entry
    low = (text or "").casefold()
    if any(w in single for w in _WORD.findall(low)):
        return True
    return any(m in low for m in multi)


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
