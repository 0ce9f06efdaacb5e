"""Read every page of an open PDF into PageContent: text layer where usable, OCR otherwise.

Pages are streamed one at a time (a 120-page scan never sits in memory as images) and the per-file time
budget is checked between pages. One bad page costs one page: a page that fails to load, read, OCR or render
is recorded with what failed (`ReadResult.problems`) and the other pages are read. A page MuPDF reports
errors on while reading it (a content stream cut short, a missing object) is read as far as it goes and
recorded as damaged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import pymupdf

from catalog.forms import Form
from catalog.limits import load_limits
from extractors.ink_marks import attach_evidence, wants_seal_evidence
from extractors.page import PageContent
from extractors.page_store import PageStore
from extractors.pdf_digital import read_text_page
from extractors.render import PageLimitError, fit_page_box
from extractors.triage import Triage, triage_page

log = logging.getLogger(__name__)

# Stages a page can fail at. Lost: the page's content is not in the result at all.
LOST_STAGES = frozenset({"load", "read", "ocr", "limit", "ocr_disabled"})


@dataclass(frozen=True)
class PageProblem:
    """What went wrong on one page: the stage (load, read, ocr, limit, ocr_disabled: the page is lost;
    render: its seals were not looked at; damaged: read as far as MuPDF could; box_fixed: read within its
    content; pixels: rendered below the resolution asked), the technical detail and, for a limit, the
    officer's words for it."""

    stage: str
    tech: str
    limit_zh: str = ""
    limit: str = ""     # the limits.yaml key of a limit the page exceeded

    @property
    def lost(self) -> bool:
        """True when nothing of the page is in the result."""
        return self.stage in LOST_STAGES


@dataclass
class ReadResult:
    """All pages read, which of them were OCRed, and what went wrong on which page."""

    pages: list[PageContent]
    triage: dict[int, Triage] = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)
    problems: dict[int, list[PageProblem]] = field(default_factory=dict)
    out_of_time: list[int] = field(default_factory=list)
    seconds_text: float = 0.0
    seconds_ocr: float = 0.0

    @property
    def unreadable(self) -> dict[int, str]:
        """Lost pages -> why (stage: detail)."""
        return {n: f"{p.stage}: {p.tech}" for n, ps in self.problems.items() for p in ps if p.lost}

    def note(self, number: int, stage: str, tech: str, limit: PageLimitError | None = None) -> None:
        """Record a problem of page `number` (with the limit it exceeded, if that is the problem)."""
        problem = PageProblem(stage, tech, limit.message_zh, limit.limit) if limit else PageProblem(stage, tech)
        self.problems.setdefault(number, []).append(problem)


