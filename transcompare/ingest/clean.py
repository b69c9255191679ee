"""Cleaning: turn raw text blocks into titled, kinded paragraphs; keep bylines and credits as metadata.

Rules (the reader decides what the title is; this module classifies the rest):
- Lines that do not end like a sentence and are short are *furniture*: bylines, photo captions, credit
  lines ("Flash 90", "Photo: Reuters"). Before the first body paragraph all furniture is removed (the first
  name-like line becomes the byline, the others credits); inside the body only lines that look like credits
  or repeat a caption are removed, so subheadings survive.
- A caption line repeated in a block ("Russian Foreign Minister Sergei Lavrov" twice) is removed, once kept
  in the credits.
- One short sentence paragraph right after the title, before the byline or body, is the standfirst.
- A trailing paragraph wholly in parentheses, or starting "Editor's note", is kept and flagged ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcompare.schema import KIND_BODY, KIND_NOTE, KIND_STANDFIRST, KIND_TITLE

_SENTENCE_END = re.compile(r"[.!?…:;؟。！？»”\"')\]]\s*$")
_CREDIT = re.compile(
    r"^(?:photo|foto|credit|image|picture|illustrat\w*|archive|file photo|фото|صورة)\b|"
    r"\b(?:flash ?90|reuters|afp|ap photo|getty images|getty|istock|shutterstock|epa|tass|ria novosti|"
    r"sputnik|anadolu|xinhua|dpa|efe|gpo|idf spokesperson|wikimedia|courtesy)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|von|por|par|di|de|автор|بقلم)\s+\S", re.IGNORECASE)
_NOTE = re.compile(r"^\(.*\)\s*$|^(?:editor'?s note|note|nota|anmerkung|примечание)\b", re.IGNORECASE | re.DOTALL)
_WS = re.compile(r"[ \t\u00a0\u200b]+")

FURNITURE_MAX_WORDS = 12
STANDFIRST_MAX_WORDS = 45


@dataclass
class Layout:
    paragraphs: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    byline: str = ""
    credits: list[str] = field(default_factory=list)


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text).strip()


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of non-empty stripped lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for raw in re.split(r"\n\s*\n", text):
        lines = [normalise_space(line) for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    return blocks


def _words(line: str) -> int:
    return len(line.split())


def _is_furniture(line: str) -> bool:
    return _words(line) <= FURNITURE_MAX_WORDS and not _SENTENCE_END.search(line)


def _is_credit(line: str) -> bool:
    return _words(line) <= FURNITURE_MAX_WORDS and bool(_CREDIT.search(line))


def layout(title: str, blocks: list[list[str]], byline: str = "", credits: list[str] | None = None) -> Layout:
    """Classify body blocks (the title already removed) into paragraphs and metadata."""
    out = Layout(paragraphs=[normalise_space(title)], kinds=[KIND_TITLE], byline=byline, credits=list(credits or []))
    in_header = True
    seen_captions: set[str] = set()
    credited = set(out.credits)  # membership in sets: a block of 100,000 short lines stays linear

    def credit(line: str) -> None:
        if line not in credited:
            credited.add(line)
            out.credits.append(line)

    for i, lines in enumerate(blocks):
        # repeated caption lines inside a block
        unique: list[str] = []
        in_block: set[str] = set()
        for line in lines:
            if line in in_block or line in seen_captions:
                credit(line)
                continue
            unique.append(line)
            in_block.add(line)
        lines = unique
        if not lines:
            continue
        if len(lines) > 1 or in_header:
            # a block of several lines, each short and unpunctuated: caption + credit block
            if all(_is_furniture(line) for line in lines) and (in_header or len(lines) > 1):
                for line in lines:
                    if in_header and not out.byline and not _is_credit(line) and _looks_like_byline(line):
                        out.byline = line.rstrip(" ,")
                    elif line not in credited:
                        credit(line)
                        seen_captions.add(line)
                continue
        text = normalise_space(" ".join(lines))
        if not in_header and _is_credit(text) and _is_furniture(text):
            out.credits.append(text)
            credited.add(text)
            continue
        if _NOTE.match(text) and i == len(blocks) - 1 and len(out.paragraphs) > 1:
            out.paragraphs.append(text)
            out.kinds.append(KIND_NOTE)
            continue
        if in_header and len(out.paragraphs) == 1 and not out.byline and _words(text) <= STANDFIRST_MAX_WORDS \
                and i + 1 < len(blocks) and _next_is_header_furniture(blocks[i + 1]):
            out.paragraphs.append(text)
            out.kinds.append(KIND_STANDFIRST)
            continue
        in_header = False
        out.paragraphs.append(text)
        out.kinds.append(KIND_BODY)
    return out


def _next_is_header_furniture(block: list[str]) -> bool:
    """A standfirst is followed by a byline/caption block before the body starts."""
    return all(_is_furniture(line) for line in block)


def _looks_like_byline(line: str) -> bool:
    if _BYLINE.match(line):
        return True
    words = line.replace(",", " ").split()
    # "Ben Ariel, Canada ," -- a few capitalised words
    return 1 <= len(words) <= 6 and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)
