"""Where seals and signatures are required (by printed labels) and which mark fills each place."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from extractors.layout import Document, TextLine
from extractors.page import PageContent
from extractors.text_join import group_lines, join_line
from model.submission import Seal

NEAR_PT = 130.0  # farthest a mark's centre may sit from its place's anchor point
INK_SHARE = 0.01  # share of dark pixels (outside printed words) that makes a handwritten signature
INK_DARK = 160  # grey level below which a pixel is ink (strokes are anti-aliased at 50 dpi)
_LABELS = {
    "applicant": ("申报单位",),
    "recommender": ("推荐单位",),
    "company": ("公章", "单位公章", "单位盖章"),
    "legal_rep": ("法定代表人签章", "法定代表人签字", "法定代表人（签字）", "法人代表签字", "法定代表人"),
}


@dataclass
class Place:
    """A required seal place: role, page and the label's box."""

    role: str
    page: int
    bbox: tuple[float, float, float, float]

    @property
    def anchor(self) -> tuple[float, float]:
        """Point where the mark is expected: just right of the label, on its line."""
        return (self.bbox[2] + 30, (self.bbox[1] + self.bbox[3]) / 2)


def _page_lines(doc: Document, page: int) -> list[TextLine]:
    """All text lines of a page, free lines and lines inside table cells alike."""
    out = list(doc.lines_of(page, page))
    for t in doc.tables_of(page, page):
        for c in t.cells:
            for ws in group_lines(c.words):
                box = (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))
                out.append(TextLine(page, box, join_line(ws), ws))
    return out


def find_places(doc: Document, cover: int, roles: dict[str, list[str]]) -> list[Place]:
    """Document + cover page + the form's seal roles -> Places (cover first, then the promise page)."""
    places: list[Place] = []
    for role in roles.get("cover", []):
        for ln in _page_lines(doc, cover):
            flat = ln.text.replace(" ", "")
            if any(flat.startswith(lb) for lb in _LABELS[role]):
                places.append(Place(role, cover, ln.bbox))
                break
    for role in roles.get("promise", []):
        for p in doc.pages:
            if p.number == cover:
                continue
            hit = next((ln for ln in _page_lines(doc, p.number)
                        if any(ln.text.replace(" ", "").startswith(lb) for lb in _LABELS[role])), None)
            if hit:
                places.append(Place(role, p.number, hit.bbox))
                break
    return places


def _ink_box(page: PageContent, place: Place) -> tuple[float, float, float, float] | None:
    """Grey image + place -> box of handwriting-like ink right of the label (None when blank)."""
    if page.gray is None:
        return None
    s = page.scale
    x0, y0 = place.bbox[2] + 2, place.bbox[1] - 15
    x1, y1 = min(place.bbox[2] + 200, page.width - 10), place.bbox[3] + 30
    sub = page.gray[int(y0 * s):int(y1 * s), int(x0 * s):int(x1 * s)].copy()
    if sub.size == 0:
        return None
    for w in page.words:  # printed text is not a signature
        if w.x1 >= x0 and w.x0 <= x1 and w.y1 >= y0 and w.y0 <= y1:
            sub[max(0, int((w.y0 - y0) * s)):int((w.y1 - y0) * s) + 1,
                max(0, int((w.x0 - x0) * s)):int((w.x1 - x0) * s) + 1] = 255
    for r in page.rules:  # nor are table borders
        if r.x1 >= x0 and r.x0 <= x1 and r.y1 >= y0 and r.y0 <= y1:
            sub[max(0, int((r.y0 - y0) * s) - 1):int((r.y1 - y0) * s) + 2,
                max(0, int((r.x0 - x0) * s) - 1):int((r.x1 - x0) * s) + 2] = 255
    dark = sub < INK_DARK
    if dark.mean() < INK_SHARE:
        return None
    ys, xs = np.nonzero(dark)
    return (x0 + xs.min() / s, y0 + ys.min() / s, x0 + (xs.max() + 1) / s, y0 + (ys.max() + 1) / s)


def match_seals(places: list[Place], pages: dict[int, PageContent]) -> list[Seal]:
    """Places + pages with seal evidence -> one Seal per place (present False when no mark)."""
    pairs = []
    for pi, pl in enumerate(places):
        page = pages.get(pl.page)
        for bi, b in enumerate(page.red_blobs if page else []):
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            inside = b[0] - 10 <= pl.anchor[0] <= b[2] + 10 and b[1] - 10 <= pl.anchor[1] <= b[3] + 10
            d = 0.0 if inside else math.hypot(cx - pl.anchor[0], (cy - pl.anchor[1]) * 1.5)
            if d <= NEAR_PT:
                pairs.append((d, pi, bi))
    taken_p: dict[int, tuple[float, float, float, float]] = {}
    taken_b: set[tuple[int, int]] = set()
    for _d, pi, bi in sorted(pairs):
        key = (places[pi].page, bi)
        if pi in taken_p or key in taken_b:
            continue
        taken_p[pi] = pages[places[pi].page].red_blobs[bi]
        taken_b.add(key)
    out = []
    for pi, pl in enumerate(places):
        box = taken_p.get(pi)
        if box is None and pl.role == "legal_rep" and pl.page in pages:
            box = _ink_box(pages[pl.page], pl)
        bbox = [round(v, 1) for v in (box or pl.bbox)]
        out.append(Seal(page=pl.page, bbox=bbox, role=pl.role, present=box is not None))  # type: ignore[arg-type]
    return out
