"""extract_submission: one declaration PDF -> Submission, never raising unless strict=True.

Order: open and triage -> read pages (text layer or OCR) -> tables -> fields, instances, seals.
Every stage failure becomes an EXTRACTION_INCOMPLETE finding naming the page and field.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from catalog.limits import load_limits
from extractors.assemble import assemble, form_for
from extractors.errors import ExtractError, extract_error
from extractors.extraction_findings import incomplete
from extractors.furniture import strip_furniture
from extractors.ocr_confidence import mark_uncertain
from extractors.page_findings import blank_file, page_findings
from extractors.page_store import PageStore
from extractors.pdf_open import file_sha256, open_pdf
from extractors.reader import ReadResult, read_document
from model.submission import Finding, Source, SourceKind, Submission
from model.text import normalize_text

__all__ = ["ExtractError", "extract_submission", "submission_id_for"]

log = logging.getLogger(__name__)


def submission_id_for(path: Path, sha256: str) -> str:
    """File path + its SHA-256 -> id "<slug of stem>-<12 hex>": stable per file, distinct per name."""
    stem = normalize_text(Path(path).stem, fold_spaces=False)
    slug = re.sub(r"[^\w]+", "-", stem).strip("-_")[:40] or "file"
    return f"{slug}-{sha256[:12]}"


def _safe_sha(path: Path) -> str:
    """Path -> SHA-256, or the hash of the path string when the file cannot be read."""
    try:
        return file_sha256(path)
    except OSError:
        import hashlib

        return hashlib.sha256(str(path).encode()).hexdigest()


def _error_submission(path: Path, sha: str, sid: str | None, err: ExtractError, year: int | None) -> Submission:
    """Unreadable file -> Submission with status error and one EXTRACTION_INCOMPLETE finding."""
    finding = incomplete(err.message_zh, detail=f"{err.code}: {err.detail or ''}")
    return Submission(submission_id=sid or submission_id_for(path, sha), year=year,
                      source=Source(path=str(path), sha256=sha), findings=[finding], status="error")


def _source_kind(read: ReadResult, n_pages: int) -> SourceKind:
    """Pages OCRed (or needing OCR) vs total -> digital / scanned / mixed."""
    ocr = len(read.ocr_pages) + sum(1 for ps in read.problems.values() for p in ps if p.stage == "ocr_disabled")
    if ocr == 0:
        return "digital"
    return "scanned" if ocr >= n_pages else "mixed"


def _repaired_finding(read: ReadResult, name: str) -> Finding:
    """A file MuPDF had to repair -> the finding saying so; its pages that came out blank are noted as damaged
    in `read` (their content is likely what the repair lost)."""
    for n, t in sorted(read.triage.items()):
        if t.kind == "blank":
            read.note(n, "damaged", "blank page in a file MuPDF repaired")
    return incomplete(f"《{name}》文件不完整或已损坏，已尝试修复后读取，部分内容可能缺失。"
                      "请向申报单位索取完整的申报书 PDF，并人工核对。", detail="corrupt: xref repaired by MuPDF")


def extract_submission(path: Path, *, submission_id: str | None = None, year: int | None = None,
                       budget_s: float | None = None, strict: bool = False, pages: PageStore | None = None,
                       ) -> Submission:
    """PDF path -> Submission (fields, instances, seals, source, provenance, EXTRACTION_INCOMPLETE findings).

    Never raises unless strict=True: bad input becomes status 'error' plus an EXTRACTION_INCOMPLETE
    finding with a Chinese message (not a PDF / corrupt / encrypted / empty / too many pages / time
    budget exceeded). `pages`: the review's page store, which keeps each OCR page pass for the checks.
    """
    path = Path(path)
    t0 = time.monotonic()
    budget_s = load_limits().seconds_per_file if budget_s is None else budget_s
    try:
        opened = open_pdf(path)
    except ExtractError as err:
        if strict:
            raise
        return _error_submission(path, _safe_sha(path), submission_id, err, year)
    sid = submission_id or submission_id_for(path, opened.sha256)
    try:
        read = read_document(opened.doc, deadline=t0 + budget_s, store=pages, sha256=opened.sha256,
                             form=form_for(year))
        n_pages = opened.doc.page_count
    except Exception as exc:  # the boundary: nothing may escape as a crash in batch mode
        log.exception("reading %s failed", path)
        err = extract_error("internal", path.name, tech=f"{type(exc).__name__}: {exc}")
        if strict:
            raise err from exc
        return _error_submission(path, opened.sha256, sid, err, year)
    finally:
        opened.doc.close()
    t_read = time.monotonic() - t0
    repaired = [_repaired_finding(read, path.name)] if opened.repaired else []
    blank = blank_file(read, path.name)
    findings = page_findings(read, path.name, budget_s) + repaired + ([blank] if blank else [])
    if read.out_of_time and strict:
        raise extract_error("budget", path.name, f"{budget_s:g}", tech="time budget exceeded")
    source = Source(path=str(path), sha256=opened.sha256, pages=n_pages,
                    kind=_source_kind(read, n_pages), ocr_pages=sorted(read.ocr_pages))
    sub = Submission(submission_id=sid, year=year, source=source, findings=findings)
    pages = strip_furniture(read.pages)
    sub = assemble(sub, pages, year=year, name=path.name)
    sub = mark_uncertain(sub, pages, form_for(sub.year), path.name)
    # one bad page costs one page: the file is an error only when not one page was read
    status = "error" if not read.pages or blank else sub.status
    timings = {"read": round(t_read, 3), "ocr": round(read.seconds_ocr, 3),
               "total": round(time.monotonic() - t0, 3)}
    return sub.model_copy(update={"status": status, "timings": {**sub.timings, **timings}})
