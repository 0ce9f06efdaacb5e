"""The declaration as a searchable document: per page its tables and its free text lines.

Finds things by printed labels and headings, never by coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.page import PageContent, Word
from extractors.tables import Cell, Table, find_tables
from extractors.text_join import GLYPH_FIX, group_lines, join_line
from model.text import normalize_text


@dataclass
class TextLine:
    """A free text line (outside tables): page, box, normalised text, its words."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    words: list[Word]


@dataclass
class Document:
    """All pages with tables and free lines, in reading order."""

    pages: list[PageContent]
    tables: list[Table] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)

    def lines_of(self, first: int, last: int) -> list[TextLine]:
        """Pages first..last (inclusive) -> their free lines in reading order."""
        return [ln for ln in self.lines if first <= ln.page <= last]

    def tables_of(self, first: int, last: int) -> list[Table]:
        """Pages first..last (inclusive) -> their tables in reading order."""
        return [t for t in self.tables if first <= t.page <= last]

    @property
    def last_page(self) -> int:
        """Number of the last page read."""
        return max((p.number for p in self.pages), default=0)


def _to_line(page: int, words: list[Word]) -> TextLine:
    """Words of one line -> TextLine."""
    box = (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words), max(w.y1 for w in words))
    return TextLine(page, box, (normalize_text(join_line(words)) or "").translate(GLYPH_FIX), words)


def build_document(pages: list[PageContent]) -> Document:
    """Pages -> Document with tables rebuilt from rules and free lines grouped."""
    doc = Document(pages=pages)
    for p in pages:
        tables, outside = find_tables(p)
        doc.tables.extend(tables)
        doc.lines.extend(_to_line(p.number, ws) for ws in _split_columns(group_lines(outside)))
    return doc


def _split_columns(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines -> lines split where a wide gap separates two runs (e.g. a page number far right)."""
    out = []
    for line in lines:
        run = [line[0]]
        for w in line[1:]:
            h = max(w.y1 - w.y0, 1.0)
            if w.x0 - run[-1].x1 > 6 * h:
                out.append(run)
                run = []
            run.append(w)
        out.append(run)
    return out


_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_FOOT = re.compile(r"(?<=[\u4e00-\u9fff）)])\d{1,2}$")


def label_key(text: str) -> str:
    """Cell or line text -> comparable label: no spaces, no （hints）, no *, no footnote numbers."""
    t = normalize_text(text) or ""
    t = t.replace(" ", "")
    t = _PAREN.sub("", t)
    t = t.replace("*", "").replace("：", "").replace(":", "")
    return _FOOT.sub("", t)


def cell_right(table: Table, cell: Cell) -> Cell | None:
    """Cell -> the cell just right of it on its first row (None at the table's edge)."""
    for c in table.row_cells(cell.row):
        if c.col == cell.col_end + 1:
            return c
    return None


def cell_below(table: Table, cell: Cell) -> Cell | None:
    """Cell -> the cell under it starting at the same column (labels printed above their text)."""
    for c in table.row_cells(cell.row_end + 1):
        if c.col == cell.col and c.row == cell.row_end + 1:
            return c
    return None


def cells_right(table: Table, cell: Cell) -> list[Cell]:
    """Cell -> all cells right of it on its first row, left to right."""
    return [c for c in table.row_cells(cell.row) if c.col > cell.col_end]


def continued_text(doc: Document, table: Table, cell: Cell, label_tail: str = "") -> str:
    """Value cell in the last row of a table -> the rest of its text when the row was split at a page break.

    A split row continues at the top of the next page with its label column empty (or holding
    `label_tail`, the rest of a narrow label cut with it: 「企业简」 | 「介」) and the value column at the same
    horizontal position (word processors and the platform export both do this).
    """
    if cell.row_end != table.n_rows - 1:
        return ""
    if any(t is not table and t.ys[0] >= table.ys[-1] - 1 for t in doc.tables_of(table.page, table.page)):
        return ""  # another table follows on the same page: this one ended there
    nxt = doc.tables_of(table.page + 1, table.page + 1)
    if not nxt:
        return ""
    head = nxt[0]
    above = [ln for ln in doc.lines_of(table.page + 1, table.page + 1) if ln.bbox[3] <= head.ys[0]]
    if above and len("".join(ln.text for ln in above)) > 12:
        return ""  # a heading or paragraph sits above: a new table, not a continuation
    first = head.row_cells(0)
    if not first or first[0].text.strip() not in ("", label_tail.strip()) or first[0].bbox[2] > cell.bbox[0] + 3:
        return ""
    for c in first:
        overlap = min(c.bbox[2], cell.bbox[2]) - max(c.bbox[0], cell.bbox[0])
        if overlap >= 0.8 * (cell.bbox[2] - cell.bbox[0]) and c.text:
            return c.text
    return ""
