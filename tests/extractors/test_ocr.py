"""Scanned pages: deskewed, read by RapidOCR with red seals suppressed, placed into the ruled grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from extract_fixtures import COMPANY, CREDIT

from extractors.deskew import estimate_skew, rotate
from extractors.extract_pdf import extract_submission
from extractors.ocr import drop_repeated_edges, page_image, read_ocr_page
from extractors.ruling_lines import find_rules
from extractors.tables import find_tables


def test_skew_estimate_recovers_a_two_degree_rotation() -> None:
    img = np.full((800, 600), 255, np.uint8)
    for y in range(100, 700, 40):
        img[y:y + 3, 80:520] = 0  # text-like horizontal bands
    assert abs(estimate_skew(rotate(img, 2.0)) + 2.0) <= 0.15


ROW_TAILS = Path(__file__).parents[1] / "data" / "annex1_row_tails_skewed.pdf"


def _row_tails_image() -> np.ndarray:
    """The committed scan (page 20 of a LibreOffice 附1 scanned at -0.78°: twelve narrow columns holding only
    the tails of a row cut by two page breaks) -> its embedded image."""
    with pymupdf.open(ROW_TAILS) as doc:
        return page_image(doc, doc[0])


def test_skew_of_a_page_with_only_table_rules_and_row_tails_is_found() -> None:
    # the long rules give a peak only a quarter of a degree wide: a coarse 0.5° search stepped over it, and
    # the scanner's straight edge pulled the estimate to 0° (the row's tails were then lost)
    assert abs(estimate_skew(_row_tails_image()) - 0.78) <= 0.15


def test_rules_of_a_table_left_slightly_tilted_are_still_found() -> None:
    img = _row_tails_image()
    segments = find_rules(img, img.shape[1] / 842)  # not deskewed: the rules rise 8 pt over the page
    horizontal = [s for s in segments if s.y0 == s.y1 and s.x1 - s.x0 > 500]
    assert len(horizontal) == 2


@pytest.mark.ocr
def test_row_tails_on_a_skewed_annex_page_are_read_into_the_grid() -> None:
    with pymupdf.open(ROW_TAILS) as doc:
        content = read_ocr_page(doc, doc[0], 20)
    [table], _ = find_tables(content)
    assert (table.n_rows, table.n_cols) == (1, 12)
    text = "".join(c.text for c in table.row_cells(0))
    assert "沉淀为机理模型和知识库" in text.replace(" ", "") and "154万元" in text.replace(" ", "")


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


def _item(text: str, x0: float, width: float = 6.0, y: float = 100.0) -> list:
    """An OCR item as RapidOCR returns it with word boxes: quad, text, confidence, char quads, chars."""
    quads = [[[x0 + i * width, y], [x0 + (i + 1) * width, y], [x0 + (i + 1) * width, y + 12],
              [x0 + i * width, y + 12]] for i in range(len(text))]
    box = [[x0, y], [x0 + len(text) * width, y], [x0 + len(text) * width, y + 12], [x0, y + 12]]
    return [box, text, 0.95, quads, list(text)]


def test_a_character_two_overlapping_ocr_lines_both_read_is_kept_once() -> None:
    # crosschain-7: the detector split 「9115060063JA」 and 「A成立时间」 with the A in both boxes, and the credit
    # code became 「9115060063JA A JPU955」, 19 characters, and CREDIT_CODE fired on a valid code
    left, right = _item("9115060063JA", 100.0), _item("A成立时间", 100.0 + 11 * 6 + 3)
    kept = drop_repeated_edges([left, right])
    assert [it[1] for it in kept] == ["9115060063JA", "成立时间"]
    assert kept[1][4] == list("成立时间") and len(kept[1][3]) == 4 and min(p[0] for p in kept[1][0]) >= 172


def test_the_same_character_printed_twice_side_by_side_stays_twice() -> None:
    touching = [_item("共11", 100.0), _item("1台", 100.0 + 3 * 6 + 0.5)]
    assert [it[1] for it in drop_repeated_edges(touching)] == ["共11", "1台"]
    other_row = [_item("9115060063JA", 100.0), _item("A成立时间", 169.0, y=130.0)]
    assert [it[1] for it in drop_repeated_edges(other_row)] == ["9115060063JA", "A成立时间"]
