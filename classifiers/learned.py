"""The learned scene model shipped as catalog/data/models/scene_mapper_<edition>.npz, scored with numpy.

Built by `make build-mapper` (classifiers/train.py, scikit-learn); nothing here needs scikit-learn.
The file holds plain arrays only (loaded with allow_pickle=False):
  vocab, idf, W, b   character 1–3-gram TF-IDF (sublinear tf, l2) and a multinomial logistic regression
                     over it: one decision value per scene (the "tfidf" feature);
  coef / coef_dict / coef_examples
                     weights of the centred per-scene features (classifiers/features.FEATURES) learned by
                     logistic regression over (text, scene) pairs: with the TF-IDF part, without it (for a
                     guide edition that has no file), and with the nearest-confirmed-case similarity;
  temperature, temperature_examples, temperature_dict
                     fitted on cross-validated predictions so that softmax(logits / T) is calibrated;
  margin             SCENE_CONTENT_MISMATCH fires when another scene's probability beats the declared
                     one's by at least this much (chosen on cross-validated dev predictions);
  scenes, meta       the guide's scene names (checked on load) and a JSON string saying how it was built.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from catalog.reference import DATA_DIR, CatalogError
from classifiers.features import char_ngrams

MODEL_DIR = DATA_DIR / "models"


def model_path(edition: str) -> Path:
    """Guide edition -> path of its shipped model file."""
    return MODEL_DIR / f"scene_mapper_{edition}.npz"


@dataclass
class LearnedModel:
    """Arrays of one shipped model (see the module docstring)."""

    vocab: dict[str, int]
    idf: np.ndarray
    W: np.ndarray
    b: np.ndarray
    coef: np.ndarray
    coef_dict: np.ndarray
    coef_examples: np.ndarray
    temperature: float
    temperature_dict: float
    temperature_examples: float
    margin: float
    scenes: tuple[str, ...]
    meta: dict = field(default_factory=dict)

    def tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Prepared text -> (vocabulary ids, l2-normalised sublinear TF-IDF weights) of its n-grams."""
        get = self.vocab.get
        found = [i for i in map(get, char_ngrams(text)) if i is not None]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids, counts = np.unique(np.asarray(found, dtype=np.int64), return_counts=True)
        x = (1.0 + np.log(counts)) * self.idf[ids]
        return ids, x / (np.linalg.norm(x) or 1.0)

    def tfidf_scores(self, ids: np.ndarray, x: np.ndarray) -> np.ndarray:
        """TF-IDF vector (ids, weights) -> one decision value per scene."""
        if not len(ids):
            return self.b.copy()
        return (x.astype(np.float32) @ self.W[ids]).astype(np.float64) + self.b


def from_arrays(z: Mapping[str, np.ndarray]) -> LearnedModel:
    """Arrays of a model file (np.load result or classifiers.train.build output) -> LearnedModel."""
    return LearnedModel(
        vocab={str(g): i for i, g in enumerate(z["vocab"])}, idf=np.asarray(z["idf"], dtype=np.float64),
        W=np.asarray(z["W"], dtype=np.float32), b=np.asarray(z["b"], dtype=np.float64),
        coef=np.asarray(z["coef"]), coef_dict=np.asarray(z["coef_dict"]), coef_examples=np.asarray(z["coef_examples"]),
        temperature=float(z["temperature"]), temperature_dict=float(z["temperature_dict"]),
        temperature_examples=float(z["temperature_examples"]), margin=float(z["margin"]),
        scenes=tuple(str(s) for s in z["scenes"]), meta=json.loads(str(z["meta"])),
    )


def _load(path: Path) -> LearnedModel:
    """npz file -> LearnedModel, with a Chinese error when it is missing or malformed."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return from_arrays(z)
    except (OSError, KeyError, ValueError) as exc:
        raise CatalogError(f"场景模型文件 {path} 无法读取：{exc}。请运行 make build-mapper 重新生成。") from exc


@cache
def load_model(edition: str) -> LearnedModel | None:
    """Guide edition -> its shipped model, or None when the edition has no model file."""
    path = model_path(edition)
    return _load(path) if path.exists() else None


def softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Logits -> probabilities softmax(logits / temperature)."""
    z = logits / temperature
    e = np.exp(z - z.max())
    return e / e.sum()
