"""Language centring: subtract each language's mean vector before comparing sentences or articles.

Multilingual encoders place every sentence of one language near that language's centroid, so two unrelated
German articles can look closer than a German and a Russian report of one event. Subtracting the language's
mean vector (and re-normalising) removes that shared component. The means are data (``lang_means.npz`` beside
this file, one row per model and language), computed on the dev half of the constructed coverage corpus by
``python -m transcompare.eval coverage --calibrate``; a language without a mean of its own gets the mean over
all calibration sentences (``*``), so every vector of a run is centred alike.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MEANS_FILE = Path(__file__).with_name("lang_means.npz")


@lru_cache(maxsize=2)
def _means(path: str) -> dict[str, np.ndarray]:
    p = Path(path)
    if not p.is_file():
        return {}
    with np.load(p) as data:
        return {k: data[k].astype(np.float32) for k in data.files}


def language_means(model: str, path: Path | None = None) -> dict[str, np.ndarray]:
    """{lang: mean vector} for one model."""
    prefix = f"{model}/"
    return {k[len(prefix):]: v for k, v in _means(str(path or MEANS_FILE)).items() if k.startswith(prefix)}


def centre(vectors: np.ndarray, langs: list[str], model: str, path: Path | None = None) -> np.ndarray:
    """Rows minus their language's mean (or the overall mean ``*``), re-normalised."""
    means = language_means(model, path)
    if not means or len(vectors) == 0:
        return vectors
    out = np.array(vectors, dtype=np.float32, copy=True)
    for lang in set(langs):
        m = means.get(lang, means.get("*"))
        if m is None or m.shape[0] != out.shape[1]:
            continue
        rows = np.fromiter((k for k, l in enumerate(langs) if l == lang), np.int64)
        out[rows] -= m
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def write_means(model: str, means: dict[str, np.ndarray], path: Path | None = None) -> None:
    """Replace one model's means in the file (others kept); atomic."""
    import os
    import tempfile

    path = Path(path or MEANS_FILE)
    data = {k: v for k, v in _means(str(path)).items() if not k.startswith(f"{model}/")}
    data.update({f"{model}/{lang}": np.asarray(v, np.float32) for lang, v in means.items()})
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    os.close(fd)
    np.savez(tmp, **data)
    os.replace(tmp, path)
    _means.cache_clear()
