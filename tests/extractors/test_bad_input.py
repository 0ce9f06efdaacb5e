"""Bad inputs become status 'error' with a Chinese EXTRACTION_INCOMPLETE finding, or raise in strict mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import pdf_open
from extractors.extract_pdf import ExtractError, extract_submission, submission_id_for


@pytest.mark.parametrize("kind", ["not_a_pdf", "empty", "encrypted", "corrupt"])
def test_bad_input_records_error_finding_in_batch_mode(bad_inputs: dict[str, Path], kind: str) -> None:
    sub = extract_submission(bad_inputs[kind])
    assert sub.status == "error"
    assert [f.rule for f in sub.findings] == ["EXTRACTION_INCOMPLETE"]
    finding = sub.findings[0]
    assert finding.severity == "error"
    assert bad_inputs[kind].name in finding.message
    assert finding.detail and finding.detail.startswith(kind)


@pytest.mark.parametrize("kind", ["not_a_pdf", "empty", "encrypted", "corrupt"])
def test_bad_input_raises_extract_error_in_strict_mode(bad_inputs: dict[str, Path], kind: str) -> None:
    with pytest.raises(ExtractError) as info:
        extract_submission(bad_inputs[kind], strict=True)
    assert info.value.code == kind
    assert "请" in info.value.message_zh  # tells the officer what to do


def test_encrypted_pdf_message_says_encrypted(bad_inputs: dict[str, Path]) -> None:
    sub = extract_submission(bad_inputs["encrypted"])
    assert "已加密" in sub.findings[0].message


def test_truncated_pdf_is_error_or_flags_unread_pages(bad_inputs: dict[str, Path]) -> None:
    sub = extract_submission(bad_inputs["truncated"])
    # MuPDF may repair a truncated file; either way the loss must be visible, never silent.
    assert sub.findings
    assert any(f.rule == "EXTRACTION_INCOMPLETE" for f in sub.findings)


def test_too_many_pages_is_rejected(bad_inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_open, "MAX_PAGES", 10)
    monkeypatch.setattr(pdf_open.open_pdf, "__kwdefaults__", {"max_pages": 10, "max_bytes": pdf_open.MAX_BYTES})
    sub = extract_submission(bad_inputs["too_many_pages"])
    assert sub.status == "error"
    assert "12 页" in sub.findings[0].message


def test_missing_file_is_error_not_crash(tmp_path: Path) -> None:
    sub = extract_submission(tmp_path / "nowhere.pdf")
    assert sub.status == "error"
    assert "不存在" in sub.findings[0].message


def test_time_budget_exceeded_marks_unread_pages(declaration_pdf: Path) -> None:
    sub = extract_submission(declaration_pdf, budget_s=0.0)
    assert sub.status == "error"
    assert any("超时" in f.message for f in sub.findings)


def test_time_budget_exceeded_raises_in_strict_mode(declaration_pdf: Path) -> None:
    with pytest.raises(ExtractError) as info:
        extract_submission(declaration_pdf, budget_s=0.0, strict=True)
    assert info.value.code == "budget"


def test_submission_id_is_stable_and_differs_per_file_name(tmp_path: Path, declaration_pdf: Path) -> None:
    copy = tmp_path / "copy of declaration.pdf"
    copy.write_bytes(declaration_pdf.read_bytes())
    a = extract_submission(declaration_pdf).submission_id
    assert a == extract_submission(declaration_pdf).submission_id
    assert a != extract_submission(copy).submission_id
    assert submission_id_for(Path("申报书 (1).pdf"), "ab" * 32) == "申报书-1-abababababab"
