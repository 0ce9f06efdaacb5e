"""A small flowing layout engine on PyMuPDF: wrapped paragraphs and bordered tables across pages.

Why our own: the renderer must know, for the ground truth, on which page every field, 附1 row and
narrative heading lands, and where each seal line sits. Coordinates are PDF points, top-left origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pymupdf

from samples.fonts import MARKS
from samples.fonts import font as _font

A4 = (595.0, 842.0)


@cache
def char_width(key: str, ch: str) -> float:
    """Font key and one character -> its advance at size 1 (☐/☑ the body fonts lack: the marks font's)."""
    f = _font(key)
    if ch in MARKS and not f.has_glyph(ord(ch)):
        f = _font("marks")
    return f.text_length(ch, fontsize=1)


def text_width(key: str, text: str, size: float) -> float:
    """Font key, text and size -> printed width in points."""
    return sum(char_width(key, c) for c in text) * size


def wrap(text: str, width: float, key: str, size: float) -> list[str]:
    """One paragraph -> lines no wider than `width`; Latin/digit runs are not split unless too long."""
    lines: list[str] = []
    line, w = "", 0.0
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isascii() and text[i].isalnum():
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in ".-/%_"):
                j += 1
        token = text[i:j]
        tw = text_width(key, token, size)
        if w + tw > width and line:
            if tw > width:  # a run longer than the line: split it by character
                for ch in token:
                    cw = char_width(key, ch) * size
                    if w + cw > width and line:
                        lines.append(line)
                        line, w = "", 0.0
                    line += ch
                    w += cw
                i = j
                continue
            # keep closing punctuation off the start of a line (Chinese typesetting rule)
            if token in "，。；：、）》”！？" and line:
                line += token
                lines.append(line)
                line, w = "", 0.0
                i = j
                continue
            lines.append(line)
            line, w = "", 0.0
        line += token
        w += tw
        i = j
    if line or not lines:
        lines.append(line)
    return lines


@dataclass
class Cell:
    """One table cell: text, span, alignment, weight."""

    text: str = ""
    span: int = 1
    align: str = "left"        # left | center
    bold: bool = False
    fill: tuple[float, float, float] | None = None
    valign: str = "middle"     # middle | top
    key: str | None = None     # a truth field path placed in this cell (for provenance)


