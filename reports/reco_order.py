"""Priority order of the 推荐汇总表 and the yearly quota check (rules.quotas)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from catalog.reference import Rules
from model.submission import Submission
from model.text import normalize_text
from reports.terms import company_of

STATUS_ORDER = {"pass": 0, "needs_review": 1, "fail": 2, "error": 3}
PRIORITY_COLUMNS = ("序号", "priority", "优先顺序", "排序")
KEY_COLUMNS = {
    "统一社会信用代码": "credit",
    "credit_code": "credit",
    "企业名称": "company",
    "company": "company",
    "申报企业名称": "company",
    "揭榜单位名称": "company",
    "文件名": "file",
    "file": "file",
}


class PriorityFileError(ValueError):
    """The priority CSV cannot be used (message in Chinese)."""


def _read_csv(path: Path) -> list[dict[str, str]]:
    """CSV path (UTF-8 with or without BOM, or GBK as Excel writes it) -> rows as dicts."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise PriorityFileError(f"优先顺序文件 {path} 无法识别编码，请另存为 UTF-8 CSV。")
    return [
        {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]


def _key(value: str | None) -> str:
    """Name or code -> a comparable key (NFKC, no spaces, upper case)."""
    return (normalize_text(value) or "").replace(" ", "").upper()


def _priorities(rows: list[dict[str, str]], path: Path) -> list[tuple[float, str, str, str]]:
    """CSV rows -> (priority, key kind, key, declaration type) sorted by priority."""
    if not rows:
        return []
    columns = set(rows[0])
    prio_col = next((c for c in PRIORITY_COLUMNS if c in columns), None)
    key_cols = [c for c in KEY_COLUMNS if c in columns]
    if not key_cols:
        raise PriorityFileError(
            f"优先顺序文件 {Path(path).name} 缺少企业标识列。请至少包含「统一社会信用代码」「企业名称」或「文件名」之一"
            f"（现有列：{'、'.join(sorted(columns))}）。"
        )
    out = []
    for n, row in enumerate(rows, 1):
        try:
            prio = float(row[prio_col]) if prio_col and row.get(prio_col) else float(n)
        except ValueError as exc:
            raise PriorityFileError(
                f"优先顺序文件 {Path(path).name} 第 {n + 1} 行「{prio_col}」不是数字：{row[prio_col]}。"
            ) from exc
        for col in key_cols:
            if row.get(col):
                out.append((prio, KEY_COLUMNS[col], _key(row[col]), row.get("申报类型", "")))
    return sorted(out, key=lambda x: x[0])


def _matches(sub: Submission, kind: str, key: str, decl_type: str) -> bool:
    """Does one CSV key (credit code, company name or file name) name this submission?"""
    if decl_type and sub.declaration_type and decl_type != sub.declaration_type:
        return False
    if kind == "credit":
        return _key(sub.fields.credit_code) == key
    if kind == "company":
        return key in {_key(sub.fields.company_name), _key(sub.fields.applicant), _key(company_of(sub))}
    path = Path(sub.source.path)
    return key in {_key(path.name), _key(path.stem)}


def _by_status(subs: Sequence[Submission]) -> list[Submission]:
    """Submissions -> pass first, then needs_review, fail, error; fewer errors first within a status."""

    def errors(s: Submission) -> int:
        """Submission -> its number of error findings."""
        return sum(1 for f in s.findings if f.severity == "error")

    return sorted(subs, key=lambda s: (STATUS_ORDER.get(s.status, 9), errors(s)))


def order_for_recommendation(
    subs: Sequence[Submission], priority_csv: Path | None = None
) -> list[Submission]:
    """Submissions -> recommendation order: the CSV's 序号 first, the rest by status (pass, needs_review, fail).

    The CSV needs a key column (统一社会信用代码, 企业名称 or 文件名) and may have 序号 / priority
    (else its row order counts) and 申报类型 (to tell apart the two types of one enterprise).
    """
    if priority_csv is None:
        return _by_status(subs)
    wanted = _priorities(_read_csv(Path(priority_csv)), Path(priority_csv))
    rank: dict[str, float] = {}
    for prio, kind, key, decl_type in wanted:
        for sub in subs:
            if sub.submission_id not in rank and _matches(sub, kind, key, decl_type):
                rank[sub.submission_id] = prio
    listed = sorted((s for s in subs if s.submission_id in rank), key=lambda s: rank[s.submission_id])
    return listed + _by_status([s for s in subs if s.submission_id not in rank])


def _quota_row(quotas: dict[str, dict[str, int]], kind: str) -> tuple[str, dict[str, int]] | None:
    """Recommender kind (as typed, e.g. 兵团) -> the matching quota row: exact name, else a unique partial match."""
    if kind in quotas:
        return kind, quotas[kind]
    partial = [k for k in quotas if kind in k or k in kind]
    return (partial[0], quotas[partial[0]]) if len(partial) == 1 else None


def quota_warnings(subs: Sequence[Submission], rules: Rules, recommender_kind: str | None) -> list[str]:
    """Submissions + the year's rules + 推荐单位类型 -> Chinese warnings where a type exceeds its quota.

    Counts every submission with a declaration type except those that could not be processed
    (status "error"). No kind given -> no warnings; an unknown kind -> one warning listing the kinds.
    """
    if not recommender_kind:
        return []
    if not rules.quotas:
        note = f"（{rules.quotas_note.rstrip('。')}）" if rules.quotas_note else ""
        return [f"{rules.year}年规则文件未规定推荐名额{note}，未检查推荐数量，请按当年通知人工核对。"]
    found = _quota_row(rules.quotas, recommender_kind)
    if found is None:
        kinds = "、".join(rules.quotas)
        return [
            f"推荐单位类型「{recommender_kind}」不在{rules.year}年名额表中，未检查推荐数量。可选类型：{kinds}。"
        ]
    kind, limits = found
    counts = Counter(s.declaration_type for s in subs if s.declaration_type and s.status != "error")
    warnings = []
    for decl_type, limit in limits.items():
        n = counts.get(decl_type, 0)  # type: ignore[call-overload]
        if n > limit:
            warnings.append(
                f"{rules.year}年{kind}推荐{decl_type}上限为{limit}个，本批共{n}个，超出{n - limit}个。"
                f"请按优先顺序删减至{limit}个以内后再填报推荐汇总表。"
            )
    return warnings
