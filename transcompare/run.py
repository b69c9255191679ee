"""A run: its tables (polars frames) and its manifest, read from a run directory (:func:`load_run`) or taken
from the tables a pipeline run holds in memory (:meth:`Run.from_tables`). Nothing here recomputes anything;
the views (:mod:`transcompare.render`) draw a :class:`Run`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from transcompare.errors import InputError, SchemaError
from transcompare.schema import (
    ALIGNMENTS,
    ARTICLES,
    COMPARISON,
    SENTENCES,
    SPEAKERS,
    STATEMENTS,
    STORIES,
    TRANSLATIONS,
    C,
    Table,
    check_frame,
)

if TYPE_CHECKING:
    from transcompare.render.figures import Figure
    from transcompare.render.view import Comparison

__all__ = ["Run", "TABLES", "load_run"]

# table attribute -> (file name, schema, required): every table of a run but the embeddings (vectors for programs)
TABLES: dict[str, tuple[str, Table, bool]] = {
    "articles": ("articles.parquet", ARTICLES, True),
    "sentences": ("sentences.parquet", SENTENCES, False),
    "translations": ("translations.parquet", TRANSLATIONS, False),
    "stories": ("stories.parquet", STORIES, False),
    "alignments": ("alignments.parquet", ALIGNMENTS, False),
    "statements": ("statements.parquet", STATEMENTS, False),
    "speakers": ("speakers.parquet", SPEAKERS, False),
    "comparison": ("comparison.parquet", COMPARISON, True),
}


@dataclass
class Run:
    """A finished run directory: its tables (polars frames) and its manifest (a dict)."""

    path: Path
    manifest: dict[str, Any]
    articles: pl.DataFrame
    sentences: pl.DataFrame
    translations: pl.DataFrame
    alignments: pl.DataFrame
    statements: pl.DataFrame
    comparison: pl.DataFrame
    speakers: pl.DataFrame = field(default_factory=SPEAKERS.empty)
    stories: pl.DataFrame = field(default_factory=STORIES.empty)
    _views: dict = field(default_factory=dict, repr=False)

    @property
    def view_langs(self) -> list[str]:
        """View languages: the manifest's order first, then any other language found in the comparison."""
        present = self.comparison.get_column(C.VIEW_LANG).unique(maintain_order=True).to_list()
        manifest = [str(x) for x in (self.manifest.get("view_langs") or [])]
        if not present:
            return manifest
        declared = [x for x in manifest if x in present]
        return declared + [x for x in present if x not in declared]

    @property
    def outlets(self) -> list[str]:
        """Outlet names in article order (each once)."""
        outlet = pl.col(C.OUTLET)
        names = self.articles.select(
            pl.when(outlet.is_null() | (outlet == "")).then(pl.col(C.ARTICLE_ID)).otherwise(outlet)).to_series()
        return names.unique(maintain_order=True).to_list()

    @property
    def signature(self) -> str:
        """The manifest's short one-line signature (built from its fields if the manifest has none)."""
        sig = self.manifest.get("signature")
        if isinstance(sig, str) and sig:
            return sig
        parts = [f"transcompare {self.manifest.get('transcompare_version', '?')}"]
        if self.manifest.get("pipeline"):
            parts.append(str(self.manifest["pipeline"]))
        if self.manifest.get("config_hash"):
            parts.append(f"config {str(self.manifest['config_hash'])[:12]}")
        if self.manifest.get("pivot"):
            parts.append(f"pivot {self.manifest['pivot']}")
        return " · ".join(parts)

    def check_lang(self, lang: str | None) -> str:
        """The given view language, or the run's first one; a clear error for one the run does not have."""
        langs = self.view_langs
        if not langs:
            raise InputError(f"{self.path / 'comparison.parquet'}: the comparison table is empty")
        if lang is None:
            return langs[0]
        lang = lang.strip().lower()
        if lang not in langs:
            raise InputError(f"{self.path}: no view language '{lang}' in this run (it has: {', '.join(langs)})")
        return lang

    def comparison_view(self, lang: str | None = None, *, outlet: str | None = None,
                        statement: str | None = None, story: str | None = None,
                        sort: str = "outlets") -> "Comparison":
        """The side-by-side comparison in one view language (default: the run's first), optionally filtered
        (``outlet``: the statements it carries; ``statement``: one id; ``story``: the statements of one story,
        e.g. ``"t02"``) and sorted (``outlets``: most widely carried first; ``divergence``: most differently
        phrased first)."""
        from transcompare.render.view import Comparison

        return Comparison(self, self.check_lang(lang), outlet=outlet, statement=statement, story=story, sort=sort)

    def story_index(self) -> pl.DataFrame:
        """One row per story (the STORY_INDEX table): label, articles, outlets, languages, first and last
        publication date, statements and shared statements (:mod:`transcompare.story_index`)."""
        if "story_index" not in self._views:
            from transcompare.story_index import story_index

            self._views["story_index"] = story_index(self.articles, self.stories, self.statements, self.sentences,
                                                     self.translations, self.manifest.get("pivot"))
        return self._views["story_index"]

    @property
    def story_ids(self) -> dict[str, str]:
        """The story of each article: ``{article_id: story_id}`` (one story, ``t01``, for a run written before
        the stories stage)."""
        if "story_ids" not in self._views:
            from transcompare.story_index import article_stories

            self._views["story_ids"] = article_stories(self.articles, self.stories)
        return self._views["story_ids"]

    def check_story(self, story: str) -> str:
        """The story id if the run has it; else a one-line error naming the run and a few of its stories."""
        ids = self.story_index().get_column(C.STORY_ID).to_list()
        story = story.strip()
        if story not in ids:
            shown = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
            raise InputError(f"{self.path}: no story '{story}' in this run (stories: {shown or 'none'})")
        return story

    def attributions(self) -> pl.DataFrame:
        """Who said it and how: statement × outlet version with speaker, speaker_id, reporting verb, lemma,
        English gloss, class and quote type (:func:`transcompare.attributions.attributions`)."""
        from transcompare.attributions import attributions

        return attributions(self.statements)

    def verb_classes(self, speaker_id: str | None = None) -> pl.DataFrame:
        """Outlet × reporting-verb class counts (optionally for one speaker, e.g. ``"p01"``)."""
        from transcompare.attributions import verb_class_matrix

        return verb_class_matrix(self.statements, speaker_id)

    def plot_coverage(self) -> "Figure":
        """Who carried what: the outlet × statement matrix as SVG (a ``str``; Jupyter shows it), statements
        most widely carried first (:func:`transcompare.render.figures.coverage_svg`)."""
        from transcompare.render.figures import coverage_svg

        return coverage_svg(self)

    def plot_divergence(self, lang: str | None = None) -> "Figure":
        """Per outlet, the mean divergence of its versions from the reference in view language ``lang``
        (default: the run's first), and of its own words where both originals share a language, as SVG."""
        from transcompare.render.figures import divergence_svg

        return divergence_svg(self, lang)

    def plot_verbs(self, speaker_id: str | None = None) -> "Figure":
        """The outlet × reporting-verb-class matrix (:meth:`verb_classes`) as SVG, a count in every cell."""
        from transcompare.render.figures import verbs_svg

        return verbs_svg(self, speaker_id)

    @classmethod
    def from_tables(cls, path: str | Path, manifest: dict[str, Any], tables: dict[str, pl.DataFrame]) -> "Run":
        """A run from frames in memory (keys as the attributes: ``articles``, ``comparison``, ...): the same
        object :func:`load_run` gives after the tables were written, without reading them back."""
        frames = {}
        for attr, (_name, table, _required) in TABLES.items():
            df = tables.get(attr)
            frames[attr] = table.empty() if df is None else check_frame(df, table, "view")
        return cls(path=Path(path), manifest=manifest, **frames)

    def __repr__(self) -> str:
        return (f"Run({str(self.path)!r}: {self.articles.height} articles, "
                f"{self.statements.get_column(C.STATEMENT_ID).n_unique() if self.statements.height else 0} "
                f"statements, view languages {', '.join(self.view_langs) or '-'})")


