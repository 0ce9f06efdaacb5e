"""Headings of the declaration (sections 二–七, 附1–附7) and the narrative text under them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from catalog.forms import Form, any_of
from catalog.reference import default_form
from extractors.document_index import Document, TextLine
from extractors.text_join import join_wrapped
from model.text import normalize_text


class _Patterns:
    """The form's heading numerals, annex prefix, page-number words and hint starts, compiled."""

    def __init__(self, form: Form) -> None:
        h = form.headings
        n = re.escape(h.numerals)
        pn = h.page_number
        before, after, total = re.escape(pn.before), re.escape(pn.after), re.escape(pn.total)
        self.numeral = re.compile(rf"^[{n}]+\s*[、.．]\s*")
        self.numbered = re.compile(rf"^(?:[{n}]+|\d{{1,2}})\s*[、.．]\s*")
        self.annex = re.compile(rf"^{re.escape(h.annex_prefix)}\s*([1-7])(?![0-9])\s*(.*)$")
        self.annex_range = h.annex_range
        self.page_no = re.compile(rf"^(?:[-－—–\s]*\d{{1,3}}[-－—–\s]*|{before}\s*\d{{1,3}}\s*{after}"
                                  rf"(?:\s*(?:/|{total})\s*\d{{1,3}}\s*(?:{after})?)?)$")
        self.hint = re.compile(rf"^[（(]({any_of(h.hint_starts)})")


def _patterns(form: Form | None) -> _Patterns:
    """Form (None: the default year's) -> its compiled heading patterns."""
    return (form or default_form()).memo("sections.patterns", _Patterns)


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
    pat = _patterns(form)
    titles = {pat.numeral.sub("", t): t for ts in form.sections.values() for t in ts}
    if dtype:
        titles = {pat.numeral.sub("", t): t for t in form.sections.get(dtype, [])} or titles
    found: list[Heading] = []
    seen: set[str] = set()
    for i, ln in enumerate(doc.lines):
        flat = _flat(ln.text)
        if len(flat) > 40:
            continue
        m = pat.annex.match(flat)
        if m and (not m.group(2) or len(m.group(2)) <= 30) and pat.annex_range not in flat:
            key = form.annex_key(int(m.group(1)))
            if key not in seen:
                seen.add(key)
                found.append(Heading(key, ln, i))
            continue
        body = pat.numbered.sub("", flat)
        if not body or body == flat:
            continue  # top headings are always numbered (二、 or 2.)
        for key in titles:
            if key not in seen and (body == key or fuzz.ratio(body, key) >= 88):
                seen.add(key)
                found.append(Heading(key, ln, i, titles[key]))
                break
    return found


def section_lines(doc: Document, headings: list[Heading], key: str, form: Form | None = None) -> list[TextLine]:
    """Heading key -> the free lines between it and the next heading (page numbers dropped)."""
    page_no = _patterns(form).page_no
    ordered = sorted(headings, key=lambda h: h.order)
    for i, h in enumerate(ordered):
        if h.key == key:
            end = ordered[i + 1].order if i + 1 < len(ordered) else len(doc.lines)
            return [ln for ln in doc.lines[h.order + 1:end] if not page_no.match(ln.text)]
    return []


def paragraphs_text(lines: list[TextLine], form: Form | None = None) -> str:
    """Lines -> one normalised text; the form's own hint paragraph in （…） is dropped."""
    parts = [ln.text for ln in lines]
    if parts and _patterns(form).hint.match(_flat(parts[0])):
        # the hint may wrap over several lines: drop up to the line that closes the bracket
        for j, p in enumerate(parts):
            if p.rstrip().endswith(("）", ")")):
                parts = parts[j + 1:]
                break
    return normalize_text(join_wrapped(parts)) or ""


def extract_sections(doc: Document, headings: list[Heading], skip: set[str],
                     form: Form | None = None) -> dict[str, str]:
    """Document + headings -> {form heading ("二、项目总体情况"): text} for every section except `skip`."""
    form = form or default_form()
    out = {}
    for h in headings:
        if h.key.startswith(form.headings.annex_prefix) or h.key in skip:
            continue
        text = paragraphs_text(section_lines(doc, headings, h.key, form), form)
        if text:
            out[h.title or h.key] = text
    return out
