"""OCR of image-only or garbled pages with RapidOCR (openvino backend), red seals suppressed.

Choices (measured, see docs/extraction.md): rapidocr-openvino 1.4.4 with use_cls=False; the
embedded scan image is used as is instead of re-rendering (16 ms vs 71 ms a page, same text);
the red channel is fed as grey so red seal ink vanishes and the text under a seal is read; the
page is deskewed first (projection-profile search up to ±3°) so rules are axis-aligned for the
table grid. Coordinates are returned in PDF points of the deskewed page (within a few points of
the original for skews of ~2°).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import cv2
import numpy as np
import pymupdf

from extractors.deskew import estimate_skew, rotate
from extractors.page import PageContent, Word
from extractors.scan_rules import find_rules
from extractors.seals import attach_image_evidence, wants_seal_evidence

log = logging.getLogger(__name__)
RENDER_DPI = 150  # 200 dpi was slower and no better (MEASURED.md)
MAX_PIXELS = 40_000_000  # larger page images (e.g. 600-dpi scans) are shrunk to this before OCR
WORD_GAP = 0.6  # a gap wider than this many char heights between two OCR chars ends a word


@cache
def ocr_engine() -> Any:
    """-> the RapidOCR engine, loaded once per process (≈1 s, ≈0.9 GB)."""
    from rapidocr_openvino import RapidOCR

    return RapidOCR(**{"Global.use_cls": False, "Global.print_verbose": False})


def page_image(doc: pymupdf.Document, page: pymupdf.Page) -> np.ndarray:
    """Page -> BGR image: the embedded scan when one image fills the page, else a 150-dpi rendering."""
    infos = page.get_image_info(xrefs=True)
    area = abs(page.rect) or 1.0
    if len(infos) == 1 and infos[0].get("xref"):
        r = pymupdf.Rect(infos[0]["bbox"])
        if abs(r & page.rect) / area > 0.9 and abs(r.x0 - page.rect.x0) < 5 and abs(r.y0 - page.rect.y0) < 5:
            try:
                data = doc.extract_image(infos[0]["xref"])["image"]
                img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
                if img is not None and img.shape[0] > 200 and page.rotation == 0:
                    return _limit(img)
            except (RuntimeError, ValueError, cv2.error) as exc:  # odd codecs (JBIG2, CMYK): render instead
                log.info("page %d: embedded image unusable (%r), rendering", page.number + 1, exc)
    pix = page.get_pixmap(dpi=RENDER_DPI, colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _limit(img: np.ndarray) -> np.ndarray:
    """Image -> the same image shrunk to at most MAX_PIXELS (giant scans would exhaust memory)."""
    n = img.shape[0] * img.shape[1]
    if n <= MAX_PIXELS:
        return img
    f = (MAX_PIXELS / n) ** 0.5
    return cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def ocr_words(img: np.ndarray, scale: float) -> list[Word]:
    """BGR image (`scale` px per pt) -> words with boxes in pt and OCR confidences."""
    grey = img[:, :, 2]  # red channel: red seal ink turns white, black text stays black
    result, _ = ocr_engine()(cv2.merge([grey, grey, grey]), use_cls=False, return_word_box=True)
    words: list[Word] = []
    for n, item in enumerate(result or []):
        box, text, conf = item[0], item[1], float(item[2])
        boxes, chars = (item[3], item[4]) if len(item) > 4 else (None, None)
        if boxes and chars and len(boxes) == len(chars) and "".join(chars) == text.replace(" ", ""):
            words.extend(_char_words(boxes, chars, conf, n, scale))
        else:
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            words.append(Word(min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale, text, n, conf))
    return words


def _char_words(boxes: list, chars: list[str], conf: float, line: int, scale: float) -> list[Word]:
    """Per-character boxes of one OCR line -> words cut at gaps (cells side by side stay apart)."""
    out: list[Word] = []
    run: list[tuple[float, float, float, float, str]] = []
    for box, ch in zip(boxes, chars, strict=True):
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        c = (min(xs), min(ys), max(xs), max(ys), ch)
        if run and c[0] - run[-1][2] > WORD_GAP * max(c[3] - c[1], 1.0):
            out.append(_word(run, conf, line, scale))
            run = []
        run.append(c)
    if run:
        out.append(_word(run, conf, line, scale))
    return out


def _word(run: list[tuple[float, float, float, float, str]], conf: float, line: int, scale: float) -> Word:
    """Char run (px) -> Word (pt)."""
    return Word(min(r[0] for r in run) / scale, min(r[1] for r in run) / scale, max(r[2] for r in run) / scale,
                max(r[3] for r in run) / scale, "".join(r[4] for r in run), line, conf)


def read_ocr_page(doc: pymupdf.Document, page: pymupdf.Page, number: int) -> PageContent:
    """Image-only or garbled page -> PageContent from OCR (words, rules, seal evidence)."""
    img = page_image(doc, page)
    scale = img.shape[1] / page.rect.width
    angle = estimate_skew(img)
    straight = rotate(img, angle) if abs(angle) >= 0.05 else img
    words = ocr_words(straight, scale)
    content = PageContent(number=number, width=page.rect.width, height=page.rect.height, words=words,
                          rules=find_rules(straight, scale), source="ocr")
    if number == 1 or wants_seal_evidence("".join(w.text for w in words)):
        # seals are measured on the original image: their boxes are reported in page coordinates
        attach_image_evidence(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), scale, content)
    content.problems.append(f"skew {angle:.2f} deg")
    return content
