"""Tiny declaration PDFs drawn with PyMuPDF (ruled tables, CJK text, red seals), for extractor tests.

Built in the session's temp folder, never committed. The layout follows seed 002's 附件3-1 form
closely enough to exercise every mechanism; it is not the sample generator.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

A4 = pymupdf.paper_rect("a4")
X0 = 60.0
CSS = "* {font-size: 9pt; line-height: 1.2}"

COMPANY = "江苏恒远智能装备有限公司"
CREDIT = "91320500MA1MXXXX3T"
INTRO = "公司成立于2010年，主营高端数控装备，国内市场份额约12.5%，拥有省级技术中心。"
INSTANCES = [
    ("生产作业", "人机协同制造", "多机协同的发动机壳体柔性加工与检测",
     "针对发动机壳体加工，搭建多台五轴机床+多台机器人组成柔性加工单元。" * 3,
     "解决复杂壳体加工效率低、质量不高等突出问题。"),
    ("质量管控", "在线智能检测", "基于机器视觉的焊缝质量在线检测",
     "在焊接工位部署3D视觉检测系统，实时识别焊缝缺陷。", "人工目检漏检率高。"),
]
NARRATIVE = ["公司围绕发动机壳体柔性加工，建设了由五轴机床和机器人组成的加工单元。" * 4,
             "焊缝检测采用3D视觉与深度学习算法，实现缺陷自动识别与追溯。" * 3]


def text(page: pymupdf.Page, rect: tuple[float, float, float, float], s: str, size: float = 9) -> None:
    """Write CJK text into a box (wrapping like a word processor)."""
    page.insert_htmlbox(pymupdf.Rect(rect), s, css=f"* {{font-size: {size}pt; line-height: 1.2}}")


def table(page: pymupdf.Page, y: float, widths: list[float], rows: list[list], height: float = 22) -> float:
    """Draw a ruled table. rows: list of rows, each a list of (text, colspan, rowspan) or text.

    Returns the y below the table.
    """
    xs = [X0]
    for w in widths:
        xs.append(xs[-1] + w)
    taken: set[tuple[int, int]] = set()
    heights = [r[0] if isinstance(r, tuple) else height for r in rows]
    rows = [r[1] if isinstance(r, tuple) else r for r in rows]
    ys = [y]
    for h in heights:
        ys.append(ys[-1] + h)
    for ri, row in enumerate(rows):
        ci = 0
        for spec in row:
            while (ri, ci) in taken:
                ci += 1
            s, cs, rs = (spec, 1, 1) if isinstance(spec, str) else ([*list(spec), 1, 1])[:3]
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((ri + dr, ci + dc))
            rect = pymupdf.Rect(xs[ci], ys[ri], xs[ci + cs], ys[ri + rs])
            page.draw_rect(rect, color=(0, 0, 0), width=0.6)
            if s:
                text(page, (rect.x0 + 2, rect.y0 + 2, rect.x1 - 2, rect.y1 - 1), s)
            ci += cs
    return ys[-1]


def seal(page: pymupdf.Page, cx: float, cy: float, r: float = 42, opacity: float = 1.0) -> None:
    """Draw a red round seal (ring, centre mark, lettering) as a digital overlay would."""
    red = (0.85, 0.1, 0.1)
    page.draw_circle((cx, cy), r, color=red, width=2.5, stroke_opacity=opacity)
    page.draw_circle((cx, cy), 6, color=red, fill=red, stroke_opacity=opacity, fill_opacity=opacity)
    page.insert_text((cx - r * 0.6, cy + r * 0.5), "专用章", fontname="china-s", fontsize=9, color=red,
                     stroke_opacity=opacity, fill_opacity=opacity)


def cover(doc: pymupdf.Document, *, seals: bool = True) -> None:
    """Cover page with title, four labels and (optionally) both seals."""
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (100, 120, 500, 150), "<center>智能制造试点示范项目申报书</center>", 18)
    text(p, (100, 160, 500, 185), "<center>（优秀场景）</center>", 14)
    lines = [f"项目名称：{INSTANCES[0][2]}项目", f"申报单位：{COMPANY}", "（盖章）", "推荐单位：江苏省工业和信息化厅",
             "（盖章）", "申报日期：2023年5月10日"]
    for i, s in enumerate(lines):
        text(p, (120, 400 + i * 36, 520, 420 + i * 36), s, 12)
    if seals:
        seal(p, 330, 448)
        seal(p, 330, 556)


def basic_info(doc: pymupdf.Document) -> None:
    """Section 一（一）: basic information, financials over a page break, metric grid, promise."""
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (X0, 50, 540, 68), "一、申报主体和优秀场景基本信息", 12)
    text(p, (X0, 72, 540, 88), "（一）申报主体基本信息", 11)
    w = [90, 60, 135, 60, 135]
    rows = [
        ["企业名称", (COMPANY, 4)], [("统一社会<br>信用代码"), (CREDIT, 4)], ["成立时间", ("2010年5月", 4)],
        ["企业性质", ("□中央企业 □地方国企 ■民营企业 □三资企业", 4)],
        ["企业类型1", ("□大型企业 ■中型企业 □小型企业 □微型企业", 4)],
        [("所属行业2", 1, 3), "行业门类", ("制造业", 3)], ["行业大类", ("通用设备制造业", 3)], ["行业中类", ("金属加工机械制造", 3)],
        ["所属四大行业", ("□原材料 ■装备制造 □消费品 □电子信息", 4)], ["工厂地址", ("江苏省苏州市工业园区星湖街88号", 4)],
        (34, [("工厂是否位于2022年度入选或评定的…等重点区域", 3), ("■是 □否（系统自动识别）", 2)]),
        ["法人代表/负责人", "姓名", "王建国", "电话", "0512-66881234"],
        [("联系人", 1, 3), "姓名", "李明", "电话", "0512-66885678"], ["职务", "总经理助理", "手机", "13912345678"],
        ["传真", "0512-66889999", "邮箱", "liming@hengyuan.cn"],
        [("近三年发展情况", 2), "2020年", "2021年", "2022年"],
        [("资产总额（万元）", 2), "52,300.5", "58,120", "63,400.25"], [("资产负债率（%）", 2), "45.2", "43.1", "41.0"],
    ]
    table(p, 95, w, rows)
    p = doc.new_page(width=A4.width, height=A4.height)
    rows = [[("主营业务收入（万元）", 2), "31,200", "35,600", "40,150.8"], [("利润率（%）", 2), "8.5", "9.1", "10.2"],
            (34, [("企业近三年是否发生过重大安全生产事故、重大环境事故3", 2), ("□是（事故名称： ） ■否", 3)]),
            (60, [("企业<br>简介", 1), (INTRO, 4)])]
    y = table(p, 60, w, rows)
    text(p, (X0, y + 10, 540, y + 28), "（二）申报优秀场景基本信息", 11)
    rows = [["环节名称", (INSTANCES[0][0], 3)], ["场景名称", (INSTANCES[0][1], 3)],
            ["场景实例名称", (INSTANCES[0][2], 3)], ["场景实例建设起止日期", ("2022年3月至2023年5月", 3)],
            ["场景实例建设投资（万元）", ("1,200.50", 3)],
            ["场景实例建设系统解决方案供应商名称", ("苏州智造科技有限公司", 3)], ["联系人", "赵六", "联系电话", "13800001111"]]
    y = table(p, y + 32, [120, 120, 120, 120], rows)
    metrics = [("关键设备数控化率（%）", "85.5", "关键设备联网率（%）", "90"),
               ("生产效率提升*（%）", "30", "资源综合利用率提升*（%）", "12.5"),
               ("运营成本下降*（%）", "15", "质量损失率下降*（%）", "20"),
               ("先进过程控制投用率**（%）", "", "销售增长率（%）", "8")]
    rows = [[("整体建设成效", 1, 4), *metrics[0]], *[list(m) for m in metrics[1:]]]
    table(p, y + 10, [60, 150, 60, 150, 60], rows)


def promise(doc: pymupdf.Document, *, seals: bool = True, signature: bool = True) -> None:
    """The 真实性承诺 block with 法定代表人签章 and 公 章 places."""
    p = doc.new_page(width=A4.width, height=A4.height)
    body = ("我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。<br><br>"
            "法定代表人签章：<br><br><br>公 章：<br><br><br>年 月 日")
    table(p, 80, [80, 400], [(200, ["真实性<br>承诺", body])])
    if signature:
        p.draw_bezier((290, 132), (310, 110), (330, 150), (360, 125), color=(0, 0, 0), width=1.5)
        p.draw_bezier((295, 140), (320, 120), (340, 135), (370, 118), color=(0, 0, 0), width=1.2)
    if seals:
        seal(p, 280, 185)


def narrative(doc: pymupdf.Document) -> None:
    """Sections 二–四 with one sub-heading per instance."""
    p = doc.new_page(width=A4.width, height=A4.height)
    parts = ["二、场景实例建设方案及情况",
             "（此部分参考《智能制造典型场景参考指引》（见附件 1）进行编写。）"]
    for i, inst in enumerate(INSTANCES):
        parts += [f"（{'一二'[i]}）{inst[2]}", NARRATIVE[i]]
    parts += ["三、下一步提升和推广计划", "（一）提升计划", "推进柔性产线向全厂推广。", "四、相关附件"]
    text(p, (X0, 60, 540, 780), "<br>".join(parts), 10.5)


def annex1(doc: pymupdf.Document) -> None:
    """附1 over two pages: header, 示例 row, row 1 split across the break, row 2."""
    heads = ["序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述（300字以内）", "解决的痛点问题描述",
             "采用的技术方案（包括供应商）", "保障要素", "已实施成效", "其他", "经济性和可推广性", "备注"]
    w = [22, 36, 36, 48, 60, 48, 60, 40, 44, 36, 50, 22]
    inst1, inst2 = INSTANCES
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (X0, 40, 540, 56), "附 1", 11)
    text(p, (X0, 58, 540, 74), "场景实例描述", 11)
    row1a = ["1", inst1[0], inst1[1], inst1[2], inst1[3][:40], inst1[4], "五轴机床+机器人，由苏州智造实施。",
             "编制加工标准。", "效率提升30%。", "", "投资500万元，年节省200万元。", ""]
    table(p, 80, w, [(60, heads), (50, ["示例"] + ["…"] * 11), (560, row1a)])
    p = doc.new_page(width=A4.width, height=A4.height)
    row1b = ["", "", "", "", inst1[3][40:], "", "", "", "", "", "", ""]
    row2 = ["2", inst2[0], inst2[1], inst2[2], inst2[3], inst2[4], "3D相机+算法平台。", "", "漏检率下降至0.5%。",
            "", "可在焊接行业推广。", ""]
    table(p, 60, w, [(60, heads), (120, row1b), (150, row2)])


def annex2(doc: pymupdf.Document) -> None:
    """附2 with one block per instance."""
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (X0, 40, 540, 56), "附 2", 11)
    w = [110, 90, 90, 100, 90]
    rows = []
    for inst in INSTANCES:
        rows += [["场景实例名称（与上面表格对应）", (inst[2], 4)],
                 ["关键装备种类", "名称", "规格/型号", "供应商", "备注"],
                 ["高档数控机床与工业机器人", "五轴加工中心", "DMU 65", "德马吉", ""],
                 ["关键软件种类", "名称", "规格/型号", "供应商", ("", 1)],
                 ["生产制造类", "MES系统", "V3.0", "苏州智造", ""],
                 ["工艺名称", ("应用描述", 4)], ["柔性加工", ("多品种混线加工", 4)],
                 ["技术名称", ("应用描述", 4)], ["机器视觉", ("缺陷识别", 4)]]
    table(p, 60, w, rows, height=20)


def build_declaration(path: Path, *, seals: bool = True, signature: bool = True) -> Path:
    """Write a digital 优秀场景 declaration (8 pages) to `path`."""
    doc = pymupdf.open()
    cover(doc, seals=seals)
    basic_info(doc)
    promise(doc, seals=seals, signature=signature)
    narrative(doc)
    annex1(doc)
    annex2(doc)
    doc.subset_fonts()
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path


def scan_of(src: Path, dst: Path, *, dpi: int = 150, skew_deg: float = 0.0, pages: list[int] | None = None) -> Path:
    """Digital PDF -> image-only PDF (JPEG per page, optionally rotated by skew_deg) like a scanner."""
    from PIL import Image

    doc = pymupdf.open(src)
    out = pymupdf.open()
    for i, page in enumerate(doc):
        if pages is not None and i + 1 not in pages:
            out.insert_pdf(doc, from_page=i, to_page=i)
            continue
        pix = page.get_pixmap(dpi=dpi)
        img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        if skew_deg:
            img = img.rotate(skew_deg, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255))
        import io

        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=85)
        np_ = out.new_page(width=page.rect.width, height=page.rect.height)
        np_.insert_image(np_.rect, stream=buf.getvalue())
    out.save(dst)
    return dst


def build_seal_over_text(path: Path) -> Path:
    """A cover whose applicant name lies under a red seal (ring and lettering over the characters)."""
    doc = pymupdf.open()
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (100, 120, 500, 150), "<center>智能制造试点示范项目申报书</center>", 18)
    text(p, (100, 160, 500, 185), "<center>（优秀场景）</center>", 14)
    text(p, (120, 400, 520, 420), "项目名称：柔性加工与检测项目", 12)
    text(p, (120, 436, 520, 456), f"申报单位：{COMPANY}", 12)
    text(p, (120, 472, 520, 492), "（盖章）", 12)
    seal(p, 250, 470, opacity=0.8)  # the ring and lettering cross the name, as stamped ink does
    doc.subset_fonts()
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path
