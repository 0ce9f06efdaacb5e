"""read_online: JSON and XLSX exports -> Submissions (coercion, ids, joins) and Chinese errors for bad files."""

from __future__ import annotations

import json

import pytest

from catalog.online_columns import load_online_columns
from extractors.online import OnlineReadError, read_online

CODE = "91350100M000100Y43"
RECORD = {
    "declaration_type": "优秀场景", "year": 2023,
    "fields": {"company_name": " 湖北华晟 精密机械有限公司", "credit_code": CODE, "declared_on": "2023年8月20日",
               "founded": "2005年6月", "maturity_level": "三级", "key_region": "否", "scene_investment": "1,234.50",
               "metrics": {"生产效率提升": "35%"}, "financials": {"2022": {"revenue": "25,000.5"}},
               "integrators": "武汉智造科技有限公司（张伟 027-87654321）；西门子（中国）有限公司；自建"},
    "instances": [{"declared_link": "质量管控", "declared_scene": "智能在线检测", "name": "视觉检测",
                   "description": "建设机器视觉检测系统。"}],
}


def test_json_records_are_coerced_like_the_paper_copy(tmp_path):
    path = tmp_path / "online.json"
    path.write_text(json.dumps([RECORD, {**RECORD, "fields": {**RECORD["fields"], "credit_code": None}}],
                               ensure_ascii=False), encoding="utf-8")
    first, second = read_online(path)
    f = first.fields
    assert first.submission_id == f"online-{CODE}-优秀场景" and second.submission_id == "online-2-优秀场景"
    assert first.source.path == str(path) and first.year == 2023 and first.declaration_type == "优秀场景"
    assert f.company_name == "湖北华晟精密机械有限公司" and f.declared_on == "2023-08-20" and f.founded == "2005-06"
    assert f.maturity_level == 3 and f.key_region is False and f.scene_investment == 1234.5
    assert f.metrics == {"生产效率提升": 35.0} and f.financials["2022"].revenue == 25000.5
    assert [(i.name, i.contact, i.phone) for i in f.integrators] == [("武汉智造科技有限公司", "张伟", "027-87654321"),
                                                                     ("西门子（中国）有限公司", None, None),
                                                                     ("自建", None, None)]
    assert first.instances[0].index == 1 and first.instances[0].declared_scene == "智能在线检测"


def test_online_amounts_follow_the_unit_of_the_field_and_words_read_as_yes_no(tmp_path):
    fields = {**RECORD["fields"], "scene_investment": "1.2亿元", "key_region": "Y",
              "financials": {"2022": {"revenue": "250,000,000元", "debt_ratio": "45%"}}}
    path = tmp_path / "online.json"
    path.write_text(json.dumps([{**RECORD, "fields": fields}], ensure_ascii=False), encoding="utf-8")
    f = read_online(path)[0].fields
    assert f.scene_investment == 12000.0 and f.key_region is True
    assert f.financials["2022"].revenue == 25000.0 and f.financials["2022"].debt_ratio == 45.0


def test_year_option_overrides_the_record_year(tmp_path):
    path = tmp_path / "online.json"
    path.write_text(json.dumps([RECORD], ensure_ascii=False), encoding="utf-8")
    assert read_online(path, year=2022)[0].year == 2022


@pytest.mark.parametrize(("name", "content", "words"), [
    ("broken.json", "[{", "不是合法的 JSON"),
    ("object.json", '{"a": 1}', "记录列表"),
    ("badtype.json", '[{"declaration_type": "卓越级", "fields": {}}]', "申报类型「卓越级」"),
    ("badvalue.json", '[{"declaration_type": "示范工厂", "fields": {"maturity_level": 9}}]', "maturity_level"),
    ("online.csv", "a,b", "格式无法识别"),
])
def test_bad_online_files_raise_a_chinese_error(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OnlineReadError, match=words):
        read_online(path)


