"""How well a scanned page can be read: its effective resolution and sharpness, and the warning for poor pages.

* Effective resolution: the page's images, pixels over printed inches (area-weighted over the images that
  cover the page, so strip scans count as one). A phone photo kept at 60 dpi is 60 dpi whatever the page size.
* Sharpness: the variance of the Laplacian over the OCR lines of the page, each line cut out, its contrast
  stretched and scaled to LINE_PX pixels high first, so that neither the resolution nor pale ink changes the
  figure; the median over the lines. A blurred page has soft strokes: a low variance.

The limits (MIN_DPI, MIN_SHARPNESS) were chosen on generated scans at several resolutions and blurs
(docs/extraction.md, "Scan quality").
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pymupdf

from extractors.page import PageContent, quad_rect
from model.submission import Finding

LINE_PX = 32          # OCR line crops are scaled to this height before the Laplacian
MAX_LINES = 60        # lines measured per page (the median settles well before)
MIN_LINE_PX = 8       # lines lower than this (specks, rules) are not measured
MIN_DPI = 120         # below this effective resolution a page is reported
MIN_SHARPNESS = 300.0  # below this median Laplacian variance a page is reported as blurred (measured)
MIN_IMAGE_SHARE = 0.01  # images smaller than this share of the page (logos, seals) do not set its resolution


def effective_dpi(page: pymupdf.Page) -> float | None:
    """Page -> the resolution of the images printed on it (px per inch, area-weighted median), None without any."""
    area = abs(page.rect) or 1.0
    found: list[tuple[float, float]] = []
    for info in page.get_image_info():
        share = abs(pymupdf.Rect(info["bbox"]) & page.rect) / area
        a, b = info["transform"][0], info["transform"][1]
        printed = (a * a + b * b) ** 0.5  # the image's width as printed, pt (whatever its rotation)
        if share < MIN_IMAGE_SHARE or printed <= 0 or not info.get("width"):
            continue
        found.append((info["width"] / (printed / 72.0), share))
    if not found:
        return None
    found.sort()
    half, acc = sum(s for _, s in found) / 2, 0.0
    for dpi, share in found:
        acc += share
        if acc >= half:
            return round(dpi, 1)
    return round(found[-1][0], 1)


def sharpness(grey: np.ndarray, items: list[Any]) -> float | None:
    """Grey page image + its OCR items (boxes in that image's pixels) -> median Laplacian variance of the lines
    (None when no line is large enough to measure)."""
    values: list[float] = []
    for item in items[:MAX_LINES * 2]:
        x0, y0, x1, y1 = (round(float(v)) for v in quad_rect(item[0]))
        crop = grey[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
        if crop.shape[0] < MIN_LINE_PX or crop.shape[1] < crop.shape[0]:
            continue
        lo, hi = np.percentile(crop, (2, 98))
        if hi - lo < 20:
            continue  # no ink to speak of
        f = LINE_PX / crop.shape[0]
        line = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
        line = np.clip((line.astype(np.float32) - np.float32(lo)) * np.float32(255.0 / (hi - lo)), 0, 255)
        values.append(float(cv2.Laplacian(line.astype(np.float32), cv2.CV_32F).var()))
        if len(values) >= MAX_LINES:
            break
    return round(float(np.median(values)), 1) if values else None


def poor_pages(pages: list[PageContent]) -> dict[int, str]:
    """Pages read -> {page number: why it is poor (Chinese)} for OCR pages below the resolution or sharpness."""
    out: dict[int, str] = {}
    for p in pages:
        if p.source != "ocr":
            continue
        why = []
        if p.dpi is not None and p.dpi < MIN_DPI:
            why.append(f"分辨率约 {p.dpi:.0f} dpi（低于 {MIN_DPI} dpi）")
        if p.sharpness is not None and p.sharpness < MIN_SHARPNESS:
            why.append("图像模糊")
        if why:
            out[p.number] = "、".join(why)
    return out


def quality_findings(pages: list[PageContent], name: str) -> list[Finding]:
    """Pages read + file name -> one SCAN_QUALITY warning naming every poor scanned page (none when all are fine)."""
    poor = poor_pages(pages)
    if not poor:
        return []
    listed = "、".join(str(n) for n in poor)
    why = "；".join(f"第{n}页{w}" for n, w in poor.items())
    detail = "; ".join(f"p{p.number}: dpi={p.dpi} sharpness={p.sharpness}" for p in pages if p.number in poor)
    return [Finding(rule="SCAN_QUALITY", severity="warning", page=min(poor), value=listed,
                    limit=f"≥{MIN_DPI} dpi",
                    message=f"《{name}》第{listed}页扫描质量较差（{why}），这些页识别出的文字可能有较多错误。"
                            "请对照纸质原件逐项核对这些页的内容，或请申报单位重新提供清晰的扫描件（不低于 200 dpi）。",
                    detail=detail)]
