"""Checkboxes on scanned pages: find the printed squares, tell ticked from empty by fill ratio, and put
the glyph (■ / □) into the OCR words where the box is, so choice cells read like a text layer."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.page import Mark, Word

BOX_PT = (5.5, 16.0)  # side of a form checkbox at 9–14 pt type
FILLED = 0.45  # share of dark pixels inside the box (border excluded) that makes it ticked
_BOX_CHARS = "口囗日□☐■回团図国"


def find_checkboxes(img: np.ndarray, scale: float) -> list[Mark]:
    """Deskewed BGR image (`scale` px per pt) -> squares the size of a checkbox, with their fill."""
    grey = img[:, :, 2] if img.ndim == 3 else img  # red channel: seals do not fill boxes
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = BOX_PT[0] * scale, BOX_PT[1] * scale
    marks: list[Mark] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if not (lo <= w <= hi and lo <= h <= hi and 0.8 <= w / h <= 1.25):
            continue
        if cv2.contourArea(c) < 0.7 * w * h:
            continue  # not a closed square outline (CJK glyphs have open strokes)
        approx = cv2.approxPolyDP(c, 0.08 * cv2.arcLength(c, True), True)
        if len(approx) != 4:
            continue
        m = max(2, int(0.22 * w))
        inner = binary[y + m:y + h - m, x + m:x + w - m]
        fill = float((inner > 0).mean()) if inner.size else 0.0
        box = (x / scale, y / scale, (x + w) / scale, (y + h) / scale)
        if any(abs(box[0] - k.x0) < 2 and abs(box[1] - k.y0) < 2 for k in marks):
            continue  # outer and inner contour of one printed box
        marks.append(Mark(*box, checked=fill >= FILLED, fill=round(fill, 2)))
    return marks


def apply_marks(words: list[Word], marks: list[Mark]) -> list[Word]:
    """OCR words + checkboxes -> words with a ■/□ word at each box (OCR's own reading of it removed)."""
    out = []
    for w in words:
        for k in marks:
            overlap = min(w.x1, k.x1) - max(w.x0, k.x0)
            if overlap > 0.5 * (k.x1 - k.x0) and w.cy >= k.y0 - 2 and w.cy <= k.y1 + 2 and w.text[:1] in _BOX_CHARS:
                # the box was read as a character: drop it, keep the option text
                cut = (k.x1 - w.x0) / max(w.x1 - w.x0, 1.0)
                w = Word(min(k.x1, w.x1), w.y0, w.x1, w.y1, w.text[1:], w.line, w.conf) if cut < 1 else w
        if w.text:
            out.append(w)
    for k in marks:
        out.append(Word(k.x0, k.y0, k.x1, k.y1, "■" if k.checked else "□", line=-1, conf=1.0))
    return out
