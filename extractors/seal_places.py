"""Where seals and signatures are required (by printed labels) and which mark fills each place."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from catalog.forms import Form
from extractors.document_index import Document, TextLine
from extractors.page import PageContent
from extractors.text_join import group_lines, join_line
from model.submission import Seal

NEAR_PT = 130.0  # farthest a mark may sit from the region where its place expects it (pt)
PALE_SCORE = 0.5  # Seal.score of a place filled only by pale ink
INK_SHARE = 0.01  # share of dark pixels (outside printed words) that makes a handwritten signature
INK_DARK = 160  # grey level below which a pixel is ink (strokes are anti-aliased at 50 dpi)


@dataclass
class Place:
    """A required seal place: role, page, the label's box and the point where the mark is expected."""

    role: str
    page: int
    bbox: tuple[float, float, float, float]
    region: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # where the mark is expected
    label_end: float | None = None  # right end of the label's own words (a line may hold a signature)


def _page_lines(doc: Document, page: int) -> list[TextLine]:
    """All text lines of a page, free lines and lines inside table cells alike."""
    out = list(doc.lines_of(page, page))
    for t in doc.tables_of(page, page):
        for c in t.cells:
            for ws in group_lines(c.words):
                box = (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))
                out.append(TextLine(page, box, join_line(ws), ws))
    return out


def _stamp_line(lines: list[TextLine], label: TextLine, form: Form) -> TextLine | None:
    """Cover label line -> the （盖章） line that follows it (seals are stamped over it), if any."""
    below = sorted((ln for ln in lines if ln.bbox[1] >= label.bbox[1] - 2 and ln is not label),
                   key=lambda ln: ln.bbox[1])
    labels = tuple(v for place in form.seal_places.values() for v in place.labels)
    for ln in below:
        flat = ln.text.replace(" ", "")
        if flat.startswith(labels):
            return None  # reached the next label
        if form.cover.stamp_word in flat:
            return ln
        if ln.bbox[1] - label.bbox[3] > 80:
            return None
    return None


def _region(on_cover: bool, label: TextLine, stamp: TextLine | None) -> tuple[float, float, float, float]:
    """Where the mark is expected: over the value and （盖章） on the cover, right of the label on the
    promise page (a seal may sit anywhere along the line, so a region, not a point)."""
    x0, y0, x1, y1 = label.bbox
    if on_cover:
        bottom = stamp.bbox[3] if stamp is not None else y1 + 20
        right = max(x1, stamp.bbox[2] if stamp is not None else x1) + 40
        return (x0, y0, right, bottom)
    return (x1 - 10, y0 - 6, x1 + 110, y1 + 6)


def find_places(doc: Document, cover: int, form: Form) -> list[Place]:
    """Document + cover page + the form's seal places -> Places (cover first, then the promise page)."""
    places: list[Place] = []
    roles = form.seals
    cover_lines = _page_lines(doc, cover)
    for role in roles.get("cover", []):
        labels = tuple(form.seal_places[role].labels)
        for ln in cover_lines:
            if ln.text.replace(" ", "").startswith(labels):
                places.append(Place(role, cover, ln.bbox, _region(True, ln, _stamp_line(cover_lines, ln, form))))
                break
    endings = tuple(form.signature_endings)
    for role in roles.get("promise", []):
        labels = tuple(form.seal_places[role].labels)
        for p in doc.pages:
            if p.number == cover:
                continue
            hit = next((ln for ln in _page_lines(doc, p.number) if ln.text.replace(" ", "").startswith(labels)), None)
            if hit:
                end = next((w.x1 for w in hit.words if any(e in w.text for e in endings)), hit.bbox[2])
                places.append(Place(role, p.number, hit.bbox, _region(False, hit, None), label_end=end))
                break
    return _infer_missing_promise(places, roles.get("promise", []))


def _infer_missing_promise(places: list[Place], roles: list[str]) -> list[Place]:
    """A promise label hidden under a seal (OCR cannot read it) -> placed from its sibling label.

    The 2023 form prints 法定代表人签章 about three lines above 公 章 (seed 002, 附件3-1/3-2).
    """
    have = {p.role: p for p in places}
    if "company" in roles and "legal_rep" in roles and len({"company", "legal_rep"} & set(have)) == 1:
        known = have.get("company") or have["legal_rep"]
        h = known.bbox[3] - known.bbox[1]
        shift = -3.2 * h if known.role == "company" else 3.2 * h
        role = "legal_rep" if known.role == "company" else "company"
        width = 8 * h if role == "legal_rep" else 3.5 * h
        x0, y0 = known.bbox[0], known.bbox[1] + shift
        box = (x0, y0, x0 + width, y0 + h)
        line = TextLine(known.page, box, "", [])
        places.append(Place(role, known.page, box, _region(False, line, None)))
    return places


