"""推荐汇总表 (附件4): instance lines, priority order, quota warnings, XLSX and DOCX parsed back."""

from __future__ import annotations

import docx
import pytest
from openpyxl import load_workbook
from report_fixtures import make_submission

from catalog.reference import load_rules
from model import Finding
from model.submission import Contact, Fields
from reports.recommendation import (
    PriorityFileError,
    order_for_recommendation,
    quota_warnings,
    recommendation_lines,
    write_recommendation_docx,
    write_recommendation_xlsx,
)


def _scene(sid, company, code, status="pass", **kw):
    fields = Fields(
        company_name=company, credit_code=code, contact=Contact(name="李四", mobile="13700000000")
    )
    return make_submission(
        submission_id=sid,
        declaration_type="优秀场景",
        status=status,
        fields=fields,
        source=make_submission().source.model_copy(update={"path": f"/in/{company}.pdf"}),
        **kw,
    )


def test_lines_follow_the_example_of_attachment_4(sub):
    assert recommendation_lines(sub)[0] == (
        "1. 生产作业（环节名）—人机协同制造（场景名）—多机协同的发动机壳体柔性加工与检测（实例名）"
    )
    assert recommendation_lines(sub, with_labels=False)[1] == "2. 仓储物流—智能仓储—立体仓库智能存取"


def test_missing_labels_are_shown_as_unfilled(sub):
    inst = sub.instances[0].model_copy(update={"declared_scene": None})
    assert "（未填）（场景名）" in recommendation_lines(sub.model_copy(update={"instances": [inst]}))[0]


def test_default_order_is_pass_then_needs_review_then_fail(sub):
    a, b, c = (
        _scene("a", "甲", "1", "fail"),
        _scene("b", "乙", "2", "pass"),
        _scene("c", "丙", "3", "needs_review"),
    )
    assert [s.submission_id for s in order_for_recommendation([a, b, c])] == ["b", "c", "a"]


def test_priority_csv_orders_by_credit_code_and_puts_unlisted_last(tmp_path):
    a, b, c = _scene("a", "甲", "91A"), _scene("b", "乙", "91B"), _scene("c", "丙", "91C", "fail")
    csv = tmp_path / "priority.csv"
    csv.write_text("序号,统一社会信用代码\n2,91a\n1,91C\n", encoding="utf-8-sig")
    assert [s.submission_id for s in order_for_recommendation([a, b, c], csv)] == ["c", "a", "b"]


def test_priority_csv_by_company_name_or_file_name_in_gbk(tmp_path):
    a, b = _scene("a", "甲公司", "1"), _scene("b", "乙公司", "2")
    csv = tmp_path / "p.csv"
    csv.write_bytes("企业名称,文件名\n,乙公司.pdf\n甲公司,\n".encode("gbk"))
    assert [s.submission_id for s in order_for_recommendation([a, b], csv)] == ["b", "a"]


