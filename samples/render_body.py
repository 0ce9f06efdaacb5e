"""Draw the narrative sections (二…七), 附1 (landscape, wrapping, rows across pages), 附2 and 附3–附7."""

from __future__ import annotations

import random

from catalog.reference import Reference
from model.submission import Instance, Submission
from samples.flow_layout import Canvas, Cell
from samples.styles import Style

ANNEX1_LABELS = [
    "序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述（结合要素条件进行描述，300字以内，可配图）",
    "解决的痛点问题描述（300字以内）", "采用的技术方案（包括供应商）（300字以内，可以配图）",
    "保障要素（如人、管理机制、组织标准、培训等，200字以内，选填）", "已实施成效（最好通过量化指标描述，300字以内）",
    "其他（如对于其他车间、工厂的带动效应等，300字以内，选填）", "经济性和可推广性", "备注",
]


def _body(cv: Canvas, st: Style, text: str) -> None:
    """Paragraphs of body text with the style's first-line indent (indent_only: indent, no space between)."""
    indent_only = st.has("indent_only")
    for para in text.split("\n"):
        if para.strip():
            cv.paragraph(para, st.body_size, st.body_font, first=2 * st.body_size if st.first_indent or indent_only else 0,
                         after=0 if indent_only else st.body_size * 0.3)


def draw_sections(cv: Canvas, st: Style, sub: Submission, ref: Reference, rng: random.Random,
                  hints: dict[str, str] | None = None) -> None:
    """Sections 二… with one sub-heading per instance; records narrative pages in cv.placed. `hints`:
    heading -> the form's hint paragraph printed under it (the official style)."""
    headings = ref.form.sections[sub.declaration_type or "优秀场景"]
    fmt = rng.randrange(len(st.headings))
    cv.new_page()
    for h in headings:
        cv.ensure(st.head_size * 5)
        cv.paragraph(h, st.head_size, st.head_font, bold=True, after=st.body_size * 0.5)
        if hints and h in hints:
            _body(cv, st, hints[h])
        if "场景实例建设方案" in h:
            for n, inst in enumerate(sub.instances):
                cv.ensure(st.body_size * 6)
                page = cv.paragraph(st.heading(fmt, inst.index, inst.name or ""), st.body_size + 0.5, st.head_font,
                                    bold=True, after=st.body_size * 0.4)
                cv.placed[f"instances[{n}].narrative"] = page
                _body(cv, st, inst.narrative or "")
                cv.y += st.body_size * 0.6
        else:
            _body(cv, st, sub.fields.sections.get(h, ""))
            cv.y += st.body_size * 0.6


def draw_annex1(cv: Canvas, st: Style, sub: Submission) -> None:
    """附1 as a wide landscape table; rows continue across page breaks; records each row's page."""
    cv.new_page(landscape=True)
    cv.paragraph("附1", st.body_size + 1, st.head_font, bold=True, after=2)
    cv.paragraph("场景实例描述", st.head_size, st.head_font, align="center", bold=True, after=6)
    size = st.annex_size
    head = [Cell(lbl, align="center", bold=True, fill=(0.93, 0.93, 0.93)) for lbl in ANNEX1_LABELS]
    rows = [head]
    for inst in sub.instances:
        rows.append([Cell(str(inst.index), align="center"), Cell(inst.declared_link or "", align="center"),
                     Cell(inst.declared_scene or "", align="center"), Cell(inst.name or ""),
                     *[Cell(getattr(inst, k) or "", valign="top") for k in
                       ("description", "pain_points", "solution", "safeguards", "results", "other", "economics")],
                     Cell("")])
    pages = cv.table(rows, list(st.annex1_widths), size, st.table_font, pad=2.5, header=1, lf=1.3,
                     split_any=st.has("annex1_split_rows"), repeat_header=not st.has("annex1_no_repeat_header"))
    for n, page in enumerate(pages[1:]):
        cv.placed[f"instances[{n}]"] = page


