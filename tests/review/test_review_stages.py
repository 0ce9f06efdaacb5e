"""review/: the stages take what they need from the ReviewContext, never raise, and one rule settles which
reading of a field the later stages use."""

from __future__ import annotations

import json
from pathlib import Path

from checks_factory import VALID_CODE, make_factory_submission

import review
from model import Reading
from review import ReviewContext, fixed_holders

MISREAD = VALID_CODE[:6] + "D" + VALID_CODE[7:]


def _with_reading(sub, how="ocr_reread: 4/5 line readings agree"):
    reading = Reading(field="fields.credit_code", first=MISREAD, value=VALID_CODE, how=how, page=2)
    fields = sub.fields.model_copy(update={"credit_code": MISREAD})
    return sub.model_copy(update={"fields": fields, "corrections": [reading]})


def test_a_code_read_again_is_the_value_later_stages_use_and_the_first_reading_is_kept():
    sub = _with_reading(make_factory_submission())
    used = review.settled(sub)
    assert used.fields.credit_code == VALID_CODE and used.corrections == sub.corrections
    assert used.corrections[0].first == MISREAD
    untrusted = _with_reading(make_factory_submission(), how="guess")
    assert review.settled(untrusted).fields.credit_code == MISREAD


def test_the_comparison_sees_the_code_read_again_not_the_first_reading():
    paper = _with_reading(make_factory_submission())
    online = make_factory_submission()
    found, _ = review.reviewed_mismatches(paper, online, ReviewContext())
    assert "fields.credit_code" not in [m.field for m in found]


def test_earlier_demo_factories_come_from_the_context_and_the_rule_is_skipped_without_them():
    sub = make_factory_submission().model_copy(update={"year": 2023})
    code, name = sub.fields.credit_code or "", sub.fields.company_name or ""
    asked: list[int | None] = []

    def holders(year):
        asked.append(year)
        return [(code, name)]

    done = review.finish_batch([sub], ReviewContext(holders=holders)).subs[0]
    assert "ALREADY_DEMO_FACTORY" in [f.rule for f in done.findings] and asked == [2023]
    assert done.status == "fail"
    plain = review.finish_batch([sub], ReviewContext()).subs[0]
    assert "ALREADY_DEMO_FACTORY" not in [f.rule for f in plain.findings]
    fixed = review.finish_batch([sub], ReviewContext(holders=fixed_holders([(code, name)]))).subs[0]
    assert "ALREADY_DEMO_FACTORY" in [f.rule for f in fixed.findings]


def test_unreadable_online_records_become_a_finding_and_a_chinese_note(tmp_path: Path):
    bad = tmp_path / "online.json"
    bad.write_text("{not json", encoding="utf-8")
    result = review.finish_batch([make_factory_submission()], ReviewContext(online=bad))
    [f] = result.batch_findings
    assert f.rule == "EXTRACTION_INCOMPLETE" and result.notes == ["网上填报数据无法读取，本次未做纸质版与网上填报内容比对。"]


def test_analysing_a_file_that_is_not_a_pdf_gives_an_error_submission_not_an_exception(tmp_path: Path):
    path = tmp_path / "x.pdf"
    path.write_text(json.dumps({"not": "a pdf"}), encoding="utf-8")
    sub = review.analyse_document(path, ReviewContext())
    assert sub.status == "error" and [f.rule for f in sub.findings] == ["EXTRACTION_INCOMPLETE"]
    assert "x.pdf" in sub.findings[0].message


def test_an_internal_failure_of_a_stage_becomes_an_error_submission(tmp_path: Path, monkeypatch):
    import review.document as document

    def boom(sub, ctx):
        raise RuntimeError("stage failed")

    monkeypatch.setattr(document, "analyse_extracted", boom)
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    sub = review.analyse_document(path, ReviewContext())
    assert sub.status == "error" and "内部错误" in sub.findings[0].message
    assert sub.findings[0].detail == "RuntimeError: stage failed"
