"""What the official form prints (附件3-1/3-2 of seed 002) reads like the other layouts: labels printed over
their values (所属行业) and beside them (Word copies) give the same fields, the supplier block gives each
supplier its contact, a narrow label cut by a page break still finds its value, the 示例 row of 附1 is no
instance, and scans that lose a bracket of a printed hint, or read a list's ；as ：, give the right value."""

from __future__ import annotations

import pymupdf
import pytest
from extract_fixtures import A4, X0, table, text

from catalog.reference import Form, load_reference
from extractors.annexes import integrators_from_rows
from extractors.document_index import Document, build_document
from extractors.fields import extract_table_fields
from extractors.instances import read_annex1
from extractors.label_match import match_label
from extractors.pdf_digital import read_text_page
from extractors.sections import find_headings
from model.text import normalize_text

INDUSTRY = {"category": "制造业", "major": "专用设备制造业", "middle": "化工、木材、非金属加工专用设备制造"}


@pytest.fixture(scope="module")
def form() -> Form:
    return load_reference(2023).form


def _fields(rows: list[list], widths: list[float], form: Form, height: float = 30) -> dict:
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    table(page, 80, widths, rows, height=height)
    document: Document = build_document([read_text_page(p, i + 1) for i, p in enumerate(doc)])
    return extract_table_fields(document, form, 1, 1).values


def test_industry_printed_as_headers_over_a_value_row_is_read_from_the_row_below(form: Form) -> None:
    values = _fields([
        ["企业名称", ("江苏恒远智能装备有限公司", 3)],
        [("所属行业2", 1, 2), "行业门类（系统中下拉选择）", "行业大类（系统中下拉选择）", "行业中类（系统中下拉选择）"],
        [INDUSTRY["category"], INDUSTRY["major"], INDUSTRY["middle"]],
        ["工厂地址", ("江苏省苏州市工业园区星湖街88号", 3)],
    ], [90, 130, 130, 150], form)
    assert values["industry"] == INDUSTRY
    assert values["company_name"] == "江苏恒远智能装备有限公司"
    assert values["factory_address"] == "江苏省苏州市工业园区星湖街88号"


def test_industry_printed_beside_its_values_is_read_from_the_cells_to_the_right(form: Form) -> None:
    values = _fields([
        ["行业门类", INDUSTRY["category"], "行业大类", INDUSTRY["major"]],
        ["行业中类", (INDUSTRY["middle"], 3)],
        ["工厂地址", ("江苏省苏州市工业园区星湖街88号", 3)],
    ], [90, 130, 100, 180], form)
    assert values["industry"] == INDUSTRY


def test_a_header_row_under_the_group_label_is_read_below_even_when_a_header_is_misread(form: Form) -> None:
    # the scan garbled the 行业大类 header: 行业门类 still takes the value under it, not the garbled cell
    values = _fields([
        [("所属行业5", 1, 2), "行业门类（系统中下拉选择）", "彳亍业大荚（系统中下拉选择）", "行业中类（系统中下拉选择）"],
        [INDUSTRY["category"], INDUSTRY["major"], INDUSTRY["middle"]],
    ], [90, 130, 130, 150], form)
    assert values["industry"]["category"] == INDUSTRY["category"]
    assert values["industry"]["middle"] == INDUSTRY["middle"]


def test_the_official_supplier_block_gives_each_supplier_its_contact(form: Form) -> None:
    values = _fields([
        [("场景实例建设系统解决方案供应商名称", 1, 4), ("北京用友网络科技股份有限公司", 4)],
        ["联系人", "彭杰", "联系电话", "13298765432"],
        [("华为技术有限公司", 4)],
        ["联系人", "陶伟", "联系电话", "17728931913"],
        ["工厂地址", ("江苏省苏州市工业园区星湖街88号", 4)],
    ], [130, 60, 110, 70, 130], form, height=24)
    assert values["_integrators"] == [("北京用友网络科技股份有限公司", "彭杰 13298765432"),
                                      ("华为技术有限公司", "陶伟 17728931913")]


