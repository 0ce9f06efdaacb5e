"""Pairing paper copies with online records: credit code + declaration type, then fuzzy names.

Pass 1: exact 统一社会信用代码 (cleaned of OCR letter confusions) and 申报类型; then the same code with the
other type when that code has a single online record (the type itself then differs).
Pass 2: a credit code within two characters (OCR misreads) and a similar company name, same type.
Pass 3: fuzzy 企业名称 / 申报单位 / 项目名称 (rapidfuzz) with the same type, for copies whose code is unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from catalog.reference import load_rule_ids
from checks.identity import clean_credit_code
from checks.normalize import canonical_text
from model.submission import Finding, Severity, Submission

CODE_EDITS = 2          # OCR may misread up to two characters of an 18-character code
NAME_WITH_CODE = 60.0   # company-name similarity required together with a near code
NAME_ALONE = 88.0       # name similarity that pairs on its own (no usable code)


@dataclass
class Pairing:
    """Paired (paper, online) records and what stayed unpaired on either side."""

    pairs: list[tuple[Submission, Submission]] = field(default_factory=list)
    unpaired_paper: list[Submission] = field(default_factory=list)
    unpaired_online: list[Submission] = field(default_factory=list)


def _code(sub: Submission) -> str:
    """Submission -> cleaned credit code ("" when absent)."""
    return clean_credit_code(sub.fields.credit_code) or ""


def _names(sub: Submission) -> list[str]:
    """Submission -> canonical company / applicant / project names that are present."""
    f = sub.fields
    return [canonical_text(x) for x in (f.company_name, f.applicant, f.project_name) if x]


def name_similarity(a: Submission, b: Submission) -> float:
    """Two records -> best rapidfuzz ratio between their company/applicant names (project name only with itself)."""
    fa, fb = a.fields, b.fields
    firms_a = [canonical_text(x) for x in (fa.company_name, fa.applicant) if x]
    firms_b = [canonical_text(x) for x in (fb.company_name, fb.applicant) if x]
    best = max((fuzz.ratio(x, y) for x in firms_a for y in firms_b), default=0.0)
    if fa.project_name and fb.project_name:
        best = max(best, fuzz.ratio(canonical_text(fa.project_name), canonical_text(fb.project_name)))
    return best


def _same_type(a: Submission, b: Submission) -> bool:
    """Two records -> True when their declaration types agree (an unknown type agrees with anything)."""
    return a.declaration_type is None or b.declaration_type is None or a.declaration_type == b.declaration_type


def pair_records(papers: list[Submission], online: list[Submission]) -> Pairing:
    """Paper copies + online records -> Pairing (an online record pairs with at most one paper copy,
    except that identical copies of one declaration all pair with its record)."""
    result = Pairing()
    used: set[int] = set()
    by_key: dict[tuple[str, str | None], int] = {}
    for j, rec in enumerate(online):
        if _code(rec):
            by_key.setdefault((_code(rec), rec.declaration_type), j)
    paired: dict[int, int] = {}
    # Pass 1: exact key. Duplicate paper copies of one declaration share the record.
    for i, paper in enumerate(papers):
        j = by_key.get((_code(paper), paper.declaration_type)) if _code(paper) else None
        if j is not None:
            paired[i] = j
            used.add(j)
    # Pass 1b: same code, other type, and that code has exactly one online record: one of the two copies
    # names the wrong 申报类型 (compare_paper_online reports it as a mismatch).
    codes: dict[str, list[int]] = {}
    for j, rec in enumerate(online):
        if _code(rec):
            codes.setdefault(_code(rec), []).append(j)
    for i, paper in enumerate(papers):
        cands = codes.get(_code(paper), []) if i not in paired and _code(paper) else []
        if len(cands) == 1 and cands[0] not in used:
            paired[i] = cands[0]
            used.add(cands[0])
    # Pass 2 and 3: best-first over candidate pairs.
    candidates: list[tuple[float, int, int]] = []
    for i, paper in enumerate(papers):
        if i in paired:
            continue
        for j, rec in enumerate(online):
            if j in used or not _same_type(paper, rec):
                continue
            sim = name_similarity(paper, rec)
            a, b = _code(paper), _code(rec)
            near_code = bool(a and b) and Levenshtein.distance(a, b) <= CODE_EDITS
            if (near_code and sim >= NAME_WITH_CODE) or sim >= NAME_ALONE:
                candidates.append((sim + (100.0 if near_code else 0.0), i, j))
    for _, i, j in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
        if i not in paired and j not in used:
            paired[i] = j
            used.add(j)
    for i, paper in enumerate(papers):
        if i in paired:
            result.pairs.append((paper, online[paired[i]]))
        else:
            result.unpaired_paper.append(paper)
    result.unpaired_online = [rec for j, rec in enumerate(online) if j not in used]
    return result


def _describe(sub: Submission) -> str:
    """Record -> 「企业名称（统一社会信用代码 X，申报类型 Y）」 for messages."""
    f = sub.fields
    name = f.company_name or f.applicant or f.project_name or "（名称未识别）"
    return f"「{name}」（统一社会信用代码 {f.credit_code or '未识别'}，申报类型 {sub.declaration_type or '未识别'}）"


def _severity() -> Severity:
    """UNPAIRED's default severity from rule_ids.yaml."""
    sev = load_rule_ids()["UNPAIRED"].severity
    return sev if sev in ("error", "warning", "info") else "error"  # type: ignore[return-value]


def unpaired_findings(pairing: Pairing) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """Pairing -> (UNPAIRED findings per paper submission id, batch-level UNPAIRED for online-only records)."""
    per_paper: dict[str, list[Finding]] = {}
    for paper in pairing.unpaired_paper:
        per_paper.setdefault(paper.submission_id, []).append(Finding(
            rule="UNPAIRED", severity=_severity(), field="fields.credit_code",
            page=paper.provenance["fields.credit_code"].page if "fields.credit_code" in paper.provenance else None,
            value=paper.fields.credit_code,
            message=f"纸质申报书{_describe(paper)}在网上填报数据中找不到对应记录。请核实该单位是否已在平台完成网上填报，"
                    f"或核对纸质版上的统一社会信用代码和申报类型。",
        ))
    batch: list[Finding] = []
    for rec in pairing.unpaired_online:
        batch.append(Finding(
            rule="UNPAIRED", severity=_severity(), field="fields.credit_code", value=rec.fields.credit_code,
            message=f"网上填报记录{_describe(rec)}没有对应的纸质申报材料。请联系该单位补交纸质版，或确认其已撤回申报。",
            detail=f"online record {rec.submission_id} from {rec.source.path}",
        ))
    return per_paper, batch
