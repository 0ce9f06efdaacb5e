"""Tables as the official form prints them, on top of flow_layout's Canvas.

Every row has its own column split (like a Word table), a cell may be merged over several rows at the
left of a table (所属行业 over its header and value rows, 联系人 over three rows, 整体建设成效 down the
metric grid), and a footnote is printed at the foot of the page where its number is printed. Nothing
here changes how the other styles draw (they use Canvas.table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

from samples.flow_layout import Canvas, Cell, text_width, wrap

PAD = 3.0
LF = 1.35
NOTE_LF = 1.35


@dataclass
class Row:
    """One table row: cells and their relative widths (shared out over the row)."""

    cells: list[Cell]
    widths: list[float]
    notes: tuple[int, ...] = ()         # footnote numbers printed in this row


@dataclass
class Block:
    """A cell merged over several rows at the left (`share` of the table width) and the rows right of it."""

    label: Cell
    share: float
    rows: list[Row]
    notes: tuple[int, ...] = ()
    texts: tuple[str, ...] = ()         # legend lines printed with the footnotes (* 必填项 …)
    split: bool = False                 # may continue on the next page between two rows


def vertical(text: str) -> str:
    """A label -> one character per line, as the form prints narrow merged cells (企\\n业\\n简\\n介)."""
    out: list[str] = []
    for ch in text:
        if ch.isdigit() and out and out[-1][-1].isdigit():
            out[-1] += ch  # a footnote number stays on one line
        else:
            out.append(ch)
    return "\n".join(out)


@dataclass
class FormCanvas(Canvas):
    """A Canvas that keeps room at the foot of a page for the footnotes of what is printed on it."""

    footnotes: dict[int, str] = field(default_factory=dict)     # number -> text
    note_size: float = 7.5
    reserve: dict[int, float] = field(default_factory=dict)     # page index -> points kept for notes
    pending: dict[int, list[str]] = field(default_factory=dict)  # page index -> note lines to print
    seen: set[str] = field(default_factory=set)                  # note lines given a page already

    @property
    def bottom(self) -> float:
        """-> lowest y a line may reach on the current page, above its footnotes."""
        assert self.page is not None
        return self.page.rect.height - self.margins[3] - self.reserve.get(self.page.number, 0.0)

    def new_page(self, landscape: bool | None = None) -> pymupdf.Page:
        """Print the footnotes of the page being left, then start a fresh one."""
        self.draw_notes()
        return super().new_page(landscape)

    def note_texts(self, numbers: tuple[int, ...], texts: tuple[str, ...] = ()) -> list[str]:
        """Footnote numbers (+ legend lines) -> the lines still to print on this page (each note once)."""
        wanted = [f"{n} {self.footnotes[n]}" for n in numbers if n in self.footnotes] + list(texts)
        return [t for t in wanted if t not in self.seen]

    def notes_height(self, notes: list[str]) -> float:
        """-> the height `notes` take at the foot of a page (a short rule above the first)."""
        if not notes:
            return 0.0
        lh = self.note_size * NOTE_LF
        width = self.width
        n = sum(len(wrap(t, width, self.body_font, self.note_size)) for t in notes)
        return n * lh + (0 if self.pending.get(self.page.number if self.page else -1) else 8.0)

    def add_notes(self, notes: list[str]) -> None:
        """Keep room for `notes` at the foot of the current page and print them when the page is left."""
        if not notes or self.page is None:
            return
        self.reserve[self.page.number] = self.reserve.get(self.page.number, 0.0) + self.notes_height(notes)
        self.pending.setdefault(self.page.number, []).extend(notes)
        self.seen.update(notes)

    def draw_notes(self) -> None:
        """Print the current page's pending footnotes above its bottom margin."""
        if self.page is None or not self.pending.get(self.page.number):
            return
        lines = self.pending.pop(self.page.number)
        lh = self.note_size * NOTE_LF
        x0 = self.margins[0]
        y = self.page.rect.height - self.margins[3] - self.reserve.get(self.page.number, 0.0) + 4.0
        self.page.draw_line((x0, y), (x0 + self.width / 3, y), width=0.5)
        y += 4.0
        for note in lines:
            for line in wrap(note, self.width, self.body_font, self.note_size):
                self.text(x0, y + self.note_size, line, self.body_font, self.note_size)
                y += lh


def _layout(cv: Canvas, cells: list[Cell], widths: list[float], x0: float, width: float, key: str,
            size: float) -> list[tuple[float, float, list[str], Cell]]:
    """Cells and relative widths inside [x0, x0 + width] -> (x, width, wrapped lines, cell)."""
    total = sum(widths)
    out = []
    x = x0
    for cell, w in zip(cells, widths, strict=True):
        cw = w / total * width
        lines: list[str] = []
        for para in cell.text.split("\n"):
            lines += wrap(para, cw - 2 * PAD, key, size)
        out.append((x, cw, lines, cell))
        x += cw
    return out