@pytest.mark.parametrize("text,path", [
    ("揭榜任务总投资万元)", "task_investment"),
    ("行业门类(系统中下拉选择", "industry.category"),
    ("资产总额(万元", "fin.total_assets"),
    ("生产效率提升*%)", "metrics.生产效率提升"),
])
def test_a_label_whose_scan_lost_a_bracket_of_its_hint_is_still_recognised(form: Form, text: str, path: str) -> None:
    assert match_label(text, form) == path


def test_values_are_not_taken_for_printed_labels(form: Form) -> None:
    for value in ("制造业", "专用设备制造业", "所属行业2", "12966", "江苏省苏州市工业园区星湖街88号"):
        assert match_label(value, form) is None


def test_a_supplier_list_whose_separator_a_scan_read_as_a_colon_gives_each_supplier(form: Form) -> None:
    got = integrators_from_rows([("卡奥斯物联科技股份有限公司:安徽海螺信息技术工程有限责任公司;鼎捷软件股份有限公司", "")],
                                "夏敏18253558481;贺晓燕15964496915;方芳 18624436260", form)
    assert [(i.name, i.contact, i.phone) for i in got] == [
        ("卡奥斯物联科技股份有限公司", "夏敏", "18253558481"), ("安徽海螺信息技术工程有限责任公司", "贺晓燕", "15964496915"),
        ("鼎捷软件股份有限公司", "方芳", "18624436260")]


def test_a_narrow_label_cut_by_a_page_break_still_gives_its_whole_value(form: Form) -> None:
    doc = pymupdf.open()
    first = doc.new_page(width=A4.width, height=A4.height)
    table(first, 700, [60, 420], [["企业名称", "江苏恒远智能装备有限公司"],
                                  ["企\n业\n简", "江苏恒远智能装备有限公司成立于2003年，位于苏州市工业园区，"]], height=40)
    second = doc.new_page(width=A4.width, height=A4.height)
    table(second, 72, [60, 420], [["介", "是一家专业从事智能装备研发、生产和销售的民营企业。"]], height=30)
    document = build_document([read_text_page(p, i + 1) for i, p in enumerate(doc)])
    values = extract_table_fields(document, form, 1, 2).values
    assert normalize_text(values["company_intro"]) == normalize_text(
        "江苏恒远智能装备有限公司成立于2003年，位于苏州市工业园区，是一家专业从事智能装备研发、生产和销售的民营企业。")


ANNEX1_HEAD = ["序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述（300字以内）", "解决的痛点问题描述",
               "采用的技术方案（包括供应商）", "保障要素", "已实施成效", "其他", "经济性和可推广性", "备注"]
ANNEX1_W = [22, 36, 36, 48, 60, 48, 60, 40, 44, 36, 50, 22]


@pytest.mark.parametrize("marker", ["示例", ""])  # "": a scan that lost the 示例 cell
def test_the_forms_example_row_under_the_annex1_header_is_no_instance(form: Form, marker: str) -> None:
    doc = pymupdf.open()
    p = doc.new_page(width=A4.width, height=A4.height)
    text(p, (X0, 40, 540, 56), "附1", 11)
    example = [marker, "生产作业", "人机协同制造", "多机协同的发动机壳体柔性加工与检测", "针对发动机壳体加工。", "效率低。",
               "配置上下料机器人。", "编制标准。", "效率提升30%。", "", "节省200万。", ""]
    row = ["1", "质量管控", "智能在线检测", "焊缝质量在线检测", "部署3D视觉检测。", "漏检多。", "部署相机。", "成立小组。",
           "漏检下降。", "", "年节约100万元。", ""]
    table(p, 80, ANNEX1_W, [(60, ANNEX1_HEAD), (160, example), (120, row)])
    document = build_document([read_text_page(pg, i + 1) for i, pg in enumerate(doc)])
    instances, problems = read_annex1(document, find_headings(document, form, "优秀场景"), form)
    assert [(i.index, i.name) for i in instances] == [(1, "焊缝质量在线检测")]
    assert problems == []


def test_a_partner_list_whose_separator_a_scan_read_as_a_colon_keeps_its_separator(form: Form) -> None:
    values = _fields([["智慧供应链上下游关键企业", "南京科远智慧科技集团股份有限公司:武汉华中数控股份有限公司"]], [150, 330], form)
    assert normalize_text(values["supply_chain"]["partners"]) == normalize_text(
        "南京科远智慧科技集团股份有限公司；武汉华中数控股份有限公司")
