"""Character limits: LIMIT_SCENE_3000 (each instance's narrative) and LIMIT_FIELD (附1 cells, 企业简介, 项目简述).

Counting follows DESIGN.md §5 (model.text.count_chars: every non-whitespace character is 1 字); the
WPS/Word count is shown beside it because enterprises check their text with WPS.
"""

from __future__ import annotations

from catalog.reference import Reference
from checks.finding_builder import (
    count_phrase,
    field_label,
    field_page,
    instance_label,
    instance_page,
    make_finding,
    where,
)
from model.submission import Finding, Submission
from model.text import count_chars


def check_scene_limit(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> LIMIT_SCENE_3000 for every instance whose narrative exceeds the year's limit."""
    limit = ref.rules.scene_description_limit
    if limit is None:
        return []
    out: list[Finding] = []
    for i, inst in enumerate(sub.instances):
        text = inst.narrative
        n = count_chars(text) if text is not None else (inst.narrative_count.chars if inst.narrative_count else 0)
        if n <= limit:
            continue
        page = instance_page(sub, i, "narrative")
        counted = count_phrase(text) if text is not None else f"共{n}字"
        name = f"「{inst.name}」" if inst.name else ""
        out.append(make_finding(
            ref, "LIMIT_SCENE_3000",
            f"{where(page)}场景实例{i + 1}{name}的建设方案描述{counted}，超过{ref.rules.year}年规则上限"
            f"{limit}字（多{n - limit}字）。请申报单位压缩到{limit}字以内后重新提交。",
            field=f"instances[{i}].narrative", page=page, value=n, limit=limit,
        ))
    return out


def check_field_limits(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> LIMIT_FIELD for every 附1 cell / 企业简介 / 项目简述 over its printed limit."""
    limits = ref.rules.field_limits or {}
    out: list[Finding] = []
    for key, limit in limits.items():
        scope, _, name = key.partition(".")
        if scope == "instances":
            for i, inst in enumerate(sub.instances):
                text = getattr(inst, name, None)
                n = count_chars(text)
                if n > limit:
                    page = instance_page(sub, i, name)
                    out.append(make_finding(
                        ref, "LIMIT_FIELD",
                        f"{where(page)}附1 场景实例{i + 1}「{instance_label(name)}」栏{count_phrase(text)}，"
                        f"超过表格规定的{limit}字（多{n - limit}字）。请申报单位精简该栏内容。",
                        field=f"instances[{i}].{name}", page=page, value=n, limit=limit,
                    ))
        elif scope == "fields":
            text = getattr(sub.fields, name, None)
            n = count_chars(text if isinstance(text, str) else None)
            if n > limit:
                page = field_page(sub, key)
                out.append(make_finding(
                    ref, "LIMIT_FIELD",
                    f"{where(page)}「{field_label(key)}」{count_phrase(text)}，超过表格规定的{limit}字"
                    f"（多{n - limit}字）。请申报单位精简该栏内容。",
                    field=key, page=page, value=n, limit=limit,
                ))
    return out
