"""Layouts of Word / WPS / LibreOffice exports that the generator's own forms do not print:
label and value in one cell, integrator rows as on the form, table rows broken across a page
without 序号 or repeated header, and tick glyphs written after the text of their line.

Each fixture is drawn with PyMuPDF in the test (a python-docx -> soffice round trip is too slow).
"""

from __future__ import annotations

from dataclasses import replace

import pymupdf
import pytest
from extract_fixtures import A4, X0, table, text

from catalog.reference import Form, load_reference
from extractors.annexes import integrators_from_rows, parse_providers, read_annexes
from extractors.checkboxes import apply_marks
from extractors.document_index import Document, TextLine, build_document
from extractors.fields import extract_table_fields
from extractors.instances import read_annex1, read_annex2
from extractors.narrative import split_narrative
from extractors.page import Mark, Word
from extractors.pdf_digital import read_text_page, read_words
from extractors.sections import find_headings
from extractors.text_join import join_words
from model.submission import Instance
from model.values import pick_choice, pick_yes_no

OWNERSHIP = ["中央企业", "地方国企", "民营企业", "三资企业"]


@pytest.fixture(scope="module")
def form() -> Form:
    return load_reference(2023).form


def _document(doc: pymupdf.Document) -> Document:
    """Drawn PDF -> the extractor's Document (text layer, no OCR)."""
    return build_document([read_text_page(p, i + 1) for i, p in enumerate(doc)])


def _page(doc: pymupdf.Document) -> pymupdf.Page:
    return doc.new_page(width=A4.width, height=A4.height)


def test_label_and_value_in_one_cell_give_the_industry(form: Form) -> None:
    doc = pymupdf.open()
    p = _page(doc)
    table(p, 80, [100, 130, 140, 150], [
        ["企业名称", ("江苏恒远智能装备有限公司", 3)],
        ["所属行业", "行业门类：制造业", "行业大类（系统中下拉选择）：专用设备制造业",
         "行业中类（系统中下拉选择）化工、木材、非金属加工专用设备制造"],
        ["工厂地址", ("江苏省苏州市工业园区星湖街88号", 3)],
    ], height=34)
    values = extract_table_fields(_document(doc), form, 1, 1).values
    assert values["industry"] == {"category": "制造业", "major": "专用设备制造业",
                                  "middle": "化工、木材、非金属加工专用设备制造"}
    assert values["company_name"] == "江苏恒远智能装备有限公司"
    assert values["factory_address"] == "江苏省苏州市工业园区星湖街88号"


def test_sub_labels_inside_cells_belong_to_the_row_group(form: Form) -> None:
    doc = pymupdf.open()
    p = _page(doc)
    table(p, 80, [120, 200, 200], [["法人代表/负责人", "姓名：王建国", "电话：0512-66881234"],
                                    ["联系人", "姓名：李明", "电话：0512-66885678"]])
    values = extract_table_fields(_document(doc), form, 1, 1).values
    assert values["legal_rep"] == {"name": "王建国", "phone": "0512-66881234"}
    assert values["contact"] == {"name": "李明", "phone": "0512-66885678"}


def test_scene_form_integrator_rows_keep_contact_and_phone(form: Form) -> None:
    label = "场景实例建设系统解决方案供应商名称"
    doc = pymupdf.open()
    p = _page(doc)
    table(p, 80, [110, 110, 50, 60, 60, 90], [
        [label, "北京和利时系统工程有限公司", "联系人", "刘志刚", "联系电话", "13510457449"],
        [label, "达索系统（上海）信息技术有限公司", "联系人", "白国庆", "联系电话", "13119012497"],
        ["场景实例建设投资（万元）", ("4966", 5)],
    ], height=40)
    values = extract_table_fields(_document(doc), form, 1, 1).values
    got = [i.model_dump() for i in integrators_from_rows(values["_integrators"], values.get("_integrator_contacts"))]
    assert got == [{"name": "北京和利时系统工程有限公司", "contact": "刘志刚", "phone": "13510457449"},
                   {"name": "达索系统(上海)信息技术有限公司", "contact": "白国庆", "phone": "13119012497"}]
    assert values["scene_investment"] == 4966


