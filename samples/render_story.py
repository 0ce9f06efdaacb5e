"""A second drawing tool chain: the same declaration laid out as HTML by PyMuPDF's Story engine.

Different line breaking, table sizing and page breaks than flow_layout.py, so extractors are not tuned to
one engine. Pages of fields, 附1 rows and narrative headings come from the Story's element positions.
"""

from __future__ import annotations

import html
import io
import random
from typing import Any

import pymupdf

from catalog.reference import Reference
from model.submission import Submission
from samples.flow_layout import Canvas, Cell
from samples.fonts import font_buffer
from samples.render_body import ANNEX1_LABELS, _items_rows
from samples.render_form import (
    _base_rows,
    _factory_task_rows,
    _finance_rows,
    _scene_rows,
    _supply_rows,
    _tail_rows,
)
from samples.styles import Style

CSS = """
@font-face {font-family: song; src: url(song.ttf);}
@font-face {font-family: hei; src: url(hei.ttf);}
body {font-family: song; font-size: %(body)spt; line-height: %(lh)s;}
h1 {font-family: hei; font-size: 22pt; text-align: center; margin-top: 150pt;}
h2 {font-family: hei; font-size: %(head)spt; margin: 8pt 0 4pt 0;}
h3 {font-family: hei; font-size: %(body)spt; margin: 6pt 0 3pt 0;}
p {text-indent: 2em; margin: 0 0 3pt 0;}
p.plain {text-indent: 0;}
table {border-collapse: collapse; width: 100%%; margin: 2pt 0 6pt 0;}
td {border: 0.5pt solid black; padding: 2pt 3pt; font-size: %(table)spt; line-height: 1.3; vertical-align: middle;}
td.top {vertical-align: top;}
td.c {text-align: center;}
td.b {font-family: hei; text-align: center;}
.annex td {font-size: %(annex)spt;}
.cover {font-size: 15pt; margin-left: 40pt; line-height: 2.2;}
"""


def _archive() -> pymupdf.Archive:
    """-> an archive with the two Noto fonts the CSS names."""
    arch = pymupdf.Archive()
    arch.add(font_buffer("song"), "song.ttf")
    arch.add(font_buffer("hei"), "hei.ttf")
    return arch


class _Ids:
    """Maps truth field paths to HTML ids and back."""

    def __init__(self) -> None:
        self.by_id: dict[str, str] = {}

    def id(self, key: str | None) -> str:
        """A truth path (or None) -> an id attribute ("" when None)."""
        if not key:
            return ""
        ident = f"k{len(self.by_id)}"
        self.by_id[ident] = key
        return f' id="{ident}"'


def _esc(text: str) -> str:
    """Text -> HTML with line breaks kept."""
    return html.escape(text).replace("\n", "<br/>")


def _table(rows: list[list[Cell]], widths: list[float], ids: _Ids, cls: str = "") -> str:
    """Layout-engine rows -> HTML tables, one per run of rows with the same cell spans.

    Why: MuPDF sizes table columns by content and ignores widths, so a long label in one row would
    squeeze every other row; stacked tables give each row shape its own columns, as Word forms do.
    """
    groups: list[list[list[Cell]]] = []
    for row in rows:
        shape = tuple(c.span for c in row)
        if groups and tuple(c.span for c in groups[-1][0]) == shape and cls != "annex-split":
            groups[-1].append(row)
        else:
            groups.append([row])
    out = []
    for g, group in enumerate(groups):
        last = g == len(groups) - 1
        out.append(f'<table class="{cls}" style="margin:0 0 {6 if last else 0}pt 0">')
        for row in group:
            out.append("<tr>")
            for cell in row:
                klass = "b" if cell.bold else ("c" if cell.align == "center" else ("top" if cell.valign == "top" else ""))
                out.append(f'<td{ids.id(cell.key)} class="{klass}">{_esc(cell.text)}</td>')
            out.append("</tr>")
        out.append("</table>")
    return "".join(out)


