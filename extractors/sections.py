"""Headings of the declaration (sections 二–七, 附1–附7) and the narrative text under them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from catalog.reference import Form
from extractors.layout import Document, TextLine
from extractors.text_join import join_wrapped
from model.text import normalize_text

_NUMERAL = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})\s*[、.．]\s*")
_ANNEX = re.compile(r"^附\s*([1-7])(?![0-9])\s*(.*)$")
_PAGE_NO = re.compile(r"^(?:[-－—–\s]*\d{1,3}[-－—–\s]*|第\s*\d{1,3}\s*页(?:\s*[/共]\s*\d{1,3}\s*页?)?)$")
_HINT = re.compile(r"^[（(](此部分|包括|在场景实例|对项目|发展历程)")


@dataclass
class Heading:
    """A heading found in the document: its key (title without numeral, or '附N'), line and order."""

    key: str
    line: TextLine
    order: int
    title: str = ""  # the form's heading as printed in the template ("二、项目总体情况")


def _flat(text: str) -> str:
    """Text -> without spaces."""
    return text.replace(" ", "")


def find_headings(doc: Document, form: Form, dtype: str | None) -> list[Heading]:
    """Document -> section headings of this declaration type and 附1–附7, in reading order."""
    titles = {_NUMERAL.sub("", t): t for ts in form.sections.values() for t in ts}
    if dtype:
        titles = {_NUMERAL.sub("", t): t for t in form.sections.get(dtype, [])} or titles
    found: list[Heading] = []
    seen: set[str] = set()
    for i, ln in enumerate(doc.lines):
        flat = _flat(ln.text)
        if len(flat) > 40:
            continue
        m = _ANNEX.match(flat)
        if m and (not m.group(2) or len(m.group(2)) <= 30) and "至附" not in flat:
            key = f"附{m.group(1)}"
            if key not in seen:
                seen.add(key)
                found.append(Heading(key, ln, i))
            continue
        body = _NUMBERED.sub("", flat)
        if not body or body == flat:
            continue  # top headings are always numbered (二、 or 2.)
        for key in titles:
            if key not in seen and (body == key or fuzz.ratio(body, key) >= 88):
                seen.add(key)
                found.append(Heading(key, ln, i, titles[key]))
                break
    return found


def section_lines(doc: Document, headings: list[Heading], key: str) -> list[TextLine]:
    """Heading key -> the free lines between it and the next heading (page numbers dropped)."""
    ordered = sorted(headings, key=lambda h: h.order)
    for i, h in enumerate(ordered):
        if h.key == key:
            end = ordered[i + 1].order if i + 1 < len(ordered) else len(doc.lines)
            return [ln for ln in doc.lines[h.order + 1:end] if not _PAGE_NO.match(ln.text)]
    return []


def paragraphs_text(lines: list[TextLine]) -> str:
    """Lines -> one normalised text; the form's own hint paragraph in （…） is dropped."""
    parts = [ln.text for ln in lines]
    if parts and _HINT.match(_flat(parts[0])):
        # the hint may wrap over several lines: drop up to the line that closes the bracket
        for j, p in enumerate(parts):
            if p.rstrip().endswith(("）", ")")):
                parts = parts[j + 1:]
                break
    return normalize_text(join_wrapped(parts)) or ""


def extract_sections(doc: Document, headings: list[Heading], skip: set[str]) -> dict[str, str]:
    """Document + headings -> {form heading ("二、项目总体情况"): text} for every section except `skip`."""
    out = {}
    for h in headings:
        if h.key.startswith("附") or h.key in skip:
            continue
        text = paragraphs_text(section_lines(doc, headings, h.key))
        if text:
            out[h.title or h.key] = text
    return out
