"""The content of the 推荐汇总表 (附件4 of the 2023 notice): instance lines and the two tables' rows.

Layout and wording follow seed 002 (附件4 智能制造试点示范项目推荐汇总表): a title, 推荐单位（盖章）,
table 1 智能制造优秀场景, table 2 智能制造示范工厂, each followed by its 注 line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.submission import Submission
from reports.terms import company_of

TITLE = "智能制造试点示范项目推荐汇总表"
RECOMMENDER_LABEL = "推荐单位（盖章）："
MISSING = "（未填）"


@dataclass(frozen=True)
class RecoTable:
    """One of the two tables of 附件4: heading, column titles, note and which declaration type it lists."""

    declaration_type: str
    heading: str
    headers: tuple[str, ...]
    note: str


SCENE_TABLE = RecoTable(
    "优秀场景",
    "1. 智能制造优秀场景",
    ("序号", "申报企业名称", "申报智能制造典型场景实例（罗列）", "联系人", "联系方式（手机号）"),
    "注：1.推荐智能制造优秀场景排名有先后；2.推荐数量不能超过规定的上限。",
)
FACTORY_TABLE = RecoTable(
    "示范工厂",
    "2. 智能制造示范工厂",
    ("序号", "揭榜单位名称", "示范工厂名称", "涉及典型场景实例（罗列）", "联系人", "联系方式（手机号）"),
    "注：1.推荐智能制造示范工厂排名有先后；2.推荐数量不能超过规定的上限。",
)
TABLES = (SCENE_TABLE, FACTORY_TABLE)


def recommendation_lines(sub: Submission, *, with_labels: bool = True) -> list[str]:
    """Submission -> one line per instance in 附件4 form, e.g.
    "1. 生产作业（环节名）—人机协同制造（场景名）—多机协同的发动机壳体柔性加工与检测（实例名）".

    The declared link and scene are used (that is what the enterprise applies for); with
    `with_labels=False` the（环节名）/（场景名）/（实例名）markers of the form's example are left out.
    """
    tags = ("（环节名）", "（场景名）", "（实例名）") if with_labels else ("", "", "")
    lines = []
    for n, inst in enumerate(sorted(sub.instances, key=lambda i: i.index), 1):
        parts = (inst.declared_link or MISSING, inst.declared_scene or MISSING, inst.name or MISSING)
        lines.append(f"{n}. " + "—".join(p + t for p, t in zip(parts, tags, strict=True)))
    return lines


def _mobile(sub: Submission) -> str:
    """Submission -> the contact's mobile number (phone when no mobile was given)."""
    c = sub.fields.contact
    return c.mobile or c.phone or ""


def table_rows(
    subs_in_order: Sequence[Submission], table: RecoTable, *, with_labels: bool = True
) -> list[list[str]]:
    """Submissions in priority order -> the rows of one 附件4 table (only subs of its declaration type)."""
    rows = []
    picked = [s for s in subs_in_order if s.declaration_type == table.declaration_type]
    for n, sub in enumerate(picked, 1):
        lines = "\n".join(recommendation_lines(sub, with_labels=with_labels))
        contact = sub.fields.contact.name or ""
        if table is FACTORY_TABLE:
            factory = sub.fields.project_name or sub.fields.task_name or MISSING
            rows.append([str(n), company_of(sub), factory, lines, contact, _mobile(sub)])
        else:
            rows.append([str(n), company_of(sub), lines, contact, _mobile(sub)])
    return rows


def recommender_of(subs: Sequence[Submission], recommender: str = "") -> str:
    """The given recommender, else the one all submissions name (empty when they differ or are unknown)."""
    if recommender:
        return recommender
    names = {s.fields.recommender for s in subs if s.fields.recommender}
    return names.pop() if len(names) == 1 else ""
