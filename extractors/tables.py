"""Rebuild table grids from ruling lines and place words into cells.

Works the same for vector rules (text pages) and for rules found on scan images (OCR pages):
rules are snapped into grid lines, elementary cells are merged where no rule separates them
(so merged cells and row spans come out as one cell), then every word goes to the cell holding
its centre.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extractors.page import PageContent, Segment, Word
from extractors.text_join import join_words

SNAP = 2.5  # pt: rules closer than this are one grid line (double borders, anti-aliasing)
GAP = 3.0  # pt: a rule must reach within this of a crossing to count as touching it
MIN_SCAN_TABLE_WIDTH = 0.45  # share of the page width a table on a scanned page must span


@dataclass
class Cell:
    """One (possibly merged) cell: grid span, box, words and their joined text."""

    row: int
    col: int
    row_end: int  # inclusive
    col_end: int  # inclusive
    bbox: tuple[float, float, float, float]
    words: list[Word] = field(default_factory=list)
    text: str = ""


@dataclass
class Table:
    """A ruled table on one page: grid lines, cells, and the page number."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[Cell]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """Outer box of the grid."""
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        """Number of elementary rows."""
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        """Number of elementary columns."""
        return len(self.xs) - 1

    def row_cells(self, row: int) -> list[Cell]:
        """Elementary row -> the cells that cover it, left to right."""
        return sorted((c for c in self.cells if c.row <= row <= c.row_end), key=lambda c: c.col)


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted coordinates -> cluster means (values within tol of the previous one join it)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(pos, a, b) segments -> merged so that touching or overlapping pieces on one line join.

    Positions are clustered first (within SNAP), then the intervals of each line are merged.
    """
    lines: list[list[tuple[float, float, float]]] = []
    for seg in sorted(segs):
        if lines and seg[0] - lines[-1][-1][0] <= SNAP:
            lines[-1].append(seg)
        else:
            lines.append([seg])
    out: list[tuple[float, float, float]] = []
    for line in lines:
        pos = sum(s[0] for s in line) / len(line)
        cur: list[float] | None = None
        for _, a, b in sorted(line, key=lambda s: s[1]):
            if cur is not None and a <= cur[1] + GAP:
                cur[1] = max(cur[1], b)
            else:
                if cur is not None:
                    out.append((pos, cur[0], cur[1]))
                cur = [a, b]
        if cur is not None:
            out.append((pos, cur[0], cur[1]))
    return out


def _components(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]]) -> list[tuple[list, list]]:
    """Horizontal and vertical segments -> groups of mutually crossing segments (one per table)."""
    n = len(h) + len(v)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(h):
        for j, (x, y0, y1) in enumerate(v):
            if x0 - GAP <= x <= x1 + GAP and y0 - GAP <= y <= y1 + GAP:
                parent[find(i)] = find(len(h) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, s in enumerate(h):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, s in enumerate(v):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(s)
    return [g for g in groups.values() if len(g[1]) >= 2 and (len(g[0]) >= 2 or _open_row(*g))]


def _open_row(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]]) -> bool:
    """One horizontal rule crossed by vertical rules that reach well past it: a row whose other
    border is missing (the remainder of a row split over a page break)."""
    y = h[0][0]
    return sum(1 for _, y0, y1 in v if y0 < y - 8 or y1 > y + 8) >= 2


def _covers(segs: list[tuple[float, float, float]], pos: float, a: float, b: float) -> bool:
    """True when some segment lies on line `pos` and covers the middle of [a, b]."""
    mid = (a + b) / 2
    span = (b - a) * 0.3
    return any(abs(p - pos) <= SNAP and s0 <= mid - span + GAP and s1 >= mid + span - GAP for p, s0, s1 in segs)