def test_priority_csv_without_a_key_column_is_a_chinese_error(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("序号,名称\n1,甲\n", encoding="utf-8")
    with pytest.raises(PriorityFileError, match="统一社会信用代码"):
        order_for_recommendation([_scene("a", "甲", "1")], csv)


def test_quota_exceeded_gives_a_chinese_warning_with_the_excess(sub):
    subs = [sub.model_copy(update={"submission_id": f"f{n}"}) for n in range(16)]
    [warning] = quota_warnings(subs, load_rules(2023), "省")
    assert "示范工厂上限为15个" in warning and "超出1个" in warning
    assert quota_warnings(subs[:15], load_rules(2023), "省") == []
    assert "超出11个" in quota_warnings(subs, load_rules(2023), "兵团")[0]  # 新疆生产建设兵团


def test_quota_ignores_unprocessable_files_and_reports_unknown_kinds(sub):
    subs = [sub.model_copy(update={"submission_id": f"f{n}", "status": "error"}) for n in range(20)]
    assert quota_warnings(subs, load_rules(2023), "省") == []
    assert "可选类型" in quota_warnings(subs, load_rules(2023), "地级市")[0]
    assert quota_warnings(subs, load_rules(2023), None) == []
    assert "未规定推荐名额" in quota_warnings(subs, load_rules(2022), "省")[0]


def _two_types(sub):
    scene = _scene("s1", "乙科技有限公司", "2")
    return [scene, sub]


def test_xlsx_has_both_tables_with_headers_rows_and_notes(tmp_path, sub):
    path = write_recommendation_xlsx(
        _two_types(sub), tmp_path / "推荐汇总表.xlsx", recommender="广东省工业和信息化厅"
    )
    book = load_workbook(path)
    assert book.sheetnames == ["优秀场景", "示范工厂"]
    ws = book["示范工厂"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == "智能制造试点示范项目推荐汇总表"
    assert rows[1][0] == "推荐单位（盖章）：广东省工业和信息化厅"
    assert rows[2][0] == "2. 智能制造示范工厂"
    assert rows[3] == [
        "序号",
        "揭榜单位名称",
        "示范工厂名称",
        "涉及典型场景实例（罗列）",
        "联系人",
        "联系方式（手机号）",
    ]
    assert rows[4][:3] == [1, "甲机械制造有限公司", "发动机壳体智能工厂"]
    assert rows[4][3].split("\n") == recommendation_lines(sub)
    assert rows[5][0].startswith("注：1.推荐智能制造示范工厂排名有先后")
    scene_rows = [[c.value for c in r] for r in book["优秀场景"].iter_rows()]
    assert scene_rows[3][2] == "申报智能制造典型场景实例（罗列）" and scene_rows[4][1] == "乙科技有限公司"


def test_docx_has_title_recommender_two_tables_and_notes(tmp_path, sub):
    path = write_recommendation_docx(_two_types(sub), tmp_path / "推荐汇总表.docx")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert "智能制造试点示范项目推荐汇总表" in paragraphs
    assert "推荐单位（盖章）：广东省工业和信息化厅" in paragraphs  # the one recommender all submissions name
    assert paragraphs.index("1. 智能制造优秀场景") < paragraphs.index("2. 智能制造示范工厂")
    assert any(p.startswith("注：1.推荐智能制造优秀场景排名有先后") for p in paragraphs)
    scenes, factories = document.tables
    assert [c.text for c in scenes.rows[0].cells][2] == "申报智能制造典型场景实例（罗列）"
    assert [c.text for c in factories.rows[1].cells][:3] == ["1", "甲机械制造有限公司", "发动机壳体智能工厂"]
    assert factories.rows[1].cells[3].text.split("\n") == recommendation_lines(sub)


def test_empty_table_keeps_one_blank_row_to_fill_by_hand(tmp_path, sub):
    document = docx.Document(str(write_recommendation_docx([sub], tmp_path / "r.docx")))
    assert len(document.tables[0].rows) == 2 and all(not c.text for c in document.tables[0].rows[1].cells)


def test_findings_do_not_change_the_lines(sub):
    noisy = sub.model_copy(
        update={"findings": [*sub.findings, Finding(rule="X", severity="info", message="m")]}
    )
    assert recommendation_lines(noisy) == recommendation_lines(sub)


def test_writers_can_leave_out_the_example_markers(tmp_path, sub):
    path = write_recommendation_xlsx([sub], tmp_path / "r.xlsx", with_labels=False)
    cell = load_workbook(path)["示范工厂"]["D5"].value
    assert cell.split("\n")[0] == "1. 生产作业—人机协同制造—多机协同的发动机壳体柔性加工与检测"
    document = docx.Document(str(write_recommendation_docx([sub], tmp_path / "r.docx", with_labels=False)))
    assert "（环节名）" not in document.tables[1].rows[1].cells[3].text
