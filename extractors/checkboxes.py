"""Checkboxes on scanned pages: find the printed squares, tell ticked from empty by fill ratio, and put
the glyph (■ / □) into the OCR words where the box is, so choice cells read like a text layer."""

from __future__ import annotations

import math
from dataclasses import replace

import cv2
import numpy as np

from extractors.page import Mark, Word

BOX_PT = (5.5, 16.0)  # side of a form checkbox at 9–14 pt type
HOLLOW = 0.12  # an empty box has (almost) nothing inside
FILLED = 0.7  # share of dark pixels inside the box (border excluded) that makes it ticked (■ is ~1)
BOX_CHARS = "口囗日□☐■回团図国"
_OCR_BOX_READINGS = "口囗日□☐■回図☑☒"  # what OCR makes of a box with a tick in it (not 国, 团)
# Characters that are (readings of) boxes and ticks, not text: their OCR score says nothing about a value.
MARK_GLYPHS = "口囗□☐■回図☑☒√✓"


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


def _char_index(k: Mark, w: Word) -> int:
    """Mark overlapping word -> index of the character under the mark's centre (even widths assumed)."""
    return int((((k.x0 + k.x1) / 2) - w.x0) / max(w.x1 - w.x0, 1.0) * len(w.text))


def _offset(k: Mark, w: Word, j: int) -> float:
    """Mark, word, character index -> distance (pt) of the mark's centre from that character's (even widths)."""
    return math.hypot((k.x0 + k.x1) / 2 - (w.x0 + (j + 0.5) * (w.x1 - w.x0) / max(len(w.text), 1)),
                      (k.y0 + k.y1) / 2 - (w.y0 + w.y1) / 2)


def _box_char_at(k: Mark, w: Word) -> int | None:
    """Mark overlapping word -> index of the character OCR made of the box (None when there is none)."""
    if not w.text:
        return None
    est = _char_index(k, w)
    for j in (est, est - 1, est + 1):
        if 0 <= j < len(w.text) and w.text[j] in BOX_CHARS:
            return j
    return None


def _overlapping(k: Mark, words: list[Word]) -> Word | None:
    """Mark -> the word whose box holds its centre (the nearest line's, when options are stacked in a
    narrow cell and line boxes touch: '■是' above '□否'), if any."""
    cx, cy = (k.x0 + k.x1) / 2, (k.y0 + k.y1) / 2
    near = [w for w in words if w.x0 <= cx <= w.x1 and w.y0 - 1 <= cy <= w.y1 + 1]
    return min(near, key=lambda w: abs(cy - (w.y0 + w.y1) / 2), default=None)


def _followed(k: Mark, words: list[Word], options: tuple[str, ...]) -> bool:
    """True when the text of a form option starts just right of the mark."""
    h = k.y1 - k.y0
    return any(not (w.y1 < k.y0 - 2 or w.y0 > k.y1 + 2) and k.x1 - 0.4 * h <= w.x0 <= k.x1 + 1.5 * h
               and w.text.startswith(options) for w in words)


def apply_marks(words: list[Word], marks: list[Mark], options: tuple[str, ...]) -> list[Word]:
    """OCR words + checkboxes -> words where each box reads ■ or □.

    A box OCR read as a character (口, 回, ■ …) has that character replaced; a box OCR skipped gets a
    word of its own; a 'box' that is really a glyph of the text (项, 国, 口 …) is ignored: a box is
    always hollow or solid and followed by one of the form's `options` (是, 否, 民营企业 …).
    """
    out = list(words)
    placed: dict[tuple[int, int], float] = {}  # (word, char) -> distance of the mark put there
    for k in marks:
        # strokes inside a square: a tick or cross in the box (☑ ☒, Word's Wingdings boxes) when the
        # square stands where OCR read a box (口, 回 …) or where it read nothing, right before an
        # option; otherwise a character such as 国 or 图, which OCR reads as itself
        ticked = k.checked or FILLED > k.fill > HOLLOW
        glyph = "■" if ticked else "□"
        w = _overlapping(k, out)
        if w is not None:
            j = _box_char_at(k, w)
            if j is None or not w.text[j + 1:].startswith(options):
                continue  # the square is part of the text itself
            if FILLED > k.fill > HOLLOW and (w.text[j] not in _OCR_BOX_READINGS or j != _char_index(k, w)):
                continue  # 国, 四, 图 …: a character whose outline is square (next to a real box)
            key, off = (out.index(w), j), _offset(k, w, j)
            if placed.get(key, off + 1) <= off:
                continue  # a closer square already stands for this box (the other is the option's glyph)
            placed[key] = off
            out[key[0]] = replace(w, text=w.text[:j] + glyph + w.text[j + 1:])
        elif _followed(k, out, options):
            out.append(Word(k.x0, k.y0, k.x1, k.y1, glyph, line=-1, conf=1.0))
    return out


