"""Seals and signatures: red ink regions and ink marks next to the places that require them.

Works on a low-resolution rendering (digital overlays) or on the scan itself, so digital and
scanned files are treated alike. Places are found by their printed labels:
cover 申报单位/推荐单位 （盖章）, promise page 公 章 and 法定代表人签章.
"""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from catalog.forms import Form
from catalog.reference import default_form
from extractors.page import PageContent
from extractors.render import render_page

SEAL_DPI = 72  # 1 px per pt: faded seal strokes stay connected; rendering costs ~3 ms a page
MIN_SEAL_PT = 12.0  # smaller red marks are ticks or text, not seals
ROUND_R_PT = (30.0, 75.0)  # radius of round seals: 4-5 cm official seals, with margin
RING_SHARE = 0.55  # share of the circumference that must be red to confirm a round seal
# Pale ink (OpenCV HSV, hue 0-180): reds and orange-pinks, at least this saturated and bright.
PALE_HUE = (12, 158)
PALE_MIN_SAT = 26
PALE_MIN_VAL = 150
PALE_JOIN_PT = 9.0    # pale strokes break up more: joined over this gap (pt)
PALE_MIN_PT = 24.0    # a pale mark smaller than this is a fragment or a tinted word, not a seal
PALE_MIN_FILL = 0.06  # share of a pale mark's box that is ink: less is scanner colour noise


def wants_seal_evidence(text: str, form: Form | None = None) -> bool:
    """Page text -> True when it prints a seal or signature place (one of the form's seal_words)."""
    flat = text.replace(" ", "")
    return any(w in flat for w in (form or default_form()).seal_words)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """RGB image -> uint8 mask of red ink (seal colour; black text and blue lines excluded)."""
    r = rgb[:, :, 0].astype(np.int16)
    g = rgb[:, :, 1].astype(np.int16)
    b = rgb[:, :, 2].astype(np.int16)
    mask = (r > 120) & (r - g > 50) & (r - b > 40)
    return mask.astype(np.uint8) * 255


def pale_mask(rgb: np.ndarray, red: np.ndarray | None = None) -> np.ndarray:
    """RGB image -> uint8 mask of pale or faded seal ink that red_mask misses: light pink to orange-pink, weakly
    saturated (a real faded seal measured about RGB 227,179,192), never grey, black, blue or yellow."""
    hsv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2HSV)
    h, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    reddish = (h <= PALE_HUE[0]) | (h >= PALE_HUE[1])
    mask = reddish & (sat >= PALE_MIN_SAT) & (val >= PALE_MIN_VAL)
    red = red_mask(rgb) if red is None else red
    return (mask & (red == 0)).astype(np.uint8) * 255


def _round_seals(mask: np.ndarray, scale: float) -> list[tuple[float, float, float]]:
    """Red mask -> circles (cx, cy, r in px) of round seals, each confirmed by its printed ring."""
    blur = cv2.GaussianBlur(mask, (5, 5), 1.5)
    lo, hi = int(ROUND_R_PT[0] * scale), int(ROUND_R_PT[1] * scale) + 1
    found = cv2.HoughCircles(blur, cv2.HOUGH_GRADIENT, dp=1.5, minDist=lo * 1.5, param1=100, param2=18,
                             minRadius=lo, maxRadius=hi)
    if found is None:
        return []
    ring = cv2.dilate(mask, np.ones((5, 5), np.uint8))
    out: list[tuple[float, float, float]] = []
    for cx, cy, r in found[0]:
        angles = np.linspace(0, 2 * np.pi, 96, endpoint=False)
        best = 0.0
        for rr in (r * 0.94, r, r * 1.04):  # the ring is thick; Hough's radius is approximate
            xs = np.clip((cx + rr * np.cos(angles)).astype(int), 0, mask.shape[1] - 1)
            ys = np.clip((cy + rr * np.sin(angles)).astype(int), 0, mask.shape[0] - 1)
            best = max(best, float((ring[ys, xs] > 0).mean()))
        if best >= RING_SHARE and all(np.hypot(cx - x, cy - y) > r for x, y, _ in out):
            out.append((float(cx), float(cy), float(r)))
    return out


def pale_blobs(pale: np.ndarray, scale: float, strong: list[tuple[float, float, float, float]]
               ) -> list[tuple[float, float, float, float]]:
    """Pale-ink mask (pale_mask) + the red marks already found -> boxes (pt) of pale seal-sized marks elsewhere."""
    mask = pale.copy()
    for x0, y0, x1, y1 in strong:   # the pale rim of a strong seal is that seal
        cv2.rectangle(mask, (int(x0 * scale) - 2, int(y0 * scale) - 2), (int(x1 * scale) + 2, int(y1 * scale) + 2),
                      0, thickness=-1)
    out = []
    for box in mask_blobs(mask, scale, PALE_JOIN_PT):
        x0, y0, x1, y1 = (int(v * scale) for v in box)
        big = min(box[2] - box[0], box[3] - box[1]) >= PALE_MIN_PT
        if big and (mask[y0:y1, x0:x1] > 0).mean() >= PALE_MIN_FILL:
            out.append(box)
    return out


def mask_blobs(mask: np.ndarray, scale: float, join_pt: float = 5.0) -> list[tuple[float, float, float, float]]:
    """Ink mask at `scale` px/pt -> boxes (pt) of marks large enough to be seals.

    Round seals are found first by their ring (Hough circles) and cut out of the mask, so a square
    法人章 stamped over the company seal's edge is still a mark of its own.
    """
    mask = mask.copy()
    out = []
    for cx, cy, r in _round_seals(mask, scale):
        cv2.circle(mask, (int(cx), int(cy)), int(r * 1.08) + 2, 0, thickness=-1)
        out.append(((cx - r) / scale, (cy - r) / scale, (cx + r) / scale, (cy + r) / scale))
    k = max(5, round(join_pt * scale) | 1)  # joins the broken strokes of faded ink
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rest = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w / scale >= MIN_SEAL_PT and h / scale >= MIN_SEAL_PT:
            rest.append((x / scale, y / scale, (x + w) / scale, (y + h) / scale))
    return out + merge_nested(rest)


def merge_nested(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Boxes -> boxes with those overlapping each other joined (a seal's ring, star and text are one)."""
    out = [list(b) for b in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)]
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                    out[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return [(a[0], a[1], a[2], a[3]) for a in out]


def attach_evidence(page: pymupdf.Page, content: PageContent) -> None:
    """Render a seal page at SEAL_DPI (through the capped extractors.render.render_page) and store its red
    regions and grey image in `content`."""
    seen = render_page(page, SEAL_DPI)
    if seen.capped:
        content.problems.append(f"pixels: seals looked for at {seen.dpi:.0f} dpi instead of {SEAL_DPI}")
    attach_image_evidence(seen.pixels, seen.pixels.shape[1] / page.rect.width, content)


def attach_image_evidence(rgb: np.ndarray, scale: float, content: PageContent) -> None:
    """RGB image of a page (`scale` px per pt) -> red blobs and a grey copy stored in `content`."""
    if scale > SEAL_DPI / 72 * 1.5:  # scans at 150 dpi: shrink first, seals stay large
        f = (SEAL_DPI / 72) / scale
        rgb = cv2.resize(rgb, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        scale *= f
    red = red_mask(rgb)
    pale = pale_mask(rgb, red)
    content.red_blobs = mask_blobs(red, scale)
    content.pale_blobs = pale_blobs(pale, scale, content.red_blobs)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gray[(red > 0) | (pale > 0)] = 255  # seals, pale ones too, are not signatures
    content.gray = gray
    content.scale = scale
