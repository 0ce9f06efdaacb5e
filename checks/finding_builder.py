"""Building findings: default severity from rule_ids.yaml, page lookup, the form's Chinese labels
(field_label is catalog.reference.field_label: the form file's field_labels)."""

from __future__ import annotations

from catalog.reference import Reference, field_label
from model.submission import Finding, Severity, Submission
from model.text import count_chars, count_wps


def instance_label(key: str) -> str:
    """Instance field key -> the form's Chinese label (e.g. "description" -> "场景实例描述")."""
    return field_label(f"instances.{key}", last=True)


def make_finding(
    ref: Reference,
    rule: str,
    message: str,
    *,
    field: str | None = None,
    page: int | None = None,
    value: str | float | int | bool | None = None,
    limit: str | float | int | None = None,
    severity: Severity | None = None,
    detail: str | None = None,
) -> Finding:
    """Rule id + message (+ where / value / limit) -> Finding with the rule file's default severity."""
    if severity is None:
        known = ref.rule_ids.get(rule)
        severity = known.severity if known and known.severity in ("error", "warning", "info") else "error"  # type: ignore[assignment]
    return Finding(
        rule=rule, severity=severity, message=message, field=field, page=page, value=value, limit=limit,
        detail=detail,
    )


def field_page(sub: Submission, path: str) -> int | None:
    """Field path -> page where the paper copy prints it (provenance, then the nearest parent path)."""
    probe = path
    while probe:
        loc = sub.provenance.get(probe)
        if loc is not None:
            return loc.page
        if "." not in probe:
            break
        probe = probe.rsplit(".", 1)[0]
    return None


def instance_page(sub: Submission, i: int, key: str | None = None) -> int | None:
    """0-based instance position (+ field key) -> page: narrative_page for the narrative, else 附1 row page."""
    inst = sub.instances[i]
    if key is not None:
        page = field_page(sub, f"instances[{i}].{key}")
        if page is not None:
            return page
    if key == "narrative" and inst.narrative_page:
        return inst.narrative_page
    return inst.page or inst.narrative_page


def where(page: int | None) -> str:
    """Page number -> message prefix 「第12页 」 (empty when unknown)."""
    return f"第{page}页 " if page else ""


def count_phrase(text: str | None) -> str:
    """Text -> 「共3214字（WPS字数3190）」 per DESIGN.md §5."""
    return f"共{count_chars(text)}字（WPS/Word 统计{count_wps(text)}字）"


def fmt_number(x: float) -> str:
    """Number -> plain text without exponent or trailing zeros (1093960.0 -> "1093960", 12.50 -> "12.5")."""
    return f"{x:.4f}".rstrip("0").rstrip(".")
