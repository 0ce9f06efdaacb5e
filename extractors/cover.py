"""The cover page: declaration type, 项目名称, 申报单位, 推荐单位, 申报日期 (read by their labels)."""

from __future__ import annotations

import re

from extractors.layout import Document, TextLine, cell_right
from extractors.text_join import join_wrapped
from model.submission import DeclarationType, Location
from model.values import parse_date

COVER_LABELS = {"project_name": "项目名称", "applicant": "申报单位", "recommender": "推荐单位",
                "declared_on": "申报日期"}
_STAMP = re.compile(r"[（(]?\s*盖\s*章\s*[)）]?")  # OCR often loses the brackets
_TYPES: tuple[DeclarationType, ...] = ("优秀场景", "示范工厂")


def detect_type(doc: Document) -> DeclarationType | None:
    """Document -> '优秀场景' / '示范工厂' from the title, else from 示范工厂-only labels."""
    for ln in doc.lines_of(1, 3):
        flat = ln.text.replace(" ", "")
        for t in _TYPES:
            if f"（{t}）" in flat or f"({t})" in flat or flat.endswith(t):
                return t
    flat_all = "".join(c.text for t in doc.tables_of(1, 8) for c in t.cells).replace(" ", "")
    if "揭榜任务" in flat_all:
        return "示范工厂"
    return "优秀场景" if flat_all else None


def cover_page(doc: Document) -> int:
    """Document -> number of the cover page (the first page that prints 项目名称 / 申报单位)."""
    for ln in doc.lines:
        flat = ln.text.replace(" ", "")
        if flat.startswith("项目名称") or flat.startswith("申报单位"):
            return ln.page
    for t in doc.tables:
        if any(c.text.replace(" ", "").startswith(("项目名称", "申报单位")) for c in t.cells):
            return t.page
    return doc.pages[0].number if doc.pages else 1


def _is_label(ln: TextLine) -> bool:
    """True when a cover line starts with one of the cover labels."""
    flat = ln.text.replace(" ", "")
    return any(flat.startswith(v) for v in COVER_LABELS.values())


def _value_after(lines: list[TextLine], i: int, label: str) -> tuple[str, TextLine]:
    """Line i starts with label -> its value: the rest of the line plus wrapped lines aligned under it."""
    ln = lines[i]
    rest = re.sub(rf"^\s*{' ?'.join(label)}\s*[：:]?\s*", "", ln.text)
    parts = [rest] if rest.strip() else []
    value_x = next((w.x0 for w in ln.words if not any(ch in w.text for ch in label[:2])), None)
    if value_x is None and rest.strip():
        # label and value read as one word (OCR): the value starts after the label and its colon
        char_w = (ln.bbox[2] - ln.bbox[0]) / max(len(ln.text.replace(" ", "")), 1)
        value_x = ln.bbox[0] + (len(label) + 1) * char_w
    height = max(ln.bbox[3] - ln.bbox[1], 1.0)
    prev = ln
    for nxt in lines[i + 1:]:
        if _is_label(nxt) or nxt.bbox[1] - prev.bbox[3] > 2.5 * height:
            break
        flat = _STAMP.sub("", nxt.text).strip()
        if not flat or "盖章" in flat or ("盖" in flat and len(flat) <= 5):
            continue  # the （盖章） line, however OCR read its brackets
        if value_x is not None and abs(nxt.bbox[0] - value_x) > 8:
            break
        parts.append(flat)
        value_x = nxt.bbox[0] if value_x is None else value_x
        prev = nxt
    text = join_wrapped([_STAMP.sub("", p).strip() for p in parts])
    return text, ln


def extract_cover(doc: Document) -> tuple[dict[str, object], dict[str, Location], int]:
    """Document -> (cover values, provenance, cover page number)."""
    page = cover_page(doc)
    lines = doc.lines_of(page, page)
    values: dict[str, object] = {}
    prov: dict[str, Location] = {}
    for key, label in COVER_LABELS.items():
        for i, ln in enumerate(lines):
            if ln.text.replace(" ", "").startswith(label):
                text, src = _value_after(lines, i, label)
                value: object = parse_date(text) if key == "declared_on" else (text or None)
                values[key] = value
                if value:
                    prov[f"fields.{key}"] = Location(page=page, bbox=[round(v, 1) for v in src.bbox])
                break
    _cover_cells(doc, page, values, prov)
    return values, prov, page


def _cover_cells(doc: Document, page: int, values: dict[str, object], prov: dict[str, Location]) -> None:
    """Cover printed as a ruled table (some Word templates): label cell -> the cell to its right."""
    for t in doc.tables_of(page, page):
        for c in t.cells:
            flat = c.text.replace(" ", "")
            for key, label in COVER_LABELS.items():
                if values.get(key) or not flat.startswith(label):
                    continue
                rest = _STAMP.sub("", flat[len(label):].lstrip("：:")).strip()
                right = cell_right(t, c)
                text = rest or (_STAMP.sub("", right.text).strip() if right else "")
                value: object = parse_date(text) if key == "declared_on" else (text or None)
                if value:
                    values[key] = value
                    box = right.bbox if right and not rest else c.bbox
                    prov[f"fields.{key}"] = Location(page=page, bbox=[round(v, 1) for v in box])
