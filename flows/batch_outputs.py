"""Batch-level outputs: batch.json, batch.html, summary.xlsx, 推荐汇总表.xlsx/.docx, and the case library."""

from __future__ import annotations

from pathlib import Path

from catalog.reference import default_year, load_reference
from flows.config import RunConfig
from flows.outputs import write_json
from flows.steps import BatchResult
from model.submission import Submission


def batch_rows(result: BatchResult) -> list:
    """Finished batch -> one summary row per submission (reports.summary_xlsx.BatchRow)."""
    from reports.summary_xlsx import BatchRow

    return [BatchRow.from_submission(sub) for sub in result.subs]


def batch_json(result: BatchResult, rows: list) -> dict:
    """Finished batch -> the content of batch.json (DESIGN.md §7)."""
    return {
        "schema_version": "1.0",
        "submissions": [
            {"submission_id": r.submission_id, "source": r.source_path, "status": r.status,
             "declaration_type": r.declaration_type or "", "company": r.company,
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
    write_batch_html(rows, result.batch_findings, cfg.out / "batch.html")
    readable = [s for s in result.subs if s.status != "error"]
    years = sorted({s.year for s in readable if s.year})
    rules = load_reference(cfg.year or (years[-1] if years else default_year())).rules
    warnings = quota_warnings(readable, rules, cfg.recommender_kind)
    write_summary_xlsx(rows, result.subs, result.batch_findings, cfg.out / "summary.xlsx", quota_warnings=warnings)
    ordered = order_for_recommendation(readable, cfg.priority)
    write_recommendation_xlsx(ordered, cfg.out / "推荐汇总表.xlsx", recommender=cfg.recommender)
    write_recommendation_docx(ordered, cfg.out / "推荐汇总表.docx", recommender=cfg.recommender)
    return warnings


def index_into_library(result: BatchResult, db_path: Path, out_dir: Path | None = None) -> int:
    """Readable submissions -> upserted into the case library in one transaction (with the paths of their
    report.html and annotated.pdf under out_dir when given); returns how many."""
    from library.store import CaseLibrary, Entry

    def path(sub: Submission, name: str) -> str | None:
        target = out_dir / sub.submission_id / name if out_dir is not None else None
        return str(target.resolve()) if target is not None and target.is_file() else None

    entries = [Entry(sub, path(sub, "report.html"), path(sub, "annotated.pdf"))
               for sub in result.subs if sub.status != "error"]
    return len(CaseLibrary(db_path).index_many(entries))
