"""A digital declaration is read completely by its labels: cover, basic info, metrics, 附1, 附2, seals."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_fixtures import COMPANY, CREDIT, INSTANCES, NARRATIVE

from extractors.extract_pdf import extract_submission
from model.submission import Submission
from model.text import count_chars, normalize_text


@pytest.fixture(scope="module")
def sub(declaration_pdf: Path) -> Submission:
    return extract_submission(declaration_pdf)


def test_digital_file_is_digital_with_no_ocr_pages(sub: Submission) -> None:
    assert sub.source.kind == "digital"
    assert sub.source.ocr_pages == []
    assert sub.source.pages == 8
    assert sub.declaration_type == "优秀场景"
    assert sub.year == 2023


def test_cover_fields_are_read_by_label(sub: Submission) -> None:
    f = sub.fields
    assert f.project_name == f"{INSTANCES[0][2]}项目"
    assert f.applicant == COMPANY  # the seal's red lettering is not part of the name
    assert f.recommender == "江苏省工业和信息化厅"
    assert f.declared_on == "2023-05-10"


def test_basic_information_table_values_and_types(sub: Submission) -> None:
    f = sub.fields
    assert (f.company_name, f.credit_code, f.founded) == (COMPANY, CREDIT, "2010-05")
    assert (f.ownership, f.size, f.sector) == ("民营企业", "中型企业", "装备制造")
    assert (f.industry.category, f.industry.major, f.industry.middle) == ("制造业", "通用设备制造业", "金属加工机械制造")
    assert f.key_region is True and f.accident is False
    assert (f.legal_rep.name, f.legal_rep.phone) == ("王建国", "0512-66881234")
    assert (f.contact.name, f.contact.title, f.contact.email) == ("李明", "总经理助理", "liming@hengyuan.cn")


def test_financials_continue_across_page_break_by_year_column(sub: Submission) -> None:
    fin = sub.fields.financials
    assert fin["2020"].total_assets == 52300.5
    assert fin["2022"].revenue == 40150.8  # printed on the next page, matched by column position
    assert fin["2021"].profit_margin == 9.1


def test_metric_grid_keys_match_form_and_empty_cell_is_none(sub: Submission) -> None:
    m = sub.fields.metrics
    assert m["关键设备数控化率"] == 85.5
    assert m["生产效率提升"] == 30.0
    assert m["先进过程控制投用率"] is None


def test_scene_block_dates_investment_and_integrator(sub: Submission) -> None:
    f = sub.fields
    assert (f.scene_start, f.scene_end, f.scene_investment) == ("2022-03", "2023-05", 1200.5)
    assert [i.name for i in f.integrators] == ["苏州智造科技有限公司"]


def test_annex1_row_split_over_page_break_is_one_instance(sub: Submission) -> None:
    assert [i.index for i in sub.instances] == [1, 2]
    first = sub.instances[0]
    assert first.description == normalize_text(INSTANCES[0][3])
    assert first.page == 6
    assert sub.instances[1].page == 7
    assert sub.instances[1].declared_scene == "在线智能检测"


def test_annex2_lists_attach_to_their_instance(sub: Submission) -> None:
    first = sub.instances[0]
    assert first.equipment[0].category == "高档数控机床与工业机器人"
    assert first.equipment[0].model == "DMU 65"
    assert first.software[0].name == "MES系统"
    assert first.processes[0].description == "多品种混线加工"


def test_narrative_is_split_per_instance_with_counts(sub: Submission) -> None:
    for inst, text in zip(sub.instances, NARRATIVE, strict=True):
        assert inst.narrative == normalize_text(text)
        assert inst.narrative_count is not None
        assert inst.narrative_count.chars == count_chars(normalize_text(text))
        assert inst.narrative_page == 5


def test_all_four_seal_places_found_present(sub: Submission) -> None:
    roles = {s.role: s.present for s in sub.seals}
    assert roles == {"applicant": True, "recommender": True, "company": True, "legal_rep": True}
    applicant = next(s for s in sub.seals if s.role == "applicant")
    assert applicant.page == 1 and applicant.bbox is not None


def test_missing_seals_are_present_false(unsealed_pdf: Path) -> None:
    sub = extract_submission(unsealed_pdf)
    assert {s.role: s.present for s in sub.seals} == {
        "applicant": False, "recommender": False, "company": False, "legal_rep": False}


def test_provenance_points_at_the_value_cell(sub: Submission) -> None:
    loc = sub.provenance["fields.company_name"]
    assert loc.page == 2 and loc.bbox is not None


def test_clean_digital_file_has_no_incomplete_findings(sub: Submission) -> None:
    assert [f for f in sub.findings if f.rule == "EXTRACTION_INCOMPLETE"] == []


def test_cover_printed_as_a_ruled_table_is_read(tmp_path: Path) -> None:
    import pymupdf
    from extract_fixtures import table, text

    doc = pymupdf.open()
    p = doc.new_page()
    text(p, (100, 120, 500, 150), "<center>智能制造试点示范项目申报书（示范工厂）</center>", 16)
    table(p, 400, [90, 300], [["项目名称", "恒远智能工厂"], ["申报单位", "江苏恒远智能装备有限公司（盖章）"],
                              ["推荐单位", "江苏省工业和信息化厅"], ["申报日期", "2023年8月1日"]], height=30)
    path = tmp_path / "cover_table.pdf"
    doc.save(path)
    sub = extract_submission(path)
    f = sub.fields
    assert (f.project_name, f.applicant, f.declared_on) == ("恒远智能工厂", "江苏恒远智能装备有限公司", "2023-08-01")
    assert sub.declaration_type == "示范工厂"
