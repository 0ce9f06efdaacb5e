"""SEAL_MISSING: a required seal or signature (cover 申报单位/推荐单位, 承诺 公章/法定代表人签章) not found."""

from __future__ import annotations

from catalog.reference import Reference
from checks.finding_builder import make_finding, where
from model.submission import Finding, Submission

SURE_SCORE = 0.8   # a seal found with a lower Seal.score (pale ink) is a warning, not an error

ROLE_LABELS = {
    "applicant": "封面「申报单位（盖章）」处的申报单位公章",
    "recommender": "封面「推荐单位（盖章）」处的推荐单位公章",
    "company": "承诺书「公 章」处的企业公章",
    "legal_rep": "承诺书「法定代表人签章」处的签字或印章",
}


def check_seals(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> SEAL_MISSING for each required seal place recorded as empty (sub.seals, present=False),
    and (warning) for a required place the extractor did not locate at all: never silently passed."""
    required = {role for roles in ref.form.seals.values() for role in roles}
    out: list[Finding] = []
    if not sub.seals and sub.source.pages > 0:
        return [make_finding(
            ref, "SEAL_MISSING", "未能在申报书中找到任何盖章或签章位置（封面申报单位、推荐单位，承诺书公章、法定代表人签章），"
            "无法确认是否盖章。请人工核对纸质材料。",
            field="seals", value=None, limit="必须盖章/签章", severity="warning",
            detail="no seal place located by the extractor",
        )]
    if sub.seals:
        for role in sorted(required - {seal.role for seal in sub.seals}):
            label = ROLE_LABELS.get(role, role)
            out.append(make_finding(
                ref, "SEAL_MISSING", f"未能在申报书中找到{label}的位置，无法确认是否盖章。请人工核对纸质材料。",
                field=f"seals.{role}", value=None, limit="必须盖章/签章", severity="warning",
                detail="seal place not located by the extractor",
            ))
    scanned = set(sub.source.ocr_pages)
    for seal in sub.seals:
        if seal.role not in required or (seal.present and (seal.score is None or seal.score >= SURE_SCORE)):
            continue
        label = ROLE_LABELS.get(seal.role, seal.role)
        if seal.present:   # only pale or faded ink there: the detector is unsure, the officer decides
            message = f"{where(seal.page)}{label}处疑似印章颜色较浅，请对照原件核实。"
            severity, detail = "warning", f"pale ink only (score {seal.score})"
        elif seal.page in scanned:   # a scan may lose a light stamp: ask for the original before a new stamp
            message = (f"{where(seal.page)}扫描件上未发现{label}。请对照纸质原件核实；确未盖章的，"
                       "请申报单位补盖后重新提交纸质材料。")
            severity, detail = None, "no mark on a scanned page"
        else:
            message = f"{where(seal.page)}未发现{label}。请申报单位补盖后重新提交纸质材料。"
            severity, detail = None, None
        finding = make_finding(ref, "SEAL_MISSING", message, field=f"seals.{seal.role}", page=seal.page,
                               value=seal.present, limit="必须盖章/签章", severity=severity, detail=detail)
        out.append(finding.model_copy(update={"bbox": seal.bbox}))
    return out
