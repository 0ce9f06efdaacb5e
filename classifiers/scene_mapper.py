"""Score a scene instance's text against every scene of a guide and return the top 3.

Evidence per scene (classifiers/features.py): dictionary phrase hits by kind, in the body and in the
instance name, BM25 against the guide paragraph, rapidfuzz name similarities, and a character n-gram
TF-IDF logistic regression; with confirmed cases also the cosine of the nearest confirmed example.
How they combine and the softmax temperature that calibrates the result were learned from labelled
texts (classifiers/train.py, `make build-mapper`) and ship as catalog/data/models/scene_mapper_<edition>.npz.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from catalog.reference import Guide, load_guide
from classifiers.features import N_DICT, FeatureExtractor, model_text
from classifiers.learned import LearnedModel, load_model, softmax
from classifiers.names import GuideKey, normalize_label
from classifiers.neighbours import build_example_index
from classifiers.segment import content_tokens, prepare, segment
from model import Prediction, ScoredScene

# Shown scores stay inside [SCORE_MIN, SCORE_MAX]: no text is certain on its words alone.
SCORE_MIN, SCORE_MAX = 0.0001, 0.99


def model_for_guide(guide: Guide) -> tuple[LearnedModel | None, bool]:
    """Guide -> (its edition's model, True) when the file's scenes are the guide's; else (the 2023
    model for its dictionary weights only, False), or (None, False) when no model ships at all."""
    own = load_model(guide.edition)
    if own is not None and own.scenes == tuple(s.name for s in guide.scenes):
        return own, True
    return load_model("2023"), False


class SceneMapper:
    """A guide's scenes, ready to rank texts (build once, reuse; see get_mapper)."""

    def __init__(self, guide: Guide, examples: Sequence[tuple[str, str]] | None = None,
                 model: LearnedModel | None = None):
        """Guide (+ confirmed (text, scene name) cases, + a model other than the shipped one) -> ready mapper."""
        self.guide = guide
        self.features = FeatureExtractor(guide)
        self._n = len(guide.scenes)
        if model is not None:
            self.model, self._full = model, model.scenes == tuple(s.name for s in guide.scenes)
        else:
            self.model, self._full = model_for_guide(guide)
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

    def feature_matrix(self, text: str, name: str | None = None) -> tuple[np.ndarray, list[str]]:
        """Text (+ name) -> (centred features × scenes, with the TF-IDF row last; content tokens)."""
        ev = self.features.evidence(text, name)
        rows = [ev.matrix]
        if self._full and self.model is not None:
            rows.append(self.model.tfidf_scores(*self.model.tfidf(model_text(text, name)))[None, :])
        else:
            rows.append(np.zeros((1, self._n)))
        m = np.vstack(rows)
        return m - m.mean(axis=1, keepdims=True), ev.tokens

    def logits(self, text: str, name: str | None = None) -> tuple[np.ndarray, float]:
        """Text (+ name) -> (uncalibrated logit per scene, the temperature that calibrates them)."""
        m, tokens = self.feature_matrix(text, name)
        model = self.model
        if model is None:  # no model file at all: plain sum of dictionary evidence
            return m[:N_DICT].sum(axis=0), 1.0
        if not self._full:
            return model.coef_dict @ m[:N_DICT], model.temperature_dict
        if self._examples is None:
            return model.coef @ m, model.temperature
        sims = np.zeros(self._n)
        for pos, sim in self._examples.similarities(tokens).items():
            if pos < self._n:
                sims[pos] = sim
        full = np.vstack([m, (sims - sims.mean())[None, :]])
        return model.coef_examples @ full, model.temperature_examples

    def probabilities(self, text: str, name: str | None = None) -> list[float]:
        """Text (+ name) -> calibrated probability per scene, in guide order (they add up to 1)."""
        logits, temperature = self.logits(text, name)
        return list(softmax(logits, temperature))

    def predict(self, text: str, name: str | None = None, declared: str | None = None) -> Prediction:
        """Text (+ instance name, + declared canonical scene) -> Prediction: best scene, its link, calibrated
        score, the top 3 and, when `declared` is a guide scene, that scene's own score."""
        return to_prediction(self.probabilities(text, name), self.guide, declared)

    def reasons(self, text: str, name: str | None, scene: str, against: str | None = None,
                limit: int = 3) -> list[str]:
        """Text (+ name) -> up to `limit` phrases of it that speak most for `scene` over `against`
        (dictionary phrases by learned weight, words by the TF-IDF weights of their n-grams)."""
        pos = self._scene_pos(scene)
        other = self._scene_pos(against) if against else None
        if pos is None:
            return []
        scored: dict[str, float] = {}
        model = self.model
        if model is not None and self._full:
            ids, x = model.tfidf(model_text(text, name))
            delta = model.W[ids, pos] - (model.W[ids, other] if other is not None else model.W[ids].mean(axis=1))
            inv = {i: c for i, c in zip(ids.tolist(), (x * delta).tolist(), strict=True)}
            vocab = model.vocab
            for tok in set(self._tokens(f"{name or ''}\n{text}")):
                if len(tok) < 2:
                    continue
                grams = {tok[i:j] for i in range(len(tok)) for j in range(i + 1, min(len(tok), i + 3) + 1)}
                scored[tok] = sum(inv.get(vocab.get(g, -1), 0.0) for g in grams)
        ev = self.features.evidence(text, name)
        coef = (model.coef if self._full else model.coef_dict) if model is not None else np.ones(N_DICT + 1)
        for phrase in set(ev.hits.get(pos, [])) - set(ev.hits.get(other, []) if other is not None else []):
            for p, kind, discount in self.features.phrases.entries[phrase]:
                if p == pos:
                    scored[phrase] = max(scored.get(phrase, 0.0), 0.0) + float(coef[kind]) * discount
        return _pick(scored, prepare(f"{name or ''}\n{text}"), limit)


