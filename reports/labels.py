"""Chinese wording shared by every report: status, severity, rule titles and field labels."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel

from catalog.reference import Reference, load_rule_ids
from model import Finding, Mismatch
from model.submission import Fields, Instance, Submission

STATUS_ZH = {"pass": "通过", "needs_review": "待复核", "fail": "不通过", "error": "无法处理"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
MISMATCH_KIND_ZH = {"changed": "不一致", "missing_in_paper": "纸质版缺失", "missing_online": "网上缺失"}
KIND_ZH = {"digital": "文字版", "scanned": "扫描件", "mixed": "混合"}
SEAL_ROLE_ZH = {
    "applicant": "封面 申报单位盖章",
    "recommender": "封面 推荐单位盖章",
    "company": "承诺书 公章",
    "legal_rep": "承诺书 法定代表人签章",
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_PART = re.compile(r"([^\[\].]+)(?:\[(\d+)\])?")


def rule_title(rule: str, ref: Reference | None = None) -> str:
    """Rule id -> its Chinese title from rule_ids.yaml (the id itself when unknown)."""
    ids = ref.rule_ids if ref is not None else load_rule_ids()
    entry = ids.get(rule)
    return entry.title if entry is not None else rule


def _description(model: type[BaseModel], name: str) -> str | None:
    """Pydantic model + field name -> the field's Chinese description, if any."""
    info = model.model_fields.get(name)
    if info is None or not info.description:
        return None
    # keep the printed label, drop our explanations ("近三年发展情况，按年份" -> "近三年发展情况")
    label = info.description.split("，")[0]
    if label.count("（") > label.count("）"):
        label = label[: label.rindex("（")]
    return label


def field_label(path: str | None) -> str:
    """Dotted field path -> Chinese label, e.g. "instances[2].description" -> "场景实例3 场景实例描述".

    Labels come from the model's field descriptions (the form's printed labels), so a new model
    field is labelled without touching this module. Dictionary keys (years, metric names) are
    data and are shown as written; unknown parts are kept as written.
    """
    if not path:
        return ""
    if path == "seals" or path.startswith("seals."):  # SEAL_MISSING uses seals.<role>
        return ("印章 " + SEAL_ROLE_ZH.get(path.removeprefix("seals."), "")).strip()
    parts = [_PART.fullmatch(p) for p in path.split(".")]
    if not all(parts):
        return path
    out: list[str] = []
    model: type[BaseModel] | None = Submission
    in_dict = False
    for m in parts:
        assert m is not None
        name, idx = m.group(1), m.group(2)
        if in_dict:  # a key of financials / metrics / sections
            out.append(f"{name}年" if name.isdigit() else name)
            in_dict = False
            continue
        if model is Submission and name in _TOP:
            out.append(_TOP[name])
            model = Fields if name == "fields" else Instance if name == "instances" else None
            if name == "instances" and idx is not None:
                out[-1] = f"场景实例{int(idx) + 1}"
            continue
        label = _description(model, name) if model is not None else None
        out.append((label or name) + (f"{int(idx) + 1}" if idx is not None else ""))
        model, in_dict = _submodel(model, name)
    return " ".join(x for x in out if x) or path


_TOP = {"fields": "", "instances": "场景实例", "source": "来源文件", "seals": "印章"}


def _submodel(model: type[BaseModel] | None, name: str) -> tuple[type[BaseModel] | None, bool]:
    """The nested pydantic model of `model.name` (for a dict field: its value model) and whether it is a dict."""
    if model is None:
        return None, False
    info = model.model_fields.get(name)
    ann: Any = info.annotation if info is not None else None
    is_dict = getattr(ann, "__origin__", None) is dict
    for cand in (ann, *getattr(ann, "__args__", ())):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand, is_dict
    return None, is_dict


def company_of(sub: Submission) -> str:
    """Submission -> the enterprise name to show (企业名称, else 申报单位, else the file name)."""
    f = sub.fields
    return f.company_name or f.applicant or sub.source.path.rsplit("/", 1)[-1]


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings -> errors first, then warnings, then notes; by page within a severity."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.page or 10**6))


def finding_counts(sub: Submission) -> dict[str, int]:
    """Submission -> counts of error / warning / info findings and of mismatches."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in sub.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    counts["mismatches"] = len(sub.mismatches)
    return counts


def mismatch_note(m: Mismatch, width: int = 60) -> str:
    """Mismatch -> one Chinese sentence: field, kind, paper and online values (shortened)."""
    label = field_label(m.field)
    paper, online = shorten(m.paper, width), shorten(m.online, width)
    if m.kind == "missing_in_paper":
        return f"纸网不一致：「{label}」纸质版缺失，网上填报为「{online}」。请核对纸质版是否漏印或漏填。"
    if m.kind == "missing_online":
        return f"纸网不一致：「{label}」网上填报缺失，纸质版为「{paper}」。请核对网上填报内容。"
    return f"纸网不一致：「{label}」纸质版为「{paper}」，网上填报为「{online}」。请以网上填报为准核对纸质版。"


def shorten(value: object, width: int = 60) -> str:
    """Any value -> text of at most `width` display characters, with an ellipsis when cut."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def display_width(text: str) -> int:
    """Text -> its width in monospace cells (CJK and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
