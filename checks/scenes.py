"""SCENE_UNKNOWN / SCENE_NOT_IN_LINK / SCENE_CONTENT_MISMATCH, judged by classifiers.names."""

from __future__ import annotations

from catalog.reference import Reference
from classifiers.names import judge_declared
from model.submission import Finding, Submission


def check_scenes(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> the classifier's findings on each instance's declared link and scene (and its text)."""
    out: list[Finding] = []
    for i, inst in enumerate(sub.instances):
        out.extend(judge_declared(inst, ref.guide, index0=i))
    return out
