"""Per-page triage: is the text layer usable, or must the page be OCRed (image-only or garbled)?"""

from __future__ import annotations

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


def image_cover(page: pymupdf.Page) -> float:
    """Page -> share of its area covered by its largest image (0 when it has none)."""
    area = abs(page.rect) or 1.0
    best = 0.0
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) & page.rect
        best = max(best, abs(r) / area)
    return best


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
