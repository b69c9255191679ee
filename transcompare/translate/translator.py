"""Above the engines, once: engine choice per pair, pivoting, batching, caching and progress."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any, Callable, Mapping

import polars as pl

from transcompare.errors import ConfigError, EngineError
from transcompare.schema import SENTENCES, TRANSLATIONS, C, check_frame
from transcompare.translate.base import Engine, Route, Step
from transcompare.translate.cache import TranslationCache
from transcompare.translate.engines import default_engines

ENGINE_CHOICES = ("auto", "argos", "apertium")
Progress = Callable[[int, int], None]


def _model_key(engine: Engine, src: str, tgt: str) -> str:
    fn = getattr(engine, "model_key", None)
    if callable(fn):
        return fn(src, tgt)
    return json.dumps(engine.signature(src, tgt), sort_keys=True, default=str)


def _shortest(edges: dict[str, list[str]], src: str, tgt: str) -> list[str] | None:
    """Breadth-first shortest language path; ties go to the alphabetically first intermediate languages."""
    prev: dict[str, str | None] = {src: None}
    queue = deque([src])
    while queue:
        node = queue.popleft()
        if node == tgt:
            path = [node]
            while prev[path[-1]] is not None:
                path.append(prev[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for nxt in sorted(edges.get(node, ())):
            if nxt not in prev:
                prev[nxt] = node
                queue.append(nxt)
    return None


class Translator:
    """Translate sentences between any two languages the installed engines connect.

    ``engine`` is ``"auto"`` (argos package if installed for the pair, else Apertium, else a pivot chain),
    ``"argos"``, ``"apertium"``, or a dict from ``"src-tgt"`` (or ``"*"`` for the rest) to one of those.
    ``cache_path=None`` disables the cache. Engines are discovered lazily and models load on first use.
    """

    def __init__(self, engine: str | Mapping[str, str] = "auto", *, cache_path: str | Path | None = None,
                 beam_size: int = 4, jobs: int | None = None, batch_size: int = 512,
                 engines: Mapping[str, Engine] | None = None, argos_settings: Any = None, execution: Any = None):
        self.choice = engine
        for value in (engine.values() if isinstance(engine, Mapping) else [engine]):
            if value not in ENGINE_CHOICES:
                raise ConfigError(f"unknown translation engine {value!r}; choose one of {', '.join(ENGINE_CHOICES)}")
        # [execution] backend = "ray": the batches of the engines made here go to a pool of Ray actors, each with
        # its own engine (one process or CTranslate2 thread each), loading each model once
        self.execution = execution if engines is None else None
        self._engine_args = (beam_size, argos_settings)
        if engines is None:
            engines = default_engines(beam_size, jobs, argos_settings)
        self.engines: dict[str, Engine] = dict(engines)  # insertion order = preference for "auto"
        self.batch_size = batch_size
        self.cache = TranslationCache(cache_path) if cache_path is not None else None
        self._pairs: dict[str, set[tuple[str, str]]] = {}
        self._routes: dict[tuple[str, str], Route] = {}
        self.step_stats: dict[str, dict[str, int]] = {}
        self.missing: dict[tuple[str, str], str] = {}

    # -- planning ---------------------------------------------------------------------------------------
    def engine_pairs(self, name: str) -> set[tuple[str, str]]:
        if name not in self._pairs:
            self._pairs[name] = set(self.engines[name].pairs()) if name in self.engines else set()
        return self._pairs[name]

    def choice_for(self, src: str, tgt: str) -> str:
        if isinstance(self.choice, Mapping):
            return self.choice.get(f"{src}-{tgt}", self.choice.get("*", "auto"))
        return self.choice

    def _candidates(self, names: list[str], src: str, tgt: str) -> list[tuple[int, int, list[Step]]]:
        cands = []
        for rank, name in enumerate(names):  # one engine for the whole chain
            edges: dict[str, list[str]] = {}
            for a, b in self.engine_pairs(name):
                edges.setdefault(a, []).append(b)
            path = _shortest(edges, src, tgt)
            if path:
                cands.append((len(path) - 1, rank, [Step(name, a, b) for a, b in zip(path, path[1:])]))
        if len(names) > 1:  # mixed chains: each hop by the preferred engine that has it
            edge_engine: dict[tuple[str, str], str] = {}
            for name in reversed(names):
                for pair in self.engine_pairs(name):
                    edge_engine[pair] = name
            edges = {}
            for a, b in edge_engine:
                edges.setdefault(a, []).append(b)
            path = _shortest(edges, src, tgt)
            if path:
                cands.append((len(path) - 1, len(names),
                              [Step(edge_engine[(a, b)], a, b) for a, b in zip(path, path[1:])]))
        return cands

    def plan(self, src: str, tgt: str) -> Route:
        """The route for one pair (shortest chain; among equally short ones a single-engine chain, argos first)."""
        key = (src, tgt)
        if key in self._routes:
            return self._routes[key]
        if src == tgt:
            route = Route(src, tgt)
        else:
            choice = self.choice_for(src, tgt)
            names = [n for n in self.engines] if choice == "auto" else [choice]
            cands = self._candidates(names, src, tgt)
            if not cands:
                raise EngineError(self._no_route_message(src, tgt, choice))
            steps = min(cands, key=lambda c: (c[0], c[1]))[2]
            details = tuple(self.engines[s.engine].signature(s.src, s.tgt) for s in steps)
            route = Route(src, tgt, tuple(steps), details)
        self._routes[key] = route
        return route

    def _no_route_message(self, src: str, tgt: str, choice: str) -> str:
        from transcompare.translate.sources import fix_text

        which = "no installed engine" if choice == "auto" else f"the {choice} engine has no pair or pivot chain that"
        return f"cannot translate {src}->{tgt}: {which} connects them; fix: {fix_text(src, tgt, choice)}"

    def plan_all(self, src_langs: list[str], targets: list[str], strict: bool = True
                 ) -> dict[tuple[str, str], Route]:
        """Routes for every (source, target) that an engine connects.

        ``strict``: one EngineError listing every missing pair. Otherwise the missing pairs are left out of the
        result and kept in :attr:`missing` (pair -> the message naming the fix): their sentences stay
        untranslated and are aligned through embeddings of the originals."""
        routes, missing = {}, {}
        for src in sorted(set(src_langs)):
            for tgt in targets:
                try:
                    routes[(src, tgt)] = self.plan(src, tgt)
                except EngineError as err:
                    missing[(src, tgt)] = str(err)
        if missing and strict:
            msgs = list(missing.values())
            raise EngineError.several(msgs, f"{len(msgs)} language pairs cannot be translated: " + "; ".join(msgs))
        self.missing.update(missing)
        return routes

    # -- translating ------------------------------------------------------------------------------------
    def _run_step(self, texts: list[str], step: Step, tick: Callable[[int], None]) -> list[str]:
        engine = self.engines[step.engine]
        uniq = list(dict.fromkeys(texts))
        stats = self.step_stats.setdefault(str(step), {"hits": 0, "misses": 0, "translated": 0})
        done: dict[str, str] = {}
        model = _model_key(engine, step.src, step.tgt) if self.cache is not None else ""
        if self.cache is not None:
            before = self.cache.stats.hits
            done = self.cache.get_many(step.engine, model, step.src, step.tgt, uniq)
            stats["hits"] += self.cache.stats.hits - before
            stats["misses"] += len(uniq) - len(done)
        tick(len(done))
        todo = [t for t in uniq if t not in done]
        batches = [todo[i:i + self.batch_size] for i in range(0, len(todo), self.batch_size)]
        if self.execution is not None and self.execution.backend == "ray" and len(batches) > 1:
            from transcompare.execution_ray import translate_on_actors

            results = translate_on_actors(step.engine, self._engine_args, batches, step.src, step.tgt,
                                          self.execution)
        else:
            results = (engine.translate_batch(batch, step.src, step.tgt) for batch in batches)
        for batch, out in zip(batches, results):
            if len(out) != len(batch):
                raise EngineError(f"{step}: engine returned {len(out)} translations for {len(batch)} sentences")
            if self.cache is not None:
                self.cache.put_many(step.engine, model, step.src, step.tgt, list(zip(batch, out)))
            done.update(zip(batch, out))
            stats["translated"] += len(batch)
            tick(len(batch))
        return [done[t] for t in texts]

    def translate(self, sentences: list[str], src: str, tgt: str,
                  tick: Callable[[int], None] | None = None) -> list[str]:
        """Translate sentences src -> tgt along the planned route (identity when src == tgt)."""
        route = self.plan(src, tgt)
        texts = list(sentences)
        tick = tick or (lambda n: None)
        n_unique = len(set(texts))
        for step in route.steps:
            # two sentences may come out of one step the same: the next step has less to do, but progress
            # counts every step for every distinct input sentence
            tick(n_unique - len(set(texts)))
            texts = self._run_step(texts, step, tick)
        return texts

    def translate_sentences(self, sentences: pl.DataFrame, targets: list[str],
                            progress: Progress | None = None, strict: bool = True) -> pl.DataFrame:
        """The translate stage: SENTENCES in, TRANSLATIONS out (one row per sentence and target language that
        an engine connects; with ``strict``, a pair that none connects is an error before any model loads)."""
        sentences = check_frame(sentences, SENTENCES, "translate")
        targets = list(dict.fromkeys(targets))
        langs = sorted(set(sentences[C.LANG].to_list()))
        routes = self.plan_all(langs, targets, strict=strict)  # fails before any model loads
        texts_by_lang = {lang: list(dict.fromkeys(
            sentences.filter(pl.col(C.LANG) == lang)[C.TEXT].to_list())) for lang in langs}
        total = sum(len(texts_by_lang[s]) * len(r.steps) for (s, _), r in routes.items())
        state = {"done": 0}

        def tick(n: int) -> None:
            if n:
                state["done"] += n
                if progress is not None:
                    progress(state["done"], total)

        if progress is not None:
            progress(0, total)
        result: dict[tuple[str, str], dict[str, str]] = {}
        for (src, tgt), route in routes.items():
            texts = texts_by_lang[src]
            result[(src, tgt)] = dict(zip(texts, self.translate(texts, src, tgt, tick)))
        rows: dict[str, list] = {c: [] for c in TRANSLATIONS.columns}
        for row in sentences.select(C.ARTICLE_ID, C.INDEX, C.LANG, C.TEXT).iter_rows():
            art, idx, lang, text = row
            for tgt in targets:
                route = routes.get((lang, tgt))
                if route is None:  # no engine connects the pair (not strict): left untranslated
                    continue
                rows[C.ARTICLE_ID].append(art)
                rows[C.INDEX].append(idx)
                rows[C.LANG].append(lang)
                rows[C.TEXT].append(text)
                rows[C.TARGET_LANG].append(tgt)
                rows[C.TRANSLATION].append(result[(lang, tgt)][text])
                rows[C.ENGINE].append(route.engine_label)
                rows[C.ROUTE].append(route.path)
        return check_frame(pl.DataFrame(rows, schema=TRANSLATIONS.schema), TRANSLATIONS, "translate")

    # -- reporting --------------------------------------------------------------------------------------
    def cache_stats(self) -> dict[str, Any]:
        if self.cache is None:
            return {"enabled": False, "hits": 0, "misses": 0}
        return {"enabled": True, "path": str(self.cache.path), **self.cache.stats.as_dict()}

    def signature(self) -> dict[str, Any]:
        """For the manifest: each planned pair's route and model identities, per-step counts, cache counts."""
        return {
            "choice": dict(self.choice) if isinstance(self.choice, Mapping) else self.choice,
            "routes": {f"{s}>{t}": r.signature() for (s, t), r in sorted(self._routes.items()) if s != t},
            "steps": dict(self.step_stats),
            "cache": self.cache_stats(),
        }

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
