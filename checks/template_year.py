"""TEMPLATE_YEAR: the declaration follows another year's template than the rules it is checked against."""

from __future__ import annotations

from catalog.reference import Reference, available_years
from checks.finding_builder import make_finding
from model.submission import Finding, Submission


def check_template_year(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission (its template year, from the cover) + the year's Reference -> a TEMPLATE_YEAR warning when the
    template is of another year: the catalog has no rules for that year, or the review was run for another year."""
    template, year = sub.source.template_year, ref.rules.year
    if template is None or template == year:
        return []
    if template not in available_years():
        message = (f"该申报书使用的是{template}年度申报书模板，规则库中没有{template}年度的规则，本次按{year}年度规则检查，"
                   f"结果仅供参考。请按{template}年度通知人工审核，或补充{template}年度规则文件后重新审核。")
    else:
        message = (f"该申报书使用的是{template}年度申报书模板，本次按{year}年度规则审核。"
                   f"请核实申报单位是否用错了年度模板（{year}年度应使用当年的申报书模板）。")
    return [make_finding(ref, "TEMPLATE_YEAR", message, value=template, limit=year, page=1)]
