"""Scene mapping (jieba + rapidfuzz + spaCy rules) and name normalisation.

Public API: normalize_label / judge_declared (names), SceneMapper / get_mapper (scene_mapper),
tag_text (tagging), classify_submission / classify_records (api). Heavy parts (jieba, spaCy)
load lazily on first use and are cached per process.
"""

from classifiers.api import classify_records, classify_submission, instance_text
from classifiers.names import NormalizedLabel, judge_declared, normalize_label
from classifiers.scene_mapper import SceneMapper, get_mapper
from classifiers.tagging import tag_text

__all__ = [
    "NormalizedLabel",
    "SceneMapper",
    "classify_records",
    "classify_submission",
    "get_mapper",
    "instance_text",
    "judge_declared",
    "normalize_label",
    "tag_text",
]