def test_missing_path_and_empty_folder_raise_a_chinese_error(tmp_path):
    with pytest.raises(OnlineReadError, match="找不到"):
        read_online(tmp_path / "nope.json")
    with pytest.raises(OnlineReadError, match="没有 PDF"):
        read_online(tmp_path)


def _write_xlsx(path, rows, inst_rows):
    from openpyxl import Workbook

    cols = load_online_columns()
    wb = Workbook()
    ws = wb.active
    ws.title = cols.submission_sheet
    headers = ["申报类型", "企业名称", "统一社会信用代码", "申报日期", "是否位于重点区域", "场景实例建设投资（万元）",
               "生产效率提升（%）", "2022年主营业务收入（万元）", "系统解决方案供应商", "行业门类"]
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wi = wb.create_sheet(cols.instance_sheet)
    wi.append(["统一社会信用代码", "申报类型", "序号", "环节名称", "场景名称", "场景实例名称", "场景实例描述"])
    for row in inst_rows:
        wi.append(row)
    wb.save(path)


def test_xlsx_sheets_are_joined_by_credit_code_and_type(tmp_path):
    import datetime as dt

    path = tmp_path / "online.xlsx"
    _write_xlsx(path, [["优秀场景", "湖北华晟精密机械有限公司", CODE, dt.datetime(2023, 8, 20), "是", 1234.5, 35,
                        "25,000.5", "甲公司（张三 123）", "制造业"],
                       ["示范工厂", "湖北华晟精密机械有限公司", CODE, "2023-08", "否", None, "", None, None, None]],
                [[CODE, "示范工厂", 2, "仓储物流", "智能仓储", "立体库", "AGV"],
                 [CODE, "优秀场景", 1, "质量管控", "智能在线检测", "视觉检测", "相机"],
                 [CODE, "示范工厂", 1, "计划调度", "车间智能排产", "APS排产", "APS"]])
    scene, factory = read_online(path)
    assert scene.fields.declared_on == "2023-08-20" and scene.fields.key_region is True
    assert scene.fields.metrics == {"生产效率提升": 35.0} and scene.fields.financials["2022"].revenue == 25000.5
    assert scene.fields.industry.category == "制造业" and scene.fields.integrators[0].name == "甲公司"
    assert [i.name for i in scene.instances] == ["视觉检测"]
    assert [i.name for i in factory.instances] == ["APS排产", "立体库"] and factory.fields.declared_on == "2023-08"
    assert factory.submission_id == f"online-{CODE}-示范工厂"


def test_instance_row_without_its_submission_row_is_an_error(tmp_path):
    path = tmp_path / "online.xlsx"
    _write_xlsx(path, [["优秀场景", "甲", CODE, None, None, None, None, None, None, None]],
                [["91110000100000000X", "优秀场景", 1, "质量管控", "智能在线检测", "x", "y"]])
    with pytest.raises(OnlineReadError, match="没有对应的申报主体"):
        read_online(path)


def test_not_an_xlsx_file_raises_a_chinese_error(tmp_path):
    path = tmp_path / "online.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(OnlineReadError, match="不是可读取的 XLSX"):
        read_online(path)


def test_xlsx_percent_and_month_formats_read_as_printed(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    path = tmp_path / "online.xlsx"
    _write_xlsx(path, [["优秀场景", "甲公司", CODE, dt.datetime(2023, 8, 1), None, None, 0.355, None, None, None]],
                [])
    wb = load_workbook(path)
    ws = wb["申报主体"]
    ws.cell(2, 4).number_format = "yyyy-mm"
    ws.cell(2, 7).number_format = "0.0%"
    ws.cell(1, 2).value = "*企业名称"
    wb.save(path)
    [sub] = read_online(path)
    assert sub.fields.declared_on == "2023-08" and sub.fields.metrics == {"生产效率提升": 35.5}
    assert sub.fields.company_name == "甲公司"
