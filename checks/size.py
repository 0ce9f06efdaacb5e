"""SIZE_INCONSISTENT: 企业类型 (大型/中型/小型/微型) against 主营业务收入 and the rule file's revenue bands."""

from __future__ import annotations

from catalog.reference import Band, Reference
from checks.finding_builder import field_page, fmt_number, make_finding, where
from model.submission import Finding, Submission


def _in_band(revenue: float, band: Band) -> bool:
    """Revenue (万元) -> True when it lies in [min, max)."""
    return (band.min is None or revenue >= band.min) and (band.max is None or revenue < band.max)


def latest_revenue(sub: Submission, years: list[int]) -> tuple[str, float] | None:
    """Submission -> (year, 主营业务收入) of the latest year that has one (the rule file's years first)."""
    keys = [str(y) for y in sorted(years, reverse=True)] + sorted(sub.fields.financials, reverse=True)
    for key in keys:
        row = sub.fields.financials.get(key)
        if row is not None and row.revenue is not None:
            return key, row.revenue
    return None


def check_size(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> SIZE_INCONSISTENT when the declared size's revenue band excludes the latest revenue."""
    size = sub.fields.size
    band = ref.rules.size_revenue_bands.get(size or "")
    latest = latest_revenue(sub, ref.rules.financial_years)
    if band is None or latest is None:
        return []
    year, revenue = latest
    if _in_band(revenue, band):
        return []
    fits = [name for name, b in ref.rules.size_revenue_bands.items() if _in_band(revenue, b)]
    lo = fmt_number(band.min) if band.min is not None else "0"
    hi = fmt_number(band.max) if band.max is not None else "∞"
    page = field_page(sub, "fields.size")
    return [make_finding(
        ref, "SIZE_INCONSISTENT",
        f"{where(page)}企业类型填写为「{size}」，但{year}年主营业务收入为{fmt_number(revenue)}万元，不在{size}的营业收入范围"
        f"（{lo}–{hi}万元）内{'，按收入应为「' + fits[0] + '」' if fits else ''}。请核实企业类型或财务数据。",
        field="fields.size", page=page, value=size, limit=f"{lo}–{hi}万元",
        detail=f"revenue {revenue} ({year})",
    )]
