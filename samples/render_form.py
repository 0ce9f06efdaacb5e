"""Draw the cover, section 一 (basic-information tables) and the promise block of a declaration.

Returns where the seal lines are, so seals can be stamped over them and recorded in the truth.
"""

from __future__ import annotations

import random

import pymupdf

from catalog.reference import Reference
from model.submission import Submission
from samples.flow_layout import Canvas, Cell
from samples.styles import Style


def num(value: float | None) -> str:
    """A metric value -> as printed ("" when empty, no trailing .0)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def ticks(style: Style, options: list[str], chosen: str | None) -> str:
    """Choice list and chosen value -> a checkbox row such as "□中央企业 ■民营企业"."""
    return " ".join(style.option(o == chosen, o) for o in options)


def draw_cover(cv: Canvas, st: Style, sub: Submission, ref: Reference, rng: random.Random) -> dict[str, pymupdf.Rect]:
    """Cover page -> rects of the 申报单位 and 推荐单位 lines (seal anchors)."""
    f = sub.fields
    page = cv.new_page(landscape=False)
    cv.y = 150 + rng.uniform(-20, 30)
    cv.paragraph("智能制造试点示范项目申报书", st.title_size, st.head_font, align="center", bold=True, after=14, lf=1.3)
    cv.paragraph(f"（{sub.declaration_type}）", st.title_size * 0.8, st.head_font, align="center", after=0, lf=1.3)
    cv.y = 430 + rng.uniform(-25, 25)
    size = st.body_size + 3
    x0 = 110 if st.id != "office" else 96
    anchors: dict[str, pymupdf.Rect] = {}
    rows = [("项目名称：", f.project_name or "", None), ("申报单位：", f.applicant or "", "applicant"),
            ("推荐单位：", f.recommender or "", "recommender"), ("申报日期：", st.date(f.declared_on or "2023-08-01"), None)]
    label_w = size * 5.2
    for label, value, role in rows:
        cv.text(x0, cv.y + size, label, st.head_font, size, bold=True)
        from samples.flow_layout import wrap
        width = page.rect.width - x0 - label_w - 80
        inline = role is not None and st.id == "office"  # Word copies print "（盖章）" right after the name
        lines = wrap(value, width - (size * 4 if inline else 0), st.body_font, size)
        top = cv.y
        for line in lines:
            r = cv.text(x0 + label_w, cv.y + size, line, st.body_font, size)
            if st.id != "office":
                page.draw_line((x0 + label_w, cv.y + size * 1.35), (x0 + label_w + width, cv.y + size * 1.35), width=0.5)
            cv.y += size * 1.9
        if role:
            if inline:
                cv.text(r.x1 + 2, cv.y - size * 0.9, "（盖章）", st.body_font, size * 0.85)
            else:
                cv.text(x0 + label_w + width * 0.62, cv.y + size * 0.6, "（盖章）", st.body_font, size * 0.85)
            anchors[role] = pymupdf.Rect(x0 + label_w, top, x0 + label_w + width, cv.y + size * 0.9)
            cv.y += size * (2.6 if role == "applicant" else 1.2)
        cv.y += size * 0.8
    cv.placed.update({"fields.project_name": 1, "fields.applicant": 1, "fields.recommender": 1, "fields.declared_on": 1})
    return anchors


def _base_rows(st: Style, sub: Submission, ref: Reference) -> list[list[Cell]]:
    """-> rows of （一）申报主体基本信息 up to the contact block."""
    f, ch = sub.fields, ref.form.choices
    rows = [
        [Cell("企业名称", align="center"), Cell(f.company_name or "", span=3, key="fields.company_name")],
        [Cell("统一社会信用代码", align="center"), Cell(f.credit_code or "", key="fields.credit_code"),
         Cell("成立时间", align="center"), Cell(st.date(f.founded) if f.founded else "", key="fields.founded")],
        [Cell("企业性质", align="center"), Cell(ticks(st, ch["ownership"], f.ownership), span=3, key="fields.ownership")],
        [Cell("企业类型", align="center"), Cell(ticks(st, ch["size"], f.size), span=3, key="fields.size")],
        *_industry_rows(st, sub),
    ]
    if sub.declaration_type == "优秀场景":
        rows.append([Cell("所属四大行业", align="center"), Cell(ticks(st, ch["sector"], f.sector), span=3, key="fields.sector")])
    rows += [
        [Cell("工厂地址", align="center"), Cell(f.factory_address or "", span=3, key="fields.factory_address")],
        [Cell("工厂是否位于2022年度入选或评定的工业稳增长和转型升级成效明显市（州）、国家新型工业化产业示范基地、"
              "先进制造业集群决赛优胜者名单等重点区域", span=3),
         Cell(f"{st.option(f.key_region is True, '是')} {st.option(f.key_region is False, '否')}", align="center")],
        *_people_rows(st, sub),
    ]
    return rows


def _industry_rows(st: Style, sub: Submission) -> list[list[Cell]]:
    """-> the 行业门类/大类/中类 rows: label cells, or the form's 所属行业 row with "行业门类：制造业" cells."""
    ind = sub.fields.industry
    if st.has("inline_labels"):
        return [[Cell("所属行业", align="center"), Cell(f"行业门类：{ind.category or ''}"),
                 Cell(f"行业大类：{ind.major or ''}"), Cell(f"行业中类：{ind.middle or ''}", key="fields.industry")]]
    return [[Cell("行业门类", align="center"), Cell(ind.category or ""), Cell("行业大类", align="center"), Cell(ind.major or "")],
            [Cell("行业中类", align="center"), Cell(ind.middle or "", span=3, key="fields.industry")]]


