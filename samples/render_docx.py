"""A third tool chain for the generator: a Word-style DOCX (python-docx) turned into PDF by LibreOffice.

Used by `evals/crosschain.py` to check the extractors on PDFs they were not developed against (different
fonts, table engine, line breaking and page breaks). Needs `soffice` on the PATH (Debian:
libreoffice-writer-nogui); nothing in the product or the tests requires it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from catalog.reference import Reference
from model import Submission

FONT = "WenQuanYi Zen Hei"


def soffice() -> str | None:
    """-> path of LibreOffice's soffice, or None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _tick(on: bool) -> str:
    return "☑" if on else "□"


def _ticks(options: list[str], chosen: str | None) -> str:
    return "  ".join(f"{_tick(o == chosen)}{o}" for o in options)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}".rstrip("0").rstrip(".")


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    parts = iso.split("-")
    return f"{parts[0]}年{int(parts[1])}月" + (f"{int(parts[2])}日" if len(parts) > 2 else "")


def _style(doc: Document) -> None:
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(10.5)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _table(doc: Document, rows: list[list[str]], widths: list[float] | None = None) -> None:
    """Rows of cell texts -> a bordered table; a row shorter than the widest is merged to the right."""
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        for c, text in enumerate(row):
            cell = cells[c]
            if c == len(row) - 1 and len(row) < ncols:
                cell = cell.merge(cells[ncols - 1])
            cell.text = text
    if widths:
        for row in table.rows:
            for c, w in enumerate(widths[:ncols]):
                row.cells[c].width = Cm(w)
    doc.add_paragraph()


