"""Lines the OCR page pass did not detect, found again from the ink the detected lines leave uncovered.

On a sample scan the detector skipped the whole cover line 「推荐单位：青岛市工业和信息化局（盖章）」 where the
recommender's seal sits on its end (the red channel shows the text clearly; a crop of that band reads it
at 0.99). A seal placed over 「（盖章）」 is the normal case on real covers, and a lost line there means
a lost field and a seal that cannot be placed. So after the page pass: erase table rules and the boxes of
the detected lines from the binarised page, look for bands of rows that still hold text-like ink, and
run OCR on each such band as a crop. Pages whose text was all detected pay ≈ 20 ms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from extractors.page import quad_rect

MIN_CONF = 0.8     # a recovered line must be read with this confidence (signatures and noise read poorly)
MIN_CHARS = 4      # ... and hold this many characters
MAX_BANDS = 6      # bands tried per page (bounds the cost of a page full of figures)
RULE_PX = 40       # ink runs this long, horizontal or vertical, are table rules, not text


def _bands(ink: np.ndarray, line_h: float) -> list[tuple[int, int]]:
    """Binary ink (0/1) -> row ranges of text-line height whose rows each hold at least a line height of ink."""
    rows = ink.sum(axis=1) >= line_h
    out: list[tuple[int, int]] = []
    y = 0
    while y < len(rows):
        if not rows[y]:
            y += 1
            continue
        start = y
        while y < len(rows) and rows[y]:
            y += 1
        if 0.4 * line_h <= y - start <= 2.5 * line_h:
            out.append((start, y))
    return out


def _inside(x: float, y: float, box: list) -> bool:
    """Point + OCR box (4 corners) -> True when the point lies in the box's bounding rectangle."""
    x0, y0, x1, y1 = quad_rect(box)
    return x0 <= x <= x1 and y0 <= y <= y1


def recover_lines(grey: np.ndarray, found: list[Any], read: Callable[[np.ndarray], list[Any]]) -> list[Any]:
    """Grey page (red channel) + the page pass's OCR items (box, text, conf, …) + an OCR function for a
    crop -> extra items for lines the page pass missed, in page pixel coordinates."""
    heights = [max(p[1] for p in it[0]) - min(p[1] for p in it[0]) for it in found]
    if not heights:
        return []
    line_h = float(np.median(heights))
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rules = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_PX, 1)))
    rules |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, RULE_PX)))
    ink = binary & (1 - cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    for it in found:
        x0, y0, x1, y1 = quad_rect(it[0])
        ink[max(0, int(y0) - 2):int(y1) + 3, max(0, int(x0) - 2):int(x1) + 3] = 0
    extra: list[Any] = []
    for y0, y1 in _bands(ink, line_h)[:MAX_BANDS]:
        cols = np.flatnonzero(ink[y0:y1].any(axis=0))
        pad = int(line_h)
        top, left = max(0, y0 - pad // 2), max(0, int(cols[0]) - pad)
        crop = grey[top:y1 + pad // 2, left:int(cols[-1]) + pad]
        for it in read(np.ascontiguousarray(crop)) or []:
            text, conf = it[1], float(it[2])
            if conf < MIN_CONF or len(text.replace(" ", "")) < MIN_CHARS:
                continue
            box = [[p[0] + left, p[1] + top] for p in it[0]]
            cx, cy = sum(p[0] for p in box) / len(box), sum(p[1] for p in box) / len(box)
            if any(_inside(cx, cy, f[0]) for f in found):
                continue  # a line the page pass had, caught in the crop's margin
            words = [[[p[0] + left, p[1] + top] for p in b] for b in it[3]] if len(it) > 4 and it[3] else None
            scores = it[5] if words and len(it) > 5 else None
            extra.append((box, text, conf, words, it[4] if words else None, scores))
    return extra
