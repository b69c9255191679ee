"""Alignment settings (validated; unknown keys are an error) and their signature for the run manifest."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

METHOD_VERSION = "1"


class AlignSettings(BaseModel):
    """How sentences are matched. Defaults are tuned on ``python -m transcompare.eval alignment``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["difflib.v1", "hybrid.v1"] = Field(
        "hybrid.v1", description="versioned method: 'difflib.v1' (words of the pivot translations) or 'hybrid.v1' "
                                  "(multilingual embeddings + words, calibrated; see transcompare.align.hybrid)")
    link_threshold: float = Field(0.2, ge=0.0, le=1.0,
                                  description="hybrid.v1: lowest probability kept as a link in the alignments table")
    statement_threshold: float = Field(0.3, ge=0.0, le=1.0,
                                       description="hybrid.v1: sentences form a statement while their mean link "
                                                   "probability is at least this (average linkage)")
    same_article_threshold: float = Field(0.4, ge=0.0, le=1.0,
                                          description="hybrid.v1: a second sentence of one article joins a "
                                                      "statement only at this mean link probability")
    altered_link_threshold: float = Field(0.3, ge=0.0, le=1.0,
                                          description="hybrid.v1: a member is checked for an altered quote "
                                                      "against the members linked to it at least this strongly")
    also_in_threshold: float = Field(0.5, ge=0.0, le=1.0,
                                     description="hybrid.v1: a member also names another statement (also_in) "
                                                 "when it links to that statement's members at least this "
                                                 "strongly on average")
    story_neighbours: int = Field(8, ge=0,
                                  description="hybrid.v1: in a story of more articles than this + 1, each article "
                                              "is aligned with this many nearest others (and those nearest to "
                                              "it) instead of all, so a large story costs linear time; 0 = all")
    threshold: float = Field(0.3, ge=0.0, le=1.0, description="minimum link score")
    seq_weight: float = Field(0.5, ge=0.0, description="weight of difflib SequenceMatcher.ratio on tokens")
    idf_weight: float = Field(0.5, ge=0.0, description="weight of the IDF-weighted Dice word overlap")
    index_max_df: float = Field(0.25, gt=0.0, le=1.0,
                                description="words in more than this share of sentences are not indexed")
    max_candidates: int = Field(5, ge=1, description="sentences of B scored per sentence of A (by shared "
                                                     "informative words)")
    stem_chars: int = Field(5, ge=0, description="compare words by their first N letters (0 = whole words)")
    context_threshold: float = Field(0.2, ge=0.0, le=1.0,
                                     description="lower threshold for a pair whose neighbours are linked")
    merge: bool = Field(True, description="allow 1-2 / 2-1 links of adjacent sentences")
    merge_margin: float = Field(0.02, ge=0.0, le=1.0,
                                description="a merged pair must beat the single sentence by this much")
    merge_floor: float = Field(0.5, ge=0.0, le=1.0,
                               description="pairs scoring >= threshold x this may seed a merge")
    original_margin: float = Field(0.1, ge=0.0, le=1.0,
                                   description="a statement's reference is a sentence written in the pivot "
                                               "language (not a translation) when its mean similarity to the "
                                               "others is within this of the best")

    @model_validator(mode="after")
    def _weights(self) -> "AlignSettings":
        if self.seq_weight + self.idf_weight <= 0:
            raise ValueError("seq_weight + idf_weight must be > 0")
        return self

    def signature(self) -> dict:
        """Explicit fields for the run manifest."""
        return {
            "name": "align",
            "method": self.method,
            "threshold": self.threshold,
            "weights": {"seq": self.seq_weight, "idf": self.idf_weight},
            "index_max_df": self.index_max_df,
            "max_candidates": self.max_candidates,
            "stem_chars": self.stem_chars,
            "context_threshold": self.context_threshold,
            "merge": self.merge,
            "merge_margin": self.merge_margin,
            "merge_floor": self.merge_floor,
            "original_margin": self.original_margin,
            **({"link_threshold": self.link_threshold, "statement_threshold": self.statement_threshold,
                "same_article_threshold": self.same_article_threshold,
                "altered_link_threshold": self.altered_link_threshold, "also_in_threshold": self.also_in_threshold,
                "story_neighbours": self.story_neighbours}
               if self.method == "hybrid.v1" else {}),
        }
