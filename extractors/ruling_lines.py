"""Ruling lines of a scanned page by morphology (OpenCV), as Segments in PDF points."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.page import Segment

H_MIN_PT = 28.0  # horizontal strokes of CJK glyphs are shorter than this at form font sizes
V_MIN_PT = 13.0  # vertical rules of a table row are at least one text line tall
# A rule left tilted by a deskew that missed (up to ~1°) spans more rows than its thickness: a long one
# rises by its length times this.
TILT = 0.0175


def _thin_tilted(length: int, rise: int, area: int, scale: float) -> bool:
    """A long component's extent along and across a rule -> True when it is one thin rule left tilted (its
    rise within TILT of its length, its mean thickness under 3 pt), not a band such as a scanner's edge."""
    return rise <= 8 * scale + length * TILT and area / length <= 3 * scale


def find_rules(img: np.ndarray, scale: float) -> list[Segment]:
    """Deskewed BGR image (`scale` px per pt) -> horizontal and vertical rule segments in pt."""
    grey = img if img.ndim == 2 else img[:, :, 2]  # red channel: seal rings are not table rules
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    out: list[Segment] = []
    hk = max(10, int(H_MIN_PT * scale))
    vk = max(8, int(V_MIN_PT * scale))
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    # bridge small breaks (scan noise, JPEG) along the rule direction
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    for mask, is_h in ((horiz, True), (vert, False)):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            if is_h and w >= hk and (h <= 8 * scale or _thin_tilted(w, h, area, scale)):
                yc = (y + h / 2) / scale
                out.append(Segment(x / scale, yc, (x + w) / scale, yc))
            elif not is_h and h >= vk and (w <= 8 * scale or _thin_tilted(h, w, area, scale)):
                xc = (x + w / 2) / scale
                out.append(Segment(xc, y / scale, xc, (y + h) / scale))
    return out