def _people_rows(st: Style, sub: Submission) -> list[list[Cell]]:
    """-> 法人代表 and 联系人 rows: label | value cells, or "姓名：张三" / "电话：…" in one cell each."""
    f = sub.fields
    rep, c = f.legal_rep, f.contact
    if st.has("inline_labels"):
        return [
            [Cell("法人代表/负责人", align="center"), Cell(f"姓名：{rep.name or ''}", key="fields.legal_rep"),
             Cell(f"电话：{rep.phone or ''}", span=2)],
            [Cell("联系人", align="center"), Cell(f"姓名：{c.name or ''}", key="fields.contact"),
             Cell(f"职务：{c.title or ''}", span=2)],
            [Cell("联系方式", align="center"), Cell(f"电话：{c.phone or ''}", key="fields.contact.phone"),
             Cell(f"手机：{c.mobile or ''}", span=2)],
            [Cell("", align="center"), Cell(f"传真：{c.fax or ''}"), Cell(f"邮箱：{c.email or ''}", span=2)],
        ]
    return [
        [Cell("法人代表/负责人", align="center"), Cell(f"姓名：{rep.name or ''}", key="fields.legal_rep"),
         Cell("电话", align="center"), Cell(rep.phone or "")],
        [Cell("联系人姓名", align="center"), Cell(c.name or "", key="fields.contact"), Cell("电话", align="center"),
         Cell(c.phone or "", key="fields.contact.phone")],
        [Cell("职务", align="center"), Cell(c.title or ""), Cell("手机", align="center"), Cell(c.mobile or "")],
        [Cell("传真", align="center"), Cell(c.fax or ""), Cell("邮箱", align="center"), Cell(c.email or "")],
    ]


def _finance_rows(st: Style, sub: Submission, years: list[str]) -> list[list[Cell]]:
    """-> the 近三年发展情况 table."""
    fin = sub.fields.financials
    head = [Cell("近三年发展情况", align="center", bold=True), *[Cell(f"{y}年", align="center", bold=True) for y in years]]
    rows = [head]
    for label, attr in (("资产总额（万元）", "total_assets"), ("资产负债率（%）", "debt_ratio"),
                        ("主营业务收入（万元）", "revenue"), ("利润率（%）", "profit_margin")):
        rows.append([Cell(label, align="center"),
                     *[Cell(st.number(getattr(fin[y], attr) if y in fin else None), align="center",
                            key=f"fields.financials.{y}.{attr}") for y in years]])
    return rows


def _metric_rows(st: Style, metrics: dict[str, float | None], defs: list, sector_note: str) -> list[list[Cell]]:
    """Metric definitions and values -> grid rows with two metrics per row."""
    rows = []
    cells: list[Cell] = []
    for m in defs:
        mark = "*" if m.required else ("**" if m.process_only else "")
        key = m.key.replace("CO₂", "CO2") if st.body_font != "droid" else m.key
        label = f"{key}{mark}（{m.unit}）"
        cells += [Cell(label), Cell(num(metrics.get(m.key)), align="center", key=f"fields.metrics.{m.key}")]
        if len(cells) == 4:
            rows.append(cells)
            cells = []
    if cells:
        rows.append([*cells, Cell(""), Cell("")][:4])
    return rows


