"""Scanned and mixed variants: rasterise pages at 150 dpi, skew, noise, blur, JPEG, image-only pages.

A scan moves every mark a little (the skew turns the page about its centre), so the seal truths are
moved with the same rotation and their boxes re-measured. `Quality` makes worse scans to test on (a phone
photo at 60 dpi, a blurred copy): the page image is kept at that resolution, blurred that much.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

from model.submission import Seal

DPI = 150


@dataclass(frozen=True)
class Quality:
    """How poor a scan is: the resolution the page image is kept at and an extra Gaussian blur (px radius)."""

    dpi: int = DPI
    blur: float = 0.0


def _scan_image(page: pymupdf.Page, rng: random.Random, angle: float, quality: Quality = Quality()) -> bytes:
    """One page -> JPEG bytes of a skewed, noisy, slightly blurred scan (150 dpi unless `quality` says)."""
    pix = page.get_pixmap(dpi=quality.dpi)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    tint = rng.choice([(255, 255, 255), (250, 248, 240), (246, 246, 246)])
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=tint)
    arr = np.asarray(img).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = arr * rng.uniform(0.93, 1.0) + rng.uniform(0, 10)
    arr += nrng.normal(0, rng.uniform(3, 7), arr.shape[:2])[..., None]
    if rng.random() < 0.4:  # the scanner lid's shadow along one edge
        h, w = arr.shape[:2]
        edge = int(min(h, w) * rng.uniform(0.015, 0.04))
        ramp = np.linspace(rng.uniform(0.55, 0.8), 1.0, edge)[:, None]
        side = rng.choice(["top", "bottom", "left", "right"])
        if side in ("top", "bottom"):
            arr[:edge] *= ramp[..., None] if side == "top" else 1
            arr[h - edge:] *= ramp[::-1][..., None] if side == "bottom" else 1
        else:
            arr[:, :edge] *= ramp.T[..., None] if side == "left" else 1
            arr[:, w - edge:] *= ramp[::-1].T[..., None] if side == "right" else 1
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.35, 0.8) * quality.dpi / DPI + quality.blur))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(55, 72), optimize=True)
    return buf.getvalue()


def _rotate_bbox(bbox: list[float], rect: pymupdf.Rect, angle: float) -> list[float]:
    """A bbox and the rotation PIL applied (degrees, counter-clockwise) -> the bbox of the moved corners."""
    cx, cy = rect.width / 2, rect.height / 2
    a = math.radians(angle)
    pts = []
    for x, y in ((bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])):
        dx, dy = x - cx, y - cy
        pts.append((cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)))
    return [round(min(p[0] for p in pts), 1), round(min(p[1] for p in pts), 1),
            round(max(p[0] for p in pts), 1), round(max(p[1] for p in pts), 1)]


def scan(pdf: bytes, pages: list[int] | None, rng: random.Random, seals: list[Seal],
         quality: Quality = Quality()) -> tuple[bytes, list[int], list[Seal]]:
    """Digital PDF bytes and the 1-based pages to scan (None = all) -> (PDF bytes, scanned pages, moved seals);
    `quality`: resolution and extra blur of the scan (default: the generator's 150-dpi office scan)."""
    src = pymupdf.open("pdf", pdf)
    out = pymupdf.open("pdf", pdf)  # text pages stay as they are; scanned ones are replaced in place
    todo = set(pages) if pages is not None else set(range(1, src.page_count + 1))
    angles: dict[int, float] = {}
    for page in src:
        n = page.number + 1
        if n in todo:
            angle = rng.uniform(0.3, 2.0) * rng.choice([-1, 1])
            angles[n] = angle
            new = out.new_page(pno=n - 1, width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=_scan_image(page, rng, angle, quality))
            out.delete_page(n)
    moved = []
    for s in seals:
        if s.bbox is not None and s.page in angles:
            rect = src[s.page - 1].rect
            s = s.model_copy(update={"bbox": _rotate_bbox(s.bbox, rect, angles[s.page])})
        moved.append(s)
    out.set_metadata(src.metadata)
    data = out.tobytes(garbage=3, deflate=True, no_new_id=True)
    return data, sorted(todo), moved
