"""Sheet formatting shared by the XLSX writers: header style, frozen header, filters, widths."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.terms import display_width

FONT = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="F8D7DA"),
    "warning": PatternFill("solid", fgColor="FFF3CD"),
}
MAX_WIDTH = 60  # columns wider than this wrap instead of growing


def cell_value(value: Any) -> Any:
    """Any value -> something openpyxl stores as is (bools as 是/否, None as empty)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return None
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def write_table(
    ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, start_row: int = 1
) -> int:
    """Sheet + headers + rows -> a formatted table (frozen header, autofilter, widths); returns the last row."""
    for col, title in enumerate(headers, 1):
        c = ws.cell(row=start_row, column=col, value=title)
        c.font = Font(name=FONT, bold=True)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = start_row
    for last, row in enumerate(rows, start_row + 1):
        for col, value in enumerate(row, 1):
            c = ws.cell(row=last, column=col, value=cell_value(value))
            c.font = Font(name=FONT)
            c.border = BORDER
            c.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    if headers:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(headers))}{max(last, start_row)}"
    fit_columns(ws, min_row=start_row)
    return last


def fit_columns(ws: Worksheet, *, min_row: int = 1, max_width: int = MAX_WIDTH) -> None:
    """Set each column's width to its widest line (CJK counts double), capped at max_width."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=min_row):
        for c in row:
            if c.value is None:
                continue
            longest = max(display_width(line) for line in str(c.value).splitlines() or [""])
            widths[c.column] = max(widths.get(c.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), max_width)


def color_rows(ws: Worksheet, severity_col: int, first_row: int, severities: dict[str, str]) -> None:
    """Fill rows whose severity cell (Chinese) maps to error/warning with a light red/yellow."""
    for row in ws.iter_rows(min_row=first_row):
        fill = SEVERITY_FILL.get(severities.get(str(row[severity_col - 1].value), ""))
        if fill is not None:
            for c in row:
                c.fill = fill
