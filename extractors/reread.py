"""A second reading of OCR lines, asked for by the checks before a difference on a scan is reported.

OCR of a whole page is not stable on single characters: on the sample scans the page pass read
「下设13个」 as 「下设3个」 and 「9%。」 as 「90%」 (line confidences 0.99 and 0.97), while the same line cut
out with a few pixels of margin and recognised again, as is or enlarged, read both correctly. So when
the paper copy and the online record differ in a number on an OCR page, the checks find the line
the extraction read (same image, same deskew, same red channel: the same text) and recognise its crop
again under a few variants (margin, enlargement). What those readings say decides whether the
difference is on paper or only in the first reading (checks/ocr_verify.py).

Costs ≈ 10–50 ms per line read again: the page pass comes from the review's page store (extractors.page_store);
only a page the store does not hold costs one page OCR (≈ 1–2 s).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from extractors.ocr import fix_text, ocr_engine, read_page_lines
from extractors.page import quad_rect
from extractors.page_store import PageStore
from extractors.pdf_open import file_sha256
from extractors.render import fit_page_box

log = logging.getLogger(__name__)
# (margin in px around the line box, enlargement) of each second reading. On the sample scans a narrow
# margin can cut a 。 after a number into a "0" while a wide one shows it whole, and enlarging brings back
# thin 1s; the readings vote (checks/ocr_verify.py), so an odd number of variants.
VARIANTS: tuple[tuple[int, float], ...] = ((3, 1.5), (6, 1.0), (3, 2.0), (8, 1.0), (6, 1.5))


@dataclass(frozen=True)
class LineReading:
    """One OCR line of a page: as the extraction read it, and read again under each variant."""

    page: int
    first: str
    again: tuple[str, ...]
    bbox: tuple[float, float, float, float]   # points, deskewed page frame


class LineRereader:
    """Second readings of the lines of one scanned PDF. The page pass is taken from the review's page store
    (what the extraction read: same lines, same deskew), so only the crops read again cost OCR; a page the
    store does not hold is OCR'd once and kept there."""

    def __init__(self, pdf: Path | str, store: PageStore | None = None, sha256: str = "") -> None:
        self.pdf = Path(pdf)
        self.store = store if store is not None else PageStore()
        self.sha256 = sha256
        self._count: int | None = None
        self._pages: dict[int, tuple[np.ndarray, float, list[tuple[str, tuple[float, float, float, float]]]]] = {}

    def _page(self, number: int) -> tuple[np.ndarray, float, list[tuple[str, tuple[float, float, float, float]]]]:
        """1-based page -> (red channel of the deskewed image, px per pt, lines (text, box px)) as extracted."""
        if number not in self._pages:
            self.sha256 = self.sha256 or file_sha256(self.pdf)
            with pymupdf.open(self.pdf) as doc:
                page = doc[number - 1]
                fit_page_box(page, look_outside=True)  # the box the extraction read the page within
                seen = read_page_lines(doc, page, self.store, self.sha256)
            grey = np.ascontiguousarray(seen.straight[:, :, 2])
            lines = [(fix_text(item[1]), quad_rect(item[0])) for item in seen.reading.items]
            self._pages[number] = (grey, seen.reading.scale, lines)
        return self._pages[number]

    def pages(self) -> int:
        """-> number of pages of the PDF (opened once)."""
        if self._count is None:
            with pymupdf.open(self.pdf) as doc:
                self._count = doc.page_count
        return self._count

    def lines(self, page: int) -> list[str]:
        """1-based page -> the texts of its OCR lines, as the extraction read them."""
        return [text for text, _ in self._page(page)[2]]

    def reread(self, page: int, wanted: Callable[[str], bool]) -> list[LineReading]:
        """1-based page + a test on a line's text -> the lines passing it, each recognised again."""
        grey, scale, lines = self._page(page)
        out = []
        for text, (x0, y0, x1, y1) in lines:
            if not wanted(text):
                continue
            again = []
            for pad, zoom in VARIANTS:
                crop = grey[max(0, int(y0) - pad):int(y1) + pad + 1, max(0, int(x0) - pad):int(x1) + pad + 1]
                if crop.size == 0:
                    continue
                if zoom != 1.0:
                    crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
                result, _ = ocr_engine()(cv2.merge([crop, crop, crop]), use_det=False, use_cls=False)
                again.append(fix_text(result[0][0]) if result else "")
            out.append(LineReading(page, text, tuple(again), (x0 / scale, y0 / scale, x1 / scale, y1 / scale)))
        return out