def _grid(page: int, h: list, v: list) -> Table | None:
    """One group of crossing segments -> Table with merged cells (None when degenerate)."""
    ys = _cluster([s[0] for s in h], SNAP)
    xs = _cluster([s[0] for s in v], SNAP)
    if len(xs) < 2 or not ys:
        return None
    # A row split over a page break is often drawn open (no top or bottom border on the page
    # where it continues): the vertical rules then reach past the outer horizontal ones.
    top, bottom = min(s[1] for s in v), max(s[2] for s in v)
    if top < ys[0] - 4 * SNAP:
        ys.insert(0, top)
        h = [*h, (top, xs[0], xs[-1])]
    if bottom > ys[-1] + 4 * SNAP:
        ys.append(bottom)
        h = [*h, (bottom, xs[0], xs[-1])]
    if len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            k = parent[k]
        return k

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(v, xs[c + 1], ys[r], ys[r + 1]):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < nr and not _covers(h, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1, c))] = find((r, c))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        spans.setdefault(find(k), []).append(k)
    cells = []
    for members in spans.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        cells.append(Cell(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(page=page, xs=xs, ys=ys, cells=cells)


def split_rules(rules: list[Segment]) -> tuple[list, list]:
    """Segments -> merged horizontal (y, x0, x1) and vertical (x, y0, y1) lists."""
    h = [(s.y0, min(s.x0, s.x1), max(s.x0, s.x1)) for s in rules if s.horizontal]
    v = [(s.x0, min(s.y0, s.y1), max(s.y0, s.y1)) for s in rules if not s.horizontal]
    return _merge_collinear(h), _merge_collinear(v)


def find_tables(page: PageContent) -> tuple[list[Table], list[Word]]:
    """Page -> its ruled tables (words placed into cells) and the words outside every table."""
    h, v = split_rules(page.rules)
    tables = [t for g in _components(h, v) if (t := _grid(page.number, *g)) is not None]
    if page.source == "ocr":
        # on scans, underlines, stamps and glyph strokes can form small 'grids': form tables span the
        # text width
        tables = [t for t in tables if t.bbox[2] - t.bbox[0] >= MIN_SCAN_TABLE_WIDTH * page.width]
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    outside = []
    for w in split_at_rules(page.words, v):
        cell = _cell_at(tables, w.cx, w.cy)
        if cell is None:
            outside.append(w)
        else:
            cell.words.append(w)
    for t in tables:
        for c in t.cells:
            c.text = join_words(c.words)
    return tables, outside


_HANGING = "，。；：、）》」』”’！？,.;:)!?"


def _char_width(ch: str) -> float:
    """Relative advance of a character: CJK and full-width 1, Latin and digits about half."""
    return 1.0 if ord(ch) > 0x2E80 else 0.55


def split_word(w: Word, x: float) -> tuple[Word, Word] | None:
    """Word crossing x -> its two parts, cut between the characters nearest x (None if no cut)."""
    widths = [_char_width(c) for c in w.text]
    total = sum(widths) or 1.0
    acc, cut = 0.0, 0
    for i, cw in enumerate(widths):
        if w.x0 + (acc + cw / 2) / total * (w.x1 - w.x0) > x:
            break
        acc += cw
        cut = i + 1
    if cut == 0 or cut == len(w.text):
        return None
    xm = w.x0 + acc / total * (w.x1 - w.x0)
    left = replace(w, x1=xm, text=w.text[:cut])
    right = replace(w, x0=xm, text=w.text[cut:].lstrip())
    return left, right


def split_at_rules(words: list[Word], v: list[tuple[float, float, float]]) -> list[Word]:
    """Words -> words cut where a vertical rule crosses them (text runs merged across cells)."""
    out = []
    for w in words:
        todo = [w]
        while todo:
            cur = todo.pop()
            parts = None
            for x, y0, y1 in v:
                if cur.x0 + 2 < x < cur.x1 - 2 and y0 <= cur.cy <= y1:
                    parts = split_word(cur, x)
                    if parts is not None and len(parts[1].text) == 1 and parts[1].text in _HANGING:
                        parts = None  # punctuation hung past the rule (line-end rule) stays in its cell
                    if parts is not None:
                        break
            if parts is None:
                out.append(cur)
            else:
                todo.extend(p for p in parts if p.text)
    return out


def _cell_at(tables: list[Table], x: float, y: float) -> Cell | None:
    """Point -> the cell containing it, if any."""
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        if x0 <= x <= x1 and y0 <= y <= y1:
            for c in t.cells:
                if c.bbox[0] <= x <= c.bbox[2] and c.bbox[1] <= y <= c.bbox[3]:
                    return c
    return None
