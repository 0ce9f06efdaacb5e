"""Per-scene evidence features of one text: the inputs the learned mapper (classifiers/learned.py) combines.

For a text (+ instance name) and each of the guide's scenes, one column of FEATURES:
  phrase hits by where the phrase comes from (official name, synonym/alias, guide keyword, our cue),
  in the body and in the instance name separately (1 + ln(count) per phrase, a phrase shared by k
  scenes counting 1/sqrt(k)); BM25 of the content tokens against the scene's guide paragraph;
  rapidfuzz partial_ratio of the instance name against the scene name (above 0.7) and token_set_ratio
  of name + text against it (the baseline). The character n-grams of the text feed the TF-IDF part.
Columns are centred per text (minus their mean over scenes): only differences between scenes matter.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from catalog.reference import Guide
from classifiers.resources import load_profiles
from classifiers.scene_index import PhraseIndex, build_bm25
from classifiers.segment import content_tokens, get_tokenizer, prepare, segment

KINDS = ("name", "synonym", "keyword", "cue")
FEATURES = (
    *(f"{k}_body" for k in KINDS), *(f"{k}_title" for k in KINDS),
    "bm25", "fuzzy_name", "fuzzy_text", "tfidf",
)
N_DICT = len(FEATURES) - 1  # every feature but the TF-IDF score comes from the dictionaries and the guide


RUNS = re.compile(r"[^\W_]+")  # the runs n-grams are taken in (also learned.NgramCoder)


def char_ngrams(text: str, n_max: int = 3) -> list[str]:
    """Prepared text -> its character 1..n_max-grams inside runs of CJK/Latin/digits (no punctuation)."""
    out: list[str] = []
    for s in RUNS.findall(text):
        out += s
        for n in range(2, n_max + 1):
            out += [s[i:i + n] for i in range(len(s) - n + 1)]
    return out


def model_text(text: str, name: str | None) -> str:
    """Instance name + text -> the prepared string the TF-IDF part reads (name first)."""
    return prepare(f"{name or ''}\n{text or ''}")


def build_typed_index(guide: Guide) -> PhraseIndex:
    """Guide (+ profiles) -> phrase -> [(scene position, kind index, 1/sqrt(k))]."""
    raw: dict[str, dict[int, int]] = defaultdict(dict)

    def put(phrase: str, pos: int, kind: int) -> None:
        key = prepare(phrase).strip()
        if len(key) >= 2 or key.isascii():
            raw[key][pos] = min(raw[key].get(pos, kind), kind)  # the strongest kind wins

    aliases_of: dict[str, list[str]] = defaultdict(list)
    for alias, target in guide.cross_edition_aliases.items():
        aliases_of[target].append(alias)
    profiles = load_profiles(guide)
    for pos, scene in enumerate(guide.scenes):
        put(scene.name, pos, 0)
        for s in [*scene.synonyms, *aliases_of[scene.name]]:
            put(s, pos, 1)
        for k in scene.keywords:
            put(k, pos, 2)
        for c in profiles[scene.number].cues if scene.number in profiles else ():
            put(c, pos, 3)
    entries = {p: [(pos, kind, 1.0 / math.sqrt(len(by))) for pos, kind in by.items()] for p, by in raw.items()}
    return PhraseIndex(entries, max_len=min(12, max(len(p) for p in entries)))


@dataclass
class Evidence:
    """One text's features: matrix (len(FEATURES) - 1, n scenes) and the phrases hit per scene."""

    matrix: np.ndarray
    hits: dict[int, list[str]]
    tokens: list[str]


class FeatureExtractor:
    """A guide's dictionaries and indexes, ready to turn texts into per-scene features."""

    def __init__(self, guide: Guide):
        """Guide -> extractor (jieba dictionary, typed phrase index, BM25, scene names)."""
        self.guide = guide
        get_tokenizer(guide.edition)
        self.n = len(guide.scenes)
        self.phrases = build_typed_index(guide)
        self.bm25 = build_bm25(guide)
        self.names = [prepare(s.name) for s in guide.scenes]

    def _phrase_hits(self, tokens: list[str]) -> dict[str, int]:
        """Tokens (in order) -> indexed phrases inside them or across 2–3 adjacent tokens, counted."""
        entries, phrases_in = self.phrases.entries, self.phrases.phrases_in
        counts: dict[str, int] = {}
        get = counts.get
        for t in tokens:
            for p in phrases_in(t):
                counts[p] = get(p, 0) + 1
        last = len(tokens) - 1
        for i in range(last):
            pair = tokens[i] + tokens[i + 1]
            if pair in entries:
                counts[pair] = get(pair, 0) + 1
            if i + 1 < last and (triple := pair + tokens[i + 2]) in entries:
                counts[triple] = get(triple, 0) + 1
        return counts

    def _add_hits(self, counts: dict[str, int], offset: int, out: np.ndarray, hits: dict[int, list[str]]) -> None:
        """Phrase counts -> add to rows offset..offset+3 of `out`; remember which phrases hit which scene."""
        for phrase, c in sorted(counts.items()):  # fixed order, whatever the hash seed
            f = 1.0 + math.log(c)
            for pos, kind, discount in self.phrases.entries[phrase]:
                out[offset + kind, pos] += f * discount
                hits.setdefault(pos, []).append(phrase)

    def evidence(self, text: str, name: str | None = None) -> Evidence:
        """Text (+ instance name) -> Evidence (dictionary features, uncentred)."""
        out = np.zeros((N_DICT, self.n))
        hits: dict[int, list[str]] = {}
        body = segment(text or "", self.guide.edition)
        self._add_hits(self._phrase_hits(body), 0, out, hits)
        tokens = content_tokens(body)
        if name and name.strip():
            title = segment(name, self.guide.edition)
            self._add_hits(self._phrase_hits(title), 4, out, hits)
            tokens += content_tokens(title)
            sims = process.cdist([prepare(name)], self.names, scorer=fuzz.partial_ratio, score_cutoff=70)[0]
            out[9] = np.where(sims > 0, (sims / 100.0 - 0.7) / 0.3, 0.0)
        out[8] = self.bm25.score(tokens, self.n)
        both = prepare(f"{name or ''} {text or ''}")
        out[10] = process.cdist([both], self.names, scorer=fuzz.token_set_ratio)[0] / 100.0
        return Evidence(out, hits, tokens)
