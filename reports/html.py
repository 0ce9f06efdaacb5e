"""Self-contained Chinese HTML: one report per submission and the batch index page.

The pages carry their CSS inline and load nothing from the network, so an officer can open them
offline, mail them or print them. Templates live in reports/templates (jinja2, autoescaped).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from catalog.reference import CatalogError, Reference, load_reference
from model import Finding
from model.submission import Instance, Submission
from model.text import count_chars
from reports.atomic import write_atomically
from reports.diff_spans import highlight_pair
from reports.long_text import capped_mismatch
from reports.ocr_crops import uncertain_rows
from reports.terms import (
    KIND_ZH,
    MISMATCH_KIND_ZH,
    SEAL_ROLE_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    company_of,
    decision_note,
    field_label,
    finding_counts,
    is_dismissed,
    rule_title,
    shorten,
    sorted_findings,
)

if TYPE_CHECKING:
    from reports.summary_xlsx import BatchRow

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _env() -> Environment:
    """The jinja2 environment for reports/templates (autoescaping HTML)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["zh_status"] = lambda s: STATUS_ZH.get(s, s)
    env.filters["zh_severity"] = lambda s: SEVERITY_ZH.get(s, s)
    env.filters["shorten"] = shorten
    env.filters["basename"] = lambda p: Path(str(p)).name
    return env


def _reference_for(sub: Submission, ref: Reference | None) -> Reference | None:
    """The given reference, else the submission year's, else None (reports never fail on it)."""
    if ref is not None or sub.year is None:
        return ref
    try:
        return load_reference(sub.year)
    except CatalogError:
        return None


def _finding_rows(findings: list[Finding], ref: Reference | None) -> list[dict[str, Any]]:
    """Findings -> template rows, errors first."""
    return [
        {
            "severity": f.severity,
            "rule": f.rule,
            "title": rule_title(f.rule, ref),
            "message": f.message,
            "field": field_label(f.field),
            "page": f.page,
            "value": "" if f.value is None else shorten(f.value, 40),
            "limit": "" if f.limit is None else shorten(f.limit, 40),
            "decision": decision_note(f),
            "dismissed": is_dismissed(f),
        }
        for f in sorted_findings(findings)
    ]


def _count_cell(count: int, limit: int | None) -> dict[str, Any]:
    """A character count and its limit -> a template cell flagged when over."""
    return {"count": count, "limit": limit, "over": limit is not None and count > limit}


def _issues_by_instance(findings: list[Finding], ref: Reference | None) -> dict[int, list[dict[str, str]]]:
    """Findings -> {0-based instance position: [{severity, title}]} for fields under instances[i]."""
    out: dict[int, list[dict[str, str]]] = {}
    for f in sorted_findings(findings):
        m = re.match(r"instances\[(\d+)\]", f.field or "")
        if m:
            out.setdefault(int(m.group(1)), []).append(
                {"severity": f.severity, "title": rule_title(f.rule, ref), "decision": decision_note(f),
                 "dismissed": is_dismissed(f)}
            )
    return out


def _instance_rows(
    instances: list[Instance], findings: list[Finding], ref: Reference | None
) -> list[dict[str, Any]]:
    """Instances -> template rows: declared vs predicted labels, character counts, related findings."""
    issues = _issues_by_instance(findings, ref)
    limits = ref.rules.field_limits or {} if ref else {}
    scene_limit = ref.rules.scene_description_limit if ref else None
    rows = []
    for pos, inst in enumerate(instances):
        pred = inst.predicted
        top3 = pred.top3 if pred and pred.top3 else ([pred] if pred else [])
        agrees = None
        if pred and inst.declared_scene:
            agrees = pred.scene == inst.declared_scene
        narrative = inst.narrative_count.chars if inst.narrative_count else count_chars(inst.narrative)
        rows.append(
            {
                "index": inst.index,
                "name": inst.name or "（未填）",
                "declared_link": inst.declared_link or "（未填）",
                "declared_scene": inst.declared_scene or "（未填）",
                "top3": [{"link": c.link, "scene": c.scene, "score": f"{c.score:.2f}"} for c in top3],
                "agrees": agrees,
                "description": _count_cell(
                    count_chars(inst.description), limits.get("instances.description")
                ),
                "narrative": _count_cell(narrative, scene_limit),
                "page": inst.page,
                "narrative_page": inst.narrative_page,
                "issues": issues.get(pos, []),
            }
        )
    return rows


