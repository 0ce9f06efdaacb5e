"""Estimate and undo the skew of a scanned page (up to about ±3°)."""

from __future__ import annotations

import cv2
import numpy as np

MAX_DEG = 3.0
WORK_WIDTH = 800  # px: the search runs on a shrunk copy; 0.1° is still resolved
# Coarse search step: long table rules give a peak only ≈ 0.25° wide (a landscape 附1 page whose cells hold
# only the tails of a row has no text lines to widen it), so a 0.5° step could step over it.
COARSE_STEP = 0.2
FINE_STEP = 0.05
EDGE = 0.03  # share of each image side left out of the search (no form prints this close to the paper edge)


def _score(binary: np.ndarray, angle: float) -> float:
    """Binary image + angle -> sharpness of its row profile after rotating (higher = straighter)."""
    h, w = binary.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(binary, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def estimate_skew(img: np.ndarray) -> float:
    """BGR or grey image -> the rotation (degrees, counter-clockwise) that straightens it."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    f = WORK_WIDTH / grey.shape[1]
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else grey
    _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # the scanner's dark edge and the paper border are straight in the image frame, whatever the page's skew
    mh, mw = int(binary.shape[0] * EDGE), int(binary.shape[1] * EDGE)
    binary[:mh], binary[binary.shape[0] - mh:], binary[:, :mw], binary[:, binary.shape[1] - mw:] = 0, 0, 0, 0
    best, best_a = -1.0, 0.0
    for a in np.arange(-MAX_DEG, MAX_DEG + 1e-6, COARSE_STEP):
        s = _score(binary, float(a))
        if s > best:
            best, best_a = s, float(a)
    half = COARSE_STEP - FINE_STEP
    for a in np.arange(best_a - half, best_a + half + 1e-6, FINE_STEP):
        s = _score(binary, float(a))
        if s > best:
            best, best_a = s, float(a)
    return round(best_a, 2)


def rotate(img: np.ndarray, angle: float) -> np.ndarray:
    """Image + angle (degrees, counter-clockwise) -> rotated about its centre, white borders."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


MIN_ANGLE = 0.05  # degrees: a smaller estimated skew is left alone (rotating would only blur the glyphs)


def straighten(img: np.ndarray) -> tuple[np.ndarray, float]:
    """Page image -> (the image deskewed, or the same image when it is straight enough; the angle found)."""
    angle = estimate_skew(img)
    return (rotate(img, angle) if abs(angle) >= MIN_ANGLE else img), angle
