"""SCENE_CONTENT_MISMATCH as a decision with a margin: another scene's calibrated probability must beat
the declared scene's by at least the margin shipped in the model file (chosen on cross-validated dev
predictions, classifiers/train.py); the message names that scene and quotes the phrases that say so."""

from __future__ import annotations

from catalog.reference import Guide, load_rule_ids
from classifiers.scene_mapper import mapper_for
from model import Finding, Instance, Prediction

_TEXT_FIELDS = ("description", "pain_points", "solution", "results", "other", "narrative")
DEFAULT_MARGIN = 0.5  # only when no model file ships (a guide edition without data)


def instance_text(instance: Instance) -> str:
    """Instance -> the text to classify: its 附1 cells, narrative and 附2 item names (name excluded)."""
    parts = [getattr(instance, f) or "" for f in _TEXT_FIELDS]
    for items in (instance.equipment, instance.software, instance.processes, instance.technologies):
        parts += [" ".join(x for x in (i.name, i.category, i.description) if x) for i in items]
    return "\n".join(p for p in parts if p)


def declared_probability(pred: Prediction, declared: str) -> float:
    """Prediction + declared canonical scene -> its probability (its own score, its top-3 score, or at most
    the third candidate's score when it is outside the top 3 and no own score was kept)."""
    if pred.declared_score is not None:
        return pred.declared_score
    for c in pred.top3:
        if c.scene == declared:
            return c.score
    return min((c.score for c in pred.top3), default=0.0)


def mismatch_gap(pred: Prediction, declared: str) -> float:
    """How much the best scene's probability beats the declared scene's (0 when the declared one is best)."""
    if not pred.top3 or pred.scene == declared:
        return 0.0
    return pred.score - declared_probability(pred, declared)


def shipped_margin(guide: Guide) -> float:
    """Guide -> the margin of its mapper's model file."""
    model = mapper_for(guide).model
    return model.margin if model is not None else DEFAULT_MARGIN


def fires(pred: Prediction | None, declared: str | None, margin: float) -> bool:
    """The decision: a declared guide scene (not 其他) loses to another scene by at least `margin`."""
    if pred is None or not declared or declared == "其他":
        return False
    return mismatch_gap(pred, declared) >= margin


def content_mismatch(instance: Instance, declared: str | None, guide: Guide, where: str, field: str) -> list[Finding]:
    """Instance with `predicted` + its declared canonical scene -> [SCENE_CONTENT_MISMATCH] or []."""
    pred = instance.predicted
    if pred is None or not fires(pred, declared, shipped_margin(guide)):
        return []
    text = instance_text(instance)
    phrases = mapper_for(guide).reasons(text, instance.name, pred.scene, declared) if text or instance.name else []
    said = "、".join(f"「{p}」" for p in phrases)
    why = f"文中{said}等表述属于该场景；" if said else ""
    own = declared_probability(pred, declared or "")
    severity = load_rule_ids()["SCENE_CONTENT_MISMATCH"].severity
    return [Finding(
        rule="SCENE_CONTENT_MISMATCH", severity=severity, field=field, page=instance.page,
        message=(f"{where}申报为「{declared}」，但描述内容读起来更像「{pred.scene}」（环节「{pred.link}」）：{why}"
                 f"系统估计属于「{pred.scene}」的概率为{pred.score:.2f}，属于所申报场景的概率为{own:.2f}。"
                 f"请核对所选场景；如确属「{declared}」，请申报单位补充与该场景相关的建设内容。"),
        value=instance.declared_scene, limit=pred.scene,
        detail=f"gap {pred.score - own:.4f} >= margin; phrases {phrases}")]