def _story_pdf(body: str, css: str, landscape: bool) -> tuple[pymupdf.Document, list[tuple[str, int, tuple[float, ...]]]]:
    """HTML -> (PDF document, [(id, 1-based page, rect)]) laid out on A4 pages."""
    story = pymupdf.Story(html=body, user_css=css, archive=_archive())
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    paper = pymupdf.paper_rect("a4-l" if landscape else "a4")
    where = pymupdf.Rect(paper.x0 + 62, paper.y0 + 66, paper.x1 - 62, paper.y1 - 70)
    positions: list[tuple[str, int, tuple[float, ...]]] = []

    def rectfn(rect_num: int, filled: Any) -> tuple[pymupdf.Rect, pymupdf.Rect, None]:
        return paper, where, None

    def posfn(pos: Any) -> None:
        if pos.id and pos.open_close & 1:
            positions.append((pos.id, pos.page_num, tuple(pos.rect)))

    story.write(writer, rectfn, positionfn=posfn)
    writer.close()
    return pymupdf.open("pdf", buf.getvalue()), positions


def _cover(st: Style, sub: Submission) -> str:
    """-> cover HTML with seal anchor ids on 申报单位 and 推荐单位."""
    f = sub.fields
    return (f'<h1>智能制造试点示范项目申报书</h1><p class="plain" style="text-align:center;font-size:17pt">（{sub.declaration_type}）</p>'
            f'<div class="cover" style="margin-top:170pt"><p class="plain">项目名称：{_esc(f.project_name or "")}</p>'
            f'<p class="plain"><span id="seal-applicant">申报单位：{_esc(f.applicant or "")}（盖章）</span></p>'
            f'<p class="plain"><span id="seal-recommender">推荐单位：{_esc(f.recommender or "")}（盖章）</span></p>'
            f'<p class="plain">申报日期：{st.date(f.declared_on or "2023-08-01")}</p></div>')


def _promise(st: Style, sub: Submission, rng: random.Random) -> str:
    """-> the promise block with seal anchor ids."""
    when = st.date(sub.fields.declared_on) if sub.fields.declared_on and rng.random() < 0.5 else "年　　月　　日"
    return ('<table style="margin-top:12pt"><tr><td class="c" width="18%" style="font-family:hei">真实性<br/>承诺</td>'
            '<td width="82%" style="padding:14pt"><p>我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。</p>'
            '<p class="plain" style="margin-top:40pt;padding-left:110pt"><span id="seal-legal_rep">法定代表人签章：</span></p>'
            '<p class="plain" style="margin-top:40pt;padding-left:110pt"><span id="seal-company">公 章：</span></p>'
            f'<p class="plain" style="margin-top:30pt;margin-bottom:20pt;text-align:right">{when}</p></td></tr></table>')


def story_html(sub: Submission, ref: Reference, st: Style, rng: random.Random, ids: _Ids) -> tuple[str, str, str]:
    """-> HTML of (cover + section 一 + promise + narrative, 附1, 附2–附7)."""
    lw = list(st.label_widths)
    factory = sub.declaration_type == "示范工厂"
    years = [str(y) for y in ref.rules.financial_years]
    parts = [_cover(st, sub), '<h2 style="page-break-before:always">一、申报主体和'
             f'{"示范工厂" if factory else "优秀场景"}基本信息</h2><h3>（一）申报主体基本信息</h3>',
             _table(_base_rows(st, sub, ref), lw, ids), _table(_finance_rows(st, sub, years), [1.6, 1.4, 1.4, 1.4], ids),
             _table(_tail_rows(st, sub, ref), lw, ids)]
    if factory:
        parts += ["<h3>（二）示范工厂揭榜任务基本信息</h3>", _table(_factory_task_rows(st, sub, ref), lw, ids),
                  "<h3>（三）智慧供应链建设基本信息</h3>", _table(_supply_rows(st, sub, ref), lw, ids)]
    else:
        parts += ["<h3>（二）申报优秀场景基本信息</h3>", _table(_scene_rows(st, sub, ref), lw, ids)]
    parts.append(_promise(st, sub, rng))
    fmt = rng.randrange(len(st.headings))
    for n, h in enumerate(ref.form.sections[sub.declaration_type or "优秀场景"]):
        parts.append(f'<h2{" style=page-break-before:always" if n == 0 else ""}>{_esc(h)}</h2>')
        if "场景实例建设方案" in h:
            for i, inst in enumerate(sub.instances):
                parts.append(f'<h3{ids.id(f"instances[{i}].narrative")}>{_esc(st.heading(fmt, inst.index, inst.name or ""))}</h3>')
                parts += [f"<p>{_esc(p)}</p>" for p in (inst.narrative or "").split("\n") if p.strip()]
        else:
            parts += [f"<p>{_esc(p)}</p>" for p in sub.fields.sections.get(h, "").split("\n") if p.strip()]
    head = [Cell(x, bold=True) for x in ANNEX1_LABELS]
    rows = [head] + [[Cell(str(x.index), align="center", key=f"instances[{i}]"), Cell(x.declared_link or "", align="center"),
                      Cell(x.declared_scene or "", align="center"), Cell(x.name or ""),
                      *[Cell(getattr(x, k) or "", valign="top") for k in
                        ("description", "pain_points", "solution", "safeguards", "results", "other", "economics")], Cell("")]
                     for i, x in enumerate(sub.instances)]
    annex1 = '<h3>附1</h3><h2 style="text-align:center">场景实例描述</h2>' + _table(rows, list(st.annex1_widths), ids, "annex")
    annex2 = ['<h3>附2</h3><h2 style="text-align:center">场景实例采用的关键装备、软件、工艺、技术情况</h2>']
    annex2 += [_table(_items_rows(st, x), [1.6, 1.5, 1.1, 2.2, 0.8], ids) for x in sub.instances]
    if factory:
        for key, spec in ref.form.annexes.items():
            items = sub.fields.annexes.get(key, [])
            body = [[Cell(h, bold=True) for h in ("序号", "名称", "关键参数/标准号/专利号", "类型", "状态")]]
            body += [[Cell(str(i + 1)), Cell(r.name), Cell(r.params or ""), Cell(r.kind or ""), Cell(r.status or "")]
                     for i, r in enumerate(items)] or [[Cell(" ")] * 5]
            annex2.append(f"<h3>附{spec.number}</h3><h2 style=\"text-align:center\">{spec.title}（选填）</h2>"
                          + _table(body, [0.5, 2.4, 2.4, 0.8, 0.8], ids))
    return "".join(parts), annex1, "".join(annex2)


