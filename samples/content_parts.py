"""Smaller pieces of a declaration's content: 附2 items, the metric grid, company prose, sections."""

from __future__ import annotations

import random
from typing import Any

from catalog.reference import Form
from model.submission import Instance, Item
from model.text import count_chars
from samples.enterprise import Company
from samples.texts import fit
from samples.wording import HW_BRANDS, SOFTWARE, SUPPLIERS, SW_BRANDS, sentence

_EQUIP = {
    "高档数控机床与工业机器人": ["六轴工业机器人", "五轴联动加工中心", "协作机器人", "数控车床"],
    "增材制造装备": ["金属3D打印机", "激光熔覆设备"],
    "智能传感与控制装备": ["智能传感器", "边缘控制器", "PLC控制柜", "智能仪表"],
    "智能检测与装配装备": ["视觉检测工作站", "三坐标测量仪", "自动装配线", "在线检测仪"],
    "智能物流与仓储装备": ["AGV小车", "堆垛机", "自动化立体库", "智能输送线"],
    "行业成套装备": ["自动化生产线", "智能成套装置"],
}
_SW = {
    "研发设计类": ["PLM", "CAD", "CAE", "CAPP"], "生产制造类": ["MES", "APS", "QMS", "SCADA"],
    "经营管理类": ["ERP", "SRM", "CRM", "WMS"], "控制执行类": ["DCS", "PLC编程软件", "APC"],
    "行业专用类": ["LIMS", "EMS", "TMS"], "新型软件": ["工业互联网平台", "数字孪生平台", "低代码平台"],
}
_PROCS = ["激光焊接", "精密压铸", "数控加工", "涂装", "热处理", "自动装配", "注塑成型", "连续退火", "精馏", "冲压"]
_TECHS = ["机器视觉", "数字孪生", "5G专网", "边缘计算", "深度学习", "标识解析", "模型预测控制", "知识图谱", "RFID"]


def instance_items(rng: random.Random, company: Company, keywords: list[str]) -> dict[str, list[Item]]:
    """-> the 附2 lists of one instance: equipment, software, processes, technologies."""
    equipment = []
    for cat in rng.sample(sorted(_EQUIP), rng.randint(1, 3)):
        equipment.append(Item(category=cat, name=rng.choice(_EQUIP[cat]),
                              model=f"{rng.choice('ABCDHKMRSTX')}{rng.choice('ABCDHKMRSTX')}-{rng.randint(100, 9999)}",
                              supplier=rng.choice(SUPPLIERS), description=rng.choice([None, "已投用", "新购", "改造"])))
    software = []
    for cat in rng.sample(sorted(_SW), rng.randint(1, 3)):
        software.append(Item(category=cat, name=rng.choice(_SW[cat]), model=f"V{rng.randint(1, 9)}.{rng.randint(0, 9)}",
                             supplier=rng.choice(SUPPLIERS)))
    processes = [Item(name=p, description=f"应用于{rng.choice(company.industry.steps)}环节，实现{rng.choice(['自动化', '稳定化', '精细化'])}作业")
                 for p in rng.sample(_PROCS, rng.randint(1, 2))]
    techs = [Item(name=t, description=f"支撑{rng.choice(keywords)}等功能")
             for t in rng.sample(_TECHS, rng.randint(1, 2))]
    return {"equipment": equipment, "software": software, "processes": processes, "technologies": techs}


def make_metrics(rng: random.Random, form: Form, process: bool, dtype: str) -> dict[str, float | None]:
    """Form metric grid -> values: every required metric filled; 先进过程控制投用率 only when process."""
    out: dict[str, float | None] = {}
    for m in form.metrics:
        if m.process_only:
            out[m.key] = round(rng.uniform(70, 98), 1) if process and rng.random() < 0.7 else None
        elif m.unit == "家":
            out[m.key] = float(rng.randint(2, 60)) if rng.random() < 0.6 else None
        elif m.required or rng.random() < 0.75:
            out[m.key] = round(rng.uniform(3, 45), rng.choice([0, 1, 1, 2]))
        else:
            out[m.key] = None
    return out


_INTRO = [
    "{name}成立于{year}年，位于{city}{district}，是一家专业从事{products}研发、生产和销售的{ownership_word}。",
    "公司现有员工{staff}余人，其中技术研发人员{rd}人，拥有省级企业技术中心和工程技术研究中心。",
    "公司主导产品{p0}国内市场占有率约{share}%，产品远销{countries}个国家和地区。",
    "公司先后获得国家高新技术企业、专精特新“小巨人”企业、省级智能制造标杆企业等称号。",
    "近年来，公司坚持以智能制造为主攻方向，累计投入{inv}亿元实施数字化、网络化、智能化改造。",
    "公司通过了ISO9001质量管理体系、ISO14001环境管理体系和两化融合管理体系贯标认证。",
    "{year2}年公司实现营业收入{rev}亿元，同比增长{g}%。",
    "公司拥有有效专利{pat}项，其中发明专利{inv_pat}项，主持或参与制定国家及行业标准{std}项。",
]
_SUMMARY = [
    "项目围绕{products}生产全过程，建成了覆盖{links}个环节的智能工厂。",
    "工厂部署了ERP、PLM、MES、WMS等核心系统，关键设备联网率达到{net}%，实现了研发、生产、经营数据的贯通。",
    "在生产环节，建设了{steps}等自动化产线，应用工业机器人{robots}台，实现了关键工序少人化。",
    "通过数字孪生、机器视觉、大数据分析等技术的应用，生产效率提升{e}%，产品不良率降低{q}%，运营成本下降{c}%。",
    "项目总投资{ti}万元，已全部完成建设并稳定运行。",
    "项目形成了可复制推广的{sector}行业智能工厂解决方案，已向上下游{n}家企业推广。",
    "工厂综合能耗下降{en}%，单位产品碳排放明显降低。",
]


