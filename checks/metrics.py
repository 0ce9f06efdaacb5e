"""The 整体建设成效 metric grid: REQUIRED_METRIC (an * metric empty) and METRIC_NOT_APPLICABLE."""

from __future__ import annotations

from catalog.reference import Reference
from checks.finding_builder import field_page, fmt_number, make_finding, where
from checks.paper_vs_online import is_ocr_page
from model.submission import Finding, Submission


def check_required_metrics(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> REQUIRED_METRIC for each required (*) metric left empty. On a page read by OCR an empty
    cell may be a cell the OCR lost: a warning asking to check the original, not an error (scans-hard-2)."""
    out: list[Finding] = []
    for key in ref.rules.required_metrics or []:
        if sub.fields.metrics.get(key) is not None:
            continue
        path = f"fields.metrics.{key}"
        page = field_page(sub, path)
        if is_ocr_page(sub, page):
            out.append(make_finding(
                ref, "REQUIRED_METRIC",
                f"{where(page)}扫描件上未识别出整体建设成效指标「*{key}（%）」的数值：可能未填写，也可能是识别失败。"
                f"该项为{ref.rules.year}年申报书必填指标，请对照纸质原件核实；确未填写的，请申报单位补填。",
                field=path, page=page, value=None, limit="必填", severity="warning",
            ))
            continue
        out.append(make_finding(
            ref, "REQUIRED_METRIC",
            f"{where(page)}整体建设成效指标「*{key}（%）」未填写，该项为{ref.rules.year}年申报书必填指标。"
            f"请申报单位补填。",
            field=path, page=page, value=None, limit="必填",
        ))
    return out


def check_process_only_metrics(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> METRIC_NOT_APPLICABLE for a sector-restricted metric filled by another sector."""
    out: list[Finding] = []
    for key, rule in (ref.rules.process_only_metrics or {}).items():
        value = sub.fields.metrics.get(key)
        sector = sub.fields.sector
        if value is None or sector is None or sector in rule.applies_to_sectors:
            continue
        path = f"fields.metrics.{key}"
        page = field_page(sub, path)
        allowed = "、".join(rule.applies_to_sectors)
        out.append(make_finding(
            ref, "METRIC_NOT_APPLICABLE",
            f"{where(page)}指标「{key}」填写了{fmt_number(value)}，但该指标仅限{allowed}（流程）行业填写，本申报所属行业为"
            f"「{sector}」。请核实后删除该指标或更正所属行业。",
            field=path, page=page, value=value, limit=allowed,
        ))
    return out
