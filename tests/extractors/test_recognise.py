"""Recognising the document: other files are NOT_A_DECLARATION, other years' templates get their year's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import review
from catalog.reference import load_reference
from checks.template_year import check_template_year
from extractors.extract_pdf import extract_submission
from model.submission import Source, Submission
from samples.other_documents import KINDS, retemplate, write_other

BATCH = Path(__file__).parents[2] / "samples" / "batch-2023"
SCENE = BATCH / "01_优秀场景_广东汇峰轮胎_digital.pdf"
TITLES = {"student": "大学生创新创业训练计划项目申报书", "scholarship": "国家奖学金申请审批表",
          "customs": "中华人民共和国海关出口货物报关单"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_of_another_kind_is_an_error_naming_what_it_is_and_gets_no_rule_findings(tmp_path, kind):
    pdf = write_other(kind, tmp_path / f"{kind}.pdf")
    sub = review.analyse_document(pdf, review.ReviewContext())
    assert sub.status == "error"
    assert [f.rule for f in sub.findings] == ["NOT_A_DECLARATION"]
    finding = sub.findings[0]
    assert finding.severity == "error" and TITLES[kind] in finding.message
    assert "附件3-1" in finding.message and "重新审核" in finding.message
    assert sub.instances == [] and sub.seals == []


def test_a_file_of_another_kind_stays_an_error_after_the_batch_and_is_not_paired(tmp_path):
    pdf = write_other("student", tmp_path / "student.pdf")
    done = review.finish_batch([review.analyse_document(pdf, review.ReviewContext())], review.ReviewContext())
    assert done.subs[0].status == "error"
    assert [f.rule for f in done.subs[0].findings] == ["NOT_A_DECLARATION"]


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scanned_customs_form_is_not_a_declaration(tmp_path):
    pdf = write_other("customs", tmp_path / "customs_scan.pdf", scanned=True)
    sub = extract_submission(pdf)
    assert sub.source.kind == "scanned"
    assert sub.status == "error" and [f.rule for f in sub.findings] == ["NOT_A_DECLARATION"]
    assert "报关单" in sub.findings[0].message


def test_a_declaration_of_this_programme_is_recognised():
    sub = extract_submission(SCENE)
    assert sub.status != "error"
    assert not [f for f in sub.findings if f.rule == "NOT_A_DECLARATION"]
    # the generator's cover prints the title shared by 2022 and 2023 without an annex number: no template year
    assert sub.source.template_year is None and sub.year == 2023


def test_a_2021_template_is_read_as_2021_and_checked_with_the_2021_rules(tmp_path):
    pdf = tmp_path / "2021.pdf"
    pdf.write_bytes(retemplate(SCENE.read_bytes(), "附件4", "智能制造优秀场景申报书"))
    sub = review.analyse_document(pdf, review.ReviewContext())
    assert sub.source.template_year == 2021
    assert sub.year == 2021 and sub.declaration_type == "优秀场景"
    assert not [f for f in sub.findings if f.rule in ("NOT_A_DECLARATION", "TEMPLATE_YEAR")]


def test_a_2022_template_is_told_from_2023_by_its_annex_number(tmp_path):
    pdf = tmp_path / "2022.pdf"
    pdf.write_bytes(retemplate(SCENE.read_bytes(), "附件4", "智能制造试点示范项目申报书"))
    assert extract_submission(pdf).source.template_year == 2022
    pdf.write_bytes(retemplate(SCENE.read_bytes(), "附件3-1", "智能制造试点示范项目申报书"))
    assert extract_submission(pdf).source.template_year == 2023


def test_a_template_year_without_rules_is_said_not_checked_silently_with_another_year():
    sub = Submission(submission_id="x", source=Source(path="x.pdf", sha256="0", template_year=2020))
    found = check_template_year(sub, load_reference(2023))
    assert [f.rule for f in found] == ["TEMPLATE_YEAR"]
    assert "没有2020年度的规则" in found[0].message and "按2023年度规则" in found[0].message


def test_a_review_run_for_another_year_than_the_template_says_so():
    sub = Submission(submission_id="x", source=Source(path="x.pdf", sha256="0", template_year=2021))
    assert [f.rule for f in check_template_year(sub, load_reference(2023))] == ["TEMPLATE_YEAR"]
    assert check_template_year(sub, load_reference(2021)) == []
