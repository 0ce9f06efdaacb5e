"""The one way a page becomes an image: every rendering of the extraction and the checks (OCR page images,
seal and signature evidence, second readings, debug pictures) goes through `render_page` or `page_image`,
under the limits of catalog/data/limits.yaml: a page box outside `page_box_pt` is not rendered (the reader
first narrows it to the page's content, `fit_page_box`), and no image has more than `render_pixels` pixels
(the resolution is lowered instead: a 14400-pt MediaBox at 72 dpi would be a 200-megapixel image).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf

from catalog.limits import Limits, load_limits

log = logging.getLogger(__name__)


class PageLimitError(Exception):
    """A page the limits forbid reading: `limit` names the limit (a key of limits.yaml), `message_zh` says
    what is wrong with the page for the officer (without the file name)."""

    def __init__(self, limit: str, message_zh: str, tech: str) -> None:
        super().__init__(f"{limit}: {tech}")
        self.limit = limit
        self.message_zh = message_zh


@dataclass(frozen=True)
class Rendered:
    """A page image: RGB or BGR pixels, the dpi it has (None: an embedded scan used as is) and whether the pixel
    cap lowered the resolution asked for."""

    pixels: np.ndarray
    dpi: float | None
    capped: bool = False


@dataclass(frozen=True)
class BoxFix:
    """A page whose box was outside the limits and is now read within its content: the box as it was and as
    it is read (points)."""

    page: int
    was: tuple[float, float]
    now: tuple[float, float]


def _size(rect: pymupdf.Rect) -> str:
    return f"{rect.width:.0f}×{rect.height:.0f} pt"


def box_ok(rect: pymupdf.Rect, limits: Limits | None = None) -> bool:
    """Page rectangle -> True when its width and height lie within page_box_pt."""
    span = (limits or load_limits()).page_box_pt
    return all(span.min <= v <= span.max for v in (rect.width, rect.height))


def _content_box(page: pymupdf.Page) -> pymupdf.Rect:
    """Page -> the rectangle (page coordinates) everything it draws lies in (text, images, paths), wherever
    that is: a broken MediaBox can leave all of it outside the page."""
    box = pymupdf.Rect()
    for _kind, rect in page.get_bboxlog():
        r = pymupdf.Rect(rect)
        if r.is_valid and not r.is_empty and all(abs(v) < 1e9 for v in r):
            box |= r
    return box


# Standard boxes (PDF coordinates) a page is given back when its content fits: A4 portrait and landscape.
_STANDARD = (pymupdf.Rect(0, 0, 595, 842), pymupdf.Rect(0, 0, 842, 595))


def fit_page_box(page: pymupdf.Page, limits: Limits | None = None, *, look_outside: bool = False) -> BoxFix | None:
    """Page -> None when its box is within page_box_pt (and, with `look_outside`, something it draws lies
    inside it); else the page is given a box around its content (in memory only: A4 when the content fits
    there, else the content's own box) and what was done is returned. Raises PageLimitError when no sane box
    can be found (nothing drawn, or the content as large as the box). A scan placed on a 14400-pt MediaBox,
    or a form whose MediaBox was moved away from its text, is so read as the page it is."""
    limits = limits or load_limits()
    span = limits.page_box_pt
    was = page.rect
    sane = box_ok(was, limits)
    if sane and not look_outside:
        return None
    content = _content_box(page)
    if sane and (content.is_empty or not (content & was).is_empty):
        return None
    def refused(why: str) -> PageLimitError:
        return PageLimitError("page_box_pt", f"页面尺寸 {_size(was)} 超出允许范围（{span.min:g}–{span.max:g} pt）"
                              f"{why}", f"rect={tuple(was)} content={tuple(content)}")
    if content.is_empty:
        raise refused("，且页面上没有任何内容")
    pdf = content * ~page.transformation_matrix   # page -> PDF coordinates (y upwards)
    target = next((std for std in _STANDARD if std.contains(pdf)), None)
    if target is None:   # a content box smaller than the minimum is widened around its centre
        gx, gy = max(0.0, span.min - pdf.width) / 2, max(0.0, span.min - pdf.height) / 2
        target = pymupdf.Rect(pdf.x0 - gx, pdf.y0 - gy, pdf.x1 + gx, pdf.y1 + gy)
    if not box_ok(target, limits):
        raise refused("，页面内容所占区域同样超出")
    page.set_mediabox(target)
    log.info("page %d: box %s read as %s (content %s)", page.number + 1, tuple(was), tuple(target), tuple(pdf))
    return BoxFix(page=page.number + 1, was=(was.width, was.height), now=(page.rect.width, page.rect.height))


def capped_dpi(rect: pymupdf.Rect, dpi: float, limits: Limits | None = None) -> tuple[float, bool]:
    """Page rectangle + wanted dpi -> (the dpi keeping the image within render_pixels, whether it was lowered)."""
    cap = (limits or load_limits()).render_pixels
    pixels = (rect.width * dpi / 72) * (rect.height * dpi / 72)
    if pixels <= cap:
        return dpi, False
    return dpi * (cap / pixels) ** 0.5, True


def check_images(page: pymupdf.Page, limits: Limits | None = None) -> list[dict]:
    """Page -> its image placements (PyMuPDF image info, nothing decoded); raises PageLimitError when one image
    has more than image_pixels pixels (rendering the page would decode it whole: 30000 x 30000 is 900 M)."""
    limits = limits or load_limits()
    infos = page.get_image_info()   # never with xrefs=True: that decodes every image to match it
    for info in infos:
        w, h = info.get("width", 0), info.get("height", 0)
        if w * h > limits.image_pixels:
            raise PageLimitError("image_pixels", f"页面中的图像过大（{w}×{h} 像素，超过 {limits.image_pixels / 1e6:g} 百万像素的上限）",
                                 f"image {w}x{h} > {limits.image_pixels}")
    return infos


def render_page(page: pymupdf.Page, dpi: float, limits: Limits | None = None) -> Rendered:
    """Page + dpi -> its RGB rendering at that dpi, or lower when the pixel cap demands (`capped`); raises
    PageLimitError for a page box or an image outside the limits, and whatever MuPDF raises for a page it
    cannot draw."""
    limits = limits or load_limits()
    if not box_ok(page.rect, limits):
        span = limits.page_box_pt
        raise PageLimitError("page_box_pt", f"页面尺寸 {_size(page.rect)} 超出允许范围（{span.min:g}–{span.max:g} pt）",
                             f"rect={tuple(page.rect)}")
    check_images(page, limits)
    use, capped = capped_dpi(page.rect, dpi, limits)
    zoom = use / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    return Rendered(rgb, use, capped)


def page_image(doc: pymupdf.Document, page: pymupdf.Page, dpi: float, limits: Limits | None = None) -> Rendered:
    """Page -> BGR image for OCR: the embedded scan as is when one image fills the page and has at most
    render_pixels pixels (16 ms instead of 71 ms a page, same text), else the page rendered at `dpi` (capped)."""
    limits = limits or load_limits()
    infos = check_images(page, limits)
    area = abs(page.rect) or 1.0
    if len(infos) == 1 and page.rotation == 0:
        info = infos[0]
        r = pymupdf.Rect(info["bbox"])
        fills = abs(r & page.rect) / area > 0.9 and abs(r.x0 - page.rect.x0) < 5 and abs(r.y0 - page.rect.y0) < 5
        size = (info.get("width", 0), info.get("height", 0))
        xrefs = [x[0] for x in page.get_images() if (x[2], x[3]) == size]
        if fills and 0 < size[0] * size[1] <= limits.render_pixels and len(xrefs) == 1:
            try:
                data = doc.extract_image(xrefs[0])["image"]
                img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
                if img is not None and img.shape[0] > 200:
                    return Rendered(img, None)
            except Exception as exc:  # odd codecs (JBIG2, CMYK), damaged streams: render instead
                log.info("page %d: embedded image unusable (%r), rendering", page.number + 1, exc)
    out = render_page(page, dpi, limits)
    return Rendered(cv2.cvtColor(out.pixels, cv2.COLOR_RGB2BGR), out.dpi, out.capped)