def _cover(doc: Document, sub: Submission) -> None:
    f = sub.fields
    for _ in range(4):
        doc.add_paragraph()
    for text, size in (("智能制造试点示范项目申报书", 22), (f"（{sub.declaration_type}）", 16)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).font.size = Pt(size)
    for _ in range(5):
        doc.add_paragraph()
    for label, value in (("项目名称：", f.project_name), ("申报单位：", f"{f.applicant or ''}（盖章）"),
                         ("推荐单位：", f"{f.recommender or ''}（盖章）"), ("申报日期：", _date(f.declared_on))):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(2)
        p.add_run(label + (value or "")).font.size = Pt(14)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _basic(doc: Document, sub: Submission, ref: Reference) -> None:
    f, ch = sub.fields, ref.form.choices
    factory = sub.declaration_type == "示范工厂"
    doc.add_paragraph(f"一、申报主体和{'示范工厂' if factory else '优秀场景'}基本信息")
    doc.add_paragraph("（一）申报主体基本信息")
    years = [str(y) for y in ref.rules.financial_years]
    fin = f.financials
    rows = [
        ["企业名称", f.company_name or ""],
        ["统一社会信用代码", f.credit_code or "", "成立时间", _date(f.founded)],
        ["企业性质", _ticks(ch["ownership"], f.ownership)],
        ["企业类型", _ticks(ch["size"], f.size)],
        ["所属行业", f"行业门类：{f.industry.category or ''}", f"行业大类：{f.industry.major or ''}",
         f"行业中类：{f.industry.middle or ''}"],
    ]
    if not factory:
        rows.append(["所属四大行业", _ticks(ch["sector"], f.sector)])
    rows += [
        ["工厂地址", f.factory_address or ""],
        ["工厂是否位于重点区域", f"{_tick(f.key_region is True)}是 {_tick(f.key_region is False)}否"],
        ["法人代表/负责人", "姓名", f.legal_rep.name or "", "电话", f.legal_rep.phone or ""],
        ["联系人", "姓名", f.contact.name or "", "电话", f.contact.phone or ""],
        ["", "职务", f.contact.title or "", "手机", f.contact.mobile or ""],
        ["", "传真", f.contact.fax or "", "邮箱", f.contact.email or ""],
        ["近三年发展情况", *[f"{y}年" for y in years]],
    ]
    for label, attr in (("资产总额（万元）", "total_assets"), ("资产负债率（%）", "debt_ratio"),
                        ("主营业务收入（万元）", "revenue"), ("利润率（%）", "profit_margin")):
        rows.append([label, *[_num(getattr(fin[y], attr)) if y in fin else "" for y in years]])
    if factory:
        for label, prior in (("是否为国家智能制造试点示范项目", f.prior_national_pilot),
                             ("是否为国家智能制造标杆企业", f.prior_benchmark),
                             ("是否为省级智能制造试点示范项目", f.prior_provincial_pilot)):
            on = bool(prior and prior.flag)
            name = prior.name if prior and prior.name else ""
            rows.append([label, f"{_tick(on)}是（项目名称：{name}） {_tick(not on)}否"])
        rows.append(["智能制造能力成熟度评估结果",
                     _ticks(ch["maturity"], ch["maturity"][f.maturity_level - 1] if f.maturity_level else None)])
    accident = f"{_tick(f.accident is True)}是（事故名称：{f.accident_name or ''}） {_tick(f.accident is False)}否"
    rows += [["企业近三年是否发生过重大安全生产事故、重大环境事故", accident], ["企业简介", f.company_intro or ""]]
    _table(doc, rows)
    if factory:
        doc.add_paragraph("（二）示范工厂揭榜任务基本信息")
        integ = "；".join(i.name for i in f.integrators)
        contacts = "；".join(f"{i.contact} {i.phone or ''}".strip() for i in f.integrators if i.contact)
        _table(doc, [["揭榜任务具体名称", f.task_name or ""], ["揭榜行业", _ticks(ch["sector"], f.sector)],
                     ["揭榜任务细分行业", f.task_subsector or ""], ["揭榜任务建设地址", f.task_address or ""],
                     ["揭榜任务系统解决方案供应商名称", integ], ["系统解决方案供应商联系人及联系方式", contacts],
                     ["起止日期", f"{_date(f.task_start)}至{_date(f.task_end)}"],
                     ["揭榜任务总投资（万元）", _num(f.task_investment)], ["项目简述", f.project_summary or ""]])
    else:
        doc.add_paragraph("（二）申报优秀场景基本信息")
        first = sub.instances[0] if sub.instances else None
        _table(doc, [["环节名称", first.declared_link if first else ""],
                     ["场景名称", first.declared_scene if first else ""],
                     ["场景实例名称", first.name if first else ""],
                     ["场景实例建设起止日期", f"{_date(f.scene_start)}至{_date(f.scene_end)}"],
                     ["场景实例建设投资（万元）", _num(f.scene_investment)],
                     *[["场景实例建设系统解决方案供应商名称", i.name, "联系人", i.contact or "", "联系电话", i.phone or ""]
                       for i in f.integrators]])
    metrics = [m for m in ref.form.metrics]
    grid = []
    for i in range(0, len(metrics), 2):
        row = []
        for m in metrics[i:i + 2]:
            mark = "*" if m.required else ("**" if m.process_only else "")
            row += [f"{m.key}{mark}（{m.unit}）", _num(f.metrics.get(m.key))]
        grid.append(row)
    grid.append(["（其他成效指标）", f.other_metrics or ""])
    doc.add_paragraph("整体建设成效")
    _table(doc, grid)
    if factory:
        _supply_chain(doc, sub, ref)
    doc.add_paragraph("真实性承诺：我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。")
    doc.add_paragraph("法定代表人签章：")
    doc.add_paragraph("公 章：")
    doc.add_paragraph("年    月    日").add_run().add_break(WD_BREAK.PAGE)


def _supply_chain(doc: Document, sub: Submission, ref: Reference) -> None:
    f = sub.fields
    doc.add_paragraph("（三）智慧供应链建设基本信息")
    on = bool(f.smart_supply_chain)
    doc.add_paragraph(f"是否申报智慧供应链相关内容（{_tick(on)}是 {_tick(not on)}否），不申报无需填报")
    sc = f.supply_chain
    if not on or sc is None:
        return
    providers = "；".join(f"{p.name}（{p.contact or ''} {p.phone or ''}）".replace("（ ）", "") for p in sc.providers)
    rows = [["揭榜任务生产的主要产品", sc.main_products or ""], ["智慧供应链上下游关键企业", sc.partners or ""],
            ["智慧供应链上下游关键企业分工及产品", sc.partner_roles or ""],
            ["智慧供应链解决方案供应商与联系方式", providers]]
    defs = ref.form.supply_chain_metrics
    for i in range(0, len(defs), 2):
        row = []
        for m in defs[i:i + 2]:
            row += [f"{m.key}（{m.unit}）", _num(sc.metrics.get(m.key))]
        rows.append(row)
    rows.append(["（其他成效指标）", sc.other_metrics or ""])
    _table(doc, rows)