def _tech(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def check_chars(content: PageContent, number: int) -> None:
    """Text-layer content of a page -> PageLimitError when it has more characters than chars_per_page (a page
    of 50,000 spans is no declaration page: reading or OCRing it would take minutes)."""
    limit = load_limits().chars_per_page
    chars = sum(len(w.text) for w in content.words)
    if chars > limit:
        raise PageLimitError("chars_per_page", f"页面文字层有 {chars} 个字符，超过单页 {limit} 个字符的上限",
                             f"page {number}: {chars} chars > {limit}")


def _load(doc: pymupdf.Document, index: int, result: ReadResult) -> tuple[pymupdf.Page, PageContent, Triage] | None:
    """Page `index` -> (page, its text-layer content, triage), its box brought within the limits; None when
    the page is lost (the problem recorded)."""
    number = index + 1
    try:
        page = doc.load_page(index)
    except Exception as exc:  # MuPDF's FzError* derive from Exception: any of them costs this page only
        log.warning("page %d does not load", number, exc_info=True)
        result.note(number, "load", _tech(exc))
        return None
    try:
        fixes = [fit_page_box(page)]
        content = read_text_page(page, number)
        check_chars(content, number)
        text = " ".join(w.text for w in content.words)
        tri = triage_page(page, text)
        if tri.kind == "blank":  # nothing on the page, or all of it outside a wrong MediaBox
            fixes.append(fit_page_box(page, look_outside=True))
            if fixes[-1] is not None:
                content = read_text_page(page, number)
                tri = triage_page(page, " ".join(w.text for w in content.words))
    except PageLimitError as exc:
        log.warning("page %d: %s", number, exc)
        result.note(number, "limit", str(exc), exc)
        return None
    except Exception as exc:
        log.warning("page %d cannot be read", number, exc_info=True)
        result.note(number, "read", _tech(exc))
        return None
    for fix in filter(None, fixes):
        result.note(number, "box_fixed", f"{fix.was[0]:.0f}x{fix.was[1]:.0f} -> {fix.now[0]:.0f}x{fix.now[1]:.0f}")
    return page, content, tri


def _read_one(doc: pymupdf.Document, index: int, result: ReadResult, ocr: bool, store: PageStore | None = None,
              sha256: str = "", form: Form | None = None) -> None:
    """Read page `index` (0-based) into `result`, OCRing it when triage says so and `ocr` allows (the page pass
    kept in `store` under the file's `sha256`); whatever fails is recorded for this page only."""
    number = index + 1
    t0 = time.perf_counter()
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    loaded = _load(doc, index, result)
    if loaded is None:
        return
    page, content, tri = loaded
    result.triage[number] = tri
    if tri.kind in ("image", "garbled") and ocr:
        from extractors.ocr import read_ocr_page  # lazy: loads the OCR engine only when a scan appears

        t1 = time.perf_counter()
        try:
            content = read_ocr_page(doc, page, number, store, sha256, form)
        except PageLimitError as exc:
            log.warning("page %d: %s", number, exc)
            result.note(number, "limit", str(exc), exc)
            return
        except Exception as exc:
            log.warning("page %d: OCR failed", number, exc_info=True)
            result.note(number, "ocr", _tech(exc))
            return
        finally:
            result.seconds_ocr += time.perf_counter() - t1
        result.ocr_pages.append(number)
    elif tri.kind in ("image", "garbled"):
        content.problems.append(f"needs OCR ({tri.kind}) but OCR disabled")
        result.note(number, "ocr_disabled", tri.kind)
        return
    else:
        if index == 0 or wants_seal_evidence(" ".join(w.text for w in content.words), form):
            try:
                attach_evidence(page, content)
            except PageLimitError as exc:
                log.warning("page %d: %s", number, exc)
                result.note(number, "render", str(exc), exc)
            except Exception as exc:  # the text stays; only the seal and signature evidence is missing
                log.warning("page %d: seal rendering failed", number, exc_info=True)
                result.note(number, "render", _tech(exc))
        result.seconds_text += time.perf_counter() - t0
    for problem in content.problems:
        if problem.startswith("pixels:"):
            result.note(number, "pixels", problem.removeprefix("pixels:").strip())
    warnings = pymupdf.TOOLS.mupdf_warnings(reset=True)
    if warnings:
        log.info("page %d: MuPDF reported %s", number, warnings.replace("\n", " | ")[:500])
        result.note(number, "damaged", f"{warnings.count(chr(10)) + 1} MuPDF messages")
    result.pages.append(content)


def read_document(doc: pymupdf.Document, *, deadline: float | None = None, ocr: bool = True,
                  store: PageStore | None = None, sha256: str = "", form: Form | None = None) -> ReadResult:
    """Open document -> ReadResult; pages past the deadline (time.monotonic) are listed, not read; OCR page
    passes are kept in `store` (extractors.page_store) under the file's `sha256`; `form` (the year's; None: the
    default year's) names the seal words and checkbox options looked for. Never raises for a bad page."""
    result = ReadResult(pages=[])
    for index in range(doc.page_count):
        if deadline is not None and time.monotonic() > deadline:
            result.out_of_time = list(range(index + 1, doc.page_count + 1))
            break
        try:
            _read_one(doc, index, result, ocr, store, sha256, form)
        except Exception as exc:  # a failure outside the guarded steps still costs this page only
            log.warning("page %d unreadable", index + 1, exc_info=True)
            result.note(index + 1, "read", _tech(exc))
    return result
