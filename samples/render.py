"""Render one declaration (a model.Submission) to a digital PDF in a visual style.

Returns the PDF bytes and a Layout: page count, seal anchors and the page of every placed field,
附1 row and narrative heading, which truth.py turns into pages of the ground truth.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field

import pymupdf

from catalog.reference import Reference
from model.submission import Seal, Submission
from samples.flow_layout import Canvas
from samples.render_body import draw_annex1, draw_annex2, draw_annexes_3_7, draw_sections
from samples.render_form import draw_cover, draw_promise, draw_section_one
from samples.render_official import render_official
from samples.render_story import render_story
from samples.stamps import stamp_seals
from samples.styles import STYLES, jitter, with_variants

FIXED_DATE = "D:20230815090000+08'00'"
_TAG = re.compile(r"^/([A-Z]{6})\+")


def _fix_subset_tags(doc: pymupdf.Document, salt: str) -> None:
    """Replace the random 6-letter subset tags ("ABCDEF+Font") by ones derived from the font name.

    Why: PyMuPDF draws the tags at random, which would make identical runs differ byte for byte.
    """
    for xref in range(1, doc.xref_length()):
        for key in ("BaseFont", "FontName"):
            kind, value = doc.xref_get_key(xref, key)
            if kind == "name" and _TAG.match(value):
                digest = hashlib.sha256((salt + value[8:]).encode()).digest()
                tag = "".join(chr(65 + b % 26) for b in digest[:6])
                doc.xref_set_key(xref, key, "/" + tag + value[7:].replace(" ", "#20"))


@dataclass
class Layout:
    """Where things landed in a rendered declaration."""

    pages: int
    placed: dict[str, int]
    seals: list[Seal]
    cover_page: int = 1
    promise_page: int = 0
    anchors: dict[str, tuple[int, list[float]]] = field(default_factory=dict)


def render(sub: Submission, ref: Reference, style_id: str, rng: random.Random,
           missing_seals: tuple[str, ...] = (), variants: tuple[str, ...] = ()) -> tuple[bytes, Layout]:
    """Submission, reference, style id and RNG -> (PDF bytes, Layout). Seals in `missing_seals` are not stamped;
    `variants` are layout variants of styles.VARIANTS."""
    st = with_variants(jitter(STYLES[style_id], rng), variants)
    if st.id == "story":
        doc, placed, anchors, promise_page = render_story(sub, ref, st, rng)
    elif st.id == "official":
        doc, placed, anchors, promise_page = render_official(sub, ref, st, rng)
    else:
        doc = pymupdf.open()
        cv = Canvas(doc, st.margins, st.body_font, st.line_factor, st.border, mark_font=st.has("tick_font"))
        cover = draw_cover(cv, st, sub, ref, rng)
        draw_section_one(cv, st, sub, ref, rng)
        promise = draw_promise(cv, st, sub, rng, own_page=st.id == "platform" or rng.random() < 0.3)
        promise_page = cv.pno
        draw_sections(cv, st, sub, ref, rng)
        draw_annex1(cv, st, sub)
        draw_annex2(cv, st, sub)
        if sub.declaration_type == "示范工厂":
            draw_annexes_3_7(cv, st, sub, ref)
        cv.flush_marks()
        cv.footer(st.footer, st.body_font, st.body_size - 1.5, st.footer_skips_cover)
        cv.flush()
        placed = dict(cv.placed)
        anchors = {role: (1, list(r)) for role, r in cover.items()}
        anchors.update({role: (promise_page, list(r)) for role, r in promise.items()})
    seals = stamp_seals(doc, anchors, sub, rng, missing_seals)
    doc.set_metadata({"title": f"智能制造试点示范项目申报书（{sub.declaration_type}）", "author": sub.fields.applicant or "",
                      "creator": "shenbao samples", "producer": "shenbao samples", "creationDate": FIXED_DATE,
                      "modDate": FIXED_DATE})
    doc.subset_fonts(fallback=True)
    _fix_subset_tags(doc, sub.submission_id)
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    layout = Layout(pages=doc.page_count, placed=placed, seals=seals, promise_page=promise_page,
                    anchors=anchors)
    doc.close()
    return data, layout
