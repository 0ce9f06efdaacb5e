"""The cover page: declaration type, 项目名称, 申报单位, 推荐单位, 申报日期 (read by their labels)."""

from __future__ import annotations

import re

from catalog.forms import Form
from catalog.reference import default_form
from extractors.document_index import Document, TextLine, cell_right
from extractors.text_join import join_wrapped
from model.submission import Location
from model.values import parse_date


def _stamp(form: Form) -> re.Pattern[str]:
    """Form -> pattern of the （盖章） printed under a cover value (OCR often loses the brackets)."""
    return form.memo("cover.stamp", lambda f: re.compile(
        r"[（(]?\s*" + r"\s*".join(re.escape(ch) for ch in f.cover.stamp_word) + r"\s*[)）]?"))


def detect_type(doc: Document, form: Form | None = None) -> str | None:
    """Document -> its declaration type from the title (「（示范工厂）」), else from the labels only one type's
    form prints (the form's `markers`), else the form's default type when the first pages have tables."""
    form = form or default_form()
    for ln in doc.lines_of(1, 3):
        flat = ln.text.replace(" ", "")
        for t in form.types:
            if f"（{t}）" in flat or f"({t})" in flat or flat.endswith(t):
                return t
    flat_all = "".join(c.text for t in doc.tables_of(1, 8) for c in t.cells).replace(" ", "")
    for name, t in form.types.items():
        if any(marker in flat_all for marker in t.markers):
            return name
    return form.default_type if flat_all else None


def cover_page(doc: Document, form: Form | None = None) -> int:
    """Document -> number of the cover page (the first page that prints 项目名称 / 申报单位)."""
    markers = tuple((form or default_form()).cover.page_markers)
    for ln in doc.lines:
        if ln.text.replace(" ", "").startswith(markers):
            return ln.page
    for t in doc.tables:
        if any(c.text.replace(" ", "").startswith(markers) for c in t.cells):
            return t.page
    return doc.pages[0].number if doc.pages else 1


def _is_label(ln: TextLine, form: Form) -> bool:
    """True when a cover line starts with one of the cover labels."""
    flat = ln.text.replace(" ", "")
    return any(flat.startswith(v) for v in form.cover.labels.values())


def _value_after(lines: list[TextLine], i: int, label: str, form: Form) -> tuple[str, TextLine]:
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
    stamp, word = _stamp(form), form.cover.stamp_word
    for nxt in lines[i + 1:]:
        if _is_label(nxt, form) or nxt.bbox[1] - prev.bbox[3] > 2.5 * height:
            break
        flat = stamp.sub("", nxt.text).strip()
        if not flat or word in flat or (word[0] in flat and len(flat) <= 5):
            continue  # the （盖章） line, however OCR read its brackets
        if value_x is not None and abs(nxt.bbox[0] - value_x) > 8:
            break
        parts.append(flat)
        value_x = nxt.bbox[0] if value_x is None else value_x
        prev = nxt
    text = join_wrapped([stamp.sub("", p).strip() for p in parts])
    return text, ln


def extract_cover(doc: Document, form: Form | None = None) -> tuple[dict[str, object], dict[str, Location], int]:
    """Document -> (cover values, provenance, cover page number)."""
    form = form or default_form()
    page = cover_page(doc, form)
    lines = doc.lines_of(page, page)
    values: dict[str, object] = {}
    prov: dict[str, Location] = {}
    for key, label in form.cover.labels.items():
        for i, ln in enumerate(lines):
            if ln.text.replace(" ", "").startswith(label):
                text, src = _value_after(lines, i, label, form)
                value: object = parse_date(text) if key == "declared_on" else (text or None)
                values[key] = value
                if value:
                    prov[f"fields.{key}"] = Location(page=page, bbox=[round(v, 1) for v in src.bbox])
                break
    _cover_cells(doc, page, values, prov, form)
    return values, prov, page


def _cover_cells(doc: Document, page: int, values: dict[str, object], prov: dict[str, Location], form: Form) -> None:
    """Cover printed as a ruled table (some Word templates): label cell -> the cell to its right."""
    stamp = _stamp(form)
    for t in doc.tables_of(page, page):
        for c in t.cells:
            flat = c.text.replace(" ", "")
            for key, label in form.cover.labels.items():
                if values.get(key) or not flat.startswith(label):
                    continue
                rest = stamp.sub("", flat[len(label):].lstrip("：:")).strip()
                right = cell_right(t, c)
                text = rest or (stamp.sub("", right.text).strip() if right else "")
                value: object = parse_date(text) if key == "declared_on" else (text or None)
                if value:
                    values[key] = value
                    box = right.bbox if right and not rest else c.bbox
                    prov[f"fields.{key}"] = Location(page=page, bbox=[round(v, 1) for v in box])
