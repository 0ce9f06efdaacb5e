"""Nearest confirmed cases: TF-IDF cosine over jieba tokens between a text and reviewer-confirmed
(text, scene) examples from the case library (`library.store.CaseLibrary.confirmed_examples()`).

An inverted index keeps a prediction cheap with thousands of examples: only examples sharing a
token with the text are touched.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np


class ExampleIndex:
    """Confirmed (text, scene position) examples -> per-scene best similarity for a new text."""

    def __init__(self, examples: Sequence[tuple[list[str], int]]):
        """Examples as (content tokens, scene position 0..n-1)."""
        df = Counter(t for toks, _ in examples for t in set(toks))
        n = max(len(examples), 1)
        # Tokens in more than a tenth of the examples (and more than 30) say little about the nearest
        # case and make every lookup long: leave them out of the index.
        common = max(30, n // 10)
        self._idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items() if c <= common}
        self._scene = np.asarray([pos for _, pos in examples], dtype=np.int64)
        self._n_scenes = int(self._scene.max()) + 1 if len(examples) else 0
        ids: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, list[float]] = defaultdict(list)
        for i, (toks, _) in enumerate(examples):
            for t, w in self._vector(toks).items():
                ids[t].append(i)
                weights[t].append(w)
        self._postings = {t: (np.asarray(ids[t], dtype=np.int64), np.asarray(weights[t])) for t in ids}

    def __len__(self) -> int:
        """Number of examples."""
        return len(self._scene)

    def _vector(self, tokens: list[str]) -> dict[str, float]:
        """Tokens -> L2-normalised TF-IDF vector (tokens unseen in the examples ignored)."""
        tf = Counter(t for t in tokens if t in self._idf)
        vec = {t: (1 + math.log(c)) * self._idf[t] for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def similarities(self, tokens: list[str]) -> dict[int, float]:
        """Content tokens -> {scene position: cosine of the nearest example of that scene}."""
        dots = np.zeros(len(self._scene))
        for t, q in self._vector(tokens).items():
            hit = self._postings.get(t)
            if hit is not None:
                dots[hit[0]] += q * hit[1]  # ids are unique within one posting list
        best = np.zeros(self._n_scenes)
        np.maximum.at(best, self._scene, dots)
        return {int(pos): float(v) for pos, v in enumerate(best) if v > 0.0}


def build_example_index(
    examples: Sequence[tuple[str, str]] | None, scene_pos: Callable[[str], int | None],
    tokenize: Callable[[str], list[str]],
) -> ExampleIndex | None:
    """(text, scene name) pairs -> ExampleIndex, or None when there is nothing usable."""
    rows = []
    for text, scene in examples or ():
        pos = scene_pos(scene)
        if pos is not None and text:
            rows.append((tokenize(text), pos))
    return ExampleIndex(rows) if rows else None
