"""The review of a batch once every document is analysed: read the online records, pair, compare, read
numbers on scans a second time, batch and library rules, status."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.library_rules import (
    check_already_demo_factory,
    check_library_near_duplicates,
    check_near_duplicates,
)
from checks.ocr_verify import verify_mismatches
from checks.pairing import pair_records, unpaired_findings
from checks.paper_vs_online import compare_paper_online
from checks.status import compute_status
from extractors.online import OnlineReadError, read_online
from extractors.online_json import record_findings
from model import Finding, Mismatch, Submission
from review.context import ReviewContext
from review.decisions import apply_decisions
from review.document import line_source
from review.readings import settled


@dataclass
class BatchResult:
    """What a finished batch holds: every submission, the online records and batch-level findings."""

    subs: list[Submission]
    online: list[Submission] = field(default_factory=list)
    batch_findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def reviewed_mismatches(paper: Submission, online: Submission, ctx: ReviewContext,
                        ) -> tuple[list[Mismatch], list[Finding]]:
    """A paired paper copy + online record -> (the mismatches the review reports, OCR_REREAD findings): small
    edits on OCR pages kept tentative for a second reading, which confirms or drops them and changed numbers."""
    paper = settled(paper)
    return verify_mismatches(paper, compare_paper_online(paper, online, tentative=True), line_source(paper, ctx))


def finish_batch(subs: list[Submission], ctx: ReviewContext) -> BatchResult:
    """Analysed submissions -> paired with online records, compared, batch rules applied, status computed."""
    subs = [settled(s) for s in subs]
    result = BatchResult(subs=list(subs))
    extra: dict[str, list[Finding]] = {s.submission_id: [] for s in subs}
    mismatches: dict[str, list[Mismatch]] = {s.submission_id: [] for s in subs}
    readable = [s for s in subs if s.status != "error"]
    online = ctx.online
    if online is not None:
        try:
            result.online = read_online(online, year=ctx.year)
        except OnlineReadError as exc:
            result.batch_findings.append(Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message=str(exc),
                                                 field="online", detail=repr(exc)))
            result.notes.append("网上填报数据无法读取，本次未做纸质版与网上填报内容比对。")
            online = None
    if online is not None:
        pairing = pair_records(readable, result.online)
        for paper, record in pairing.pairs:
            # a number that differs on a scanned page is read a second time before it is reported
            found, notes = reviewed_mismatches(paper, record, ctx)
            mismatches[paper.submission_id] = found
            extra[paper.submission_id].extend(notes)
            extra[paper.submission_id].extend(record_findings(record))   # export cells of the wrong kind, said once
        result.batch_findings.extend(f for r in pairing.unpaired_online for f in record_findings(r))
        per_paper, batch_level = unpaired_findings(pairing)
        for sid, found_here in per_paper.items():
            extra[sid].extend(found_here)
        result.batch_findings.extend(batch_level)
    elif not result.notes:
        result.notes.append("未提供网上填报数据（--online），本次未做纸质版与网上填报内容比对。")
    for sid, dupes in check_near_duplicates(readable).items():
        extra[sid].extend(dupes)
    if ctx.similar is not None:
        for sub in readable:
            # the batch itself is compared above; the library adds the other years' declarations
            lookups = {path: [h for h in hits if h.get("year") != sub.year] for path, hits in ctx.similar(sub).items()}
            extra[sub.submission_id].extend(check_library_near_duplicates(sub, lookups))
    if ctx.holders is not None:
        for sub in readable:
            # Only official 揭榜单位 lists of earlier years count: a mere earlier declaration was not necessarily selected.
            extra[sub.submission_id].extend(check_already_demo_factory(sub, ctx.holders(sub.year)))
    done = []
    for sub in subs:
        findings = [*sub.findings, *extra[sub.submission_id]]
        if ctx.decisions is not None and sub.status != "error":
            # what officers decided on these findings in the library (an earlier review of this file or of
            # the version it corrects): shown in the report; a dismissed one no longer counts for the status
            findings = apply_decisions(findings, ctx.decisions(sub))
        sub = sub.model_copy(update={"findings": findings,
                                     "mismatches": [*sub.mismatches, *mismatches[sub.submission_id]]})
        done.append(sub.model_copy(update={"status": compute_status(sub)}))
    result.subs = done
    return result
