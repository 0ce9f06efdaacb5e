"""Scene instances: 附1 rows (across page breaks), 附2 lists per instance, narrative per instance."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from catalog.reference import Form, default_form
from extractors.annex_tables import Row, rows_with_header, tables_between
from extractors.document_index import Document, label_key
from extractors.sections import Heading
from extractors.text_join import join_wrapped
from model.submission import Instance, Item
from model.text import normalize_text

_INDEX = re.compile(r"^\s*(\d{1,3})\s*$")
ANNEX1_FIELDS = ("declared_link", "declared_scene", "name", "description", "pain_points", "solution",
                 "safeguards", "results", "other", "economics")


def _join(a: str | None, b: str | None) -> str | None:
    """Text split over a page break -> one text."""
    if not a:
        return b or None
    if not b:
        return a
    return normalize_text(join_wrapped([a, b]))


def _link_cut(prev: str | None, cur: str | None, links: frozenset[str]) -> bool:
    """True when a link name printed as prev + cur is a catalog link and prev alone is less of one
    ('生产作' + '业'): the row was broken by a page break inside its 环节名称 cell."""
    if not links or not prev or not cur:
        return False
    p, joined = prev.replace(" ", ""), (prev + cur).replace(" ", "")

    def best(text: str) -> float:
        return max(fuzz.ratio(text, link) for link in links)

    return best(joined) >= 85 and best(joined) > best(p)


def _is_example(row: Row, form: Form) -> bool:
    """True for the 示例 row the form prints under the 附1 header (by its 序号, or its instance name when a
    scan lost the 序号 cell)."""
    example = form.annex1_example
    if example is None:
        return False
    index = label_key(row.values.get("index", "") or "")
    if index == example.marker:
        return True
    if any(ch.isdigit() for ch in index):   # a numbered row is the applicant's own, even with the example's name
        return False
    name = (row.values.get("name") or "").replace(" ", "")
    return len(name) >= 4 and fuzz.ratio(name, example.name) >= 85


def read_annex1(doc: Document, headings: list[Heading], form: Form,
                links: frozenset[str] = frozenset()) -> tuple[list[Instance], list[str]]:
    """附1 tables (+ the guide's link names) -> instances (page per row; rows continued over a page
    break are merged) + problems."""
    labels = {c.key: c.label for c in form.annex1_columns}
    rows = rows_with_header(tables_between(doc, headings, form.annex_key(1)), labels)
    text_pages = {p.number for p in doc.pages if p.source == "text"}
    raw: list[dict] = []
    problems: list[str] = []
    for row in rows:
        idx_text = row.values.get("index", "").replace(" ", "")
        if _is_example(row, form):
            continue  # the form's 示例 row
        m = _INDEX.match(idx_text)
        # OCR may miss a lone digit: a row that names its link and its instance starts a new one (the
        # remainder of a row split by a page break carries only the tails of the long cells)
        starts_row = bool(row.values.get("declared_link") and (row.values.get("name") or row.values.get("declared_scene")))
        # A text layer never loses a printed 序号: an unnumbered first row on a new page is the rest of
        # the row cut by the page break, even when it carries the tails of every cell (Word, WPS and
        # LibreOffice break a row wherever a line still fits, without repeating the 序号).
        # On a scan the 序号 may be misread; there a page-top row continues the one above when their
        # 环节名称 pieces only make a link name together.
        continued = bool(raw) and row.first_of_table and (
            row.page in text_pages or _link_cut(raw[-1]["declared_link"], row.values.get("declared_link"), links))
        if m or (not idx_text and starts_row and not continued
                 and (not raw or not row.first_of_table or not raw[-1]["name"] or row.values.get("name"))):
            n = int(m.group(1)) if m else (raw[-1]["index"] + 1 if raw else 1)
            if raw and n != raw[-1]["index"] + 1:
                problems.append(f"序号不连续：{raw[-1]['index']} 之后为 {n}（第{row.page}页）")
            raw.append({"index": n, "page": row.page, **{k: row.values.get(k) or None for k in ANNEX1_FIELDS}})
        elif not idx_text and raw and any(row.values.get(k) for k in ANNEX1_FIELDS):
            for k in ANNEX1_FIELDS:  # continuation of the previous row after a page break
                raw[-1][k] = _join(raw[-1][k], row.values.get(k))
        # else: the template's 示例 row or an empty row
    return [Instance(**r) for r in raw], problems


def read_annex2(doc: Document, headings: list[Heading],
                form: Form | None = None) -> list[tuple[str, int, dict[str, list[Item]]]]:
    """附2 tables -> [(instance name as printed, page, {equipment|software|processes|technologies: items})];
    the lists and their columns are the form's `annex2`, each recognised by the label of its first column."""
    form = form or default_form()
    item_labels = form.annex2.lists
    mode_of = {next(iter(cols.values())): key for key, cols in item_labels.items()}
    instance_key = label_key(form.annex2.instance_label)
    blocks: list[tuple[str, int, dict[str, list[Item]]]] = []
    mode: str | None = None
    cols: list[tuple[float, float, str]] = []
    for t in tables_between(doc, headings, form.annex_key(2)):
        for r in range(t.n_rows):
            cells = [c for c in t.row_cells(r) if c.row == r] or t.row_cells(r)
            first = label_key(cells[0].text) if cells else ""
            if instance_key in first:
                name = cells[1].text if len(cells) > 1 else ""
                blocks.append((name, t.page, {k: [] for k in item_labels}))
                mode = None
                continue
            new_mode = next((m for lb, m in mode_of.items() if first.startswith(lb)), None)
            if new_mode:
                mode = new_mode
                cols = _item_columns(cells, item_labels[mode])
                continue
            if mode is None or not blocks or not cols:
                continue
            text = " ".join(c.text for c in cells).strip()
            if not text or (text.startswith(("（", "(")) and text.endswith(("）", ")"))):
                continue  # empty row or the form's hint (在系统中选择…)
            values = _assign(cells, cols)
            items = blocks[-1][2][mode]
            if r == 0 and items and not values.get(next(iter(item_labels[mode]))):
                # the rest of the last row, cut by a page break (its first column already printed)
                last = items[-1]
                items[-1] = last.model_copy(update={k: _join(getattr(last, k), values.get(k)) for k in values})
                continue
            if values.get("name"):
                blocks[-1][2][mode].append(Item(**{k: values.get(k) or None for k in item_labels[mode]}
                                                | {"name": values["name"]}))
    return blocks


def _item_columns(cells: list, labels: dict[str, str]) -> list[tuple[float, float, str]]:
    """Header cells of one 附2 list -> column ranges (by label, else by position)."""
    cols = []
    keys = list(labels)
    for i, c in enumerate(cells):
        k = label_key(c.text)
        key = next((key for key, lb in labels.items() if k and (k == label_key(lb) or k.startswith(label_key(lb)))), None)
        if key is None and i < len(keys):
            key = keys[i]
        if key:
            cols.append((c.bbox[0], c.bbox[2], key))
    return cols


def _assign(cells: list, cols: list[tuple[float, float, str]]) -> dict[str, str]:
    """Row cells -> {key: text} by horizontal centre."""
    out: dict[str, str] = {}
    for c in cells:
        cx = (c.bbox[0] + c.bbox[2]) / 2
        for x0, x1, key in cols:
            if x0 - 2 <= cx <= x1 + 2:
                out[key] = c.text
                break
    return out


def rows_for_debug(rows: list[Row]) -> list[dict[str, str]]:
    """Rows -> plain dicts (for debugging output)."""
    return [r.values | {"page": str(r.page)} for r in rows]
