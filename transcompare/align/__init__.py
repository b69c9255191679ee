"""Alignment: which sentences of different outlets carry the same statement.

- :func:`align_pair` aligns two lists of pivot-language sentences (non-monotonic, partial, 1-1 and 1-2/2-1).
- :func:`align_articles` runs it over every pair of articles -> the ``alignments`` table.
- :func:`build_statements` clusters the links across N outlets -> the ``statements`` table.
- :mod:`transcompare.align.quotes` finds quotations, speakers and reporting verbs.
"""

from transcompare.align.pairwise import Link, align_pair
from transcompare.align.settings import AlignSettings
from transcompare.align.statements import align_articles, build_statements, pivot_translations

__all__ = ["AlignSettings", "Link", "align_pair", "align_articles", "build_statements", "pivot_translations"]
