"""Sentence segmentation: multilingual, quote-aware, with character offsets.

Two entry points:

- :func:`split_sentences` turns one text into character spans ``(start, end)``. The spans are in order, do
  not overlap, never start or end with whitespace, and together cover every non-space character. A blank
  line is always a boundary; a single newline is ordinary whitespace.
- :func:`segment_articles` turns an ``articles`` table into a ``sentences`` table (see ``schema.py``):
  each paragraph is segmented on its own, offsets point into ``schema.article_text(paragraphs)``.

The rules (``transcompare.rules.v1``) look at every run of sentence punctuation (``. ! ? …`` and the
Arabic, Chinese and Japanese marks) that is followed by whitespace -- or, for 。！？, by anything -- and
decide from the word before it and the word after it:

- a period after a known abbreviation of the language (``Mr.``, ``z.B.``, ``т.е.``, ``Sr.``, ``EE.``) or after
  an initial (``J. R. R.``, ``A.``) is not a boundary; an abbreviation that can also end a sentence
  (``etc.``, ``Inc.``, ``U.S.``, ``г.``) or an initial ends one only if a typical sentence opener
  (``The``, ``He``, ``Der``, ``Он``...) follows;
- in cased scripts, a lower-case next word is never the start of a sentence (``"Why?" he asked``);
- German-style ordinals (``am 3. Oktober``) are not boundaries;
- ``،`` and ``;`` are not boundaries; ``؟`` is; an ellipsis without a following space (``absurd…Syrian``)
  never is;
- after a closing quotation mark, a short attribution (``“…!” Hammel added.``, ``“…؟” قال ترامب.``) does not
  start a new sentence;
- quotations: a quotation (up to ``MAX_KEPT_QUOTE`` characters) that is closed by a comma or followed by its
  attribution (``“A. B,” he said``) is kept whole -- the quote is one statement with its speaker. Set
  ``keep_quotes=False`` for the conventional split inside the quote.

>>> t = "Mr. Smith arrived. He said: “It is absurd…we will stay.” Then he left."
>>> [t[a:b] for a, b in split_sentences(t, "en")]
['Mr. Smith arrived.', 'He said: “It is absurd…we will stay.”', 'Then he left.']

The package: :mod:`~transcompare.segment.rules` reads each language's lists and flags from the data files
``rules/<code>.toml`` (``und.toml`` explains the keys), :mod:`~transcompare.segment.splitter` applies them to
a text, :mod:`~transcompare.segment.stage` is the pipeline stage.
"""

from __future__ import annotations

# the character classes, MAX_KEPT_QUOTE, LangRules and _rules_digest stay importable from here, as before the
# package
from transcompare.segment.rules import (  # noqa: F401
    MAX_KEPT_QUOTE,
    LangRules,
    _rules_digest,
    language_rules,
    supported_languages,
)
from transcompare.segment.splitter import (  # noqa: F401
    CJK_TERMINATORS,
    CLOSERS,
    DOUBLE_QUOTES,
    OPENERS,
    QUOTE_OPEN_GLYPHS,
    SPACES,
    TERMINATORS,
    split_sentences,
)
from transcompare.segment.stage import segment_articles

NAME = "transcompare.rules"
VERSION = "1"


def signature(keep_quotes: bool = True) -> dict:
    """How sentences were made, for the run's manifest."""
    return {
        "name": f"{NAME}.v{VERSION}",
        "keep_quotes": keep_quotes,
        "titles": "whole",
        "languages": ",".join(supported_languages()),
        "rules": _rules_digest(),
        "version": VERSION,
    }


__all__ = ["split_sentences", "segment_articles", "signature", "language_rules", "supported_languages"]