def _ink_box(page: PageContent, place: Place) -> tuple[float, float, float, float] | None:
    """Grey image + place -> box of handwriting-like ink right of the label (None when blank)."""
    if page.gray is None:
        return None
    s = page.scale
    h = max(place.bbox[3] - place.bbox[1], 6.0)
    # OCR may read a signature as characters of the label's line: the label itself is 8 characters
    label_end = min(place.label_end or place.bbox[2], place.bbox[0] + 8.5 * h)
    x0, y0 = label_end + 2, place.bbox[1] - 15
    x1, y1 = min(label_end + 200, page.width - 10), place.bbox[3] + 30
    sub = page.gray[int(y0 * s):int(y1 * s), int(x0 * s):int(x1 * s)].copy()
    if sub.size == 0:
        return None
    pad = 2.0 if page.source == "ocr" else 0.0  # OCR boxes are in the deskewed frame
    for w in page.words:  # printed text is not a signature (OCR's guesses at scribbles are)
        if w.x1 >= x0 and w.x0 <= x1 and w.y1 >= y0 and w.y0 <= y1 and w.conf >= 0.8:
            sub[max(0, int((w.y0 - pad - y0) * s)):int((w.y1 + pad - y0) * s) + 1,
                max(0, int((w.x0 - pad - x0) * s)):int((w.x1 + pad - x0) * s) + 1] = 255
    for r in page.rules:  # nor are table borders
        if r.x1 >= x0 and r.x0 <= x1 and r.y1 >= y0 and r.y0 <= y1:
            sub[max(0, int((r.y0 - y0) * s) - 1):int((r.y1 - y0) * s) + 2,
                max(0, int((r.x0 - x0) * s) - 1):int((r.x1 - x0) * s) + 2] = 255
    dark = sub < INK_DARK
    if dark.mean() < INK_SHARE:
        return None
    ys, xs = np.nonzero(dark)
    return (x0 + xs.min() / s, y0 + ys.min() / s, x0 + (xs.max() + 1) / s, y0 + (ys.max() + 1) / s)


def _cost(place: Place, blob: tuple[float, float, float, float]) -> float:
    """Distance from a red mark's centre to a place's region (plus a little to its centre, for ties)."""
    rx0, ry0, rx1, ry1 = place.region
    cx, cy = (blob[0] + blob[2]) / 2, (blob[1] + blob[3]) / 2
    dx = max(rx0 - cx, 0.0, cx - rx1)
    dy = max(ry0 - cy, 0.0, cy - ry1)
    centre = math.hypot(cx - (rx0 + rx1) / 2, cy - (ry0 + ry1) / 2)
    return math.hypot(dx, dy * 1.3) + 0.1 * centre


def _assign(places: list[Place], blobs: list[tuple[float, float, float, float]]) -> dict[int, int]:
    """Places of one page + its red marks -> place index -> mark index, minimising total distance."""
    best: tuple[float, dict[int, int]] = (math.inf, {})
    options = list(range(len(blobs))) + [None] * len(places)
    for perm in itertools.permutations(options, len(places)):
        if len({p for p in perm if p is not None}) != sum(p is not None for p in perm):
            continue
        total, pairs = 0.0, {}
        for pi, bi in enumerate(perm):
            c = NEAR_PT if bi is None else _cost(places[pi], blobs[bi])
            if c > NEAR_PT:
                break
            total += c
            if bi is not None:
                pairs[pi] = bi
        else:
            if total < best[0]:
                best = (total, pairs)
    return best[1]


def match_seals(places: list[Place], pages: dict[int, PageContent]) -> list[Seal]:
    """Places + pages with seal evidence -> one Seal per place (present False when no mark).

    Red marks are matched first; a place left without one takes a pale mark (faded or light-pink ink), which
    counts as present with score PALE_SCORE so that the check asks for a look at the original instead of
    demanding a new stamp."""
    found: dict[int, tuple[float, float, float, float]] = {}
    pale: set[int] = set()
    for number in sorted({p.page for p in places}):
        idx = [i for i, p in enumerate(places) if p.page == number]
        page = pages.get(number)
        blobs = page.red_blobs[:8] if page else []
        for local, bi in _assign([places[i] for i in idx], blobs).items():
            found[idx[local]] = blobs[bi]
        left = [i for i in idx if i not in found]
        faint = page.pale_blobs[:8] if page and left else []
        for local, bi in _assign([places[i] for i in left], faint).items():
            found[left[local]] = faint[bi]
            pale.add(left[local])
    out = []
    for pi, pl in enumerate(places):
        box = found.get(pi)
        if box is None and pl.role == "legal_rep" and pl.page in pages:
            box = _ink_box(pages[pl.page], pl)
        bbox = [round(float(v), 1) for v in (box or pl.bbox)]
        out.append(Seal(page=pl.page, bbox=bbox, role=pl.role, present=box is not None,  # type: ignore[arg-type]
                        score=PALE_SCORE if pi in pale else None))
    return out
