"""The 推荐汇总表 (附件4): instance lines, priority order, quota warnings, and the XLSX/DOCX writers.

This module is the public entry point; the pieces live in reco_table (content), reco_order
(order and quotas) and reco_docx (the Word file). The XLSX writer is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.submission import Submission
from reports.atomic import write_atomically
from reports.reco_docx import build_recommendation_docx, write_recommendation_docx
from reports.reco_order import PriorityFileError, order_for_recommendation, quota_warnings
from reports.reco_table import (
    RECOMMENDER_LABEL,
    TABLES,
    TITLE,
    RecoTable,
    recommendation_lines,
    recommender_of,
    table_rows,
)
from reports.terms import display_width
from reports.xlsx_style import BORDER, FONT, HEADER_FILL

__all__ = [
    "PriorityFileError",
    "build_recommendation_docx",
    "order_for_recommendation",
    "quota_warnings",
    "recommendation_lines",
    "write_recommendation_docx",
    "write_recommendation_xlsx",
]

# widths (characters) per column for the 5- and 6-column tables of 附件4
XLSX_WIDTHS = {5: (6, 30, 70, 10, 16), 6: (6, 26, 26, 60, 10, 16)}


def _sheet(ws: Worksheet, table: RecoTable, rows: list[list[str]], recommender: str) -> None:
    """Lay out one 附件4 table on its own sheet: title, recommender, heading, table, note."""
    n = len(table.headers)
    last = get_column_letter(n)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = TITLE
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = RECOMMENDER_LABEL + recommender
    ws["A3"] = table.heading
    for cell in (ws["A2"], ws["A3"]):
        cell.font = Font(name=FONT, size=12, bold=cell.coordinate == "A3")
    for col, title in enumerate(table.headers, 1):
        c = ws.cell(row=4, column=col, value=title)
        c.font = Font(name=FONT, bold=True)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, 5):
        for col, value in enumerate(row, 1):
            c = ws.cell(row=r, column=col, value=int(value) if col == 1 else value)
            c.font = Font(name=FONT)
            c.border = BORDER
            c.alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if col == 1 else None)
        ws.row_dimensions[r].height = 15 * max(
            _wrapped_lines(v, w) for v, w in zip(row, XLSX_WIDTHS[n], strict=True)
        )
    note_row = 5 + len(rows)
    ws.merge_cells(f"A{note_row}:{last}{note_row}")
    ws.cell(row=note_row, column=1, value=table.note).font = Font(name=FONT)
    for col, width in enumerate(XLSX_WIDTHS[n], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _wrapped_lines(text: str, width: int) -> int:
    """Cell text + column width (characters) -> how many lines it takes when wrapped."""
    return sum(max(1, -(-display_width(line) // max(width - 1, 1))) for line in (text or "").split("\n"))


def build_recommendation_xlsx(
    subs_in_order: Sequence[Submission], *, recommender: str = "", with_labels: bool = True
) -> Workbook:
    """Submissions in priority order -> a workbook with one sheet per 附件4 table (优秀场景, 示范工厂)."""
    wb = Workbook()
    name = recommender_of(subs_in_order, recommender)
    for n, table in enumerate(TABLES):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = table.declaration_type
        _sheet(ws, table, table_rows(subs_in_order, table, with_labels=with_labels), name)
    return wb


def write_recommendation_xlsx(
    subs_in_order: list[Submission], out_path: Path, *, recommender: str = "", with_labels: bool = True
) -> Path:
    """Submissions in priority order -> 推荐汇总表.xlsx (附件4 layout, one sheet per table) at out_path."""
    wb = build_recommendation_xlsx(subs_in_order, recommender=recommender, with_labels=with_labels)
    return write_atomically(Path(out_path), lambda p: wb.save(p))
