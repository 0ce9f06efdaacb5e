"""Entry points other stages call: classify a Submission's instances, or JSONL-style records (CLI)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from catalog.reference import Guide
from classifiers.mismatch import instance_text
from classifiers.names import judge_declared, normalize_label
from classifiers.scene_mapper import SceneMapper, mapper_for
from classifiers.tagging import tag_text
from model import Instance, Submission

__all__ = ["classify_record", "classify_records", "classify_submission", "instance_text", "mapper_for"]

def classify_submission(sub: Submission, guide: Guide, mapper: SceneMapper | None = None,
                        *, with_tags: bool = True) -> Submission:
    """Submission -> a copy whose instances carry `predicted` (top 3) and `tags` (technology/system/…)."""
    mapper = mapper or mapper_for(guide)
    instances = []
    for inst in sub.instances:
        text = instance_text(inst)
        if not text.strip() and not (inst.name or "").strip():
            instances.append(inst)
            continue
        declared = normalize_label(inst.declared_link, inst.declared_scene, guide).scene
        update: dict[str, Any] = {"predicted": mapper.predict(text, inst.name, declared)}
        if with_tags:
            update["tags"] = tag_text("\n".join(x for x in (inst.name, text) if x))
        instances.append(inst.model_copy(update=update))
    return sub.model_copy(update={"instances": instances})


def classify_record(record: dict[str, Any], guide: Guide, mapper: SceneMapper, number: int = 1) -> dict[str, Any]:
    """One `shenbao classify --file` line -> the same object plus "predicted" and, when a declared
    label is given, "findings" and "normalized" (DESIGN.md §7)."""
    out = dict(record)
    name = record.get("name") or None
    text = record.get("text") or record.get("description") or ""
    link, scene = record.get("declared_link") or None, record.get("declared_scene") or None
    declared = normalize_label(link, scene, guide).scene if (link or scene) else None
    if not str(text).strip() and not name:
        out["predicted"] = None
    else:
        out["predicted"] = mapper.predict(str(text), name, declared).model_dump()
    if link or scene:
        inst = Instance(index=number, name=name, description=str(text) or None, declared_link=link,
                        declared_scene=scene, predicted=out["predicted"])
        findings = judge_declared(inst, guide, index0=number - 1)
        out["findings"] = [
            f.model_copy(update={"field": (f.field or "").split(".")[-1] or None}).model_dump(exclude_none=True)
            for f in findings
        ]
        label = normalize_label(link, scene, guide)
        out["normalized"] = {"link": label.link, "scene": label.scene}
    return out


def classify_records(records: Iterable[dict[str, Any]], guide: Guide) -> Iterator[dict[str, Any]]:
    """Records {"id", "name", "text", optional "declared_link"/"declared_scene"} -> the records with
    "predicted" added (plus "findings" and "normalized" when a declared label is given)."""
    mapper = mapper_for(guide)
    for number, record in enumerate(records, start=1):
        yield classify_record(record, guide, mapper, number)
