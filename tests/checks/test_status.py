"""compute_status: error, fail, needs_review, pass — never pass with EXTRACTION_INCOMPLETE."""

from __future__ import annotations

from checks.status import compute_status
from model.submission import Finding, Mismatch


def _f(rule, severity):
    return Finding(rule=rule, severity=severity, message="x")


def test_clean_submission_passes(scene_sub):
    assert compute_status(scene_sub) == "pass"


def test_failed_extraction_stays_error(scene_sub):
    assert compute_status(scene_sub.model_copy(update={"status": "error"})) == "error"


def test_any_error_finding_or_error_mismatch_fails(scene_sub):
    assert compute_status(scene_sub.model_copy(update={"findings": [_f("CREDIT_CODE", "error")]})) == "fail"
    mismatch = Mismatch(field="fields.company_name", kind="changed", severity="error")
    assert compute_status(scene_sub.model_copy(update={"mismatches": [mismatch]})) == "fail"


def test_warnings_only_need_review(scene_sub):
    mismatch = Mismatch(field="instances[0].narrative", kind="changed", severity="warning")
    sub = scene_sub.model_copy(update={"findings": [_f("LIMIT_FIELD", "warning")], "mismatches": [mismatch]})
    assert compute_status(sub) == "needs_review"


def test_info_findings_still_pass(scene_sub):
    assert compute_status(scene_sub.model_copy(update={"findings": [_f("FIELD_EMPTY", "info")]})) == "pass"


def test_extraction_incomplete_never_passes_even_when_downgraded(scene_sub):
    sub = scene_sub.model_copy(update={"findings": [_f("EXTRACTION_INCOMPLETE", "info")]})
    assert compute_status(sub) == "needs_review"
