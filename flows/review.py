"""The review of one file and of a batch, as plain functions (Prefect only wires these, see review_batch.py).

analyse_one:  PDF -> Submission after extraction, scene mapping and single-document checks (cached on disk).
finish_batch: all Submissions + online records -> pairing, paper/online comparison, batch-level rules, status.
write_outputs / write_batch_outputs: the files of DESIGN.md §7, each written atomically.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from catalog.reference import load_reference
from extractors.pdf_open import file_sha256
from flows.config import RunConfig, code_version
from flows.outputs import review_json_text, write_text
from model import Finding, Source, Submission

log = logging.getLogger("shenbao.review")


@dataclass
class BatchResult:
    """What a finished batch holds: every submission, the online records and batch-level findings."""

    subs: list[Submission]
    online: list[Submission] = field(default_factory=list)
    batch_findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def discover_inputs(inputs: list[Path]) -> list[Path]:
    """Files and folders -> the PDF files to review, sorted, each once (a named file is taken whatever its suffix)."""
    found: dict[Path, None] = {}
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and path.suffix.lower() == ".pdf":
                    found[path.resolve()] = None
        else:
            found[item.resolve()] = None
    return list(found)


def error_submission(path: Path, message: str, detail: str, sha256: str = "") -> Submission:
    """A file that could not be processed -> a Submission with status error and one EXTRACTION_INCOMPLETE finding."""
    from extractors.pipeline import submission_id_for

    sid = submission_id_for(path, sha256 or hashlib.sha256(str(path).encode()).hexdigest())
    finding = Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message=message, detail=detail)
    return Submission(submission_id=sid, source=Source(path=str(path), sha256=sha256), findings=[finding],
                      status="error")


@cache
def _confirmed_examples(catalog: Path | None) -> tuple[tuple[str, str], ...]:
    """Case library -> reviewer-confirmed (text, scene) pairs, read once per process."""
    if catalog is None or not catalog.exists():
        return ()
    from library.store import CaseLibrary

    return tuple(CaseLibrary(catalog).confirmed_examples())


@cache
def _mapper(edition: str, catalog: Path | None) -> Any:
    """Guide edition (+ library) -> the scene mapper, learning from confirmed cases when there are any."""
    from catalog.reference import load_guide
    from classifiers.scene_mapper import SceneMapper, get_mapper

    examples = _confirmed_examples(catalog)
    return SceneMapper(load_guide(edition), list(examples)) if examples else get_mapper(edition)


def _cache_path(cache_dir: Path, sha256: str, cfg: RunConfig) -> Path:
    examples = _confirmed_examples(cfg.catalog)
    learned = hashlib.sha256(repr(examples).encode()).hexdigest()[:8] if examples else "0"
    return cache_dir / f"{sha256[:24]}-{cfg.year or 'auto'}-{code_version()}-{learned}.json"


def analyse_one(path: Path, cfg: RunConfig) -> Submission:
    """PDF -> Submission after extract, classify and single-document checks; never raises.

    The result is cached under OUT/.cache keyed by file SHA-256, year and code version, so a rerun after a crash
    or Ctrl-C redoes only the files that are missing.
    """
    started = time.perf_counter()
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return error_submission(path, f"《{path.name}》无法读取（{type(exc).__name__}）。请检查文件是否存在、是否有读取权限。",
                                repr(exc))
    cache = _cache_path(cfg.out / ".cache", sha, cfg)
    if cache.exists():
        try:
            cached = Submission.model_validate_json(cache.read_text(encoding="utf-8"))
            return cached.model_copy(update={"source": cached.source.model_copy(update={"path": str(path)})})
        except ValueError:
            log.warning("ignoring unreadable cache file %s", cache)
    try:
        sub = _analyse(path, cfg)
    except Exception as exc:  # the batch must go on: any failure becomes a finding on this file
        log.exception("analysis of %s failed", path)
        sub = error_submission(path, f"《{path.name}》处理时发生内部错误，结果不完整。请将该文件交技术支持人员排查，"
                                     "其余文件不受影响。", f"{type(exc).__name__}: {exc}", sha)
    sub = sub.model_copy(update={"timings": {**sub.timings, "analyse": round(time.perf_counter() - started, 3)}})
    write_text(cache, sub.model_dump_json())
    return sub


def _analyse(path: Path, cfg: RunConfig) -> Submission:
    """The three per-file stages, in order."""
    from checks.engine import check_and_reread, resolve_year
    from classifiers.api import classify_submission
    from extractors.pipeline import extract_submission

    sub = extract_submission(path, year=cfg.year, budget_s=cfg.budget_s)
    if sub.status == "error":
        return sub
    year = resolve_year(sub, cfg.year)
    ref = load_reference(year)
    sub = sub.model_copy(update={"year": year})
    sub = classify_submission(sub, ref.guide, _mapper(ref.guide.edition, cfg.catalog))
    return check_and_reread(sub, ref)


def finish_batch(subs: list[Submission], cfg: RunConfig) -> BatchResult:
    """Analysed submissions -> paired with online records, compared, batch rules applied, status computed."""
    from checks.library_rules import check_already_demo_factory, check_near_duplicates
    from checks.ocr_verify import verify_mismatches
    from checks.pairing import pair_records, unpaired_findings
    from checks.paper_vs_online import compare_paper_online
    from checks.status import compute_status

    result = BatchResult(subs=list(subs))
    extra: dict[str, list[Finding]] = {s.submission_id: [] for s in subs}
    mismatches: dict[str, list] = {s.submission_id: [] for s in subs}
    readable = [s for s in subs if s.status != "error"]
    if cfg.online is not None:
        from extractors.online import OnlineReadError, read_online

        try:
            result.online = read_online(cfg.online, year=cfg.year)
        except OnlineReadError as exc:
            result.batch_findings.append(Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message=str(exc),
                                                 field="online", detail=repr(exc)))
            result.notes.append("网上填报数据无法读取，本次未做纸质版与网上填报内容比对。")
            cfg = cfg.model_copy(update={"online": None})
    if cfg.online is not None:
        pairing = pair_records(readable, result.online)
        for paper, online in pairing.pairs:
            # a number that differs on a scanned page is read a second time before it is reported
            found, notes = verify_mismatches(paper, compare_paper_online(paper, online, tentative=True))
            mismatches[paper.submission_id] = found
            extra[paper.submission_id].extend(notes)
        per_paper, batch_level = unpaired_findings(pairing)
        for sid, found in per_paper.items():
            extra[sid].extend(found)
        result.batch_findings.extend(batch_level)
    elif not result.notes:
        result.notes.append("未提供网上填报数据（--online），本次未做纸质版与网上填报内容比对。")
    for sid, found in check_near_duplicates(readable).items():
        extra[sid].extend(found)
    if cfg.catalog is not None:
        from library.store import CaseLibrary

        library = CaseLibrary(cfg.catalog)
        for sub in readable:
            # Only official 揭榜单位 lists of earlier years count: a mere earlier declaration was not necessarily selected.
            holders = library.demo_factory_holders(before_year=sub.year, declared=False)
            extra[sub.submission_id].extend(check_already_demo_factory(sub, holders))
    done = []
    for sub in subs:
        sub = sub.model_copy(update={"findings": [*sub.findings, *extra[sub.submission_id]],
                                     "mismatches": [*sub.mismatches, *mismatches[sub.submission_id]]})
        done.append(sub.model_copy(update={"status": compute_status(sub)}))
    result.subs = done
    return result


def write_outputs(sub: Submission, cfg: RunConfig) -> Path:
    """One submission -> DIR/<id>/review.json, report.html and annotated.pdf (atomic writes)."""
    from reports.annotate import write_annotated_pdf
    from reports.html import write_report_html

    folder = cfg.out / sub.submission_id
    write_text(folder / "review.json", review_json_text(sub))
    ref = load_reference(sub.year) if sub.year else None
    write_report_html(sub, folder / "report.html", ref=ref)
    if sub.status != "error":
        try:
            write_annotated_pdf(sub, Path(sub.source.path), folder / "annotated.pdf")
        except Exception:  # an annotated copy is a convenience: its failure must not lose the review
            log.exception("annotated PDF for %s failed", sub.source.path)
    return folder
