"""A story that has grown since an earlier run (``[stories] update = "extend"``): a statement that nothing joined
keeps the earlier run's rows, and only the articles of members whose speakers the earlier rows do not tell are
read for speakers again.

:func:`earlier_statements` reads the earlier STATEMENTS rows of the story: the rows of each statement, every
member's speaker and verb (and so each sentence's, where a member was one sentence), and the names of its
speakers (people in every article of the story)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from transcompare.schema import C


def members_key(cluster: dict[str, list[int]]) -> frozenset:
    """A statement's members as a hashable value: equal keys, the same sentences."""
    return frozenset((a, tuple(idx)) for a, idx in cluster.items())


@dataclass
class Earlier:
    rows: dict[frozenset, list[dict]]  # members_key -> the statement's rows
    member: dict[tuple[str, tuple], tuple[str, str]]  # (article, indices) -> (speaker, reporting verb)
    sentence: dict[tuple[str, int], tuple[str, str]]  # (article, index) -> the same, of one-sentence members
    names: set[str]  # speakers named with at least two words, who have a reporting verb

    def told(self, article: str, idx: list[int]) -> bool:
        """Do the earlier rows tell this member's speaker (the member as it was, or each of its sentences)?"""
        return (article, tuple(idx)) in self.member or all((article, i) in self.sentence for i in idx)


def earlier_statements(grown: pl.DataFrame) -> Earlier:
    """The rows, members' attributions and speakers' names of an earlier run's statements of a story."""
    clusters: dict[str, dict[str, list[int]]] = {}
    rows: dict[str, list[dict]] = {}
    member, sentence, names = {}, {}, set()
    for r in grown.iter_rows(named=True):
        sid, a, idx = r[C.STATEMENT_ID], r[C.ARTICLE_ID], list(r[C.SENTENCE_INDICES])
        clusters.setdefault(sid, {})[a] = idx
        rows.setdefault(sid, []).append(r)
        member[(a, tuple(idx))] = (r[C.SPEAKER], r[C.REPORTING_VERB])
        if len(idx) == 1:  # a one-sentence member's speaker and verb are its sentence's (build_statements)
            sentence[(a, idx[0])] = member[(a, tuple(idx))]
        speaker = r[C.SPEAKER] or ""
        if r[C.REPORTING_VERB] and len(speaker.split()) >= 2 and speaker[:1].isupper():
            names.add(speaker)
    return Earlier({members_key(c): rows[sid] for sid, c in clusters.items()}, member, sentence, names)
