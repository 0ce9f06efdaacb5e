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
from classifiers.features import RUNS

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

    _coder: NgramCoder | None = field(default=None, repr=False, compare=False)  # built on first use

    def tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Prepared text -> (vocabulary ids, l2-normalised sublinear TF-IDF weights) of its n-grams."""
        if self._coder is None:
            self._coder = NgramCoder(self.vocab)
        found = self._coder.ids(text)
        if not len(found):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids, counts = np.unique(found, return_counts=True)
        x = (1.0 + np.log(counts)) * self.idf[ids]
        return ids, x / (np.linalg.norm(x) or 1.0)

    def tfidf_scores(self, ids: np.ndarray, x: np.ndarray) -> np.ndarray:
        """TF-IDF vector (ids, weights) -> one decision value per scene."""
        if not len(ids):
            return self.b.copy()
        return (x.astype(np.float32) @ self.W[ids]).astype(np.float64) + self.b


class NgramCoder:
    """The vocabulary ids of a text's character 1-3-grams (features.char_ngrams, the n-grams the model was
    trained on), found in numpy instead of one dict lookup per n-gram.

    Each vocabulary character gets a dense code (1…), each n-gram the integer n << 60 | codes in 20-bit
    fields; a text's runs are joined with NUL (code 0, in no vocabulary n-gram, so no n-gram across two runs
    matches), all its n-gram keys are formed at once and looked up by binary search in the sorted keys.
    The same multiset of ids as looking each n-gram up, so the same TF-IDF vector.
    """

    def __init__(self, vocab: Mapping[str, int]):
        """Vocabulary (n-gram -> id, n <= 3) -> the sorted alphabet and keys."""
        chars = sorted({c for g in vocab for c in g})
        if len(chars) >= 1 << 20 or any(not 1 <= len(g) <= 3 for g in vocab):
            raise ValueError("vocabulary is not made of character 1-3-grams")
        code = {c: i + 1 for i, c in enumerate(chars)}
        self.alphabet = np.asarray([ord(c) for c in chars], dtype=np.uint32)
        keys = np.asarray([self._key([code[c] for c in g]) for g in vocab], dtype=np.uint64)
        order = np.argsort(keys)
        self.keys = keys[order]
        self.vocab_ids = np.asarray(list(vocab.values()), dtype=np.int64)[order]

    @staticmethod
    def _key(codes: list[int]) -> int:
        key = len(codes)
        for c in codes:
            key = (key << 20) | c
        return key << (20 * (3 - len(codes)))

    def ids(self, text: str) -> np.ndarray:
        """Prepared text -> the vocabulary id of every n-gram of it that is in the vocabulary (with repeats)."""
        joined = "\0".join(RUNS.findall(text))
        if not joined:
            return np.zeros(0, dtype=np.int64)
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        at = np.minimum(np.searchsorted(self.alphabet, chars), len(self.alphabet) - 1)
        d = np.where(self.alphabet[at] == chars, at + 1, 0).astype(np.uint64)
        s20, s40 = np.uint64(20), np.uint64(40)
        parts = [(np.uint64(1) << np.uint64(60)) | (d << s40)]
        if len(d) > 1:
            parts.append((np.uint64(2) << np.uint64(60)) | (d[:-1] << s40) | (d[1:] << s20))
        if len(d) > 2:
            parts.append((np.uint64(3) << np.uint64(60)) | (d[:-2] << s40) | (d[1:-1] << s20) | d[2:])
        keys = np.concatenate(parts)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.vocab_ids[at[self.keys[at] == keys]]


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
