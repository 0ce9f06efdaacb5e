"""Scanned pages: deskewed, read by RapidOCR with red seals suppressed, placed into the ruled grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from extract_fixtures import COMPANY, CREDIT

from extractors.deskew import estimate_skew, rotate
from extractors.pipeline import extract_submission


def test_skew_estimate_recovers_a_two_degree_rotation() -> None:
    img = np.full((800, 600), 255, np.uint8)
    for y in range(100, 700, 40):
        img[y:y + 3, 80:520] = 0  # text-like horizontal bands
    assert abs(estimate_skew(rotate(img, 2.0)) + 2.0) <= 0.15


@pytest.mark.ocr
def test_skewed_scan_is_read_with_fields_and_seals(scan_skew_2deg_pdf: Path) -> None:
    sub = extract_submission(scan_skew_2deg_pdf)
    assert sub.source.kind == "scanned"
    assert sub.source.ocr_pages == [1, 2]
    f = sub.fields
    assert f.applicant == COMPANY  # read through the red seal stamped over it
    assert (f.company_name, f.credit_code) == (COMPANY, CREDIT)
    assert (f.ownership, f.size) == ("民营企业", "中型企业")
    assert f.legal_rep.name == "王建国"
    assert f.financials["2021"].total_assets == 58120
    assert {s.role: s.present for s in sub.seals if s.page == 1} == {"applicant": True, "recommender": True}


@pytest.mark.ocr
def test_text_under_a_red_seal_is_read_and_the_seal_found(seal_over_text_pdf: Path) -> None:
    sub = extract_submission(seal_over_text_pdf)
    assert sub.fields.applicant == COMPANY
    applicant = next(s for s in sub.seals if s.role == "applicant")
    assert applicant.present
    assert applicant.bbox is not None and applicant.bbox[0] < 250 < applicant.bbox[2]
