"""Batch-level outputs: batch.json, batch.html, summary.xlsx, 推荐汇总表.xlsx/.docx, and the case library."""

from __future__ import annotations

from pathlib import Path

from catalog.reference import load_reference
from flows.config import RunConfig
from flows.outputs import write_json, write_with
from flows.review import BatchResult
from model import Submission


def _links_covered(sub: Submission) -> int:
    return len({i.declared_link for i in sub.instances if i.declared_link})


def batch_rows(result: BatchResult) -> list:
    """Finished batch -> one summary row per submission (reports.summary_xlsx.BatchRow)."""
    from reports.summary_xlsx import BatchRow

    rows = []
    for sub in result.subs:
        errors = sum(f.severity == "error" for f in sub.findings)
        warnings = sum(f.severity == "warning" for f in sub.findings)
        message = next((f.message for f in sub.findings if sub.status == "error"), "")
        rows.append(BatchRow(
            submission_id=sub.submission_id, source_path=sub.source.path,
            company=sub.fields.company_name or sub.fields.applicant or Path(sub.source.path).stem,
            declaration_type=sub.declaration_type or "", status=sub.status, errors=errors, warnings=warnings,
            mismatches=len(sub.mismatches), links_covered=_links_covered(sub), instances=len(sub.instances),
            pages=sub.source.pages, kind=sub.source.kind, message=message,
        ))
    return rows


def batch_json(result: BatchResult, rows: list) -> dict:
    """Finished batch -> the content of batch.json (DESIGN.md §7)."""
    return {
        "schema_version": "1.0",
        "submissions": [
            {"submission_id": r.submission_id, "source": r.source_path, "status": r.status,
             "declaration_type": r.declaration_type, "company": r.company,
             "counts": {"errors": r.errors, "warnings": r.warnings, "mismatches": r.mismatches,
                        "instances": r.instances, "links": r.links_covered, "pages": r.pages}}
            for r in rows
        ],
        "findings": [f.model_dump(exclude_none=True) for f in result.batch_findings],
        "notes": result.notes,
        "totals": {s: sum(r.status == s for r in rows) for s in ("pass", "needs_review", "fail", "error")},
    }


def write_batch_outputs(result: BatchResult, cfg: RunConfig) -> list[str]:
    """Finished batch -> batch.json, batch.html, summary.xlsx and the recommendation tables; returns quota warnings."""
    from reports.html import write_batch_html
    from reports.recommendation import (
        order_for_recommendation,
        quota_warnings,
        write_recommendation_docx,
        write_recommendation_xlsx,
    )
    from reports.summary_xlsx import write_summary_xlsx

    rows = batch_rows(result)
    write_json(cfg.out / "batch.json", batch_json(result, rows))
    write_with(cfg.out / "batch.html", lambda tmp: write_batch_html(rows, result.batch_findings, tmp))
    readable = [s for s in result.subs if s.status != "error"]
    years = sorted({s.year for s in readable if s.year})
    rules = load_reference(cfg.year or (years[-1] if years else 2023)).rules
    warnings = quota_warnings(readable, rules, cfg.recommender_kind)
    write_with(cfg.out / "summary.xlsx",
               lambda tmp: write_summary_xlsx(rows, result.subs, result.batch_findings, tmp, quota_warnings=warnings))
    ordered = order_for_recommendation(readable, cfg.priority)
    write_with(cfg.out / "推荐汇总表.xlsx",
               lambda tmp: write_recommendation_xlsx(ordered, tmp, recommender=cfg.recommender))
    write_with(cfg.out / "推荐汇总表.docx",
               lambda tmp: write_recommendation_docx(ordered, tmp, recommender=cfg.recommender))
    return warnings


def index_into_library(result: BatchResult, db_path: Path) -> int:
    """Readable submissions -> upserted into the case library; returns how many."""
    from catalog.library import CaseLibrary

    library = CaseLibrary(db_path)
    count = 0
    for sub in result.subs:
        if sub.status != "error":
            library.index(sub)
            count += 1
    return count
