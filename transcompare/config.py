"""Pipeline files: TOML -> validated settings (pydantic, unknown keys are errors).

Relative paths in a pipeline file (inputs, output directory, cache) are resolved against the directory that
holds the pipeline file, so a pipeline runs the same from any working directory.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from transcompare.errors import ConfigError

FORMATS = ("parquet", "csv", "jsonl", "sqlite")  # sqlite: one database of every table (export.py)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _lang(value: str, what: str = "language") -> str:
    from transcompare.langs import did_you_mean, known_codes

    value = value.strip().lower()
    if value not in known_codes():
        raise ValueError(f"'{value}' is not an ISO 639-1 {what} code (two letters, e.g. en, es, ru)"
                         f"{did_you_mean(value)}")
    return value


def _path(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("contains a NUL byte, which no file name can hold")
    return value


URL_KEYS = ("urls", "url_file", "feed")  # inputs read from the web (transcompare.fetch)
SOURCE_KEYS = ("path", *URL_KEYS)  # an input is exactly one of these


def _http_url(value: str) -> str:
    from urllib.parse import urlsplit

    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{value[:80]}' is not an http(s) URL (e.g. https://example.org/news/article)")
    return value


class InputSpec(Strict):
    """One input: a file, directory or glob (``path``), or articles from the web (``urls``, a ``url_file`` of
    them, one a line, or an RSS/Atom ``feed``), with metadata that overrides the article's own."""

    path: str | None = None
    urls: list[str] | None = None
    url_file: str | None = None
    feed: str | None = None
    outlet: str | None = None
    lang: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    # keep the declared language even where the text is clearly another one (else that article fails)
    trust_lang: bool = False

    @field_validator("path", "url_file")
    @classmethod
    def _check_path(cls, v: str | None) -> str | None:
        return _path(v)

    @field_validator("urls")
    @classmethod
    def _check_urls(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and not v:
            raise ValueError("is empty; give at least one URL")
        return None if v is None else [_http_url(u) for u in v]

    @field_validator("feed")
    @classmethod
    def _check_feed(cls, v: str | None) -> str | None:
        return None if v is None else _http_url(v)

    @field_validator("lang")
    @classmethod
    def _check_lang(cls, v: str | None) -> str | None:
        return None if v is None else _lang(v)

    @model_validator(mode="after")
    def _one_source(self) -> "InputSpec":
        given = [k for k in SOURCE_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            found = f" (found {' and '.join(given)})" if given else ""
            raise ValueError(f"give exactly one of {', '.join(SOURCE_KEYS)}{found}")
        return self

    @property
    def from_web(self) -> bool:
        return self.path is None

    def overrides(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump(exclude={*SOURCE_KEYS, "trust_lang"}).items() if v is not None}

    def identity(self) -> dict[str, Any]:
        """The spec as the signatures see it: the keys of a source it does not use are left out, so that a
        file input keeps the hash it had before inputs could come from the web."""
        return {k: v for k, v in self.model_dump().items() if not (k in URL_KEYS and v is None)}


class FetchSection(Strict):
    """Articles from the web (``urls``, ``url_file``, ``feed`` inputs and ``transcompare fetch``): where the
    stored copies live and how politely they are fetched."""

    dir: str = "web"  # beside the pipeline file; an index (index.sqlite3), raw/ and articles/
    delay: float = Field(default=1.0, ge=0.0, le=3600.0)  # seconds between two requests to one host
    timeout: float = Field(default=30.0, gt=0.0, le=3600.0)  # seconds for one whole response
    retries: int = Field(default=2, ge=0, le=10)  # more attempts after a 5xx, a 429 or a timeout
    max_mb: float = Field(default=10.0, gt=0.0, le=1024.0)  # a larger page fails (it is not read into memory)
    user_agent: str | None = None  # default: transcompare/VERSION (+what it is)

    @field_validator("dir")
    @classmethod
    def _check_dir(cls, v: str) -> str:
        return _path(v)


class TranslateSection(Strict):
    engine: Literal["auto", "argos", "apertium"] = "auto"
    # per language pair, e.g. {"pt-en" = "apertium"}
    pairs: dict[str, Literal["auto", "argos", "apertium"]] = Field(default_factory=dict)
    beam_size: int = Field(default=4, ge=1, le=16)
    batch_size: int = Field(default=512, ge=1, le=100_000)
    cache: bool = True
    cache_path: str | None = None
    # a language no engine translates is aligned through embeddings of its originals; true: refuse the run
    require_translation: bool = False

    @field_validator("cache_path")
    @classmethod
    def _check_cache_path(cls, v: str | None) -> str | None:
        return _path(v)

    @field_validator("pairs")
    @classmethod
    def _check_pairs(cls, v: dict[str, str]) -> dict[str, str]:
        for key in v:
            parts = key.split("-")
            if len(parts) != 2:
                raise ValueError(f"pair '{key}' must look like 'pt-en' (source-target)")
            for part in parts:
                _lang(part)
        return v


class EmbedSection(Strict):
    """Sentence embeddings (the embed stage): the model and its batch size."""

    model: Literal["auto", "e5-small", "use-m3", "labse"] = "auto"
    batch_size: int = Field(default=64, ge=1, le=10_000)


class StoriesSection(Strict):
    """Which articles report the same event: "auto" groups them (embeddings), "one" takes them all as one."""

    mode: Literal["auto", "one"] = "auto"
    # two articles are one story from this probability on (the story model's; default: calibrated)
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    # articles published more than this many days apart are never one story (None: no window)
    window_days: int | None = Field(default=None, ge=0, le=36_500)
    # stories with articles of fewer outlets than this are not aligned (no statements)
    min_outlets: int = Field(default=1, ge=1, le=10_000)
    # a run given more articles: a story that grew is aligned and clustered again whole ("redo": the tables of a
    # run at once) or starts from its earlier links and statements, only the new articles' work done ("extend")
    update: Literal["redo", "extend"] = "redo"


class ExecutionSection(Strict):
    """Where the per-story work (alignment, statements) runs: "local" with ``jobs`` processes, or "ray"
    (``address = "auto"`` joins a running cluster; without it a local one starts). Outputs are the same."""

    backend: Literal["local", "ray"] = "local"
    jobs: int = Field(default=1, ge=1, le=256)
    address: str | None = None

    def execution(self, jobs: int | None = None):
        from transcompare.execution import Execution

        return Execution(self.backend, jobs or self.jobs, self.address)


class OutputSection(Strict):
    dir: str | None = None
    formats: list[Literal[FORMATS]] = Field(default_factory=lambda: ["parquet"])
    report: bool = True

    @field_validator("dir")
    @classmethod
    def _check_dir(cls, v: str | None) -> str | None:
        return _path(v)


def _align_settings_model():
    from transcompare.align import AlignSettings

    return AlignSettings


class Pipeline(Strict):
    """A validated pipeline file."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    description: str = ""
    inputs: list[InputSpec] = Field(min_length=1)
    pivot: str = "en"
    view_langs: list[str] = Field(default_factory=list)
    translate: TranslateSection = Field(default_factory=TranslateSection)
    embed: EmbedSection = Field(default_factory=EmbedSection)
    stories: StoriesSection = Field(default_factory=StoriesSection)
    align: dict[str, Any] = Field(default_factory=dict)
    execution: ExecutionSection = Field(default_factory=ExecutionSection)
    output: OutputSection = Field(default_factory=OutputSection)
    fetch: FetchSection = Field(default_factory=FetchSection)

    # not from the file
    base_dir: Path = Field(default=Path("."), exclude=True)
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("pivot")
    @classmethod
    def _check_pivot(cls, v: str) -> str:
        return _lang(v)

    @field_validator("view_langs")
    @classmethod
    def _check_views(cls, v: list[str]) -> list[str]:
        return [_lang(x) for x in v]

    # -- derived ---------------------------------------------------------------------------------------
    def targets(self) -> list[str]:
        """Languages every sentence is translated into: the pivot first, then the view languages."""
        out = [self.pivot]
        for lang in self.view_langs:
            if lang not in out:
                out.append(lang)
        return out

    def resolve(self, path: str) -> str:
        p = Path(path).expanduser()
        return os.path.normpath(p if p.is_absolute() else self.base_dir / p)

    def output_dir(self, override: str | Path | None = None) -> Path:
        if override is not None:
            return Path(override)
        return Path(self.resolve(self.output.dir or f"runs/{self.name}"))

    def cache_path(self) -> Path | None:
        if not self.translate.cache:
            return None
        if self.translate.cache_path:
            return Path(self.resolve(self.translate.cache_path))
        from transcompare.translate import default_cache_path

        return default_cache_path()

    def engine_choice(self) -> str | dict[str, str]:
        if not self.translate.pairs:
            return self.translate.engine
        choice = {"*": self.translate.engine}
        choice.update(self.translate.pairs)
        return choice

    def align_settings(self):
        return _align_settings_model()(**self.align)

    def fetch_dir(self) -> Path:
        """The store of articles from the web: ``[fetch] dir``, by default ``web`` beside the pipeline file."""
        return Path(self.resolve(self.fetch.dir))

    def config_hash(self) -> str:
        data = self.model_dump(mode="json")
        # a pipeline that reads no URL and leaves [fetch] alone hashes as it did before those keys existed
        data["inputs"] = [spec.identity() for spec in self.inputs]
        if not any(spec.from_web for spec in self.inputs) and self.fetch == FetchSection():
            del data["fetch"]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _fields_of(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names valid at the location of an error (for 'did you mean')."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _choices(model: type[BaseModel], loc: tuple) -> list[str]:
    return [f for f in _fields_of(model, loc) if f not in ("base_dir", "source")]


def _meant(model: type[BaseModel], loc: tuple) -> str | None:
    """The valid key an unknown one is a typo of, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), _choices(model, loc), n=1)
    return close[0] if close else None