def _narrative(doc: Document, sub: Submission) -> None:
    factory = sub.declaration_type == "示范工厂"
    sections = dict(sub.fields.sections)
    before = [k for k in sections if k.startswith("二、")] if factory else []
    for key in before:
        doc.add_paragraph(key)
        for para in sections.pop(key).split("\n"):
            doc.add_paragraph(para)
    doc.add_paragraph("三、场景实例建设方案及情况" if factory else "二、场景实例建设方案及情况")
    for n, inst in enumerate(sub.instances, start=1):
        doc.add_paragraph(f"（{'一二三四五六七八九十'[n - 1] if n <= 10 else n}）场景实例{n}：{inst.name or ''}")
        for para in (inst.narrative or "").split("\n"):
            doc.add_paragraph(para)
    for key, text in sections.items():
        doc.add_paragraph(key)
        for para in text.split("\n"):
            doc.add_paragraph(para)


def _annex2(doc: Document, sub: Submission) -> None:
    doc.add_paragraph("附2")
    doc.add_paragraph("场景实例采用的关键装备、软件、工艺、技术情况")
    for inst in sub.instances:
        rows = [["场景实例名称（与上面表格对应）", inst.name or ""],
                ["关键装备种类", "名称", "规格/型号", "供应商", "备注"]]
        rows += [[e.category or "", e.name, e.model or "", e.supplier or "", e.description or ""] for e in inst.equipment]
        rows += [["关键软件种类", "名称", "规格/型号", "供应商", ""]]
        rows += [[e.category or "", e.name, e.model or "", e.supplier or "", ""] for e in inst.software]
        rows += [["工艺名称", "应用描述"]] + [[e.name, e.description or ""] for e in inst.processes]
        rows += [["技术名称", "应用描述"]] + [[e.name, e.description or ""] for e in inst.technologies]
        _table(doc, rows)


def _annexes(doc: Document, sub: Submission, ref: Reference) -> None:
    heads = {"technologies": ["序号", "技术名称", "关键参数（两到三个核心参数）", "备注"],
             "equipment": ["序号", "装备名称", "关键参数（两到三个核心参数）", "备注"],
             "software": ["序号", "软件/系统名称", "关键参数（两到三个核心参数）", "备注"],
             "standards": ["序号", "标准名称", "标准类型", "标准状态", "标准号", "备注"],
             "patents": ["序号", "专利名称", "专利类型", "专利状态", "专利号", "备注"]}
    for key, spec in ref.form.annexes.items():
        doc.add_paragraph(f"附{spec.number}")
        doc.add_paragraph(f"{spec.title}（选填）")
        rows = [heads[key]]
        for n, r in enumerate(sub.fields.annexes.get(key, []), start=1):
            if key in ("standards", "patents"):
                rows.append([str(n), r.name, r.kind or "", r.status or "", r.params or "", r.note or ""])
            else:
                rows.append([str(n), r.name, r.params or "", r.note or ""])
        _table(doc, rows)


def _annex1(doc: Document, sub: Submission) -> None:
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("附1")
    doc.add_paragraph("场景实例描述")
    head = ["序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述（300字以内）", "解决的痛点问题描述（300字以内）",
            "采用的技术方案（包括供应商）（300字以内）", "保障要素（200字以内，选填）", "已实施成效（300字以内）",
            "其他（300字以内，选填）", "经济性和可推广性", "备注"]
    rows = [head] + [[str(i.index), i.declared_link or "", i.declared_scene or "", i.name or "", i.description or "",
                      i.pain_points or "", i.solution or "", i.safeguards or "", i.results or "", i.other or "",
                      i.economics or "", ""] for i in sub.instances]
    _table(doc, rows, widths=[0.9, 1.4, 1.6, 2.0, 3.0, 2.6, 3.2, 2.2, 2.6, 2.2, 2.6, 0.9])


def render_docx(sub: Submission, ref: Reference, out_docx: Path) -> Path:
    """Truth Submission -> a Word-style declaration (.docx)."""
    doc = Document()
    _style(doc)
    _cover(doc, sub)
    _basic(doc, sub, ref)
    _narrative(doc, sub)
    _annex1(doc, sub)
    _annex2(doc, sub)
    if sub.declaration_type == "示范工厂":
        _annexes(doc, sub, ref)
    doc.save(str(out_docx))
    return out_docx


def docx_to_pdf(docx: Path, out_dir: Path, timeout_s: float = 180) -> Path:
    """DOCX -> PDF via LibreOffice (headless, private profile); raises RuntimeError if soffice is missing or fails."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=timeout_s)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice produced no PDF for {docx}")
    return pdf
