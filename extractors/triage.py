"""Per-page triage: is the text layer usable, or must the page be OCRed (image-only or garbled)?"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

import pymupdf

PageKind = Literal["text", "image", "garbled", "blank"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Replacement char, private-use area and C0 controls: what broken font maps (no ToUnicode) produce.
# U+F020-F0FF is left out: Word/WPS symbol fonts (Wingdings checkboxes) land there legitimately.
_BAD = re.compile(r"[\ufffd\ue000-\uf01f\uf100-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
MIN_TEXT_CHARS = 8  # fewer printable chars than this on an image page: the page is a scan
MIN_IMAGE_COVER = 0.5  # share of the page an image must cover to count as a scan
MAX_BAD_SHARE = 0.05  # more than 5 % broken glyphs: the text layer is unusable
MIN_CJK_SHARE = 0.15  # a Chinese form page with long text and <15 % CJK is mis-encoded


@dataclass(frozen=True)
class Triage:
    """Kind of page plus the figures the decision was made from (for logs and debugging)."""

    kind: PageKind
    chars: int
    cjk_share: float
    bad_share: float
    image_cover: float


def union_area(rects: list[pymupdf.Rect]) -> float:
    """Rectangles -> the area they cover together (overlaps counted once), by coordinate compression.

    Office scanners store a page as dozens of strips or tiles (and masks over them): only their union says how
    much of the page is a picture."""
    rects = [r for r in rects if not r.is_empty]
    if not rects:
        return 0.0
    xs = sorted({v for r in rects for v in (r.x0, r.x1)})
    total = 0.0
    for x0, x1 in itertools.pairwise(xs):
        cx = (x0 + x1) / 2
        spans = sorted((r.y0, r.y1) for r in rects if r.x0 <= cx <= r.x1)
        covered, top = 0.0, None
        for y0, y1 in spans:
            if top is None or y0 > top:
                covered += y1 - y0
                top = y1
            elif y1 > top:
                covered += y1 - top
                top = y1
        total += (x1 - x0) * covered
    return total


def image_cover(page: pymupdf.Page) -> float:
    """Page -> share of its area covered by the union of all its images (strips, tiles, masks; 0 when none)."""
    area = abs(page.rect) or 1.0
    rects = [pymupdf.Rect(info["bbox"]) & page.rect for info in page.get_image_info()]
    return min(1.0, union_area(rects) / area)


def triage_text(text: str, cover: float) -> Triage:
    """Text layer + image cover -> Triage (pure, so the thresholds are testable without PDFs)."""
    visible = [c for c in text if not c.isspace()]
    n = len(visible)
    joined = "".join(visible)
    cjk = len(_CJK.findall(joined)) / n if n else 0.0
    bad = len(_BAD.findall(joined)) / n if n else 0.0
    if n < MIN_TEXT_CHARS:
        kind: PageKind = "image" if cover >= MIN_IMAGE_COVER else "blank"
    elif bad > MAX_BAD_SHARE or (n >= 40 and cjk < MIN_CJK_SHARE):
        kind = "garbled"
    else:
        kind = "text"
    return Triage(kind=kind, chars=n, cjk_share=round(cjk, 3), bad_share=round(bad, 3), image_cover=round(cover, 3))


def triage_page(page: pymupdf.Page, text: str | None = None) -> Triage:
    """Page (and its text if already read) -> Triage."""
    if text is None:
        text = page.get_text("text")
    cover = image_cover(page) if len(text.strip()) < 200 or "\ufffd" in text else 0.0
    return triage_text(text, cover)