def _format_error(path: Path, model: type[BaseModel], err: dict) -> str:
    loc = tuple(err.get("loc", ()))
    key = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
    msg = err.get("msg", "invalid")
    if err.get("type") == "extra_forbidden":
        close = _meant(model, loc)
        hint = f"; did you mean '{close}'?" if close else f"; allowed keys: {', '.join(_choices(model, loc))}"
        return f"{path}: [{key}] unknown key{hint}"
    if err.get("type") == "missing":
        return f"{path}: [{key}] is required"
    msg = msg.removeprefix("Value error, ")
    return f"{path}: [{key}] {msg}"


def load_pipeline(path: str | Path) -> Pipeline:
    """Read and validate a pipeline file; raise ConfigError naming the file, the key and the fix."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such pipeline file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a pipeline file (arrays or tables nested too deeply)") from None
    except ValueError as err:  # e.g. an integer of thousands of digits
        raise ConfigError(f"{path}: not valid TOML ({str(err).split(';')[0]})") from None
    for bad in ("base_dir", "source"):
        if bad in data:
            raise ConfigError(f"{path}: [{bad}] unknown key")
    try:
        pipe = Pipeline(**data, base_dir=path.resolve().parent, source=path)
    except RecursionError:
        raise ConfigError(f"{path}: not a pipeline file (values nested too deeply)") from None
    except ValidationError as err:
        main = _all_errors(path, Pipeline, err.errors())
        align = _align_errors(path, data.get("align"))
        raise ConfigError.several(main.lines + (align.lines if align else []),
                                  f"{path}: several problems") from None
    align = _align_errors(path, pipe.align)
    if align:
        raise align
    return pipe


def _align_errors(path: Path, section) -> ConfigError | None:
    """The problems of the [align] section (checked on its own: the pipeline keeps it as a table)."""
    if not isinstance(section, dict):
        return None
    try:
        _align_settings_model()(**section)
    except ValidationError as err:
        from transcompare.align import AlignSettings

        errors = [{**e, "loc": ("align", *e.get("loc", ()))} for e in err.errors()]
        return _all_errors(path, _AlignWrapper.build(AlignSettings), errors)
    return None


def _all_errors(path: Path, model: type[BaseModel], errors: list[dict]) -> ConfigError:
    """One ConfigError for every problem of a pipeline file, a line each: unknown keys first, and no 'is
    required' for a key an unknown key's 'did you mean' names (the typo explains it)."""
    extra = [e for e in errors if e.get("type") == "extra_forbidden"]
    lines = [_format_error(path, model, e) for e in extra]
    meant = {(*tuple(e["loc"])[:-1], _meant(model, tuple(e["loc"]))) for e in extra}
    for e in errors:
        if e.get("type") == "extra_forbidden" or (e.get("type") == "missing" and tuple(e["loc"]) in meant):
            continue
        lines.append(_format_error(path, model, e))
    lines = list(dict.fromkeys(lines))
    return ConfigError.several(lines, f"{path}: several problems")


class _AlignWrapper:
    @staticmethod
    def build(settings_model: type[BaseModel]) -> type[BaseModel]:
        from pydantic import create_model

        return create_model("AlignWrapper", align=(settings_model, ...))