def draw_section_one(cv: Canvas, st: Style, sub: Submission, ref: Reference, rng: random.Random) -> None:
    """Section 一 of either type: basic information, finance, type-specific blocks and metrics."""
    factory = sub.declaration_type == "示范工厂"
    cv.new_page()
    cv.paragraph(f"一、申报主体和{'示范工厂' if factory else '优秀场景'}基本信息", st.head_size, st.head_font, bold=True, after=6)
    cv.paragraph("（一）申报主体基本信息", st.body_size, st.head_font, bold=True, after=4)
    lw = list(st.label_widths)
    ts = st.table_size
    cv.table(_base_rows(st, sub, ref), lw, ts, st.table_font)
    years = [str(y) for y in ref.rules.financial_years]
    cv.table(_finance_rows(st, sub, years), [1.6, 1.4, 1.4, 1.4], ts, st.table_font)
    cv.table(_tail_rows(st, sub, ref), lw, ts, st.table_font)
    cv.y += 6
    if factory:
        _factory_task(cv, st, sub, ref)
    else:
        _scene_block(cv, st, sub, ref)
    cv.paragraph("* 必填项，结合申报主体具体情况认真填写。** 仅流程行业填写。" if not factory else
                 "注：*为必填项；先进过程控制投用率仅原材料行业填写。", ts * 0.85, st.body_font, after=4)
    if factory:
        _supply_chain(cv, st, sub, ref)


def _tail_rows(st: Style, sub: Submission, ref: Reference) -> list[list[Cell]]:
    """-> prior-project rows (示范工厂), maturity, accident and 企业简介."""
    f = sub.fields
    factory = sub.declaration_type == "示范工厂"
    tail: list[list[Cell]] = []
    if factory:
        for label, p, path in (("是否为国家智能制造试点示范项目", f.prior_national_pilot, "fields.prior_national_pilot"),
                               ("是否为国家智能制造标杆企业", f.prior_benchmark, "fields.prior_benchmark"),
                               ("是否为省级智能制造试点示范项目", f.prior_provincial_pilot, "fields.prior_provincial_pilot")):
            yes = bool(p and p.flag)
            tail.append([Cell(label, align="center"),
                         Cell(f"{st.option(yes, '是')}（项目名称：{p.name if p and p.name else '  '}） {st.option(not yes, '否')}", span=3,
                              key=path)])
        level = f"{'一二三四五'[f.maturity_level - 1]}级" if f.maturity_level else None
        tail.append([Cell("智能制造能力成熟度评估结果或其他能力证明材料", align="center"),
                     Cell(ticks(st, ref.form.choices["maturity"], level), span=3, key="fields.maturity_level")])
        tail.append([Cell("其他能力证明材料说明", align="center"), Cell("（见自评估证明材料）", span=3)])
    acc = f.accident is True
    tail.append([Cell("企业近三年是否发生过重大安全生产事故、重大环境事故", align="center"),
                 Cell(f"{st.option(acc, '是')}（事故名称：{f.accident_name or '  '}） {st.option(not acc, '否')}", span=3,
                      key="fields.accident")])
    tail.append([Cell("企业简介", align="center"), Cell(f.company_intro or "", span=3, valign="top", key="fields.company_intro")])
    return tail


def _integrator_rows(st: Style, sub: Submission, label: str) -> list[list[Cell]]:
    """-> one row per 系统解决方案供应商 (name | 联系人及电话), or the form's own rows (form_integrators)."""
    integs = sub.fields.integrators or []
    if st.has("form_integrators") and integs:
        if sub.declaration_type == "优秀场景":  # 名称 | 联系人 | 姓名 | 联系电话 | 号码, one row per supplier
            return [[Cell(label if n == 0 else "", align="center"), Cell(i.name, key="fields.integrators"),
                     Cell("联系人", align="center"), Cell(i.contact or ""), Cell("联系电话", align="center"),
                     Cell(i.phone or "")] for n, i in enumerate(integs)]
        who = "；".join(" ".join(x for x in (i.contact, i.phone) if x) for i in integs)
        return [[Cell(label, align="center"), Cell("；".join(i.name for i in integs), span=3, key="fields.integrators")],
                [Cell("系统解决方案供应商联系人及联系方式", align="center"), Cell(who, span=3)]]
    rows = []
    for n, integ in enumerate(integs):
        who = " ".join(x for x in (integ.contact, integ.phone) if x)
        rows.append([Cell(label if n == 0 else "", align="center"), Cell(integ.name, key="fields.integrators"),
                     Cell("联系人及电话" if n == 0 else "", align="center"), Cell(who)])
    return rows