# columns added after the first runs were written; older run directories still open (the column is null)
_ADDED_LATER = {
    "comparison": (C.IS_REFERENCE, C.MEANING_SIMILARITY, C.ORIGINAL_DIVERGENCE, C.ALSO_IN, C.SPEAKER_ID,
                   C.VERB_GLOSS, C.VERB_CLASS),
    "statements": (C.ALSO_IN, C.SPEAKER_ID, C.VERB_LEMMA, C.VERB_GLOSS, C.VERB_CLASS),
}


def _read_manifest(path: Path) -> dict[str, Any]:
    file = path / "manifest.json"
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{file}: cannot read the run manifest ({err})") from None
    if not isinstance(data, dict):
        raise InputError(f"{file}: the run manifest is not a JSON object")
    return data


def _read_table(path: Path, name: str, table: Table, required: bool) -> pl.DataFrame:
    file = path / name
    if not file.exists():
        if required:
            raise InputError(f"{path}: not a complete run directory, {name} is missing "
                             "(run `transcompare run PIPELINE` first)")
        return table.empty()
    try:
        df = pl.read_parquet(file)
    except Exception as err:  # polars raises several kinds for a corrupt or truncated file
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(f"{file}: cannot read the table ({first})") from None
    for col in _ADDED_LATER.get(table.name, ()):  # a run written before these columns: nulls
        if col not in df.columns:
            df = df.with_columns(pl.lit(None, table.columns[col]).alias(col))
    try:
        return check_frame(df, table, "view")
    except SchemaError as err:
        raise InputError(f"{file}: {err}") from None
    except Exception as err:  # a column of the wrong type that cannot be cast
        raise InputError(f"{file}: column types do not match table '{table.name}' ({type(err).__name__})") from None


def load_run(run_dir: str | Path) -> Run:
    """Open a run directory written by ``transcompare run``: its tables as polars frames and its manifest.

    Raises :class:`~transcompare.errors.InputError` (one line naming the path) for a missing directory, a
    missing or unreadable table, or an invalid manifest.
    """
    path = Path(run_dir)
    if not path.exists():
        raise InputError(f"{path}: run directory does not exist")
    if not path.is_dir():
        raise InputError(f"{path}: not a directory (expected a run directory written by `transcompare run`)")
    frames = {attr: _read_table(path, name, table, required) for attr, (name, table, required) in TABLES.items()}
    return Run(path=path, manifest=_read_manifest(path), **frames)
