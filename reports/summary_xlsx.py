"""summary.xlsx: one row per submission, every finding, every paper/online difference, quota warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from model import Finding
from model.submission import Submission
from reports.atomic import write_atomically
from reports.long_text import cap_text
from reports.terms import (
    KIND_ZH,
    MISMATCH_KIND_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    company_of,
    field_label,
    finding_counts,
    rule_title,
    sorted_findings,
)
from reports.xlsx_style import FONT, color_rows, fit_columns, write_table


@dataclass
class BatchRow:
    """One submission's line in batch.json, batch.html and the 汇总 sheet."""

    submission_id: str
    source_path: str
    company: str | None
    declaration_type: str | None
    status: str
    errors: int = 0
    warnings: int = 0
    mismatches: int = 0
    links_covered: int = 0
    instances: int = 0
    pages: int = 0
    kind: str | None = None
    message: str = ""  # Chinese, for status "error" (why the file could not be processed)

    @classmethod
    def from_submission(cls, sub: Submission, message: str = "") -> BatchRow:
        """Submission -> its batch row (counts from its findings, mismatches and instances)."""
        counts = finding_counts(sub)
        if not message and sub.status == "error":
            message = next((f.message for f in sub.findings if f.severity == "error"), "")
        return cls(
            submission_id=sub.submission_id,
            source_path=sub.source.path,
            company=company_of(sub),
            declaration_type=sub.declaration_type,
            status=sub.status,
            errors=counts["error"],
            warnings=counts["warning"],
            mismatches=counts["mismatches"],
            links_covered=len({i.declared_link for i in sub.instances if i.declared_link}),
            instances=len(sub.instances),
            pages=sub.source.pages,
            kind=sub.source.kind,
            message=message,
        )


_SEVERITY_BACK = {v: k for k, v in SEVERITY_ZH.items()}
SUMMARY_HEADERS = [
    "序号",
    "企业名称",
    "申报类型",
    "审核结果",
    "错误",
    "警告",
    "纸网差异",
    "覆盖环节数",
    "场景实例数",
    "页数",
    "文件类型",
    "文件",
    "提交编号",
    "说明",
]
FINDING_HEADERS = [
    "企业名称",
    "级别",
    "规则",
    "问题",
    "说明",
    "栏目",
    "页码",
    "实际值",
    "限值/期望",
    "文件",
    "提交编号",
]
MISMATCH_HEADERS = ["企业名称", "栏目", "字段路径", "差异", "级别", "页码", "纸质版", "网上填报", "提交编号"]


def _summary_rows(rows: Sequence[BatchRow]) -> list[list[object]]:
    """Batch rows -> the 汇总 sheet's rows."""
    return [
        [
            n,
            r.company,
            r.declaration_type,
            STATUS_ZH.get(r.status, r.status),
            r.errors,
            r.warnings,
            r.mismatches,
            r.links_covered,
            r.instances,
            r.pages,
            KIND_ZH.get(r.kind or "", r.kind),
            r.source_path,
            r.submission_id,
            r.message,
        ]
        for n, r in enumerate(rows, 1)
    ]


def _finding_row(who: str, f: Finding, source: str | None, sid: str | None) -> list[object]:
    """One finding -> one row of the 问题清单 sheet."""
    return [who, SEVERITY_ZH.get(f.severity, f.severity), f.rule, rule_title(f.rule), f.message,
            field_label(f.field), f.page, f.value, f.limit, source, sid]


def _finding_rows(subs: Sequence[Submission], batch_findings: Sequence[Finding]) -> list[list[object]]:
    """Submissions + batch findings -> the 问题清单 sheet's rows (batch findings last)."""
    out = [_finding_row(company_of(sub), f, sub.source.path, sub.submission_id)
           for sub in subs for f in sorted_findings(sub.findings)]
    out += [_finding_row("（批次）", f, None, None) for f in sorted_findings(list(batch_findings))]
    return out


def _mismatch_rows(subs: Sequence[Submission]) -> list[list[object]]:
    """Submissions -> the 纸网差异 sheet's rows."""
    return [
        [
            company_of(sub),
            field_label(m.field),
            m.field,
            MISMATCH_KIND_ZH.get(m.kind, m.kind),
            SEVERITY_ZH.get(m.severity, m.severity),
            m.page,
            cap_text(m.paper),   # an Excel cell holds at most 32,767 characters
            cap_text(m.online),
            sub.submission_id,
        ]
        for sub in subs
        for m in sub.mismatches
    ]


def _build(
    rows: Sequence[BatchRow],
    subs: Sequence[Submission],
    batch_findings: Sequence[Finding],
    quota_warnings: Sequence[str],
) -> Workbook:
    """The summary workbook, in memory."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    write_table(ws, SUMMARY_HEADERS, _summary_rows(rows))
    for n, r in enumerate(rows, 2):  # the enterprise name opens its report (relative to summary.xlsx)
        cell = ws.cell(row=n, column=2)
        cell.hyperlink = f"{r.submission_id}/report.html"
        cell.font = Font(name=FONT, color="0563C1", underline="single")
    ws = wb.create_sheet("问题清单")
    write_table(ws, FINDING_HEADERS, _finding_rows(subs, batch_findings))
    color_rows(ws, 2, 2, _SEVERITY_BACK)
    ws = wb.create_sheet("纸网差异")
    write_table(ws, MISMATCH_HEADERS, _mismatch_rows(subs))
    if quota_warnings:
        ws = wb.create_sheet("名额提醒")
        write_table(ws, ["序号", "名额提醒"], [[n, w] for n, w in enumerate(quota_warnings, 1)])
        for row in ws.iter_rows(min_row=2):
            row[1].font = Font(name=FONT, bold=True, color="B42318")
        fit_columns(ws, max_width=100)
    return wb


def write_summary_xlsx(
    rows: list[BatchRow],
    subs: list[Submission],
    batch_findings: list[Finding],
    out_path: Path,
    *,
    quota_warnings: Sequence[str] = (),
) -> Path:
    """Batch rows + submissions + batch findings -> summary.xlsx (汇总, 问题清单, 纸网差异, 名额提醒)."""
    wb = _build(rows, subs, batch_findings, quota_warnings)
    return write_atomically(Path(out_path), lambda p: wb.save(p))
