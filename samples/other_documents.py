"""Files that are not a declaration of this programme, and declarations on another year's template (for tests).

`write_other(kind, path, scanned=False)` draws a student project 申报书 (`student`), a scholarship form
(`scholarship`) or a customs declaration (`customs`), each with labels an officer could confuse with a
declaration's (项目名称, 申报单位, 申报日期, 联系电话), digital or scanned. `retemplate(pdf, annex, title)`
turns a generated 2023 declaration's cover into another year's: its title replaced and the annex number printed
above it (2021: 「附件4」 and 「智能制造优秀场景申报书」).
"""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf

from samples.flow_layout import Canvas, Cell
from samples.fonts import font
from samples.scan import scan

KINDS = ("student", "scholarship", "customs")
_MARGINS = (72.0, 72.0, 72.0, 72.0)


def _student(cv: Canvas) -> None:
    """A university innovation-training project application."""
    cv.new_page()
    cv.y = 180
    cv.paragraph("大学生创新创业训练计划项目申报书", 22, "hei", align="center", bold=True, after=30)
    for label, value in (("项目名称：", "基于机器视觉的校园垃圾分类装置"), ("项目负责人：", "李明"),
                         ("所在学院：", "机械工程学院"), ("指导教师：", "王建华 教授"), ("申报日期：", "2023年4月10日")):
        cv.paragraph(f"{label}{value}", 14, after=12, indent=60)
    cv.new_page()
    cv.paragraph("一、基本情况", 14, "hei", after=8)
    cv.table([[Cell("项目名称"), Cell("基于机器视觉的校园垃圾分类装置", span=3)],
              [Cell("项目类别"), Cell("■创新训练项目 □创业训练项目 □创业实践项目", span=3)],
              [Cell("负责人"), Cell("李明"), Cell("学号"), Cell("2021010233")],
              [Cell("联系电话"), Cell("13812345678"), Cell("电子邮箱"), Cell("liming@example.edu.cn")],
              [Cell("项目经费"), Cell("1.5万元"), Cell("起止时间"), Cell("2023年5月至2024年5月")]],
             [1, 2, 1, 2], 10.5)
    cv.y += 12
    for head, body in (("二、项目简介", "本项目拟设计一种基于机器视觉的垃圾分类装置，通过摄像头识别投放物品的类别并自动分拣，"
                                       "提高校园垃圾分类的准确率。"),
                       ("三、研究内容与方案", "研究图像采集、目标检测模型训练和机械分拣结构设计，完成样机制作与测试。"),
                       ("四、预期成果", "完成样机一台，发表论文一篇，申请实用新型专利一项。")):
        cv.paragraph(head, 14, "hei", after=6)
        cv.paragraph(body, 11, first=22, after=10)


def _scholarship(cv: Canvas) -> None:
    """A national scholarship application and approval form."""
    cv.new_page()
    cv.paragraph("国家奖学金申请审批表", 20, "hei", align="center", bold=True, after=10)
    cv.paragraph("（2022—2023学年）", 12, align="center", after=16)
    cv.table([[Cell("姓名"), Cell("张晓"), Cell("性别"), Cell("女"), Cell("出生年月"), Cell("2002年3月")],
              [Cell("政治面貌"), Cell("共青团员"), Cell("民族"), Cell("汉族"), Cell("入学时间"), Cell("2020年9月")],
              [Cell("学号"), Cell("20200311"), Cell("院系"), Cell("经济学院"), Cell("专业"), Cell("金融学")],
              [Cell("联系电话"), Cell("13900001111", span=2), Cell("学习成绩排名"), Cell("3/120", span=2)],
              [Cell("申请理由"), Cell("本人学习刻苦，成绩优异，积极参加社会实践和志愿服务，曾获校级一等奖学金。", span=5)],
              [Cell("推荐意见"), Cell("同意推荐。\n推荐人签名：           年  月  日", span=5)],
              [Cell("院系意见"), Cell("经评审，同意该同学申请国家奖学金。\n（院系盖章）   年  月  日", span=5)],
              [Cell("学校意见"), Cell("（学校盖章）   年  月  日", span=5)]],
             [1, 1.2, 1, 1, 1.2, 1.4], 10.5, min_h=26)


def _customs(cv: Canvas) -> None:
    """A customs export goods declaration."""
    cv.new_page(landscape=True)
    cv.paragraph("中华人民共和国海关出口货物报关单", 18, "hei", align="center", bold=True, after=8)
    cv.paragraph("预录入编号：223120230000456789        海关编号：223120230000456789", 9, after=6)
    cv.table([[Cell("境内发货人\n宁波某某进出口有限公司"), Cell("出境关别\n北仑海关"), Cell("出口日期\n20230712"),
               Cell("申报日期\n20230710"), Cell("备案号")],
              [Cell("境外收货人\nABC TRADING CO., LTD."), Cell("运输方式\n水路运输"), Cell("运输工具名称及航次号"),
               Cell("提运单号\nNGB1234567"), Cell("申报单位\n宁波某某报关有限公司")],
              [Cell("监管方式\n一般贸易"), Cell("征免性质\n一般征税"), Cell("许可证号"), Cell("贸易国（地区）\n美国"),
               Cell("运抵国（地区）\n美国")],
              [Cell("项号  商品编号  商品名称及规格型号  数量及单位  单价/总价/币制  原产国（地区）  最终目的国（地区）", span=5)],
              [Cell("1  8501520000  三相异步电动机 7.5kW  200台  320.00/64000.00/美元  中国  美国", span=5)],
              [Cell("报关人员  报关人员证号  电话  兹申明对以上内容承担如实申报、依法纳税之法律责任", span=3),
               Cell("海关批注及签章", span=2)]],
             [1, 1, 1, 1, 1], 9.5, min_h=30)


_DRAW = {"student": _student, "scholarship": _scholarship, "customs": _customs}


def other_pdf(kind: str) -> bytes:
    """Kind ('student' | 'scholarship' | 'customs') -> PDF bytes of that document (digital)."""
    cv = Canvas(pymupdf.open(), _MARGINS)
    _DRAW[kind](cv)
    cv.flush_marks()
    return cv.doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def write_other(kind: str, path: Path, scanned: bool = False, seed: int = 0) -> Path:
    """Kind -> the document written to `path` (a 150-dpi scan of it when `scanned`)."""
    data = other_pdf(kind)
    if scanned:
        data = scan(data, None, random.Random(f"other-{kind}-{seed}"), [])[0]
    Path(path).write_bytes(data)
    return Path(path)


def retemplate(pdf: bytes, annex: str, title: str) -> bytes:
    """A generated declaration -> the same with another year's cover: its title line replaced by `title` and
    `annex` printed at the top left of the cover (the seals and the rest stay as they were)."""
    doc = pymupdf.open("pdf", pdf)
    page = doc[0]
    old = page.search_for("智能制造试点示范项目申报书")
    kind = next((t for t in ("（优秀场景）", "（示范工厂）") if page.search_for(t)), None)
    for rect in old + (page.search_for(kind) if kind else []):
        page.add_redact_annot(pymupdf.Rect(rect.x0 - 2, rect.y0 - 2, rect.x1 + 2, rect.y1 + 2))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
    top = old[0] if old else pymupdf.Rect(72, 150, 520, 180)
    writer = pymupdf.TextWriter(page.rect)
    size = 22.0
    width = font("hei").text_length(title, fontsize=size)
    writer.append(((page.rect.width - width) / 2, top.y1), title, font=font("hei"), fontsize=size)
    writer.append((72, 90), annex, font=font("hei"), fontsize=14)
    writer.write_text(page)
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)