def _pick(scored: dict[str, float], text: str, limit: int) -> list[str]:
    """Phrase scores -> the best `limit` positive phrases that occur in `text`, none inside another."""
    out: list[str] = []
    for phrase, s in sorted(scored.items(), key=lambda x: (-x[1], x[0])):
        if s <= 0 or phrase not in text:
            continue
        if any(phrase in o or o in phrase for o in out):
            continue
        out.append(phrase)
        if len(out) == limit:
            break
    return out


def to_prediction(probs: Sequence[float], guide: Guide, declared: str | None = None) -> Prediction:
    """Probability per scene (guide order) + declared canonical scene -> Prediction (top 3, declared score)."""
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:3]
    links = {x.number: x.name for x in guide.links}
    top3 = [ScoredScene(link=links[guide.scenes[i].link], scene=guide.scenes[i].name, score=_shown(probs[i]))
            for i in order]
    pos = next((i for i, s in enumerate(guide.scenes) if s.name == declared), None) if declared else None
    declared_score = _shown(probs[pos]) if pos is not None else None
    return Prediction(link=top3[0].link, scene=top3[0].scene, score=top3[0].score, top3=top3,
                      declared_score=declared_score)


def _shown(p: float) -> float:
    """Probability -> the score shown (4 decimals, inside [SCORE_MIN, SCORE_MAX])."""
    return round(min(max(float(p), SCORE_MIN), SCORE_MAX), 4)


@cache
def get_mapper(edition: str = "2023") -> SceneMapper:
    """Guide edition -> a SceneMapper without examples, built once per process."""
    return SceneMapper(load_guide(edition))


def mapper_for(guide: Guide) -> SceneMapper:
    """Guide -> the cached mapper of its edition when it is the catalog's guide, else a new one."""
    try:
        if load_guide(guide.edition) == guide:
            return get_mapper(guide.edition)
    except ValueError:
        pass
    return _mapper_of(GuideKey(guide))


@cache
def _mapper_of(key: GuideKey) -> SceneMapper:
    """Cached mapper of a guide that is not the catalog's (drafts, tests)."""
    return SceneMapper(key.guide)
