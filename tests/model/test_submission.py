"""The Submission model: round trip, strictness, and the committed JSON Schema."""

import json

import pytest
from pydantic import ValidationError

from model import Finding, Instance, Mismatch, Seal, Source, Submission
from tools.write_schema import OUT, render


def _sample() -> Submission:
    return Submission(
        submission_id="abc123-demo",
        year=2023,
        declaration_type="示范工厂",
        source=Source(path="x.pdf", sha256="0" * 64, pages=40, kind="mixed", ocr_pages=[1, 12]),
        instances=[Instance(index=1, declared_link="生产作业", declared_scene="人机协同制造", name="壳体柔性加工", page=30)],
        seals=[Seal(page=1, bbox=[100, 200, 220, 320], role="applicant", present=True)],
        findings=[Finding(rule="MIN_LINKS", severity="error", message="覆盖环节不足", value=7, limit=8)],
        mismatches=[Mismatch(field="fields.contact.phone", paper="1", online="2", kind="changed", page=3)],
    )


def test_submission_round_trips_through_json_unchanged():
    sub = _sample()
    again = Submission.model_validate_json(sub.model_dump_json())
    assert again == sub


def test_unknown_key_is_rejected_so_typos_never_drop_data():
    data = json.loads(_sample().model_dump_json())
    data["fields"]["compnay_name"] = "typo"
    with pytest.raises(ValidationError):
        Submission.model_validate(data)


def test_dates_must_be_iso_day_or_month():
    data = json.loads(_sample().model_dump_json())
    data["fields"]["declared_on"] = "2023-08"
    Submission.model_validate(data)
    data["fields"]["declared_on"] = "2023年8月"
    with pytest.raises(ValidationError):
        Submission.model_validate(data)


def test_committed_schema_matches_the_model():
    assert OUT.read_text(encoding="utf-8") == render(), "run: python tools/write_schema.py"


def test_contract_keys_of_design_section_4_exist():
    top = set(Submission.model_fields)
    assert {"schema_version", "submission_id", "year", "declaration_type", "source", "fields", "instances",
            "seals", "findings", "mismatches", "status"} <= top
    inst = set(Instance.model_fields)
    assert {"index", "declared_link", "declared_scene", "name", "description", "pain_points", "solution",
            "safeguards", "results", "other", "economics", "narrative", "equipment", "software", "processes",
            "technologies", "page", "predicted"} <= inst
