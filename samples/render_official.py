"""The `official` style: a declaration drawn exactly as seed 002 prints 附件3-1 (优秀场景) and 附件3-2 (示范工厂).

Section 一 is one ruled table per block, as printed: header rows over value rows (所属行业 over 行业门类 /
行业大类 / 行业中类 with the values in the row below), cells merged over several rows (所属行业, 联系人,
the supplier block, 整体建设成效 down the metric grid), narrow cells printed one character per line
(企业简介, 项目简述), footnote digits after labels (企业类型1, 所属行业2 …) with their footnotes at the foot
of the page, the hints of the form, and the promise as the last row. Labels come from the `printed`
entries of catalog/data/forms/2023.yaml; the other printed text from samples/assets/official_form.yaml.
docs/form-layouts.md walks through every table.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pymupdf
import yaml

from catalog.reference import Reference
from model.submission import Submission
from samples.flow_layout import Cell
from samples.official_annexes import draw_annex1, draw_annex2, draw_annexes_3_7
from samples.official_table import Block, FormCanvas, Row, draw_form_table, vertical
from samples.render_body import draw_sections
from samples.render_form import _amount, _period, draw_cover, draw_promise, num, ticks
from samples.styles import Style
from samples.wording import ASSETS

L, R = 1.3, 4.2          # label column and the rest, relative widths of a full row
TWO = [L, 1.75, 1.05, 1.4]  # label | value | label | value


@cache
def official_form() -> dict[str, Any]:
    """-> samples/assets/official_form.yaml (footnotes, hints, 附1 示例 row …)."""
    data: dict[str, Any] = yaml.safe_load((ASSETS / "official_form.yaml").read_text(encoding="utf-8"))
    return data


def _c(text: str | None, key: str | None = None, **kw: Any) -> Cell:
    """A value cell."""
    return Cell(text or "", key=key, **kw)


def _lab(text: str) -> Cell:
    """A label cell (centred)."""
    return Cell(text, align="center")


def _basic(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """（一）申报主体基本信息 up to the 近三年 table."""
    f, form, dt = sub.fields, ref.form, sub.declaration_type
    factory = dt == "示范工厂"
    n = 4 if factory else 1  # footnote numbers continue from 附件3-1 on 附件3-2
    ind = f.industry
    group = form.label_groups["industry"]
    members = [form.printed_label(m, dt) for m in group.members]
    items: list[Row | Block] = [
        Row([_lab(form.printed_label("company_name", dt)), _c(f.company_name, "fields.company_name")], [L, R]),
        Row([_lab(form.printed_label("credit_code", dt)), _c(f.credit_code, "fields.credit_code"),
             _lab(form.printed_label("founded", dt)), _c(st.date(f.founded) if f.founded else "", "fields.founded")], TWO),
        Row([_lab(form.printed_label("ownership", dt)), _c(ticks(st, form.choices["ownership"], f.ownership),
                                                           "fields.ownership")], [L, R]),
        Row([_lab(form.printed_label("size", dt)), _c(ticks(st, form.choices["size"], f.size), "fields.size")], [L, R],
            notes=(n,)),
        Block(_lab(group.printed.get(dt or "", group.label)), L / (L + R),
              [Row([_lab(m) for m in members], [1, 1, 1]),
               Row([_c(ind.category, align="center"), _c(ind.major, align="center"),
                    _c(ind.middle, "fields.industry", align="center")], [1, 1, 1])], notes=(n + 1,)),
    ]
    if not factory:
        items.append(Row([_lab(form.printed_label("sector", dt)), _c(ticks(st, form.choices["sector"], f.sector), "fields.sector")], [L, R]))
    region = f"{st.option(f.key_region is True, '是')} {st.option(f.key_region is False, '否')}（系统自动识别）"
    rep, c = f.legal_rep, f.contact
    sub_w = [0.55, 1.55, 0.55, 1.55]
    items += [
        Row([_lab(form.printed_label("factory_address", dt)), _c(f.factory_address, "fields.factory_address")], [L, R]),
        Row([_c(form.printed_label("key_region", dt)), _c(region, align="center")], [L + R - 1.45, 1.45]),
        Row([_lab(form.printed_label("legal_rep", dt)), _lab("姓名"), _c(rep.name, "fields.legal_rep"), _lab("电话"),
             _c(rep.phone)], [L, *sub_w]),
        Block(_lab(form.printed_label("contact", dt)), L / (L + R), [
            Row([_lab("姓名"), _c(c.name, "fields.contact"), _lab("电话"), _c(c.phone, "fields.contact.phone")], sub_w),
            Row([_lab("职务"), _c(c.title), _lab("手机"), _c(c.mobile)], sub_w),
            Row([_lab("传真"), _c(c.fax), _lab("邮箱"), _c(c.email)], sub_w)]),
    ]
    return items + _finance(st, sub, ref)


def _finance(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """近三年发展情况: a header row of years over one row per figure."""
    fin = sub.fields.financials
    years = [str(y) for y in ref.rules.financial_years]
    w = [L, *[R / len(years)] * len(years)]
    form, dt = ref.form, sub.declaration_type
    rows: list[Row | Block] = [Row([_lab(form.printed_label("financials", dt)), *[_lab(f"{y}年") for y in years]], w)]
    for attr in ("total_assets", "debt_ratio", "revenue", "profit_margin"):
        rows.append(Row([_lab(form.printed_label(f"fin.{attr}", dt)), *[_c(st.number(getattr(fin[y], attr) if y in fin else None),
                                           f"fields.financials.{y}.{attr}", align="center") for y in years]], w))
    return rows


def _tail(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """Prior projects and maturity (示范工厂), the accident row and 企业简介."""
    f, form, dt = sub.fields, ref.form, sub.declaration_type
    factory = dt == "示范工厂"
    rows: list[Row | Block] = []
    wide = [2.5, 3.0]
    if factory:
        for path, p in (("prior_national_pilot", f.prior_national_pilot), ("prior_benchmark", f.prior_benchmark),
                        ("prior_provincial_pilot", f.prior_provincial_pilot)):
            yes = bool(p and p.flag)
            text = f"{st.option(yes, '是')}（项目名称：{p.name if p and p.name else '  '}） {st.option(not yes, '否')}"
            rows.append(Row([_lab(form.printed_label(path, dt)), _c(text, f"fields.{path}")], [L, R]))
        level = f"{'一二三四五'[f.maturity_level - 1]}级" if f.maturity_level else None
        rows.append(Row([_lab(form.printed_label("maturity_level", dt)),
                         _c(f"{ticks(st, form.choices['maturity'], level)}\n（插入自评估证明材料）", "fields.maturity_level")],
                        wide))
        rows.append(Row([_lab(form.printed_label("maturity_note", dt)), _c("（见自评估证明材料）")], wide))
    acc = f.accident is True
    text = f"{st.option(acc, '是')}（事故名称：{f.accident_name or '  '}） {st.option(not acc, '否')}"
    rows.append(Row([_lab(form.printed_label("accident", dt)), _c(text, "fields.accident")], wide,
                    notes=(6 if factory else 3,)))
    intro = official_form()["types"][dt]["blocks"]["intro"]
    label = vertical(intro) if factory else f"{intro[:2]}\n{intro[2:]}"
    share = 0.5 if factory else L
    rows.append(Row([_lab(label), _c(f.company_intro, "fields.company_intro", valign="top")], [share, L + R - share]))
    return rows


def _metric_block(st: Style, dt: str, metrics: dict[str, float | None], defs: list, label: str, share: float,
                  other: str | None, notes: tuple[int, ...] = (), texts: tuple[str, ...] = (),
                  prefix: str = "fields.metrics") -> Block:
    """A metric grid (two metrics a row, then （其他成效指标）) right of its merged label."""
    rows: list[Row] = []
    cells: list[Cell] = []
    w = [1.95, 0.75, 1.95, 0.75]
    for m in defs:
        text = m.printed.get(dt) or f"{m.key}{'*' if m.required else ('**' if m.process_only else '')}（{m.unit}）"
        text = text.replace("CO₂", "CO2")  # the Noto fonts print the subscript as a box
        cells += [_c(text), _c(num(metrics.get(m.key)), f"{prefix}.{m.key}", align="center")]
        if len(cells) == 4:
            rows.append(Row(cells, w))
            cells = []
    if cells:
        rows.append(Row([*cells, _c(""), _c("")][:4], w))
    rows.append(Row([_lab("（其他成效指标）"), _c(other)], [w[0], sum(w[1:])]))
    return Block(_lab(label), share, rows, notes=notes, texts=texts, split=True)


def _scene(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """（二）申报优秀场景基本信息 and its 整体建设成效 grid."""
    f, form, dt = sub.fields, ref.form, sub.declaration_type
    first = sub.instances[0] if sub.instances else None
    names = "\n".join(f"{i.index}. {i.name}" for i in sub.instances) if len(sub.instances) > 1 else (first.name if first else "")
    suppliers: list[Row] = []
    for i in f.integrators or []:
        suppliers += [Row([_c(i.name, "fields.integrators")], [1]),
                      Row([_lab("联系人"), _c(i.contact), _lab("联系电话"), _c(i.phone)], [0.75, 1.35, 0.85, 1.25])]
    items: list[Row | Block] = [
        Row([_lab(form.printed_label("scene_link", dt)), _c(first.declared_link if first else "")], [L, R]),
        Row([_lab(form.printed_label("scene_scene", dt)), _c(first.declared_scene if first else "")], [L, R]),
        Row([_lab(form.printed_label("scene_name", dt)), _c(names)], [L, R]),
        Row([_lab(form.printed_label("scene_dates", dt)), _c(_period(st, f.scene_start, f.scene_end), "fields.scene_start"),
             _lab(form.printed_label("scene_investment", dt)), _c(_amount(st, f.scene_investment),
                                                                  "fields.scene_investment")], TWO),
    ]
    if suppliers:
        items.append(Block(_lab(form.printed_label("integrators.name", dt)), L / (L + R), suppliers))
    asset = official_form()["types"][dt]
    items.append(_metric_block(st, dt, f.metrics, form.metrics, vertical(asset["blocks"]["metrics"]), 0.45 / (L + R),
                               f.other_metrics, texts=tuple(asset["notes"])))
    return items


def _task(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """（二）示范工厂揭榜任务基本信息 and its 工厂整体建设成效 grid."""
    f, form, dt = sub.fields, ref.form, sub.declaration_type
    integs = f.integrators or []
    who = "；".join(" ".join(x for x in (i.contact, i.phone) if x) for i in integs)
    asset = official_form()["types"][dt]
    share = 0.5
    return [
        Row([_lab(form.printed_label("task_name", dt)), _c(f.task_name, "fields.task_name")], [L, R], notes=(7,)),
        Row([_lab("揭榜行业"), _c(ticks(st, form.choices["sector"], f.sector), "fields.sector")], [L, R]),
        Row([_lab(form.printed_label("task_subsector", dt)), _c(f.task_subsector)], [L, R], notes=(8,)),
        Row([_lab(form.printed_label("task_address", dt)), _c(f.task_address)], [L, R]),
        Row([_lab(form.printed_label("integrators.name", dt)), _c("；".join(i.name for i in integs), "fields.integrators")],
            [L, R], notes=(9,)),
        Row([_lab(form.printed_label("integrators.contact", dt)), _c(who)], [L, R]),
        Row([_lab(form.printed_label("task_dates", dt)), _c(_period(st, f.task_start, f.task_end), "fields.task_start"),
             _lab(form.printed_label("task_investment", dt)), _c(_amount(st, f.task_investment),
                                                                 "fields.task_investment")], TWO),
        Row([_lab(vertical(asset["blocks"]["summary"])), _c(f.project_summary, "fields.project_summary", valign="top")],
            [share, L + R - share]),
        _metric_block(st, dt, f.metrics, form.metrics, vertical(asset["blocks"]["metrics"]), share / (L + R),
                      f.other_metrics, notes=(10, 11)),
    ]


def _supply(st: Style, sub: Submission, ref: Reference) -> list[Row | Block]:
    """（三）智慧供应链建设基本信息: printed in full, empty when the declaration does not include it."""
    f, form, dt = sub.fields, ref.form, sub.declaration_type
    yes = bool(f.smart_supply_chain)
    sc = f.supply_chain if yes else None
    prov = "；".join(" ".join(x for x in (p.name, p.contact, p.phone) if x) for p in sc.providers) if sc else ""
    asset = official_form()["types"][dt]
    return [
        Row([_c(f"是否申报智慧供应链相关内容（{st.option(yes, '是')} {st.option(not yes, '否')}），不申报无需填报",
                "fields.smart_supply_chain")], [1]),
        Row([_lab(form.printed_label("supply_chain.main_products", dt)), _c(sc.main_products if sc else "")], [L, R]),
        Row([_lab(form.printed_label("supply_chain.partners", dt)), _c(sc.partners if sc else "")], [L, R]),
        Row([_lab(form.printed_label("supply_chain.partner_roles", dt)), _c(sc.partner_roles if sc else "")], [L, R]),
        Row([_lab(form.printed_label("supply_chain.providers", dt)), _c(prov)], [L, R], notes=(12,)),
        _metric_block(st, dt, sc.metrics if sc else {}, form.supply_chain_metrics, asset["blocks"]["supply_metrics"],
                      L / (L + R), sc.other_metrics if sc else None, prefix="fields.supply_chain.metrics"),
    ]


def _heading(cv: FormCanvas, st: Style, text: str, level: int) -> None:
    """A section heading of the form (kept with the start of its table)."""
    if level == 2 and cv.y > cv.margins[1] + st.head_size * 3:
        cv.y += 8  # space between a table and the next block's heading
    cv.ensure(st.body_size * (9 if level == 2 else 4))
    size = st.head_size if level == 1 else st.body_size
    cv.paragraph(text, size, st.head_font, bold=True, after=6 if level == 1 else 4)


def draw_section_one(cv: FormCanvas, st: Style, sub: Submission, ref: Reference) -> None:
    """Section 一 of either type, as the official form prints it (the promise follows)."""
    factory = sub.declaration_type == "示范工厂"
    ts = st.table_size
    cv.new_page()
    _heading(cv, st, f"一、申报主体和{'示范工厂' if factory else '优秀场景'}基本信息", 1)
    _heading(cv, st, "（一）申报主体基本信息", 2)
    draw_form_table(cv, [*_basic(st, sub, ref), *_tail(st, sub, ref)], ts, st.table_font)
    if factory:
        _heading(cv, st, "（二）示范工厂揭榜任务基本信息", 2)
        draw_form_table(cv, _task(st, sub, ref), ts, st.table_font)
        _heading(cv, st, "（三）智慧供应链建设基本信息", 2)
        draw_form_table(cv, _supply(st, sub, ref), ts, st.table_font)
    else:
        _heading(cv, st, "（二）申报优秀场景基本信息", 2)
        draw_form_table(cv, _scene(st, sub, ref), ts, st.table_font)


def render_official(sub: Submission, ref: Reference, st: Style, rng: random.Random
                    ) -> tuple[pymupdf.Document, dict[str, int], dict[str, tuple[int, list[float]]], int]:
    """Submission in the official style -> (document, placed pages, seal anchors, promise page)."""
    asset = official_form()["types"][sub.declaration_type]
    doc = pymupdf.open()
    cv = FormCanvas(doc, st.margins, st.body_font, st.line_factor, st.border, mark_font=st.has("tick_font"),
                    footnotes={int(k): v for k, v in asset["footnotes"].items()})
    cover = draw_cover(cv, st, sub, ref, rng)
    cv.text(cv.margins[0] - 20, cv.margins[1] - 20, asset["marker"], st.head_font, st.body_size + 2)
    draw_section_one(cv, st, sub, ref)
    promise = draw_promise(cv, st, sub, rng, own_page=False, gap=0)
    promise_page = cv.pno
    draw_sections(cv, st, sub, ref, rng, hints=asset["hints"])
    cv.draw_notes()
    draw_annex1(cv, st, sub, official_form()["example"])
    draw_annex2(cv, st, sub, asset["annex2"], official_form()["annex2_hints"])
    if sub.declaration_type == "示范工厂":
        draw_annexes_3_7(cv, st, sub, ref, official_form()["annex_columns"])
    cv.draw_notes()
    cv.flush_marks()
    cv.footer(st.footer, st.body_font, st.body_size - 1.5, st.footer_skips_cover)
    cv.flush()
    anchors = {role: (1, list(r)) for role, r in cover.items()}
    anchors.update({role: (promise_page, list(r)) for role, r in promise.items()})
    return doc, dict(cv.placed), anchors, promise_page
