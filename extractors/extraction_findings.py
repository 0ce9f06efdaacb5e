"""Findings the extractors raise: EXTRACTION_INCOMPLETE (error) and FIELD_EMPTY (warning)."""

from __future__ import annotations

from model.submission import Finding, Severity


def incomplete(message: str, *, field: str | None = None, page: int | None = None,
               detail: str | None = None, bbox: list[float] | None = None, severity: Severity = "error",
               limit: str | None = None, value: int | None = None) -> Finding:
    """Chinese message (+ where, and the limits.yaml key of a limit exceeded) -> an EXTRACTION_INCOMPLETE
    finding (an error unless `severity` says otherwise: a page read in part but readable is a warning)."""
    return Finding(rule="EXTRACTION_INCOMPLETE", severity=severity, message=message, field=field,
                   page=page, detail=detail, bbox=bbox, limit=limit, value=value)


def field_empty(label: str, field: str, page: int | None, bbox: list[float] | None = None) -> Finding:
    """Form label + field path + page -> FIELD_EMPTY warning: the label is printed, its cell is empty."""
    where = f"第{page}页" if page else ""
    return Finding(rule="FIELD_EMPTY", severity="warning", field=field, page=page, bbox=bbox,
                   message=f"{where}「{label}」栏目为空。请核对纸质申报书该栏是否漏填。")