def _mismatch_rows(sub: Submission) -> list[dict[str, Any]]:
    """Mismatches -> template rows with the differing fragments highlighted."""
    rows = []
    for m in map(capped_mismatch, sub.mismatches):   # a megabyte text is shown capped (reports.long_text)
        paper, online = highlight_pair(m)
        rows.append(
            {
                "field": field_label(m.field),
                "path": m.field,
                "kind": MISMATCH_KIND_ZH.get(m.kind, m.kind),
                "severity": m.severity,
                "page": m.page,
                "paper": paper if m.paper is not None else None,
                "online": online if m.online is not None else None,
            }
        )
    return rows


def report_context(sub: Submission, ref: Reference | None = None) -> dict[str, Any]:
    """Submission -> the dictionary the report template renders (also handy for tests)."""
    ref = _reference_for(sub, ref)
    f = sub.fields
    counts = finding_counts(sub)
    links = {i.declared_link for i in sub.instances if i.declared_link}
    extraction = [x for x in sub.findings if x.rule == "EXTRACTION_INCOMPLETE"]
    return {
        "sub": sub,
        "company": company_of(sub),
        "status": sub.status,
        "facts": [
            ("申报类型", sub.declaration_type or "（未识别）"),
            ("申报年度", sub.year or "（未识别）"),
            ("项目名称", f.project_name or f.task_name or "（未填）"),
            ("统一社会信用代码", f.credit_code or "（未填）"),
            ("推荐单位", f.recommender or "（未填）"),
            ("工厂地址", f.factory_address or "（未填）"),
            (
                "联系人",
                " ".join(x for x in (f.contact.name, f.contact.mobile or f.contact.phone) if x) or "（未填）",
            ),
        ],
        "counts": counts,
        "n_instances": len(sub.instances),
        "n_links": len(links),
        "min_links": ref.rules.min_links_factory if ref and ref.rules.is_factory(sub.declaration_type) else None,
        "seals_missing": sum(1 for s in sub.seals if not s.present),
        "findings": _finding_rows(sub.findings, ref),
        "mismatches": _mismatch_rows(sub),
        "instances": _instance_rows(sub.instances, sub.findings, ref),
        "seals": [
            {
                "role": SEAL_ROLE_ZH.get(s.role, s.role),
                "page": s.page,
                "present": s.present,
                "score": "" if s.score is None else f"{s.score:.2f}",
            }
            for s in sorted(sub.seals, key=lambda s: s.page)
        ],
        "source": {
            "path": sub.source.path,
            "name": Path(sub.source.path).name,
            "sha256": sub.source.sha256,
            "pages": sub.source.pages,
            "kind": KIND_ZH.get(sub.source.kind, sub.source.kind),
            "ocr_pages": sub.source.ocr_pages,
        },
        "extraction": _finding_rows(extraction, ref),
        "uncertain": uncertain_rows(sub),
        "scan_quality": [x.message for x in sub.findings if x.rule == "SCAN_QUALITY"],
        "timings": sub.timings,
        "guide_note": "（注意：本年度没有对应的场景指引，按备用版本核对）"
        if ref and ref.guide_is_fallback
        else "",
    }


def write_report_html(sub: Submission, out_path: Path, *, ref: Reference | None = None) -> Path:
    """Submission -> self-contained Chinese report.html at out_path (returned)."""
    html = _env().get_template("report.html.j2").render(**report_context(sub, ref))
    return write_atomically(Path(out_path), lambda p: p.write_text(html, encoding="utf-8"))


def write_batch_html(rows: list[BatchRow], batch_findings: list[Finding], out_path: Path) -> Path:
    """Batch rows + batch-level findings -> the index page linking every submission's report."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.status] = totals.get(r.status, 0) + 1
    html = (
        _env()
        .get_template("batch.html.j2")
        .render(
            rows=rows,
            totals=[
                (STATUS_ZH.get(k, k), k, totals.get(k, 0)) for k in ("pass", "needs_review", "fail", "error")
            ],
            batch_findings=_finding_rows(batch_findings, None),
        )
    )
    return write_atomically(Path(out_path), lambda p: p.write_text(html, encoding="utf-8"))
