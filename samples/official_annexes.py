"""附1, 附2 and 附3–附7 as the official form prints them (the `official` style).

附1 keeps the form's 示例 row under its header; 附2 has its type's title and first-row label
(「具体场景实例名称（与上面表格对应）」 on 附件3-1), a 4-cell software header (no 备注 column) and the form's
hint row under an empty list; 附6/附7 headers carry their （选填…） hints.
"""

from __future__ import annotations

from typing import Any

from catalog.reference import Reference
from model.submission import Instance, Submission
from samples.flow_layout import Canvas, Cell
from samples.render_body import ANNEX1_LABELS
from samples.styles import Style

GREY = (0.95, 0.95, 0.95)


def draw_annex1(cv: Canvas, st: Style, sub: Submission, example: list[str]) -> None:
    """附1 with the form's 示例 row first; records each instance row's page."""
    cv.new_page(landscape=True)
    cv.paragraph("附1", st.body_size + 1, st.head_font, bold=True, after=2)
    cv.paragraph("场景实例描述", st.head_size, st.head_font, align="center", bold=True, after=6)
    head = [Cell(lbl, align="center", bold=True) for lbl in ANNEX1_LABELS]
    rows = [head, [Cell(t, align="center" if n < 3 else "left", valign="middle" if n < 4 else "top")
                   for n, t in enumerate(example)]]
    for inst in sub.instances:
        rows.append([Cell(str(inst.index), align="center"), Cell(inst.declared_link or "", align="center"),
                     Cell(inst.declared_scene or "", align="center"), Cell(inst.name or ""),
                     *[Cell(getattr(inst, k) or "", valign="top") for k in
                       ("description", "pain_points", "solution", "safeguards", "results", "other", "economics")],
                     Cell("")])
    pages = cv.table(rows, list(st.annex1_widths), st.annex_size, st.table_font, pad=2.5, header=1, lf=1.3)
    for n, page in enumerate(pages[2:]):
        cv.placed[f"instances[{n}]"] = page


def _list_rows(head: list[Cell], items: list[list[Cell]], hint: str) -> list[list[Cell]]:
    """A 附2 list: its header, then its items, or the form's hint row when it has none."""
    return [head, *(items or [[Cell(hint, span=5)]])]


def _items_rows(inst: Instance, label: str, hints: dict[str, str]) -> list[list[Cell]]:
    """One instance's 附2 block as the official form prints it (5 columns, the software list in 4)."""
    def hd(text: str, span: int = 1) -> Cell:
        return Cell(text, span=span, align="center", bold=True, fill=GREY)

    rows = [[Cell(label, span=2, align="center", bold=True), Cell(inst.name or "", span=3)]]
    rows += _list_rows([hd("关键装备种类"), hd("名称"), hd("规格/型号"), hd("供应商"), hd("备注")],
                       [[Cell(i.category or ""), Cell(i.name), Cell(i.model or ""), Cell(i.supplier or ""),
                         Cell(i.description or "")] for i in inst.equipment], hints["equipment"])
    rows += _list_rows([hd("关键软件种类"), hd("名称"), hd("规格/型号"), hd("供应商", 2)],
                       [[Cell(i.category or ""), Cell(i.name), Cell(i.model or ""), Cell(i.supplier or "", span=2)]
                        for i in inst.software], hints["software"])
    rows += _list_rows([hd("工艺名称"), hd("应用描述", 4)],
                       [[Cell(i.name), Cell(i.description or "", span=4)] for i in inst.processes], hints["processes"])
    rows += _list_rows([hd("技术名称"), hd("应用描述", 4)],
                       [[Cell(i.name), Cell(i.description or "", span=4)] for i in inst.technologies],
                       hints["technologies"])
    return rows


def draw_annex2(cv: Canvas, st: Style, sub: Submission, annex2: dict[str, str], hints: dict[str, str]) -> None:
    """附2: the type's title, then one block per instance."""
    cv.new_page(landscape=False)
    cv.paragraph("附2", st.body_size + 1, st.head_font, bold=True, after=2)
    cv.paragraph(annex2["title"], st.head_size, st.head_font, align="center", bold=True, after=6)
    for inst in sub.instances:
        cv.table(_items_rows(inst, annex2["instance_label"], hints), [1.6, 1.5, 1.1, 2.2, 0.8], st.table_size - 1,
                 st.table_font)
        cv.y += 10


def draw_annexes_3_7(cv: Canvas, st: Style, sub: Submission, ref: Reference, columns: dict[str, list[str]]) -> None:
    """附3–附7 (each titled 「…（选填）」, an empty row when the list is empty); 附6/附7 headers as printed."""
    cv.new_page(landscape=False)
    for key, spec in ref.form.annexes.items():
        rows_data = sub.fields.annexes.get(key, [])
        cv.ensure(st.body_size * 8)
        cv.paragraph(f"附{spec.number}", st.body_size + 1, st.head_font, bold=True, after=2)
        cv.paragraph(f"{spec.title}（选填）", st.head_size, st.head_font, align="center", bold=True, after=4)
        body: list[list[Any]]
        if key in columns:
            head = columns[key]
            body = [[str(i + 1), r.name, r.kind or "", r.status or "", r.params or "", r.note or ""]
                    for i, r in enumerate(rows_data)]
            widths = [0.5, 1.95, 1.25, 1.25, 1.65, 0.6]  # a 专利号 fits its cell
        else:
            noun = {"technologies": "技术名称", "equipment": "装备名称", "software": "软件/系统名称"}[key]
            head = ["序号", noun, "关键参数（两到三个核心参数）", "备注"]
            body = [[str(i + 1), r.name, r.params or "", r.note or ""] for i, r in enumerate(rows_data)]
            widths = [0.5, 2.4, 3.0, 0.8]
        body = body or [[""] * len(head)]
        rows = [[Cell(h, align="center", bold=True) for h in head]] + [[Cell(c) for c in r] for r in body]
        cv.table(rows, widths, st.table_size, st.table_font, min_h=st.table_size * 2)
        cv.y += 14
