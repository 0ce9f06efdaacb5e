"""Read every page of an open PDF into PageContent: text layer where usable, OCR otherwise.

Pages are streamed one at a time (a 120-page scan never sits in memory as images) and the
per-file time budget is checked between pages.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import pymupdf

from catalog.forms import Form
from extractors.ink_marks import attach_evidence, wants_seal_evidence
from extractors.page import PageContent
from extractors.page_store import PageStore
from extractors.pdf_digital import read_text_page
from extractors.triage import Triage, triage_page

log = logging.getLogger(__name__)


@dataclass
class ReadResult:
    """All pages read, which of them were OCRed, and pages that could not be read (with why)."""

    pages: list[PageContent]
    triage: dict[int, Triage] = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)
    unreadable: dict[int, str] = field(default_factory=dict)
    out_of_time: list[int] = field(default_factory=list)
    seconds_text: float = 0.0
    seconds_ocr: float = 0.0


def _read_one(doc: pymupdf.Document, index: int, result: ReadResult, ocr: bool, store: PageStore | None = None,
              sha256: str = "", form: Form | None = None) -> None:
    """Read page `index` (0-based) into `result`, OCRing it when triage says so and `ocr` allows (the page pass
    kept in `store` under the file's `sha256`)."""
    number = index + 1
    t0 = time.perf_counter()
    page = doc.load_page(index)
    content = read_text_page(page, number)
    text = " ".join(w.text for w in content.words)
    tri = triage_page(page, text)
    result.triage[number] = tri
    if tri.kind in ("image", "garbled") and ocr:
        from extractors.ocr import read_ocr_page  # lazy: loads the OCR engine only when a scan appears

        t1 = time.perf_counter()
        content = read_ocr_page(doc, page, number, store, sha256, form)
        result.ocr_pages.append(number)
        result.seconds_ocr += time.perf_counter() - t1
    elif tri.kind in ("image", "garbled"):
        content.problems.append(f"needs OCR ({tri.kind}) but OCR disabled")
        result.unreadable[number] = tri.kind
    else:
        if index == 0 or wants_seal_evidence(text, form):
            attach_evidence(page, content)
        result.seconds_text += time.perf_counter() - t0
    result.pages.append(content)


def read_document(doc: pymupdf.Document, *, deadline: float | None = None, ocr: bool = True,
                  store: PageStore | None = None, sha256: str = "", form: Form | None = None) -> ReadResult:
    """Open document -> ReadResult; pages past the deadline (time.monotonic) are listed, not read; OCR page
    passes are kept in `store` (extractors.page_store) under the file's `sha256`; `form` (the year's; None: the
    default year's) names the seal words and checkbox options looked for."""
    result = ReadResult(pages=[])
    for index in range(doc.page_count):
        if deadline is not None and time.monotonic() > deadline:
            result.out_of_time = list(range(index + 1, doc.page_count + 1))
            break
        try:
            _read_one(doc, index, result, ocr, store, sha256, form)
        except (RuntimeError, ValueError, MemoryError) as exc:  # one broken page must not sink the file
            log.warning("page %d unreadable: %r", index + 1, exc)
            result.unreadable[index + 1] = f"{type(exc).__name__}: {exc}"
    return result
