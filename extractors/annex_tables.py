"""Rows of the annex tables (附1, 附2, 附3–附7) across page breaks, with columns found by header labels."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.document_index import Document, label_key
from extractors.sections import Heading
from extractors.tables import Cell, Table


@dataclass
class Row:
    """One table row: page, {column key: text}, the cells, and whether it opened a new table."""

    page: int
    values: dict[str, str]
    cells: list[Cell]
    first_of_table: bool


Columns = list[tuple[float, float, str]]  # (x0, x1, key)


def tables_between(doc: Document, headings: list[Heading], key: str) -> list[Table]:
    """Annex heading key ('附1') -> the tables after it and before the next heading."""
    ordered = sorted(headings, key=lambda h: h.order)
    idx = next((i for i, h in enumerate(ordered) if h.key == key), None)
    if idx is None:
        return []
    start = ordered[idx].line
    nxt = ordered[idx + 1].line if idx + 1 < len(ordered) else None
    out = []
    for t in doc.tables:
        pos = (t.page, t.ys[0])
        if pos < (start.page, start.bbox[1]):
            continue
        if nxt is not None and pos >= (nxt.page, nxt.bbox[1]):
            continue
        out.append(t)
    return out


Labels = dict[str, str] | dict[str, str | list[str]]


def _variants(labels: Labels) -> list[tuple[str, str]]:
    """{key: label or [labels]} -> [(key, label key)] in order, most specific first."""
    out = []
    for key, lb in labels.items():
        for one in [lb] if isinstance(lb, str) else lb:
            out.append((key, label_key(one)))
    return sorted(out, key=lambda kv: -len(kv[1]))


def match_column(text: str, labels: Labels, cutoff: float = 80.0) -> str | None:
    """Header cell text -> column key (exact or prefix match on label variants, then fuzzy)."""
    k = label_key(text)
    if not k:
        return None
    variants = _variants(labels)
    for key, lk in variants:
        if k == lk or (len(lk) >= 2 and k.startswith(lk)):
            return key
    best = max(((fuzz.ratio(k, lk), key) for key, lk in variants), default=(0, None))
    return best[1] if best[0] >= cutoff else None


def header_columns(table: Table, row: int, labels: Labels) -> Columns | None:
    """A header row -> column x-ranges with keys (None when fewer than two labels match)."""
    cols = []
    for c in table.row_cells(row):
        key = match_column(c.text, labels)
        if key:
            cols.append((c.bbox[0], c.bbox[2], key))
    return cols if len(cols) >= 2 else None


def assign(cells: list[Cell], cols: Columns) -> dict[str, str]:
    """Row cells + column ranges -> {key: text} by each cell's horizontal centre."""
    out: dict[str, str] = {}
    for c in cells:
        cx = (c.bbox[0] + c.bbox[2]) / 2
        for x0, x1, key in cols:
            if x0 - 2 <= cx <= x1 + 2:
                out[key] = (out[key] + " " + c.text).strip() if key in out else c.text
                break
    return out


def merge_header(previous: Columns, repeated: Columns) -> Columns:
    """Header of the page before + the header repeated on a new page -> the new page's columns, with the
    columns whose labels OCR lost there (「序号」, 「环节名称」 on a scan) kept from the page before, where they
    do not overlap a column the repeated header names."""
    keys = {k for _, _, k in repeated}

    def overlaps(a: tuple[float, float, str], b: tuple[float, float, str]) -> bool:
        inter = min(a[1], b[1]) - max(a[0], b[0])
        return inter > 0.5 * min(a[1] - a[0], b[1] - b[0])

    kept = [c for c in previous if c[2] not in keys and not any(overlaps(c, n) for n in repeated)]
    return sorted([*repeated, *kept], key=lambda c: c[0])


def rows_with_header(tables: list[Table], labels: Labels) -> list[Row]:
    """Tables of one annex (maybe over several pages) -> data rows keyed by column.

    A table without a header row continues the previous one (the header is not always repeated
    after a page break); header rows are recognised on every page and skipped.
    """
    cols: Columns | None = None
    out: list[Row] = []
    for t in tables:
        first = True
        for r in range(t.n_rows):
            head = header_columns(t, r, labels)
            if head and (cols is None or len(head) >= max(2, len(cols) // 2)):
                cols = head if cols is None else merge_header(cols, head)
                continue
            if cols is None:
                continue
            cells = [c for c in t.row_cells(r) if c.row == r]
            if not cells:
                continue
            out.append(Row(t.page, assign(cells, cols), cells, first))
            first = False
    return out