def _cell(cv: Canvas, x: float, y: float, w: float, h: float, lines: list[str], cell: Cell, key: str,
          size: float, middle: bool = True) -> None:
    """Draw one cell's border and lines (centred vertically unless top-aligned)."""
    assert cv.page is not None
    lh = size * LF
    cv.page.draw_rect(pymupdf.Rect(x, y, x + w, y + h), color=(0, 0, 0), width=cv.border)
    top = y + PAD
    if cell.valign == "middle" and middle:
        top = y + (h - len(lines) * lh) / 2
    for i, line in enumerate(lines):
        tx = x + PAD if cell.align != "center" else x + (w - text_width(key, line, size)) / 2
        cv.text(tx, top + i * lh + size * 0.98 + (lh - size) / 2 - 0.5, line, key, size, cell.bold)


def _place(cv: Canvas, cells: list[Cell]) -> None:
    """Record the page of every truth key printed in `cells`."""
    for cell in cells:
        if cell.key:
            cv.placed.setdefault(cell.key, cv.pno)


def draw_row(cv: FormCanvas, row: Row, size: float, key: str) -> None:
    """One row across the table; a tall row continues on the next page (its cells' lines split)."""
    lh = size * LF
    cols = _layout(cv, row.cells, row.widths, cv.margins[0], cv.width, key, size)
    need = max(len(lines) for _, _, lines, _ in cols) * lh + 2 * PAD
    notes = cv.note_texts(row.notes)
    avail = cv.bottom - cv.y - cv.notes_height(notes)
    if need > avail and (need < 4 * lh + 2 * PAD or avail < 3 * lh + 2 * PAD):
        cv.new_page()
    cv.add_notes(cv.note_texts(row.notes))
    _place(cv, row.cells)
    remaining = [lines for _, _, lines, _ in cols]
    while True:
        fit = max(1, int((cv.bottom - cv.y - 2 * PAD) // lh))
        n = max(len(x) for x in remaining)
        take = min(n, fit)
        height = take * lh + 2 * PAD
        for (x, w, _, cell), lines in zip(cols, remaining, strict=True):
            _cell(cv, x, cv.y, w, height, lines[:take], cell, key, size, middle=take == n)
        remaining = [lines[take:] for lines in remaining]
        cv.y += height
        if not any(remaining):
            return
        cv.new_page()


def draw_block(cv: FormCanvas, block: Block, size: float, key: str) -> None:
    """A merged cell and its rows; kept on one page unless `split` (then broken between two rows, the
    merged cell's lines shared out over the parts)."""
    lh = size * LF
    x0 = cv.margins[0]
    lw = block.share * cv.width
    label_lines = [ln for para in block.label.text.split("\n") for ln in wrap(para, lw - 2 * PAD, key, size)]
    laid = [_layout(cv, r.cells, r.widths, x0 + lw, cv.width - lw, key, size) for r in block.rows]
    heights = [max(len(lines) for _, _, lines, _ in cols) * lh + 2 * PAD for cols in laid]
    heights[-1] += max(0.0, len(label_lines) * lh + 2 * PAD - sum(heights))
    notes = cv.note_texts(block.notes, block.texts)
    avail = cv.bottom - cv.y - cv.notes_height(notes)
    if sum(heights) > avail and (not block.split or heights[0] > avail):
        cv.new_page()
    cv.add_notes(cv.note_texts(block.notes, block.texts))
    _place(cv, [block.label])
    start = 0
    left = list(label_lines)
    while start < len(block.rows):
        end = start
        used = 0.0
        while end < len(block.rows) and cv.y + used + heights[end] <= cv.bottom + 0.01:
            used += heights[end]
            end += 1
        if end == start:  # not even one row fits (split blocks only): go on on a fresh page
            cv.new_page()
            continue
        last = end == len(block.rows)
        take = len(left) if last else min(len(left), max(0, int((used - 2 * PAD) // lh)))
        _cell(cv, x0, cv.y, lw, used, left[:take], block.label, key, size)
        left = left[take:]
        y = cv.y
        for r in range(start, end):
            _place(cv, block.rows[r].cells)
            for x, w, lines, cell in laid[r]:
                _cell(cv, x, y, w, heights[r], lines, cell, key, size)
            y += heights[r]
        cv.y = y
        start = end
        if start < len(block.rows):
            cv.new_page()


def draw_form_table(cv: FormCanvas, items: list[Row | Block], size: float, key: str) -> None:
    """Rows and blocks drawn one under the other as one ruled table."""
    cv.ensure(size * 3)
    for item in items:
        if isinstance(item, Block):
            draw_block(cv, item, size, key)
        else:
            draw_row(cv, item, size, key)