def test_factory_form_lists_of_suppliers_and_contacts_are_paired(form: Form) -> None:
    doc = pymupdf.open()
    p = _page(doc)
    table(p, 80, [150, 330], [
        ["揭榜任务系统解决方案供应商名称", "金蝶软件（中国）有限公司；西门子（中国）有限公司"],
        ["系统解决方案供应商联系人及联系方式", "肖学军 18580716572；卢明15097663702"],
        ["揭榜任务总投资（万元）", "50896"],
    ], height=34)
    values = extract_table_fields(_document(doc), form, 1, 1).values
    got = integrators_from_rows(values["_integrators"], values.get("_integrator_contacts"))
    assert [(i.name, i.contact, i.phone) for i in got] == [
        ("金蝶软件(中国)有限公司", "肖学军", "18580716572"), ("西门子(中国)有限公司", "卢明", "15097663702")]


def test_provider_with_contact_in_brackets_is_split() -> None:
    got = parse_providers("昆船智能技术股份有限公司（付凯 15088277955）；金蝶软件(中国)有限公司 张三 13800001111")
    assert [(i.name, i.contact, i.phone) for i in got] == [
        ("昆船智能技术股份有限公司", "付凯", "15088277955"), ("金蝶软件(中国)有限公司", "张三", "13800001111")]


def test_tick_glyph_written_after_its_line_is_read_at_its_position() -> None:
    # Word/LibreOffice draw ☑ from a fallback font after the rest of the line: in text order it comes last
    doc = pymupdf.open()
    p = _page(doc)
    cjk = pymupdf.Font("cjk")
    tw = pymupdf.TextWriter(p.rect)
    tw.append((100, 100), "□中央企业 ", font=cjk, fontsize=10.5)
    box_x = tw.last_point.x
    tw.append((box_x + 10, 100), "地方国企 □民营企业 □三资企业", font=cjk, fontsize=10.5)
    tw.append((box_x, 100), "☑", font=pymupdf.Font("symbol"), fontsize=10.5)
    tw.write_text(p)
    assert p.get_text("text").strip().endswith("☑")  # the text layer's order puts the tick last
    cell = join_words(read_words(p))
    assert pick_choice(cell, OWNERSHIP) == "地方国企"


def test_tick_written_after_the_option_marks_it() -> None:
    assert pick_choice("□中央企业 □地方国企 民营企业√ □三资企业", OWNERSHIP) == "民营企业"
    assert pick_choice("中央企业 地方国企√ 民营企业 三资企业", OWNERSHIP) == "地方国企"
    assert pick_yes_no("是√（事故名称：叉车倾覆） □否") == (True, "叉车倾覆")
    assert pick_yes_no("□是（事故名称：） 否√") == (False, None)


def test_tick_between_two_options_is_the_box_of_the_second() -> None:
    # a scan where OCR lost the empty box before 是: the √ is 否's box, not a tick after 是
    assert pick_yes_no("是√否") == (False, None)
    assert pick_choice("口中央企业口地方国企√民营企业口三资企业", OWNERSHIP) == "民营企业"
    assert pick_choice("□中央企业 □地方国企 ☑ 民营企业 □三资企业", OWNERSHIP) == "民营企业"


ANNEX1_HEAD = ["序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述（300字以内）", "解决的痛点问题描述",
               "采用的技术方案（包括供应商）", "保障要素", "已实施成效", "其他", "经济性和可推广性", "备注"]
ANNEX1_W = [22, 36, 36, 48, 60, 48, 60, 40, 44, 36, 50, 22]


def _annex1_row(index: str, link: str, scene: str, name: str, desc: str) -> list[str]:
    return [index, link, scene, name, desc, "现场浪费多。", "部署安灯系统。", "成立领导小组。", "响应缩短。", "", "年节约403万元。", ""]


