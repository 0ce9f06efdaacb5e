"""Eligibility of the declaring enterprise: MATURITY_LEVEL (示范工厂) and ACCIDENT_DECLARED."""

from __future__ import annotations

from catalog.reference import Reference
from checks.finding_builder import field_page, make_finding, where
from model.submission import Finding, Submission

_LEVELS = "一二三四五"


def check_maturity(sub: Submission, ref: Reference) -> list[Finding]:
    """Factory-type (rules factory_types) Submission -> MATURITY_LEVEL when its self-assessed level is below the year's minimum."""
    need = ref.rules.maturity_min
    level = sub.fields.maturity_level
    if need is None or level is None or not ref.rules.is_factory(sub.declaration_type) or level >= need:
        return []
    page = field_page(sub, "fields.maturity_level")
    return [make_finding(
        ref, "MATURITY_LEVEL",
        f"{where(page)}智能制造能力成熟度自评估为{_LEVELS[level - 1]}级，{ref.rules.year}年规则要求达到"
        f"{_LEVELS[need - 1]}级及以上（GB/T 39116-2020）。该申报不符合申报条件，请核实自评估结果。",
        field="fields.maturity_level", page=page, value=level, limit=need,
    )]


def check_accident(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> ACCIDENT_DECLARED when 近三年发生重大事故 is ticked 是 and the year disqualifies it."""
    if not ref.rules.accident_disqualifies or sub.fields.accident is not True:
        return []
    page = field_page(sub, "fields.accident")
    name = f"（事故名称：{sub.fields.accident_name}）" if sub.fields.accident_name else ""
    return [make_finding(
        ref, "ACCIDENT_DECLARED",
        f"{where(page)}「近三年是否发生重大安全生产事故、重大环境事故」勾选为「是」{name}。按{ref.rules.year}年"
        f"规则，近三年发生重大事故的企业不得申报。请核实后决定是否退回。",
        field="fields.accident", page=page, value=True, limit=False,
    )]
