"""The review of one document: extract → year → classify → single-document checks → second readings.

`analyse_document(path, ctx)` is what `shenbao review` runs for each file (flows.steps adds the on-disk
cache); `analyse_extracted(sub, ctx)` is the same after the extraction, for a Submission a caller already
has (an eval's cached extraction or its truth). Neither raises: a failure becomes an error Submission.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from pathlib import Path

from catalog.reference import load_guide, load_reference
from checks.engine import check_and_reread, resolve_year
from checks.ocr_evidence import LineSource
from classifiers.api import classify_submission
from classifiers.scene_mapper import SceneMapper, get_mapper
from extractors.pdf_open import file_sha256
from model import Finding, Source, Submission
from review.context import ReviewContext
from review.readings import settled

log = logging.getLogger("shenbao.review")


def error_submission(path: Path, message: str, detail: str, sha256: str = "") -> Submission:
    """A file that could not be processed -> a Submission with status error and one EXTRACTION_INCOMPLETE finding."""
    from extractors.extract_pdf import submission_id_for

    sid = submission_id_for(path, sha256 or hashlib.sha256(str(path).encode()).hexdigest())
    finding = Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message=message, detail=detail)
    return Submission(submission_id=sid, source=Source(path=str(path), sha256=sha256), findings=[finding],
                      status="error")


@cache
def scene_mapper(edition: str, examples: tuple[tuple[str, str], ...] = ()) -> SceneMapper:
    """Guide edition + reviewer-confirmed (text, scene) pairs -> the scene mapper (learning from the pairs)."""
    return SceneMapper(load_guide(edition), list(examples)) if examples else get_mapper(edition)


def line_source(sub: Submission, ctx: ReviewContext) -> LineSource | None:
    """Submission -> the second-reading source of its PDF on the review's page store (None without the file)."""
    path = Path(sub.source.path)
    if (sub.source.kind == "digital" and not sub.source.ocr_pages) or not path.is_file():
        return None
    from extractors.reread import LineRereader

    return LineRereader(path, ctx.pages, sub.source.sha256)


def extract(path: Path, ctx: ReviewContext) -> Submission:
    """PDF -> the extracted Submission (OCR page passes kept in ctx.pages); never raises."""
    from extractors.extract_pdf import extract_submission

    try:
        return extract_submission(path, year=ctx.year, budget_s=ctx.budget_s, pages=ctx.pages)
    except Exception as exc:  # the batch must go on: any failure becomes a finding on this file
        log.exception("extraction of %s failed", path)
        return _internal_error(path, exc)


def analyse_extracted(sub: Submission, ctx: ReviewContext) -> Submission:
    """Extracted Submission -> with its call year, scene predictions and single-document findings (a credit
    code failing its check digit on a scan read again first, the value used settled by review.readings)."""
    if sub.status == "error":
        return sub
    year = resolve_year(sub, ctx.year)
    ref = load_reference(year)
    sub = sub.model_copy(update={"year": year})
    sub = classify_submission(sub, ref.guide, scene_mapper(ref.guide.edition, ctx.examples))
    return settled(check_and_reread(sub, ref, line_source(sub, ctx)))


def analyse_document(path: Path, ctx: ReviewContext) -> Submission:
    """PDF -> Submission after extraction, classification and single-document checks; never raises."""
    try:
        sub = extract(path, ctx)
        return analyse_extracted(sub, ctx)
    except Exception as exc:  # the batch must go on: any failure becomes a finding on this file
        log.exception("analysis of %s failed", path)
        return _internal_error(path, exc)


def _internal_error(path: Path, exc: Exception) -> Submission:
    """An unexpected failure on one file -> its error Submission (the other files are not affected)."""
    try:
        sha = file_sha256(path)
    except OSError:
        sha = ""
    return error_submission(path, f"《{path.name}》处理时发生内部错误，结果不完整。请将该文件交技术支持人员排查，"
                                  "其余文件不受影响。", f"{type(exc).__name__}: {exc}", sha)
