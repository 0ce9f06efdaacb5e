"""推荐汇总表.docx in the layout of 附件4 (landscape A4, title, 推荐单位（盖章）, two tables, notes)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from model.submission import Submission
from reports.atomic import write_atomically
from reports.reco_table import RECOMMENDER_LABEL, TABLES, TITLE, recommender_of, table_rows

BODY_FONT = "仿宋_GB2312"  # the font official 附件 tables are set in; Word substitutes when absent
TITLE_FONT = "方正小标宋简体"
# column widths (cm) of landscape A4 (24.7 cm usable), per table, summing to the text width
WIDTHS = {5: (1.3, 6.0, 11.4, 2.4, 3.6), 6: (1.3, 4.8, 4.6, 8.6, 2.2, 3.2)}


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    """Set a run's Latin and East Asian font, size and weight."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(
    doc: Any, text: str, size: float, *, bold: bool = False, font: str = BODY_FONT, align: Any = None
) -> Any:
    """Append one paragraph with one run."""
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    """Fill a table cell, one paragraph per line."""
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].text = ""
    for n, line in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(line), BODY_FONT, 10.5, bold)


def _table(doc: Any, headers: Sequence[str], rows: list[list[str]]) -> None:
    """Append a bordered table with a repeated header row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, title, bold=True, center=True)
    table.rows[0]._tr.get_or_add_trPr().append(_repeat_header())
    for row in rows or [[""] * len(headers)]:
        cells = table.add_row().cells
        for n, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, value, center=n == 0)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS[len(headers)], strict=True):
            cell.width = Cm(width)


def _repeat_header() -> Any:
    """A <w:tblHeader/> element: the header row repeats on every printed page."""
    from docx.oxml import OxmlElement

    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    return el


def build_recommendation_docx(
    subs_in_order: Sequence[Submission], *, recommender: str = "", with_labels: bool = True
) -> Any:
    """Submissions in priority order -> a python-docx Document laid out as 附件4."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    _para(doc, "附件4", 14, font="黑体")
    _para(doc, TITLE, 20, bold=True, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, RECOMMENDER_LABEL + recommender_of(subs_in_order, recommender), 14)
    for table in TABLES:
        _para(doc, table.heading, 14, font="黑体")
        _table(doc, table.headers, table_rows(subs_in_order, table, with_labels=with_labels))
        _para(doc, table.note, 12)
    return doc


def write_recommendation_docx(
    subs_in_order: list[Submission], out_path: Path, *, recommender: str = "", with_labels: bool = True
) -> Path:
    """Submissions in priority order -> 推荐汇总表.docx (附件4 layout) at out_path."""
    doc = build_recommendation_docx(subs_in_order, recommender=recommender, with_labels=with_labels)
    return write_atomically(Path(out_path), lambda p: doc.save(str(p)))