# A box the OCR line skipped between two characters ('是√ □否' read as '是√否'): some fonts print □
# at a third of the character height, too small for find_checkboxes and drawn in a grey that Otsu's
# threshold splits open. Searched only in a gap before a form option, where a lost box changes a choice.
LOST_BOX_INK = 215     # grey level under which a pixel counts as ink when looking for a faint, thin box
LOST_BOX_SIDE = (0.2, 0.7)  # side of such a box, in line heights
MIN_BOX_GAP = 0.2      # a gap narrower than this many line heights cannot hold a box


def box_gap(before: tuple[float, ...], after: tuple[float, ...]) -> bool:
    """Boxes (x0, y0, x1, y1, …) of two neighbouring OCR characters -> True when the gap between them is
    wide enough to hold a box."""
    h = max(max(before[3], after[3]) - min(before[1], after[1]), 1.0)
    return after[0] - before[2] >= MIN_BOX_GAP * h


def lost_box(grey: np.ndarray, x0: float, x1: float, y0: float, y1: float) -> tuple[int, int, int, int] | None:
    """Grey image + the gap between two OCR characters (px: end of the one before, start of the one
    after, line top and bottom) -> the box (x0, y0, x1, y1 px) of an empty square printed there, if any.

    OCR character boxes are estimates, so the search runs a little into the next character; a square
    must start before that character's estimated start (the 口 of 否 or 品 lies further right)."""
    h = max(y1 - y0, 1.0)
    if x1 - x0 < MIN_BOX_GAP * h:
        return None
    cx0, cx1 = max(0, int(x0 - 0.1 * h)), int(x1 + 0.5 * h)
    cy0, cy1 = max(0, int(y0)), int(y1) + 1
    crop = grey[cy0:cy1, cx0:cx1]
    if crop.size == 0:
        return None
    binary = (crop < LOST_BOX_INK).astype(np.uint8) * 255
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    for i, c in enumerate(contours):
        child = hierarchy[0][i][2]
        if hierarchy[0][i][3] >= 0 or child < 0:
            continue  # a hole itself, or an outline without a hole
        x, y, w, ht = cv2.boundingRect(c)
        if not (LOST_BOX_SIDE[0] * h <= min(w, ht) and max(w, ht) <= LOST_BOX_SIDE[1] * h and 0.75 <= w / ht <= 1.33):
            continue
        if cx0 + x > x1 + 0.1 * h:
            continue  # starts inside the next character: part of its glyph
        if hierarchy[0][child][0] >= 0:
            continue  # two holes or more: strokes inside the square (a tick, or a glyph such as 田)
        _, _, hw, hh = cv2.boundingRect(contours[child])
        if hw >= 0.4 * w and hh >= 0.4 * ht and _hollow(binary, contours[child]):
            return cx0 + x, cy0 + y, cx0 + x + w, cy0 + y + ht
    return None


def _hollow(binary: np.ndarray, hole: np.ndarray) -> bool:
    """Binary crop + the contour of a square's hole -> True when nothing is drawn inside the hole (a tick
    that does not touch the border leaves one hole with ink in it)."""
    mask = np.zeros(binary.shape, np.uint8)
    cv2.drawContours(mask, [hole], -1, 255, thickness=-1)
    inside = cv2.erode(mask, np.ones((3, 3), np.uint8)) > 0   # the contour runs on the border's own pixels
    return not inside.any() or float((binary[inside] > 0).mean()) < HOLLOW