def test_annex1_row_broken_across_pages_without_index_or_header_is_one_instance(form: Form) -> None:
    doc = pymupdf.open()
    p = _page(doc)
    text(p, (X0, 40, 540, 56), "附1", 11)
    table(p, 80, ANNEX1_W, [(60, ANNEX1_HEAD), (200, _annex1_row("1", "产品设计", "虚拟试验与调试", "监护仪虚拟样机", "搭建硬件在环测试台架。")),
                            (40, ["2", "生产作", "精益生", "数字化", "开展5S", "", "", "", "", "", "", ""])])
    p = _page(doc)  # the rest of row 2: every cell continues, no 序号, no header
    table(p, 60, ANNEX1_W, [(120, ["", "业", "产管理", "看板与安灯系统", "与定置管理的数字化巡检。", "现场浪费多。", "部署安灯系统。",
                                   "成立领导小组。", "响应缩短。", "", "年节约403万元。", ""]),
                            (150, _annex1_row("3", "质量管控", "在线智能检测", "焊缝质量在线检测", "部署3D视觉检测。"))])
    d = _document(doc)
    instances, problems = read_annex1(d, find_headings(d, form, "示范工厂"), form)
    assert [(i.index, i.declared_link, i.declared_scene, i.name) for i in instances] == [
        (1, "产品设计", "虚拟试验与调试", "监护仪虚拟样机"), (2, "生产作业", "精益生产管理", "数字化看板与安灯系统"),
        (3, "质量管控", "在线智能检测", "焊缝质量在线检测")]
    assert instances[1].description == "开展5S与定置管理的数字化巡检。"
    assert problems == []


def _scan_annex1(second_page_row: list[str]) -> Document:
    """附1 whose row 2 is broken by a page break, read as if both pages had been OCRed."""
    doc = pymupdf.open()
    p = _page(doc)
    text(p, (X0, 40, 540, 56), "附1", 11)
    table(p, 80, ANNEX1_W, [(60, ANNEX1_HEAD), (200, _annex1_row("1", "产品设计", "虚拟试验与调试", "监护仪虚拟样机", "搭建台架。")),
                            (40, ["2", "生产作", "精益生", "数字化", "开展5S", "", "", "", "", "", "", ""])])
    p = _page(doc)
    table(p, 60, ANNEX1_W, [(120, second_page_row)])
    return build_document([replace(read_text_page(pg, i + 1), source="ocr") for i, pg in enumerate(doc)])


LINKS = frozenset({"产品设计", "生产作业", "质量管控", "营销管理"})


def test_scanned_annex1_row_broken_inside_its_link_cell_is_one_instance(form: Form) -> None:
    d = _scan_annex1(["", "业", "产管理", "看板与安灯系统", "与定置管理的数字化巡检。", "", "", "", "", "", "", ""])
    instances, _ = read_annex1(d, find_headings(d, form, "示范工厂"), form, LINKS)
    assert [(i.declared_link, i.name) for i in instances] == [("产品设计", "监护仪虚拟样机"), ("生产作业", "数字化看板与安灯系统")]


def test_scanned_annex1_page_top_row_with_a_whole_link_and_unread_index_is_a_new_instance(form: Form) -> None:
    d = _scan_annex1(_annex1_row("", "质量管控", "在线智能检测", "焊缝质量在线检测", "部署3D视觉检测。"))
    instances, _ = read_annex1(d, find_headings(d, form, "示范工厂"), form, LINKS)
    assert [(i.index, i.declared_link) for i in instances] == [(1, "产品设计"), (2, "生产作"), (3, "质量管控")]


def test_annex2_item_broken_across_pages_is_joined() -> None:
    doc = pymupdf.open()
    w = [110, 90, 90, 110, 80]
    p = _page(doc)
    text(p, (X0, 40, 540, 56), "附2", 11)
    table(p, 640, w, [["场景实例名称（与上面表格对应）", ("原料药包衣质量智能在线检测", 4)],
                      ["关键装备种类", "名称", "规格/型号", "供应商", "备注"],
                      (40, ["智能检测与装配装备", "自动装配线", "AH-2068", "广州明珞装备股份有限", "已投用"])])
    p = _page(doc)
    table(p, 60, w, [["", "", "", "公司", ""], ["关键软件种类", "名称", "规格/型号", "供应商", ""],
                     ["行业专用类", "EMS", "V6.9", "安徽海螺信息技术工程有限责任公司", ""]], height=24)
    d = _document(doc)
    form = load_reference(2023).form
    blocks = read_annex2(d, find_headings(d, form, "示范工厂"))
    assert len(blocks) == 1
    lists = blocks[0][2]
    assert [(i.name, i.supplier, i.description) for i in lists["equipment"]] == [("自动装配线", "广州明珞装备股份有限公司", "已投用")]
    assert [(i.name, i.supplier) for i in lists["software"]] == [("EMS", "安徽海螺信息技术工程有限责任公司")]