def _items_rows(st: Style, inst: Instance) -> list[list[Cell]]:
    """One instance's 附2 block as rows of a 5-column table."""
    grey = (0.95, 0.95, 0.95)
    rows = [[Cell("场景实例名称", align="center", bold=True), Cell(f"{inst.index}. {inst.name}", span=4)],
            [Cell(x, align="center", bold=True, fill=grey) for x in ("关键装备种类", "名称", "规格/型号", "供应商", "备注")]]
    rows += [[Cell(i.category or ""), Cell(i.name), Cell(i.model or ""), Cell(i.supplier or ""), Cell(i.description or "")]
             for i in inst.equipment]
    rows.append([Cell(x, align="center", bold=True, fill=grey) for x in ("关键软件种类", "名称", "规格/型号", "供应商", "")])
    rows += [[Cell(i.category or ""), Cell(i.name), Cell(i.model or ""), Cell(i.supplier or ""), Cell("")] for i in inst.software]
    rows.append([Cell("工艺名称", align="center", bold=True, fill=grey), Cell("应用描述", span=4, align="center", bold=True, fill=grey)])
    rows += [[Cell(i.name), Cell(i.description or "", span=4)] for i in inst.processes]
    rows.append([Cell("技术名称", align="center", bold=True, fill=grey), Cell("应用描述", span=4, align="center", bold=True, fill=grey)])
    rows += [[Cell(i.name), Cell(i.description or "", span=4)] for i in inst.technologies]
    return rows


def draw_annex2(cv: Canvas, st: Style, sub: Submission) -> None:
    """附2: one block per instance (a page each in some styles)."""
    cv.new_page(landscape=False)
    cv.paragraph("附2", st.body_size + 1, st.head_font, bold=True, after=2)
    cv.paragraph("场景实例采用的关键装备、软件、工艺、技术情况", st.head_size, st.head_font, align="center", bold=True, after=6)
    for n, inst in enumerate(sub.instances):
        if st.annex2_per_page and n:
            cv.new_page()
        cv.table(_items_rows(st, inst), [1.6, 1.5, 1.1, 2.2, 0.8], st.table_size - 1, st.table_font)
        cv.y += 10


def draw_annexes_3_7(cv: Canvas, st: Style, sub: Submission, ref: Reference) -> None:
    """附3–附7 lists of a 示范工厂 (each titled, possibly empty)."""
    cv.new_page(landscape=False)
    for key, spec in ref.form.annexes.items():
        rows_data = sub.fields.annexes.get(key, [])
        cv.ensure(st.body_size * 8)
        cv.paragraph(f"附{spec.number}", st.body_size + 1, st.head_font, bold=True, after=2)
        cv.paragraph(f"{spec.title}（选填）", st.head_size, st.head_font, align="center", bold=True, after=4)
        if key in ("standards", "patents"):
            kind = "标准类型" if key == "standards" else "专利类型"
            status = "标准状态" if key == "standards" else "专利状态"
            code = "标准号" if key == "standards" else "专利号"
            head = ["序号", "标准名称" if key == "standards" else "专利名称", kind, status, code, "备注"]
            body = [[str(i + 1), r.name, r.kind or "", r.status or "", r.params or "", r.note or ""] for i, r in enumerate(rows_data)]
            widths = [0.5, 2.6, 1.0, 1.0, 1.6, 0.7]
        else:
            noun = {"technologies": "技术名称", "equipment": "装备名称", "software": "软件/系统名称"}[key]
            head = ["序号", noun, "关键参数（两到三个核心参数）", "备注"]
            body = [[str(i + 1), r.name, r.params or "", r.note or ""] for i, r in enumerate(rows_data)]
            widths = [0.5, 2.4, 3.0, 0.8]
        body = body or [[""] * len(head)]
        rows = [[Cell(h, align="center", bold=True) for h in head]] + [[Cell(c) for c in r] for r in body]
        cv.table(rows, widths, st.table_size, st.table_font, min_h=st.table_size * 2)
        cv.y += 14
