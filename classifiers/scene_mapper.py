"""Score a scene instance's text against every scene of a guide and return the top 3.

Evidence, summed per scene (weights in catalog/data/dictionaries/classifier.yaml):
  phrase hits (names, synonyms, keywords, cues; shared phrases discounted; 1 + ln(count) per phrase),
  the same hits inside the instance's own name counted again with title_factor,
  rapidfuzz partial_ratio of the instance name against the official scene names,
  BM25 of the text against each scene's guide paragraph,
  and, when confirmed cases are given, the cosine of the nearest example of each scene.
The sum goes through a softmax with a tuned temperature, so scores lie in [0, 1] and add up to 1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process

from catalog.reference import Guide, load_guide
from classifiers.names import normalize_label
from classifiers.neighbours import build_example_index
from classifiers.resources import Settings, load_settings
from classifiers.scene_index import build_bm25, build_phrase_index
from classifiers.segment import content_tokens, get_tokenizer, prepare, segment
from model import Prediction, ScoredScene


class SceneMapper:
    """A guide's scenes, ready to rank texts (build once, reuse; see get_mapper)."""

    def __init__(self, guide: Guide, examples: Sequence[tuple[str, str]] | None = None,
                 settings: Settings | None = None):
        """Guide (+ confirmed (text, scene name) cases, + settings) -> ready mapper."""
        self.guide = guide
        self.settings = settings or load_settings()
        w = self.settings.weights
        get_tokenizer(guide.edition)
        self._n = len(guide.scenes)
        self._links = {x.number: x.name for x in guide.links}
        self._phrases = build_phrase_index(guide, w)
        self._bm25 = build_bm25(guide)
        # Fuzzy title matching uses the official names only: synonyms and aliases are already phrase
        # hits, and 45 choices keep rapidfuzz at a third of the cost.
        self._name_choices = [prepare(s.name) for s in guide.scenes]
        self._examples = build_example_index(examples, self._scene_pos, self._tokens)

    def _tokens(self, text: str) -> list[str]:
        """Text -> content tokens with this guide's dictionary."""
        return content_tokens(segment(text, self.guide.edition))

    def _scene_pos(self, scene: str) -> int | None:
        """Any spelling of a scene name -> its position in the guide, or None."""
        label = normalize_label(None, scene, self.guide)
        if label.scene is None:
            return None
        hit = self.guide.scene_by_name(label.scene)
        return hit.number - 1 if hit else None

    @property
    def has_examples(self) -> bool:
        """True when confirmed cases take part in the ranking."""
        return self._examples is not None

    def _phrase_scores(self, tokens: list[str], factor: float, out: list[float]) -> None:
        """Add phrase-hit evidence of `tokens` (in order) to `out`, scaled by `factor`."""
        entries = self._phrases.entries
        counts: Counter[str] = Counter()
        for t in tokens:
            counts.update(self._phrases.phrases_in(t))
        for i in range(len(tokens) - 1):
            pair = tokens[i] + tokens[i + 1]
            if pair in entries:
                counts[pair] += 1
            if i + 2 < len(tokens) and (triple := pair + tokens[i + 2]) in entries:
                counts[triple] += 1
        for phrase, c in counts.items():
            f = factor * (1.0 + math.log(c))
            for pos, w in entries[phrase]:
                out[pos] += w * f

    def raw_scores(self, text: str, name: str | None = None) -> list[float]:
        """Text (+ instance name) -> one unnormalised evidence score per scene, in guide order."""
        w = self.settings.weights
        out = [0.0] * self._n
        body = segment(text or "", self.guide.edition)
        self._phrase_scores(body, 1.0, out)
        tokens = content_tokens(body)
        if name:
            title = segment(name, self.guide.edition)
            self._phrase_scores(title, w.title_factor, out)
            tokens += content_tokens(title)
            sims = process.cdist([prepare(name)], self._name_choices, scorer=fuzz.partial_ratio, score_cutoff=70)[0]
            for pos in np.flatnonzero(sims):
                out[pos] += w.fuzzy_name * (float(sims[pos]) / 100.0 - 0.7) / 0.3
        for pos, s in enumerate(self._bm25.score(tokens, self._n)):
            out[pos] += w.bm25 * s
        if self._examples is not None:
            for pos, sim in self._examples.similarities(tokens).items():
                out[pos] += w.examples * sim
        return out

    def probabilities(self, text: str, name: str | None = None) -> list[float]:
        """Text (+ name) -> calibrated score per scene (softmax with the tuned temperature)."""
        raw = np.asarray(self.raw_scores(text, name))
        z = np.exp((raw - raw.max()) / self.settings.temperature)
        return list(z / z.sum())

    def predict(self, text: str, name: str | None = None, declared: str | None = None) -> Prediction:
        """Text (+ instance name, + declared canonical scene) -> Prediction: best scene, its link, calibrated
        score, the top 3 and, when `declared` is a guide scene, that scene's own score."""
        probs = self.probabilities(text, name)
        order = sorted(range(self._n), key=lambda i: -probs[i])[:3]
        top3 = [self._scored(i, probs[i]) for i in order]
        pos = next((i for i, s in enumerate(self.guide.scenes) if s.name == declared), None) if declared else None
        declared_score = round(min(max(probs[pos], 0.0), 1.0), 4) if pos is not None else None
        return Prediction(link=top3[0].link, scene=top3[0].scene, score=top3[0].score, top3=top3,
                          declared_score=declared_score)

    def _scored(self, pos: int, p: float) -> ScoredScene:
        """Scene position + probability -> ScoredScene with the scene's link."""
        scene = self.guide.scenes[pos]
        return ScoredScene(link=self._links[scene.link], scene=scene.name, score=round(min(max(p, 0.0), 1.0), 4))


@cache
def get_mapper(edition: str = "2023") -> SceneMapper:
    """Guide edition -> a SceneMapper without examples, built once per process."""
    return SceneMapper(load_guide(edition))
