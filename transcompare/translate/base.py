"""The engine protocol and the route objects the translator plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

@runtime_checkable
class Engine(Protocol):
    """What every translation engine provides. Engines translate already-segmented sentences."""

    name: str

    def pairs(self) -> set[tuple[str, str]]:
        """Language pairs (ISO 639-1 source, target) this engine translates directly."""
        ...

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        """Translate sentences (one output per input, same order)."""
        ...

    def signature(self, src: str, tgt: str) -> dict[str, Any]:
        """Engine and model identity/version for one pair; also the translation cache's model key."""
        ...


@dataclass(frozen=True)
class Step:
    """One hop of a route: one engine translating one direct pair."""

    engine: str
    src: str
    tgt: str

    def __str__(self) -> str:
        return f"{self.engine}:{self.src}-{self.tgt}"


@dataclass(frozen=True)
class Route:
    """How a (source, target) pair is translated: identity, one direct step, or a pivot chain."""

    src: str
    tgt: str
    steps: tuple[Step, ...] = ()
    details: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    @property
    def is_identity(self) -> bool:
        return not self.steps

    @property
    def languages(self) -> list[str]:
        return [self.src] + [s.tgt for s in self.steps]

    @property
    def path(self) -> str:
        """Languages passed through, e.g. 'pt>es>en' ('en' for identity)."""
        return ">".join(self.languages)

    @property
    def engine_label(self) -> str:
        """The value of the translations table's engine column, e.g. 'apertium:eng-spa' or 'identity'."""
        if self.is_identity:
            return "identity"
        labels = []
        for step, detail in zip(self.steps, self.details or [{}] * len(self.steps)):
            labels.append(detail.get("label") or str(step))
        return "+".join(labels)

    def signature(self) -> dict[str, Any]:
        """Explicit description for the run manifest: route, engine label and each step's model identity."""
        return {
            "route": self.path,
            "engine": self.engine_label,
            "steps": [dict(d) for d in self.details] if self.details else [
                {"engine": s.engine, "src": s.src, "tgt": s.tgt} for s in self.steps],
        }

    def __str__(self) -> str:
        return f"{self.path} ({self.engine_label})"