def _seal_anchors(doc: pymupdf.Document, sub: Submission,
                  found: dict[str, tuple[int, list[float]]]) -> dict[str, tuple[int, list[float]]]:
    """Story pages -> seal anchors measured on the printed text (element rects of inline spans are coarse)."""
    out: dict[str, tuple[int, list[float]]] = {}
    cover = doc[0]
    for role, label in (("applicant", "申报单位"), ("recommender", "推荐单位")):
        hits = cover.search_for(label)
        if hits:
            r = hits[0]
            out[role] = (1, [r.x1 + 10, r.y0 - 4, r.x1 + 230, r.y1 + 4])
    pno = found.get("company", (2, []))[0]
    page = doc[pno - 1]
    for role, label in (("legal_rep", "法定代表人签章"), ("company", "公 章")):
        hits = page.search_for(label)
        if hits:
            r = hits[0]
            out[role] = (pno, [r.x0, r.y0, r.x1 + 90, r.y1 + (20 if role == "company" else 0)])
    return out


def render_story(sub: Submission, ref: Reference, st: Style, rng: random.Random) -> tuple[pymupdf.Document, dict[str, int], dict[str, tuple[int, list[float]]], int]:
    """Submission -> (document, placed {path: page}, seal anchors {role: (page, rect)}, promise page)."""
    ids = _Ids()
    css = CSS % {"body": st.body_size, "lh": st.line_factor - 0.1, "head": st.head_size, "table": st.table_size,
                 "annex": st.annex_size}
    if st.has("indent_only"):
        css += "p {margin: 0;}\n"  # paragraphs told apart by their first-line indent only
    main_html, annex1_html, annex2_html = story_html(sub, ref, st, rng, ids)
    doc = pymupdf.open()
    placed: dict[str, int] = {}
    anchors: dict[str, tuple[int, list[float]]] = {}
    for body, landscape in ((main_html, False), (annex1_html, True), (annex2_html, False)):
        part, positions = _story_pdf(body, css, landscape)
        offset = doc.page_count
        doc.insert_pdf(part)
        for ident, page, rect in positions:
            if ident.startswith("seal-"):
                anchors.setdefault(ident[5:], (page + offset, list(rect)))
            elif ident in ids.by_id:
                placed.setdefault(ids.by_id[ident], page + offset)
    placed.update({"fields.project_name": 1, "fields.applicant": 1, "fields.recommender": 1, "fields.declared_on": 1})
    for page in doc:
        page.wrap_contents()  # the Story writer leaves its CTM in place; later drawing must not inherit it
    anchors = _seal_anchors(doc, sub, anchors)
    cv = Canvas(doc, st.margins, st.body_font)
    cv.footer(st.footer, st.body_font, st.body_size - 1.5, st.footer_skips_cover)
    cv.flush()
    promise = anchors.get("company", (2, []))[0]
    return doc, placed, anchors, promise
