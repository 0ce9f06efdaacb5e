"""Red round seals, square 法人章 and handwritten-looking signatures, stamped as images with alpha.

Seals are images (not text), as on a stamped and scanned copy, so the text layer stays clean. Each
stamp is recorded as a model.Seal with the bbox of its visible mark (PDF points, top-left origin).
"""

from __future__ import annotations

import io
import math
import random
from functools import cache

import numpy as np
import pylopdf_fonts_zh_cn as zhfonts
import pymupdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from model.submission import Seal, Submission

RED = (214, 30, 38)
INK = (*RED, 255)
PX = 4.0  # pixels per point of the seal bitmaps


@cache
def _font_bytes() -> bytes:
    """-> the sans CJK font file used for seal lettering."""
    return zhfonts.sans_path().read_bytes()


def _font(size: int) -> ImageFont.FreeTypeFont:
    """Pixel size -> a PIL font."""
    return ImageFont.truetype(io.BytesIO(_font_bytes()), size)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, ink: tuple[int, ...] = INK) -> None:
    """Draw a filled five-pointed star."""
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.38
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(pts, fill=ink)


def _ink(img: Image.Image, rng: random.Random) -> Image.Image:
    """Uneven ink: random alpha loss and speckles, slight blur."""
    arr = np.array(img).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    h, w = arr.shape[:2]
    coarse = nrng.uniform(0.55, 1.0, (max(2, h // 40), max(2, w // 40)))
    coarse_img = Image.fromarray((coarse * 255).astype(np.uint8)).resize((w, h), Image.BILINEAR)
    fine = nrng.uniform(0.75, 1.0, (h, w))
    arr[..., 3] *= np.asarray(coarse_img, dtype=np.float32) / 255 * fine
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGBA")
    return out.filter(ImageFilter.GaussianBlur(0.8))


def round_seal(text: str, rng: random.Random, diameter_pt: float, bottom: str = "",
               ink: tuple[int, ...] = INK) -> Image.Image:
    """Seal text -> a rotated RGBA round seal bitmap (ring, star, name along the arc) in `ink` (RGBA)."""
    d = int(diameter_pt * PX)
    img = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    ring = max(6, int(d * 0.035))
    draw.ellipse((ring // 2, ring // 2, d - ring // 2, d - ring // 2), outline=ink, width=ring)
    _star(draw, d / 2, d / 2, d * 0.17, ink)
    n = len(text)
    span = min(215.0 if bottom else 250.0, 16.0 * n + 40)
    fsize = int(d * (0.15 if n <= 10 else 0.13 if n <= 14 else 0.11))
    font = _font(fsize)
    radius = d / 2 - ring - fsize * 0.75
    for k, ch in enumerate(text):
        ang = -90 - span / 2 + span * (k + 0.5) / n
        glyph = Image.new("RGBA", (fsize * 2, fsize * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((fsize * 0.5, fsize * 0.35), ch, font=font, fill=ink)
        glyph = glyph.rotate(-(ang + 90), resample=Image.BICUBIC)
        x = d / 2 + radius * math.cos(math.radians(ang)) - fsize
        y = d / 2 + radius * math.sin(math.radians(ang)) - fsize
        img.alpha_composite(glyph, (int(x), int(y)))
    if bottom:  # the 13-digit code runs along the lower arc, upright, left to right
        small_size = int(fsize * 0.55)
        small = _font(small_size)
        bspan = 6.2 * len(bottom)
        r2 = d / 2 - ring - small_size * 0.9
        for k, ch in enumerate(bottom):
            ang = 90 + bspan / 2 - bspan * (k + 0.5) / len(bottom)
            glyph = Image.new("RGBA", (small_size * 2, small_size * 2), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((small_size * 0.7, small_size * 0.4), ch, font=small, fill=ink)
            glyph = glyph.rotate(90 - ang, resample=Image.BICUBIC)
            x = d / 2 + r2 * math.cos(math.radians(ang)) - small_size
            y = d / 2 + r2 * math.sin(math.radians(ang)) - small_size
            img.alpha_composite(glyph, (int(x), int(y)))
    img = img.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    return _ink(img, rng)


def square_seal(name: str, rng: random.Random, side_pt: float, ink: tuple[int, ...] = INK) -> Image.Image:
    """A legal representative's name -> a small square 法人章 bitmap (2x2 characters) in `ink` (RGBA)."""
    s = int(side_pt * PX)
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rectangle((3, 3, s - 3, s - 3), outline=ink, width=max(5, s // 22))
    chars = (name + "之印")[:4] if len(name) == 2 else (name + "印")[:4]
    font = _font(int(s * 0.36))
    for k, ch in enumerate(chars):
        col, row = 1 - k // 2, k % 2  # read top-to-bottom, right-to-left
        draw.text((s * 0.09 + col * s * 0.44, s * 0.05 + row * s * 0.44), ch, font=font, fill=ink)
    img = img.rotate(rng.uniform(-8, 8), resample=Image.BICUBIC, expand=True)
    return _ink(img, rng)


def signature(rng: random.Random, w_pt: float, h_pt: float) -> Image.Image:
    """-> a handwritten-looking signature: a few smooth dark strokes."""
    w, h = int(w_pt * PX), int(h_pt * PX)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    color = (*rng.choice([(20, 20, 30), (25, 35, 90)]), 235)
    x = w * 0.06
    for _ in range(rng.randint(2, 4)):
        pts = []
        x0 = x
        for t in range(24):
            px = x0 + t * w * rng.uniform(0.008, 0.014)
            py = h * 0.5 + math.sin(t / rng.uniform(1.2, 2.5) + rng.random()) * h * rng.uniform(0.15, 0.35)
            pts.append((px, py))
        draw.line(pts, fill=color, width=int(PX * 1.3), joint="curve")
        x = pts[-1][0] + w * 0.03
    draw.line([(w * 0.1, h * 0.8), (min(x, w * 0.95), h * 0.7)], fill=color, width=int(PX))
    return img.filter(ImageFilter.GaussianBlur(0.6))


def place_image(page: pymupdf.Page, img: Image.Image, cx: float, cy: float) -> list[float]:
    """Insert a bitmap centred at (cx, cy) -> bbox of its visible (alpha) pixels in points."""
    w, h = img.size[0] / PX, img.size[1] / PX
    rect = pymupdf.Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page.insert_image(rect, stream=buf.getvalue(), overlay=True)
    box = img.getchannel("A").point(lambda a: 255 if a > 40 else 0).getbbox() or (0, 0, *img.size)
    return [round(rect.x0 + box[0] / PX, 1), round(rect.y0 + box[1] / PX, 1),
            round(rect.x0 + box[2] / PX, 1), round(rect.y0 + box[3] / PX, 1)]


def stamp_seals(doc: pymupdf.Document, anchors: dict[str, tuple[int, list[float]]], sub: Submission,
                rng: random.Random, missing: tuple[str, ...] = ()) -> list[Seal]:
    """Anchors {role: (page, rect)} -> stamp every role not in `missing`; -> the Seal truths."""
    f = sub.fields
    out: list[Seal] = []
    for role in ("applicant", "recommender", "company", "legal_rep"):
        if role not in anchors:
            continue
        pno, rect = anchors[role]
        if role in missing:
            out.append(Seal(page=pno, bbox=None, role=role, present=False))  # type: ignore[arg-type]
            continue
        page = doc[pno - 1]
        r = pymupdf.Rect(rect)
        if role == "legal_rep":
            if rng.random() < 0.5:
                img = square_seal(f.legal_rep.name or "法人", rng, rng.uniform(34, 42))
            else:
                img = signature(rng, rng.uniform(70, 95), rng.uniform(26, 34))
            cx, cy = r.x1 - 20 + rng.uniform(-8, 12), (r.y0 + r.y1) / 2 + rng.uniform(-4, 4)
        else:
            name = (f.recommender if role == "recommender" else f.applicant) or ""
            bottom = "" if role == "recommender" or rng.random() < 0.6 else f"{rng.randint(10**12, 10**13 - 1)}"
            img = round_seal(name, rng, rng.uniform(104, 122), bottom)
            frac = {"applicant": rng.uniform(0.3, 0.5), "recommender": rng.uniform(0.62, 0.85)}.get(role, rng.uniform(0.55, 0.9))
            cx = r.x0 + (r.x1 - r.x0) * frac
            cy = (r.y0 + r.y1) / 2 + rng.uniform(-10, 10)
        bbox = place_image(page, img, cx, cy)
        out.append(Seal(page=pno, bbox=bbox, role=role, present=True))  # type: ignore[arg-type]
    return out
