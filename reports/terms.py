"""Chinese wording shared by every report: status, severity, rule titles and field labels."""

from __future__ import annotations

import unicodedata

from catalog.reference import Reference, default_form, load_rule_ids
from catalog.reference import field_label as catalog_field_label
from model import Finding, Mismatch
from model.submission import Submission

STATUS_ZH = {"pass": "通过", "needs_review": "待复核", "fail": "不通过", "error": "无法处理"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
MISMATCH_KIND_ZH = {"changed": "不一致", "missing_in_paper": "纸质版缺失", "missing_online": "网上缺失"}
KIND_ZH = {"digital": "文字版", "scanned": "扫描件", "mixed": "混合"}
SEAL_ROLE_ZH = {role: place.display for role, place in default_form().seal_places.items()}  # the form's names
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def rule_title(rule: str, ref: Reference | None = None) -> str:
    """Rule id -> its Chinese title from rule_ids.yaml (the id itself when unknown)."""
    ids = ref.rule_ids if ref is not None else load_rule_ids()
    entry = ids.get(rule)
    return entry.title if entry is not None else rule


def field_label(path: str | None) -> str:
    """Dotted field path -> Chinese label, e.g. "instances[2].description" -> "场景实例3 场景实例描述"
    (the form's field_labels: catalog.reference.field_label)."""
    return catalog_field_label(path)


def company_of(sub: Submission) -> str:
    """Submission -> the enterprise name to show (企业名称, else 申报单位, else the file name)."""
    f = sub.fields
    return f.company_name or f.applicant or sub.source.path.rsplit("/", 1)[-1]


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings -> errors first, then warnings, then notes; by page within a severity."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.page or 10**6))


def finding_counts(sub: Submission) -> dict[str, int]:
    """Submission -> counts of error / warning / info findings (those an officer dismissed apart, under
    "dismissed", as checks.status does not count them) and of mismatches."""
    counts = {"error": 0, "warning": 0, "info": 0, "dismissed": 0}
    for f in sub.findings:
        key = "dismissed" if is_dismissed(f) else f.severity
        counts[key] = counts.get(key, 0) + 1
    counts["mismatches"] = len(sub.mismatches)
    return counts


def is_dismissed(f: Finding) -> bool:
    """Finding -> True when an officer dismissed it in the case library."""
    return f.decision is not None and f.decision.decision == "dismissed"


def decision_note(f: Finding) -> str:
    """Finding -> the officer's decision on it in words (empty when there is none), e.g.
    「已由审核人员确认」, 「已驳回：附件中已补盖公章」, with the date and whether it was made on the previous version."""
    d = f.decision
    if d is None:
        return ""
    when = f"（{d.decided_at[:10]}" if d.decided_at else ""
    if d.earlier_version:
        when = (when + "，" if when else "（") + "针对上一版本"
    when += "）" if when else ""
    if d.decision == "dismissed":
        return f"已驳回：{d.reason or '未填写理由'}{when}"
    return f"已由审核人员确认{when}" + (f"：{d.reason}" if d.reason else "")


def mismatch_note(m: Mismatch, width: int = 60) -> str:
    """Mismatch -> one Chinese sentence: field, kind, paper and online values (shortened)."""
    label = field_label(m.field)
    paper, online = shorten(m.paper, width), shorten(m.online, width)
    if m.kind == "missing_in_paper":
        return f"纸网不一致：「{label}」纸质版缺失，网上填报为「{online}」。请核对纸质版是否漏印或漏填。"
    if m.kind == "missing_online":
        return f"纸网不一致：「{label}」网上填报缺失，纸质版为「{paper}」。请核对网上填报内容。"
    return f"纸网不一致：「{label}」纸质版为「{paper}」，网上填报为「{online}」。请以网上填报为准核对纸质版。"


def shorten(value: object, width: int = 60) -> str:
    """Any value -> text of at most `width` display characters, with an ellipsis when cut."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def display_width(text: str) -> int:
    """Text -> its width in monospace cells (CJK and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
