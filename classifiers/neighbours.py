"""Nearest confirmed cases: TF-IDF cosine over jieba tokens between a text and reviewer-confirmed
(text, scene) examples from the case library."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence


class ExampleIndex:
    """Confirmed (text, scene position) examples -> per-scene best similarity for a new text."""

    def __init__(self, examples: Sequence[tuple[list[str], int]]):
        """Examples as (content tokens, scene position 0..n-1)."""
        df = Counter(t for toks, _ in examples for t in set(toks))
        n = max(len(examples), 1)
        self._idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self._vectors = [(self._vector(toks), pos) for toks, pos in examples]

    def __len__(self) -> int:
        """Number of examples."""
        return len(self._vectors)

    def _vector(self, tokens: list[str]) -> dict[str, float]:
        """Tokens -> L2-normalised TF-IDF vector (unknown tokens ignored)."""
        tf = Counter(t for t in tokens if t in self._idf)
        vec = {t: (1 + math.log(c)) * self._idf[t] for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def similarities(self, tokens: list[str]) -> dict[int, float]:
        """Content tokens -> {scene position: cosine of the nearest example of that scene}."""
        q = self._vector(tokens)
        best: dict[int, float] = {}
        if not q:
            return best
        for vec, pos in self._vectors:
            small, big = (q, vec) if len(q) < len(vec) else (vec, q)
            sim = sum(v * big.get(t, 0.0) for t, v in small.items())
            if sim > best.get(pos, 0.0):
                best[pos] = sim
        return best


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