def _scene_block(cv: Canvas, st: Style, sub: Submission, ref: Reference) -> None:
    """（二）申报优秀场景基本信息 with the metric grid."""
    cv.ensure(st.body_size * 9)  # keep the heading with its table
    cv.paragraph("（二）申报优秀场景基本信息", st.body_size, st.head_font, bold=True, after=4)
    cv.table(_scene_rows(st, sub, ref), list(st.label_widths), st.table_size, st.table_font)


def _scene_rows(st: Style, sub: Submission, ref: Reference) -> list[list[Cell]]:
    """-> rows of （二）申报优秀场景基本信息 with the metric grid."""
    f = sub.fields
    first = sub.instances[0] if sub.instances else None
    names = "\n".join(f"{i.index}. {i.name}" for i in sub.instances) if len(sub.instances) > 1 else (first.name if first else "")
    rows = [
        [Cell("环节名称", align="center"), Cell(first.declared_link or "" if first else "", span=3)],
        [Cell("场景名称", align="center"), Cell(first.declared_scene or "" if first else "", span=3)],
        [Cell("场景实例名称", align="center"), Cell(names or "", span=3)],
        [Cell("场景实例建设起止日期", align="center"),
         Cell(_period(st, f.scene_start, f.scene_end), key="fields.scene_start"),
         Cell("场景实例建设投资（万元）", align="center"), Cell(_amount(st, f.scene_investment), key="fields.scene_investment")],
        *_integrator_rows(st, sub, "场景实例建设系统解决方案供应商名称"),
        [Cell("整体建设成效", span=4, align="center", bold=True)],
    ]
    rows += _metric_rows(st, f.metrics, ref.form.metrics, "")
    rows.append([Cell("（其他成效指标）", align="center"), Cell(f.other_metrics or "", span=3)])
    return rows


def _period(st: Style, start: str | None, end: str | None) -> str:
    """Start and end dates -> "2022年3月至2023年6月" as the form prints a 起止日期 cell."""
    return f"{st.date(start) if start else ''}至{st.date(end) if end else ''}"


def _amount(st: Style, value: float | None) -> str:
    """An investment in 万元 -> printed without decimals when whole, else with two."""
    return st.number(value, 0 if (value or 0).is_integer() else 2)


def _factory_task(cv: Canvas, st: Style, sub: Submission, ref: Reference) -> None:
    """（二）示范工厂揭榜任务基本信息 with the metric grid."""
    cv.ensure(st.body_size * 9)  # keep the heading with its table
    cv.paragraph("（二）示范工厂揭榜任务基本信息", st.body_size, st.head_font, bold=True, after=4)
    cv.table(_factory_task_rows(st, sub, ref), list(st.label_widths), st.table_size, st.table_font)


def _factory_task_rows(st: Style, sub: Submission, ref: Reference) -> list[list[Cell]]:
    """-> rows of （二）示范工厂揭榜任务基本信息 with the metric grid."""
    f = sub.fields
    rows = [
        [Cell("揭榜任务具体名称", align="center"), Cell(f.task_name or "", span=3, key="fields.task_name")],
        [Cell("揭榜行业", align="center"), Cell(ticks(st, ref.form.choices["sector"], f.sector), span=3, key="fields.sector")],
        [Cell("揭榜任务细分行业", align="center"), Cell(f.task_subsector or "", span=3)],
        [Cell("揭榜任务建设地址", align="center"), Cell(f.task_address or "", span=3)],
        *_integrator_rows(st, sub, "揭榜任务系统解决方案供应商名称"),
        [Cell("起止日期", align="center"),
         Cell(_period(st, f.task_start, f.task_end), key="fields.task_start"),
         Cell("揭榜任务总投资（万元）", align="center"), Cell(_amount(st, f.task_investment), key="fields.task_investment")],
        [Cell("项目简述", align="center"), Cell(f.project_summary or "", span=3, valign="top", key="fields.project_summary")],
        [Cell("工厂整体建设成效", span=4, align="center", bold=True)],
    ]
    rows += _metric_rows(st, f.metrics, ref.form.metrics, "")
    rows.append([Cell("（其他成效指标）", align="center"), Cell(f.other_metrics or "", span=3)])
    return rows


