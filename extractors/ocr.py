"""OCR of image-only or garbled pages with RapidOCR (openvino backend), red seals suppressed.

Choices (measured, see docs/extraction.md): rapidocr-openvino 1.4.4 with use_cls=False; the
embedded scan image is used as is instead of re-rendering (16 ms vs 71 ms a page, same text);
the red channel is fed as grey so red seal ink vanishes and the text under a seal is read; the
page is deskewed first (projection-profile search up to ±3°) so rules are axis-aligned for the
table grid. Coordinates are returned in PDF points of the deskewed page (within a few points of
the original for skews of ~2°).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf

from catalog.forms import Form
from catalog.limits import load_limits
from catalog.reference import default_form
from extractors import render
from extractors.checkboxes import BOX_CHARS, MARK_GLYPHS, apply_marks, box_gap, find_checkboxes, lost_box
from extractors.deskew import MIN_ANGLE, rotate, straighten
from extractors.ink_marks import attach_image_evidence, wants_seal_evidence
from extractors.ocr_recover import recover_lines
from extractors.page import PageContent, Segment, Word, quad_rect
from extractors.page_store import PageReading, PageStore
from extractors.ruling_lines import find_rules
from extractors.scan_quality import effective_dpi, sharpness

log = logging.getLogger(__name__)
RENDER_DPI = 150  # 200 dpi was slower and no better (MEASURED.md); pixels capped by catalog/data/limits.yaml
# Frequent OCR confusions in this domain's vocabulary (checked on the sample scans).
OCR_FIXES = {"数字李生": "数字孪生", "李生": "孪生", "项自": "项目"}
# Units and signs OCR reads as Latin look-alikes: 精度土2um -> 精度±2μm, ±lmm -> ±1mm.
OCR_REGEX_FIXES = [(re.compile(r"(?<=\d)um\b"), "μm"), (re.compile(r"(?<=精度)[土+]"), "±"),
                   (re.compile(r"(?<=±)l(?=\s?mm)"), "1")]
_PUNCT = "，。；：、！？）》」”’（《「“‘,.;:!?()"
REPEAT_OVERLAP = 0.3  # two OCR lines whose edge characters overlap by this share of their width: one print
PAGE_PASSES: Counter[str] = Counter()  # full-page OCR passes of this process ("page")
WORD_GAP = 0.4  # a gap wider than this many char heights between two OCR chars ends a word (cell padding)


def ocr_engine() -> Any:
    """-> the RapidOCR engine of this process, loaded once (≈1 s, ≈0.9 GB), safe to call from several threads
    (extractors.ocr_engine: one call at a time)."""
    from extractors.ocr_engine import shared_engine

    return shared_engine()


def page_image(doc: pymupdf.Document, page: pymupdf.Page) -> np.ndarray:
    """Page -> BGR image: the embedded scan when one image fills the page, else a 150-dpi rendering."""
    return page_image_dpi(doc, page)[0]


def page_image_dpi(doc: pymupdf.Document, page: pymupdf.Page) -> tuple[np.ndarray, int | None]:
    """Page -> (BGR image, the rendering dpi or None when the embedded scan image is used as is); through the
    one capped render function (extractors.render.page_image)."""
    seen = render.page_image(doc, page, RENDER_DPI)
    return seen.pixels, None if seen.dpi is None else round(seen.dpi)


def choice_options(form: Form | None = None) -> tuple[str, ...]:
    """Form (None: the default year's) -> every option text of its checkbox rows (is a box followed by one?)."""
    return (form or default_form()).memo("ocr.choice_options", lambda f: tuple(
        sorted({o for opts in f.choices.values() for o in opts}, key=len, reverse=True)))


def _read(grey: np.ndarray) -> list:
    """Grey image -> RapidOCR items (box, text, confidence, character boxes, characters)."""
    return ocr_engine()(cv2.merge([grey, grey, grey]), use_cls=False, return_word_box=True)[0] or []


def page_lines(grey: np.ndarray) -> list:
    """Red channel of a deskewed page -> OCR items of the page pass plus the lines it did not detect
    (the one full-page OCR pass of a page; counted in PAGE_PASSES)."""
    PAGE_PASSES["page"] += 1
    result = _read(grey)
    return drop_repeated_edges([*result, *recover_lines(grey, result, _read)])


@cache
def ocr_settings() -> str:
    """-> the OCR settings and code a page pass depends on (part of the page store's key)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = version("rapidocr-openvino")
    except PackageNotFoundError:
        engine = "?"
    h = hashlib.sha256()
    for module in ("ocr.py", "ocr_recover.py", "deskew.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    for module in ("render.py",):
        h.update((Path(__file__).parent / module).read_bytes())
    return (f"rapidocr_openvino={engine};dpi={RENDER_DPI};"
            f"max_pixels={load_limits().render_pixels};use_cls=0;code={h.hexdigest()[:12]}")


@dataclass(frozen=True)
class PagePass:
    """A page as the page pass saw it: the image, its deskewed copy and what OCR read on the latter."""

    image: np.ndarray        # BGR page image (embedded scan or rendering)
    straight: np.ndarray     # the same deskewed
    reading: PageReading


def read_page_lines(doc: pymupdf.Document, page: pymupdf.Page, store: PageStore | None = None,
                    sha256: str = "") -> PagePass:
    """Page (+ the review's page store and the file's SHA-256) -> the page pass: taken from the store when
    this page was already read with these settings, else OCR'd once and kept there."""
    img, dpi = page_image_dpi(doc, page)
    scale = img.shape[1] / page.rect.width
    number = page.number + 1
    known = store.get(sha256, number, ocr_settings()) if store is not None else None
    if known is not None and tuple(known.shape) == img.shape[:2]:
        straight = rotate(img, known.angle) if abs(known.angle) >= MIN_ANGLE else img
        return PagePass(img, straight, known)
    straight, angle = straighten(img)
    items = page_lines(np.ascontiguousarray(straight[:, :, 2]))  # red channel: red seal ink turns white
    reading = PageReading(items=items, angle=angle, scale=scale, shape=(img.shape[0], img.shape[1]), dpi=dpi)
    if store is not None:
        store.stats["page_passes"] += 1
        store.put(sha256, number, ocr_settings(), reading)
    return PagePass(img, straight, reading)


def _one_print(last: tuple[float, float, float, float], first: tuple[float, float, float, float],
               overlap: float) -> bool:
    """Box of one line's last character + box of another line's first character -> True when the second lies
    over the first on the same row, by more than `overlap` of the narrower width (one character read twice)."""
    height = min(last[3] - last[1], first[3] - first[1])
    rows = min(last[3], first[3]) - max(last[1], first[1])
    shared = min(last[2], first[2]) - max(last[0], first[0])
    width = min(last[2] - last[0], first[2] - first[0])
    return rows > 0.5 * height and first[0] > last[0] and width > 0 and shared > overlap * width


def drop_repeated_edges(items: list, overlap: float = REPEAT_OVERLAP) -> list:
    """OCR items -> the same, without characters read twice where the detector split one printed line into
    two overlapping boxes: the first characters of a line that lie over the last characters of a line to
    its left on the same row, and are the same characters (「9115060063JA」 + 「A成立时间」, one printed A).
    Two printed characters side by side touch but do not overlap by `overlap` of their width."""
    usable = [n for n, it in enumerate(items) if len(it) > 4 and it[3] and it[4] and len(it[3]) == len(it[4])]
    out = list(items)
    for b in usable:
        chars_b, boxes_b = list(out[b][4]), [quad_rect(x) for x in out[b][3]]
        for a in usable:
            if a == b or not out[a][4] or not chars_b or chars_b[0] != out[a][4][-1]:
                continue
            text = out[b][1].lstrip()
            if not text.startswith(chars_b[0]) or not _one_print(quad_rect(out[a][3][-1]), boxes_b[0], overlap):
                continue
            x0 = boxes_b[1][0] if len(boxes_b) > 1 else boxes_b[0][2]
            quad = [[max(p[0], x0), p[1]] for p in out[b][0]]
            confs = [list(out[b][5])[1:]] if len(out[b]) > 5 and out[b][5] is not None else []
            out[b] = [quad, text[1:].lstrip(), out[b][2], list(out[b][3])[1:], chars_b[1:], *confs]
            chars_b, boxes_b = chars_b[1:], boxes_b[1:]
    return [it for it in out if it[1]]


def ocr_words(img: np.ndarray, scale: float, items: list | None = None, form: Form | None = None) -> list[Word]:
    """BGR image (`scale` px per pt) + the page pass's OCR items (read here when not given) -> words with
    boxes in pt and OCR confidences (the line's, and the lowest of the word's characters when the engine gave
    one per character); `form` gives the checkbox options."""
    options = choice_options(form)
    if items is None:
        items = page_lines(img[:, :, 2])  # red channel: red seal ink turns white, black text stays black
    words: list[Word] = []
    for n, item in enumerate(items):
        box, text, conf = item[0], fix_text(item[1]), float(item[2])
        boxes, chars = (item[3], item[4]) if len(item) > 4 else (None, None)
        scores = item[5] if len(item) > 5 and item[5] is not None and len(item[5]) == len(chars or ()) else None
        if boxes and chars and len(boxes) == len(chars) and fix_text("".join(chars)) == text.replace(" ", ""):
            words.extend(_char_words(boxes, list(text.replace(" ", "")), conf, n, scale, img, options,
                                     [float(v) for v in scores] if scores is not None else None))
        else:
            x0, y0, x1, y1 = quad_rect(box)
            low = min((float(v) for v in scores), default=conf) if scores is not None else conf
            words.append(Word(x0 / scale, y0 / scale, x1 / scale, y1 / scale, text, n, conf, low))
    return words


def fix_text(text: str) -> str:
    """OCR text -> with the known domain confusions corrected and quotes paired (length preserved)."""
    for wrong, right in OCR_FIXES.items():
        text = text.replace(wrong, right)
    for pattern, right in OCR_REGEX_FIXES:
        text = pattern.sub(right, text)
    if any(q in text for q in '"“”＂'):
        chars, opening = list(text), True
        for i, ch in enumerate(chars):
            if ch in '"“”＂':  # OCR confuses the direction of Chinese quotes; they alternate in a line
                chars[i] = "“" if opening else "”"
                opening = not opening
        text = "".join(chars)
    return text


SEAL_INK_R = 185  # red-channel level of seal ink: printed text (even faint, under a seal) is darker


def _red_ink(img: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Image + box (px) -> True when the box holds only seal ink: OCR read it from the red channel,
    where seal red is light grey, but nothing in it is darker than seal ink (seal lettering, numbers)."""
    crop = img[max(0, int(y0)):int(y1) + 1, max(0, int(x0)):int(x1) + 1]
    if crop.size == 0:
        return False
    r = crop[:, :, 2]
    g = crop[:, :, 1]
    if float(np.percentile(g, 5)) > 150:
        return False  # faint everywhere: not red ink either, keep what OCR read
    return float(np.percentile(r, 5)) > SEAL_INK_R


def _char_words(boxes: list, chars: list[str], conf: float, line: int, scale: float,
                img: np.ndarray | None = None, options: tuple[str, ...] = (),
                scores: list[float] | None = None) -> list[Word]:
    """Per-character boxes (+ scores) of one OCR line -> words cut at gaps (cells side by side stay apart);
    characters printed in seal red (lettering OCR still made out) are left out."""
    out: list[Word] = []
    run: list[tuple[float, float, float, float, str, float]] = []
    for i, (box, ch) in enumerate(zip(boxes, chars, strict=True)):
        c = (*quad_rect(box), ch, scores[i] if scores is not None else conf)
        if img is not None and _red_ink(img, *c[:4]):
            continue
        if (img is not None and run and run[-1][4] not in BOX_CHARS and box_gap(run[-1], c)
                and "".join(chars[i:i + 8]).startswith(options or choice_options())):
            found = lost_box(img[:, :, 2], run[-1][2], c[0], min(run[-1][1], c[1]), max(run[-1][3], c[3]))
            if found:   # an empty box OCR skipped before an option: '是√ □否' read as '是√否'
                run.append((*map(float, found), "□", 1.0))
        gap = c[0] - run[-1][2] if run else 0.0
        # full-width punctuation has its ink on one side of its box: the gap after it is not a space;
        # Latin letters and digits sit further apart than CJK characters
        latin = run and run[-1][4].isascii() and ch.isascii()
        limit = (2 * WORD_GAP if latin else WORD_GAP) * max(c[3] - c[1], 1.0)
        if run and gap > limit and run[-1][4] not in _PUNCT and ch not in _PUNCT:
            out.append(_word(run, conf, line, scale))
            run = []
        run.append(c)
    if run:
        out.append(_word(run, conf, line, scale))
    return out


def _word(run: list[tuple[float, float, float, float, str, float]], conf: float, line: int, scale: float) -> Word:
    """Char run (px, with each character's score) -> Word (pt)."""
    text = "".join(r[4] for r in run)
    for wrong, right in OCR_FIXES.items():
        text = text.replace(wrong, right)
    for pattern, right in OCR_REGEX_FIXES:
        text = pattern.sub(right, text)
    return Word(min(r[0] for r in run) / scale, min(r[1] for r in run) / scale, max(r[2] for r in run) / scale,
                max(r[3] for r in run) / scale, text, line, conf, _lowest(run))


def _lowest(run: list[tuple[float, float, float, float, str, float]]) -> float | None:
    """Char run -> the lowest score of its characters that are text (boxes and ticks left out; None: none is)."""
    return min((r[5] for r in run if r[4] not in MARK_GLYPHS), default=None)


def drop_seal_text(words: list[Word], img: np.ndarray, scale: float) -> list[Word]:
    """OCR words -> without those printed in red ink (seal lettering and numbers that OCR still saw)."""
    return [w for w in words
            if not _red_ink(img, w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale)]


def _inside_word(rule: Segment, words: list[Word]) -> bool:
    """A vertical 'rule' running inside a word's box is a glyph stroke, not a table border."""
    if rule.horizontal:
        return False
    length = rule.y1 - rule.y0
    for w in words:
        if w.x0 + 1 < rule.x0 < w.x1 - 1 and len(w.text) > 1 and length <= 1.15 * (w.y1 - w.y0):
            overlap = min(rule.y1, w.y1) - max(rule.y0, w.y0)
            if overlap > 0.6 * length:
                return True  # no longer than the glyphs it crosses: a stroke (a cell border is taller)
    return False


def read_ocr_page(doc: pymupdf.Document, page: pymupdf.Page, number: int, store: PageStore | None = None,
                  sha256: str = "", form: Form | None = None) -> PageContent:
    """Image-only or garbled page (+ the review's page store) -> PageContent from OCR (words, rules, seal
    evidence); the page pass is kept in the store for the checks' second readings; `form` (the year's, else the
    default year's) gives the checkbox options and the seal words."""
    seen = read_page_lines(doc, page, store, sha256)
    img, straight, angle, scale = seen.image, seen.straight, seen.reading.angle, seen.reading.scale
    words = drop_seal_text(ocr_words(straight, scale, seen.reading.items, form), straight, scale)
    marks = find_checkboxes(straight, scale)
    words = apply_marks(words, marks, choice_options(form))
    rules = [r for r in find_rules(straight, scale) if not _inside_word(r, words)]
    content = PageContent(number=number, width=page.rect.width, height=page.rect.height, words=words,
                          rules=rules, source="ocr", marks=marks, dpi=effective_dpi(page),
                          sharpness=sharpness(np.ascontiguousarray(straight[:, :, 2]), seen.reading.items))
    if number == 1 or wants_seal_evidence("".join(w.text for w in words), form):
        # seals are measured on the original image: their boxes are reported in page coordinates
        attach_image_evidence(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), scale, content)
    content.problems.append(f"skew {angle:.2f} deg")
    if seen.reading.dpi is not None and seen.reading.dpi < RENDER_DPI - 1:   # the pixel cap lowered it
        content.problems.append(f"pixels: rendered at {seen.reading.dpi} dpi instead of {RENDER_DPI} "
                                f"(render_pixels {load_limits().render_pixels})")
    return content