def test_annex_list_row_broken_across_pages_is_one_row(form: Form) -> None:
    doc = pymupdf.open()
    w = [30, 150, 60, 60, 110, 60]
    head = ["序号", "标准名称", "标准类型", "标准状态", "标准号", "备注"]
    p = _page(doc)
    text(p, (X0, 700, 540, 716), "附6", 11)
    table(p, 740, w, [head, (30, ["1", "通用硅酸盐水泥智", "团标", "已发布", "T/CAMS 213-2022", ""])])
    p = _page(doc)  # the rest of row 1, then row 2; header not repeated
    table(p, 60, w, [["", "能工厂数据采集规范", "", "", "", ""], ["2", "水泥窑协同处置技术规范", "行标", "在编", "", ""]])
    text(p, (X0, 200, 540, 216), "附7", 11)
    d = _document(doc)
    rows = read_annexes(d, find_headings(d, form, "示范工厂"), form)["standards"]
    assert [(r.name, r.kind, r.params) for r in rows] == [
        ("通用硅酸盐水泥智能工厂数据采集规范", "团标", "T/CAMS 213-2022"), ("水泥窑协同处置技术规范", "行标", None)]


def test_narrative_line_starting_with_a_decimal_is_not_a_sub_heading() -> None:
    texts = ["（一）场景实例1：厂内物流", "配送人员减少28人，配送准时率提升到", "90.7%。总体来看，该场景实例建设成",
             "效显著。", "（二）场景实例2：设备监测", "在关键设备加装传感器。"]
    lines = [TextLine(5, (70, 100 + 20 * i, 500, 112 + 20 * i), t, []) for i, t in enumerate(texts)]
    out, missing = split_narrative(lines, [Instance(index=1, name="厂内物流"), Instance(index=2, name="设备监测")])
    assert missing == []
    assert out[0].narrative == "配送人员减少28人,配送准时率提升到90.7%。总体来看,该场景实例建设成效显著。"


def test_contacts_list_read_with_a_colon_for_the_separator_is_still_paired() -> None:
    # OCR reads the full-width ； after a phone number as ：
    got = integrators_from_rows([("甲公司；乙公司", "")], "谢平13257413263：邵俊 15793584729")
    assert [(i.name, i.contact, i.phone) for i in got] == [("甲公司", "谢平", "13257413263"), ("乙公司", "邵俊", "15793584729")]


def test_scanned_box_with_a_tick_inside_reads_as_ticked() -> None:
    options = ("中央企业", "地方国企", "民营企业", "三资企业", "三级", "四级")
    # OCR read Word's ☑ as 口; the square found there is partly filled (the tick), not hollow nor solid
    words = [Word(100, 100, 300, 110, "□中央企业口地方国企□民营企业")]
    marks = [Mark(100, 100, 110, 110, checked=False, fill=0.02), Mark(162, 100, 172, 110, checked=False, fill=0.3),
             Mark(233, 100, 243, 110, checked=False, fill=0.03)]
    assert pick_choice(apply_marks(words, marks, options)[0].text, OWNERSHIP) == "地方国企"
    # a square character next to an empty box (四 after □) is not a ticked box
    words = [Word(100, 100, 150, 110, "□三级□四级")]
    marks = [Mark(100, 100, 108.3, 110, checked=False, fill=0.02), Mark(125, 100, 133.3, 110, checked=False, fill=0.02),
             Mark(133.3, 100, 141.6, 110, checked=False, fill=0.4)]
    assert apply_marks(words, marks, options)[0].text == "□三级□四级"


def test_a_cell_at_the_end_of_a_table_followed_by_another_table_does_not_take_the_next_page_top() -> None:
    from extractors.document_index import continued_text

    doc = pymupdf.open()
    p = _page(doc)
    table(p, 60, [100, 380], [(60, ["企业简介", "公司成立于2016年，拥有省级企业技术中心。"])])
    text(p, (X0, 140, 540, 156), "（二）示范工厂揭榜任务基本信息", 11)
    table(p, 170, [100, 380], [(60, ["项目简述", "建设了自动化产线，应用工业机"])])
    p = _page(doc)
    table(p, 40, [100, 380], [(30, ["", "器人121台，实现了关键工序少人化。"]), (30, ["备注", "无"])])
    d = _document(doc)
    first, second = d.tables_of(1, 1)
    assert continued_text(d, first, first.row_cells(0)[1]) == ""
    assert continued_text(d, second, second.row_cells(0)[1]) == "器人121台,实现了关键工序少人化。"
