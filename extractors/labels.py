"""Printed labels of the declaration forms -> field paths, with fuzzy matching (rapidfuzz).

The choice lists, metric keys and 附1 columns come from catalog/data/forms/<edition>.yaml; this
module only knows how the basic-information labels are worded (2021–2023 templates and the
platform export's variants).
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from catalog.reference import Form
from extractors.layout import label_key

# field path -> label variants (compared after label_key: no spaces, hints or footnote numbers).
FIELD_LABELS: dict[str, list[str]] = {
    "company_name": ["企业名称", "申报主体名称", "单位名称"],
    "credit_code": ["统一社会信用代码", "社会信用代码"],
    "founded": ["成立时间", "成立日期"],
    "ownership": ["企业性质"],
    "size": ["企业类型", "企业规模"],
    "industry.category": ["行业门类"],
    "industry.major": ["行业大类"],
    "industry.middle": ["行业中类"],
    "sector": ["所属四大行业", "揭榜行业", "所属行业领域"],
    "factory_address": ["工厂地址"],
    "key_region": ["工厂是否位于重点区域"],
    "accident": ["企业近三年是否发生过重大安全生产事故、重大环境事故", "企业近三年是否发生重大安全生产事故、重大环境事故"],
    "company_intro": ["企业简介"],
    "legal_rep": ["法人代表/负责人", "法定代表人/负责人", "法人代表"],
    "contact": ["联系人"],
    "contact.name": ["联系人姓名"],
    "financials": ["近三年发展情况"],
    "prior_national_pilot": ["是否为国家智能制造试点示范项目"],
    "prior_benchmark": ["是否为国家智能制造标杆企业"],
    "prior_provincial_pilot": ["是否为省级智能制造试点示范项目"],
    "maturity_level": ["智能制造能力成熟度评估结果或其他能力证明材料", "智能制造能力成熟度"],
    "maturity_note": ["其他能力证明材料说明"],
    "task_name": ["揭榜任务具体名称"],
    "task_subsector": ["揭榜任务细分行业"],
    "task_address": ["揭榜任务建设地址"],
    "integrators.name": ["揭榜任务系统解决方案供应商名称", "场景实例建设系统解决方案供应商名称",
                         "系统解决方案供应商名称", "场景实例建设系统解决方案供应商"],
    "integrators.contact": ["系统解决方案供应商联系人及联系方式", "供应商联系人及联系方式", "联系人及电话",
                            "联系人及联系方式"],
    "task_dates": ["起止日期", "揭榜任务起止日期"],
    "task_investment": ["揭榜任务总投资"],
    "project_summary": ["项目简述"],
    "scene_link": ["环节名称"],
    "scene_scene": ["场景名称"],
    "scene_name": ["场景实例名称"],
    "scene_dates": ["场景实例建设起止日期"],
    "scene_investment": ["场景实例建设投资"],
    "supply_chain.main_products": ["揭榜任务生产的主要产品"],
    "supply_chain.partners": ["智慧供应链上下游关键企业"],
    "supply_chain.partner_roles": ["智慧供应链上下游关键企业分工及产品"],
    "supply_chain.providers": ["智慧供应链解决方案供应商与联系方式"],
    "supply_chain.metrics": ["供应链建设成效"],
    "promise": ["真实性承诺"],
    "sub.name": ["姓名"],
    "sub.phone": ["电话", "联系电话"],
    "sub.title": ["职务"],
    "sub.mobile": ["手机"],
    "sub.fax": ["传真"],
    "sub.email": ["邮箱", "电子邮箱"],
    "fin.total_assets": ["资产总额"],
    "fin.debt_ratio": ["资产负债率"],
    "fin.revenue": ["主营业务收入", "营业收入"],
    "fin.profit_margin": ["利润率"],
}
# Long labels are often wrapped or partly printed; a prefix this long identifies them.
PREFIX_LABELS: dict[str, str] = {
    "工厂是否位于": "key_region",
    "企业近三年是否发生": "accident",
    "智能制造能力成熟度": "maturity_level",
}
MAX_LABEL_LEN = 48  # a cell with more text than this is a value, never a label


@cache
def _choices(form_edition: str) -> tuple[dict[str, str], list[str]]:
    """Form edition -> (variant -> field path, all variants) for rapidfuzz."""
    table = {label_key(v): k for k, vs in FIELD_LABELS.items() for v in vs}
    return table, list(table)


def metric_key(text: str) -> str:
    """'生产效率提升*（%）' -> '生产效率提升' (the form yaml's metric key)."""
    return label_key(text)


def match_label(text: str, form: Form, *, cutoff: float = 88.0) -> str | None:
    """Cell text -> field path ('metrics.<key>' for the metric grid), or None when it is no label."""
    key = label_key(text)
    flat = (text or "").replace(" ", "")
    if "其他成效指标" in flat and len(flat) <= 10:
        return "other_metrics"
    for prefix, path in PREFIX_LABELS.items():
        if key.startswith(prefix) and len(key) <= 120:
            return path
    if not key or len(key) > MAX_LABEL_LEN:
        return None
    table, variants = _choices(form.edition)
    if key in table:
        return table[key]
    metric = _metric(key, form)
    if metric:
        return metric
    if len(key) < 4:
        return None
    best = process.extractOne(key, variants, scorer=fuzz.ratio, score_cutoff=cutoff)
    return table[best[0]] if best else None


def _metric(key: str, form: Form) -> str | None:
    """Normalised label -> 'metrics.<key>' / 'supply_chain.metrics.<key>' when it is a metric cell."""
    for m in form.metrics:
        if key == label_key(m.key):
            return f"metrics.{m.key}"
    for m in form.supply_chain_metrics:
        if key == label_key(m.key):
            return f"supply_chain.metrics.{m.key}"
    if len(key) >= 8:  # a long label cut by a page break: its first part identifies it
        for m in [*form.metrics, *form.supply_chain_metrics]:
            if label_key(m.key).startswith(key):
                group = "metrics" if m in form.metrics else "supply_chain.metrics"
                return f"{group}.{m.key}"
    if len(key) >= 6:
        keys = [label_key(m.key) for m in form.metrics]
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            return f"metrics.{form.metrics[best[2]].key}"
        keys = [label_key(m.key) for m in form.supply_chain_metrics]
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            return f"supply_chain.metrics.{form.supply_chain_metrics[best[2]].key}"
    return None


# A label printed inside its value cell: "行业门类：制造业", "行业门类（系统中下拉选择）：制造业",
# "行业门类（系统中下拉选择）制造业" (Word/WPS users fill the form's label cells so).
_INLINE_COLON = re.compile(r"^(?P<label>[^：:]{2,40}?)\s*[：:]\s*(?P<value>\S.*)$", re.S)
_INLINE_HINT = re.compile(r"^(?P<label>[^：:（()）]{2,24})\s*[（(][^（）()]*[)）]\s*(?P<value>[^（(\s].*)$", re.S)
# Labels that open a group or a block read elsewhere: never taken from inside a value cell.
_NOT_INLINE = ("contact", "legal_rep", "financials", "promise", "integrators.", "supply_chain.providers", "fin.",
               "other_metrics", "scene_")


def split_inline(text: str, form: Form) -> tuple[str, str] | None:
    """'行业门类：制造业' -> ('industry.category', '制造业'); None when the cell is no label:value pair.

    With a colon the label is matched like any label; without one (label（hint）value) only an exact
    label variant counts, so that a label with a unit hint ('资产总额（万元）') is never split.
    """
    text = (text or "").strip()
    m = _INLINE_COLON.match(text)
    if m:
        path = match_label(m.group("label"), form)
    else:
        m = _INLINE_HINT.match(text)
        path = _choices(form.edition)[0].get(label_key(m.group("label"))) if m else None
    if not path or path.startswith(_NOT_INLINE):
        return None
    return path, m.group("value").strip()