def prose(rng: random.Random, company: Company, what: str, target: int) -> str:
    """Company, "intro" or "summary" and a target 字 -> 企业简介 / 项目简述 text under the target."""
    ind = company.industry
    vals: dict[str, Any] = {
        "name": company.name, "year": company.founded[:4], "city": company.city, "district": company.district,
        "products": "、".join(ind.products[:2]), "p0": ind.products[0], "staff": rng.randint(80, 9000),
        "rd": rng.randint(10, 900), "share": rng.randint(3, 35), "countries": rng.randint(5, 90),
        "inv": round(rng.uniform(0.3, 12), 1), "year2": 2022, "rev": round(company.revenue.get("2022", 10000) / 10000, 2),
        "g": rng.randint(3, 30), "pat": rng.randint(20, 600), "inv_pat": rng.randint(5, 120), "std": rng.randint(1, 20),
        "ownership_word": {"中央企业": "中央企业下属企业", "地方国企": "地方国有企业", "三资企业": "中外合资企业"}.get(company.ownership, "民营企业"),
        "links": rng.randint(8, 13), "net": rng.randint(85, 99), "steps": "、".join(ind.steps[:3]), "robots": rng.randint(10, 400),
        "e": rng.randint(15, 45), "q": rng.randint(10, 50), "c": rng.randint(10, 30), "ti": rng.randint(3000, 90000),
        "sector": ind.sector, "n": rng.randint(3, 40), "en": rng.randint(5, 25),
    }
    pool = _INTRO if what == "intro" else _SUMMARY
    order = [pool[0], *rng.sample(pool[1:], len(pool) - 1)]
    text = ""
    for t in order:
        nxt = sentence(t.format(**vals))
        if count_chars(text + nxt) > target and text:
            break
        text += nxt
    return fit(text, max(target, 60))


_SECTION_POOL = [
    "{products}行业正处于转型升级的关键期，客户对交付周期、质量一致性和个性化的要求不断提高。",
    "公司已具备较好的信息化基础，ERP、PLM等系统运行多年，但系统之间集成度不高，数据孤岛问题突出。",
    "项目总体架构分为设备层、边缘层、平台层和应用层，各层之间通过统一的数据标准和接口规范实现互联互通。",
    "各系统之间以工业互联网平台为枢纽，ERP下达计划，APS完成排程，MES执行并反馈，WMS与AGV联动完成物料配送。",
    "项目的先进性体现在关键工序的智能化水平和全流程数据贯通程度，多项指标处于行业领先水平。",
    "项目实施后，企业生产效率、产品质量和资源利用水平显著提升，经济效益和社会效益明显。",
    "下一步，公司将继续加大投入，重点推进{kw}等方向的建设，预计新增投资{inv}万元。",
    "公司计划通过行业协会、现场观摩等方式向上下游企业推广成熟经验，带动产业链协同发展。",
    "资金来源以企业自筹为主，同时积极争取银行中长期贷款和各级政府专项资金支持。",
    "预计到2025年，公司营业收入将达到{rev}亿元，年均增长{g}%以上。",
]


def section_texts(rng: random.Random, company: Company, dtype: str, headings: list[str],
                  instances: list[Instance]) -> dict[str, str]:
    """Section headings of the form -> prose for every section that is not the instance section."""
    out: dict[str, str] = {}
    vals = {"products": company.industry.products[0], "kw": rng.choice(["人工智能", "数字孪生", "5G", "绿色低碳"]),
            "inv": rng.randint(500, 20000), "rev": round(company.revenue.get("2022", 10000) / 10000 * 1.5, 1),
            "g": rng.randint(5, 20)}
    for h in headings:
        if "场景实例建设方案" in h:
            continue
        if "相关附件" in h:
            out[h] = rng.choice(["1.营业执照复印件；2.智能制造能力成熟度自评估报告；3.相关证明材料。",
                                 "见附1、附2。", "营业执照、近三年财务审计报告、知识产权证明材料等（另附）。"])
            continue
        picked = [sentence(t.format(**vals)) for t in rng.sample(_SECTION_POOL, rng.randint(3, 6))]
        cut = rng.randint(1, len(picked) - 1)
        out[h] = "".join(picked[:cut]) + "\n" + "".join(picked[cut:])
    return out


__all__ = ["HW_BRANDS", "SOFTWARE", "SW_BRANDS", "instance_items", "make_metrics", "prose", "section_texts"]
