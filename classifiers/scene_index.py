"""Evidence tables for scoring text against a guide's scenes: a phrase index and BM25.

The phrase index (built in classifiers/features.py) maps each name, synonym, keyword or cue to the
scenes it speaks for; a phrase shared by k scenes counts 1/sqrt(k) for each of them ("预测性维护" is
written for both 产品远程运维 and 设备故障诊断与预测, so it should not decide alone).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from catalog.reference import Guide
from classifiers.resources import load_profiles
from classifiers.segment import tokenize

_MAX_SUB = 12  # longest phrase we look for inside a token


@dataclass
class PhraseIndex:
    """phrase (prepared) -> [(scene position 0..n-1, kind, weight)]."""

    entries: dict[str, list[tuple[int, int, float]]]
    max_len: int = _MAX_SUB
    _sub_cache: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def phrases_in(self, token: str) -> tuple[str, ...]:
        """Token -> the indexed phrases it contains (itself included), cached per token."""
        hit = self._sub_cache.get(token)
        if hit is None:
            n = len(token)
            found = {token[i:j] for i in range(n) for j in range(i + 1, min(n, i + self.max_len) + 1)
                     if token[i:j] in self.entries}
            hit = tuple(sorted(found))  # a fixed order: sums must not depend on the string hash seed
            if len(self._sub_cache) < 200_000:
                self._sub_cache[token] = hit
        return hit


@dataclass
class BM25:
    """Okapi BM25 of query tokens against one profile document per scene."""

    postings: dict[str, list[tuple[int, float]]]

    def score(self, tokens: list[str], n_docs: int) -> list[float]:
        """Query tokens -> one BM25 score per scene (each distinct token counted once)."""
        out = [0.0] * n_docs
        for t in sorted(set(tokens)):  # fixed order, whatever the hash seed
            for pos, s in self.postings.get(t, ()):
                out[pos] += s
        return out


def build_bm25(guide: Guide, k1: float = 1.2, b: float = 0.5) -> BM25:
    """Guide -> BM25 over name + summary + guide paragraph + keywords of each scene."""
    profiles = load_profiles(guide)
    docs = []
    for scene in guide.scenes:
        prof = profiles.get(scene.number)
        text = " ".join([scene.name, scene.summary, prof.description if prof else "", *scene.keywords])
        docs.append(Counter(tokenize(text, guide.edition)))
    avgdl = sum(sum(d.values()) for d in docs) / len(docs)
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for pos, d in enumerate(docs):
        dl = sum(d.values())
        for t, tf in d.items():
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            postings[t].append((pos, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))))
    return BM25(dict(postings))