@dataclass
class Canvas:
    """A document being laid out: current page, cursor, font keys and sizes from the style."""

    doc: pymupdf.Document
    margins: tuple[float, float, float, float]
    body_font: str = "song"
    line_factor: float = 1.6
    border: float = 0.6
    page: pymupdf.Page | None = None
    y: float = 0.0
    landscape: bool = False
    placed: dict[str, int] = field(default_factory=dict)    # truth path -> 1-based page
    writer: pymupdf.TextWriter | None = None
    writer_key: tuple[int, str, bool] | None = None
    mark_font: bool = False                                 # draw ☐/☑/√ in the marks font, after the page's text
    marks: dict[int, pymupdf.TextWriter] = field(default_factory=dict)

    @property
    def pno(self) -> int:
        """-> the current page, 1-based."""
        return self.page.number + 1 if self.page is not None else 0

    @property
    def width(self) -> float:
        """-> usable width of the current page."""
        assert self.page is not None
        return self.page.rect.width - self.margins[0] - self.margins[2]

    @property
    def bottom(self) -> float:
        """-> lowest y a line may reach on the current page."""
        assert self.page is not None
        return self.page.rect.height - self.margins[3]

    def new_page(self, landscape: bool | None = None) -> pymupdf.Page:
        """-> a fresh page (landscape keeps the current orientation when None)."""
        if landscape is not None:
            self.landscape = landscape
        w, h = (A4[1], A4[0]) if self.landscape else A4
        self.page = self.doc.new_page(width=w, height=h)
        self.y = self.margins[1]
        return self.page

    def ensure(self, height: float) -> None:
        """Start a new page when `height` does not fit below the cursor."""
        if self.page is None or self.y + height > self.bottom:
            self.new_page()

    def text(self, x: float, baseline: float, s: str, key: str | None = None, size: float = 10.5,
             bold: bool = False, color: tuple[float, float, float] = (0, 0, 0)) -> pymupdf.Rect:
        """Draw one line at a baseline -> its bounding box."""
        assert self.page is not None
        key = key or self.body_font
        if self.mark_font and any(c in MARKS for c in s):
            return self._text_with_marks(x, baseline, s, key, size, bold, color)
        wkey = (self.page.number, key, bold)
        if wkey != self.writer_key:  # keep the content stream in reading order: one run per font/weight
            self.flush()
            self.writer, self.writer_key = pymupdf.TextWriter(self.page.rect, color=color), wkey
        assert self.writer is not None
        self.writer.append((x, baseline), s, font=_font(key), fontsize=size)
        return pymupdf.Rect(x, baseline - size * 0.88, x + text_width(key, s, size), baseline + size * 0.12)

    def _text_with_marks(self, x: float, baseline: float, s: str, key: str, size: float, bold: bool,
                         color: tuple[float, float, float]) -> pymupdf.Rect:
        """Draw a line whose ☐/☑/√ go to the page's marks run (written later, in another font) -> its box."""
        assert self.page is not None
        x0, run = x, ""
        for ch in s + "\0":
            if ch in MARKS or ch == "\0":
                if run:
                    x = self.text(x, baseline, run, key, size, bold, color).x1
                    run = ""
                if ch in MARKS:
                    tw = self.marks.setdefault(self.page.number, pymupdf.TextWriter(self.page.rect, color=color))
                    tw.append((x, baseline), ch, font=_font("marks"), fontsize=size)
                    x += char_width("marks", ch) * size
            else:
                run += ch
        return pymupdf.Rect(x0, baseline - size * 0.88, x, baseline + size * 0.12)

    def flush_marks(self) -> None:
        """Write every page's pending ☐/☑/√ run after the page's text."""
        self.flush()
        for pno, tw in sorted(self.marks.items()):
            tw.write_text(self.doc[pno])
        self.marks.clear()

    def paragraph(self, s: str, size: float, key: str | None = None, indent: float = 0.0, first: float = 0.0,
                  align: str = "left", bold: bool = False, after: float = 0.0, lf: float | None = None) -> int:
        """Flow one paragraph from the cursor (page breaks as needed) -> the page it starts on."""
        key = key or self.body_font
        lh = size * (lf or self.line_factor)
        self.ensure(lh)
        start = self.pno
        x0 = self.margins[0] + indent
        width = self.width - indent
        lines = wrap(s, width - first, key, size)
        if first and len(lines) > 1:  # re-wrap the rest at full width
            rest = "".join(lines[1:])
            lines = [lines[0], *wrap(rest, width, key, size)]
        for n, line in enumerate(lines):
            self.ensure(lh)
            x = x0 + (first if n == 0 else 0)
            if align == "center":
                x = self.margins[0] + (self.width - text_width(key, line, size)) / 2
            self.text(x, self.y + size, line, key, size, bold)
            self.y += lh
        self.y += after
        return start

    def table(self, rows: list[list[Cell]], widths: list[float], size: float, key: str | None = None,
              pad: float = 3.0, header: int = 0, lf: float = 1.35, min_h: float = 0.0, split_any: bool = False,
              repeat_header: bool = True) -> list[int]:
        """Draw rows of cells with borders, splitting tall rows across pages -> start page of each row.

        `widths` are relative (a row with another number of cells shares out all but the first column
        evenly); `header` rows are repeated after a page break unless `repeat_header` is False;
        `split_any` splits any row that does not fit once two of its lines fit (else only tall rows).
        """
        key = key or self.body_font
        self.ensure(size * 3)
        total = sum(widths)
        lh = size * lf
        pages: list[int] = []
        head_rows = rows[:header] if repeat_header else []
        for r, row in enumerate(rows):
            cols = self._layout(row, widths, total, key, size, pad)
            need = max(len(lines) for _, _, lines, _ in cols) * lh + 2 * pad
            need = max(need, min_h)
            avail = self.bottom - self.y
            if split_any:
                too_small = need > avail and avail < 2 * lh + 2 * pad
            else:
                too_small = need > avail and (need < 4 * lh + 2 * pad or avail < 3 * lh + 2 * pad)
            if too_small:
                self._break(head_rows if r >= header else [], widths, size, key, pad, lf, min_h)
            pages.append(self.pno)
            for cell in row:
                if cell.key:
                    self.placed.setdefault(cell.key, self.pno)
            self._draw_row(cols, lh, pad, size, key, min_h, head_rows if r >= header else [], widths, lf)
        return pages

    def _layout(self, row: list[Cell], widths: list[float], total: float, key: str, size: float,
                pad: float) -> list[tuple[float, float, list[str], Cell]]:
        """Cells -> (x, width, wrapped lines, cell) using the relative widths and spans."""
        out = []
        x = self.margins[0]
        c = 0
        n_cols = sum(cell.span for cell in row)
        if n_cols != len(widths) and n_cols > 1:
            widths = [widths[0], *[(total - widths[0]) / (n_cols - 1)] * (n_cols - 1)]
        for cell in row:
            w = sum(widths[c:c + cell.span]) / total * self.width
            lines: list[str] = []
            for para in cell.text.split("\n"):
                lines += wrap(para, w - 2 * pad, key, size)
            out.append((x, w, lines, cell))
            x += w
            c += cell.span
        return out

    def _break(self, head_rows: list[list[Cell]], widths: list[float], size: float, key: str, pad: float,
               lf: float, min_h: float) -> None:
        """New page, then repeat the header rows."""
        self.new_page()
        for hr in head_rows:
            cols = self._layout(hr, widths, sum(widths), key, size, pad)
            self._draw_row(cols, size * lf, pad, size, key, min_h, [], widths, lf)

    def _draw_row(self, cols: list[tuple[float, float, list[str], Cell]], lh: float, pad: float, size: float,
                  key: str, min_h: float, head_rows: list[list[Cell]], widths: list[float], lf: float) -> None:
        """Draw one row from the cursor; when it does not fit, draw what fits and continue on a new page."""
        assert self.page is not None
        remaining = [lines for _, _, lines, _ in cols]
        first_part = True
        while True:
            avail = self.bottom - self.y - 2 * pad
            fit_n = max(1, int(avail // lh))
            n = max(len(x) for x in remaining)
            take = min(n, fit_n)
            height = max(take * lh + 2 * pad, min_h if first_part and take == n else 0)
            for (x, w, _, cell), lines in zip(cols, remaining, strict=True):
                part = lines[:take]
                rect = pymupdf.Rect(x, self.y, x + w, self.y + height)
                if cell.fill:
                    self.page.draw_rect(rect, color=None, fill=cell.fill, width=0)
                self.page.draw_rect(rect, color=(0, 0, 0), width=self.border)
                top = self.y + pad
                if cell.valign == "middle" and take == n:
                    top = self.y + (height - len(part) * lh) / 2
                for i, line in enumerate(part):
                    tx = x + pad
                    if cell.align == "center":
                        tx = x + (w - text_width(key, line, size)) / 2
                    self.text(tx, top + i * lh + size * 0.98 + (lh - size) / 2 - 0.5, line, key, size, cell.bold)
            remaining = [lines[take:] for lines in remaining]
            self.y += height
            first_part = False
            if not any(remaining):
                return
            self._break(head_rows, widths, size, key, pad, lf, min_h)

    def footer(self, fmt: str, key: str, size: float, skip_first: bool) -> None:
        """Number every page in its footer (optionally not the cover)."""
        for page in self.doc:
            n = page.number + 1
            if skip_first and n == 1:
                continue
            label = fmt.format(n=n - (1 if skip_first else 0))
            self.page = page
            x = (page.rect.width - text_width(key, label, size)) / 2
            self.text(x, page.rect.height - self.margins[3] / 2, label, key, size)

    def flush(self) -> None:
        """Write the pending run of text to its page."""
        if self.writer is not None and self.writer_key is not None:
            self.writer.write_text(self.doc[self.writer_key[0]], render_mode=2 if self.writer_key[2] else 0)
        self.writer, self.writer_key = None, None
