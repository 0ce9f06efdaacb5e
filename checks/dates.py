"""DATE_ORDER: an end date before its start, 成立时间 after 申报日期, or 申报日期 outside the call window.

Dates may carry only a month ("2023-05"); two dates are compared at the precision both have, so
"2023-05" is neither before nor after "2023-05-20".
"""

from __future__ import annotations

from catalog.reference import Reference
from checks.finding_builder import field_label, field_page, make_finding, where
from model.submission import Finding, Submission

# (start, end) pairs of the form, as Fields keys.
_PAIRS = (("task_start", "task_end"), ("scene_start", "scene_end"), ("founded", "declared_on"))


def _cut(a: str, b: str) -> tuple[str, str]:
    """Two ISO dates -> both cut to the shorter precision."""
    n = min(len(a), len(b))
    return a[:n], b[:n]


def is_before(a: str, b: str) -> bool:
    """ISO dates (YYYY-MM or YYYY-MM-DD) -> True when a is surely earlier than b."""
    x, y = _cut(a, b)
    return x < y


def check_date_order(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> DATE_ORDER findings for reversed date pairs and a 申报日期 outside the call window."""
    out: list[Finding] = []
    f = sub.fields
    for start_key, end_key in _PAIRS:
        start, end = getattr(f, start_key), getattr(f, end_key)
        if start and end and is_before(end, start):
            path = f"fields.{end_key}"
            page = field_page(sub, path) or field_page(sub, f"fields.{start_key}")
            out.append(make_finding(
                ref, "DATE_ORDER",
                f"{where(page)}「{field_label(path)}」为{end}，早于「{field_label('fields.' + start_key)}」{start}，"
                f"日期先后颠倒。请申报单位核对并更正日期。",
                field=path, page=page, value=end, limit=start,
            ))
    out.extend(_check_call_window(sub, ref))
    return out


def _check_call_window(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> DATE_ORDER when 申报日期 lies before the call opened or after its last deadline."""
    declared = sub.fields.declared_on
    window = ref.rules.call_window
    if not declared:
        return []
    deadlines = [d for d in (window.online_deadline, window.recommend_deadline) if d]
    last = max(deadlines) if deadlines else None
    problem = None
    if window.opens and is_before(declared, window.opens):
        problem = f"早于{ref.rules.year}年申报通知发布日期{window.opens}"
    elif last and is_before(last, declared):
        problem = f"晚于{ref.rules.year}年申报截止日期{last}"
    if problem is None:
        return []
    page = field_page(sub, "fields.declared_on")
    span = f"{window.opens or '…'} 至 {last or '…'}"
    return [make_finding(
        ref, "DATE_ORDER",
        f"{where(page)}封面申报日期为{declared}，{problem}（申报期为{span}）。请核实申报日期或申报年度。",
        field="fields.declared_on", page=page, value=declared, limit=span,
    )]