def _supply_chain(cv: Canvas, st: Style, sub: Submission, ref: Reference) -> None:
    """（三）智慧供应链建设基本信息."""
    cv.ensure(st.body_size * 9)  # keep the heading with its table
    cv.paragraph("（三）智慧供应链建设基本信息", st.body_size, st.head_font, bold=True, after=4)
    cv.table(_supply_rows(st, sub, ref), list(st.label_widths), st.table_size, st.table_font)


def _supply_rows(st: Style, sub: Submission, ref: Reference) -> list[list[Cell]]:
    """-> rows of （三）智慧供应链建设基本信息."""
    f = sub.fields
    sc = f.supply_chain
    yes = bool(f.smart_supply_chain)
    rows = [[Cell(f"是否申报智慧供应链相关内容（{st.option(yes, '是')} {st.option(not yes, '否')}），不申报无需填报", span=4,
                  key="fields.smart_supply_chain")]]
    if yes and sc:
        prov = "；".join(" ".join(x for x in (p.name, p.contact, p.phone) if x) for p in sc.providers)
        rows += [[Cell("揭榜任务生产的主要产品", align="center"), Cell(sc.main_products or "", span=3)],
                 [Cell("智慧供应链上下游关键企业", align="center"), Cell(sc.partners or "", span=3)],
                 [Cell("智慧供应链上下游关键企业分工及产品", align="center"), Cell(sc.partner_roles or "", span=3)],
                 [Cell("智慧供应链解决方案供应商与联系方式", align="center"), Cell(prov, span=3)],
                 [Cell("供应链建设成效", span=4, align="center", bold=True)]]
        rows += _metric_rows(st, sc.metrics, ref.form.supply_chain_metrics, "")
        rows.append([Cell("（其他成效指标）", align="center"), Cell(sc.other_metrics or "", span=3)])
    return rows


def draw_promise(cv: Canvas, st: Style, sub: Submission, rng: random.Random, own_page: bool,
                 gap: float = 6) -> dict[str, pymupdf.Rect]:
    """真实性承诺 block (`gap` below the cursor) -> rects of the 法定代表人签章 and 公 章 lines (seal anchors)."""
    if own_page:
        cv.new_page()
    height = 280
    cv.ensure(height + 10)
    assert cv.page is not None
    x0, x1 = cv.margins[0], cv.margins[0] + cv.width
    y0 = cv.y + gap
    split = x0 + cv.width * 0.18
    cv.page.draw_rect(pymupdf.Rect(x0, y0, x1, y0 + height), color=(0, 0, 0), width=st.border)
    cv.page.draw_line((split, y0), (split, y0 + height), width=st.border)
    s = st.body_size
    cv.text(x0 + (split - x0 - 3 * s) / 2, y0 + height / 2 - s * 0.4, "真实性", st.head_font, s, bold=True)
    cv.text(x0 + (split - x0 - 2 * s) / 2, y0 + height / 2 + s * 1.2, "承诺", st.head_font, s, bold=True)
    from samples.flow_layout import wrap
    y = y0 + 28
    for line in wrap("我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。", x1 - split - 30, st.body_font, s):
        cv.text(split + 12 + (2 * s if y == y0 + 28 else 0), y, line, st.body_font, s)
        y += s * 1.8
    lx = split + (x1 - split) * 0.38
    anchors = {}
    y = y0 + height * 0.48
    r = cv.text(lx, y, "法定代表人签章：", st.body_font, s)
    anchors["legal_rep"] = pymupdf.Rect(r.x0, r.y0, r.x1 + 70, r.y1)
    y += s * 4.2
    r = cv.text(lx, y, "公 章：", st.body_font, s)
    anchors["company"] = pymupdf.Rect(r.x0, r.y0, r.x1 + 90, r.y1 + s * 2.5)
    y += s * 3.6
    when = st.date(sub.fields.declared_on) if sub.fields.declared_on and rng.random() < 0.6 else "年    月    日"
    cv.text(x1 - 30 - s * 9, y, when, st.body_font, s)
    cv.y = y0 + height + 10
    return anchors
