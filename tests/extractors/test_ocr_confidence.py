"""Saying when a scanned value may be wrong: confidence per field, OCR_UNCERTAIN, SCAN_QUALITY."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from extract_fixtures import COMPANY

from catalog.reference import default_form
from extractors.extract_pdf import extract_submission
from extractors.ocr_confidence import box_confidence, uncertain_findings, with_confidence
from extractors.page import PageContent, Word
from extractors.scan_quality import effective_dpi, quality_findings, sharpness
from model.submission import Fields, Location, Source, Submission
from samples.scan import Quality, scan

FORM = default_form()
CELL = [100.0, 100.0, 300.0, 120.0]


def _page(words: list[Word], source: str = "ocr", number: int = 2, **kw) -> PageContent:
    return PageContent(number=number, width=595, height=842, words=words, rules=[], source=source, **kw)  # type: ignore[arg-type]


def _sub(prov: dict[str, Location], **fields) -> Submission:
    return Submission(submission_id="x", source=Source(path="x.pdf", sha256="0", kind="scanned"),
                      fields=Fields(**fields), provenance=prov)


def test_a_field_takes_the_lowest_character_score_of_the_words_in_its_box():
    words = [Word(110, 102, 150, 118, "江苏", min_conf=0.97), Word(152, 102, 200, 118, "恒远", min_conf=0.61),
             Word(400, 102, 450, 118, "其他", min_conf=0.20)]
    assert box_confidence(_page(words), CELL) == 0.61


def test_values_of_text_pages_have_no_confidence_and_scanned_ones_do():
    prov = {"fields.company_name": Location(page=2, bbox=CELL), "fields.credit_code": Location(page=3, bbox=CELL)}
    pages = [_page([Word(110, 102, 150, 118, "江苏", min_conf=0.9)]),
             _page([Word(110, 102, 150, 118, "9132", conf=1.0)], source="text", number=3)]
    out = with_confidence(prov, pages, {2: [[90.0, 90.0, 200.0, 130.0]]})
    assert out["fields.company_name"].confidence == 0.9 and out["fields.company_name"].under_seal is True
    assert out["fields.credit_code"].confidence is None and out["fields.credit_code"].under_seal is None


def test_a_short_value_read_with_a_low_score_gets_a_warning_with_its_page_and_box():
    sub = _sub({"fields.company_name": Location(page=2, bbox=CELL, confidence=0.55, under_seal=False)},
               company_name="江苏恒远智能装备有限公同")
    [f] = uncertain_findings(sub, FORM)
    assert (f.rule, f.severity, f.page, f.bbox, f.field) == ("OCR_UNCERTAIN", "warning", 2, CELL, "fields.company_name")
    assert "第2页「企业名称」识别为「江苏恒远智能装备有限公同」" in f.message and "请对照纸质原件核对" in f.message


def test_a_value_under_a_seal_is_uncertain_at_a_score_a_free_value_is_trusted_with():
    loc = {"page": 1, "bbox": CELL, "confidence": 0.9}
    sealed = _sub({"fields.applicant": Location(**loc, under_seal=True)}, applicant="广东汇峰轮胎股分有限公司")
    free = _sub({"fields.applicant": Location(**loc, under_seal=False)}, applicant="广东汇峰轮胎股分有限公司")
    [f] = uncertain_findings(sealed, FORM)
    assert "被印章覆盖" in f.message
    assert uncertain_findings(free, FORM) == []


def test_checkbox_rows_and_long_texts_are_not_judged_by_character_scores():
    prov = {p: Location(page=2, bbox=CELL, confidence=0.3, under_seal=False)
            for p in ("fields.size", "fields.company_intro", "fields.key_region")}
    sub = _sub(prov, size="大型企业", company_intro="公司成立于2010年。" * 20, key_region=True)
    assert uncertain_findings(sub, FORM) == []


def test_pages_below_the_resolution_or_blurred_get_one_warning_naming_them():
    pages = [_page([], number=1, dpi=150.0, sharpness=3500.0), _page([], number=2, dpi=60.0, sharpness=3000.0),
             _page([], number=3, dpi=150.0, sharpness=200.0), _page([], number=4, source="text")]
    [f] = quality_findings(pages, "甲.pdf")
    assert (f.rule, f.severity, f.page) == ("SCAN_QUALITY", "warning", 2)
    assert "第2、3页扫描质量较差" in f.message and "约 60 dpi" in f.message and "图像模糊" in f.message
    assert quality_findings(pages[:1] + pages[3:], "甲.pdf") == []


def test_the_effective_resolution_is_that_of_the_page_image_whatever_the_page_size():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 496, 702), False)  # 60 dpi over A4
    pix.clear_with(255)
    page.insert_image(page.rect, pixmap=pix)
    assert effective_dpi(page) == pytest.approx(60, abs=1)
    assert effective_dpi(doc.new_page()) is None


def test_blur_lowers_the_sharpness_of_the_same_lines():
    rng = np.random.default_rng(0)
    img = np.full((120, 600), 255, np.uint8)
    for x in range(10, 590, 14):  # glyph-like strokes on one text line
        img[40:80, x:x + 3] = 0
        img[40 + rng.integers(0, 30), x:x + 10] = 0
    import cv2

    items = [[[[5, 35], [595, 35], [595, 85], [5, 85]], "text", 0.99]]
    sharp, blurred = sharpness(img, items), sharpness(cv2.GaussianBlur(img, (0, 0), 2.5), items)
    assert sharp is not None and blurred is not None and blurred < sharp / 3


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scan_at_60_dpi_is_reported_and_a_150_dpi_scan_is_not(tmp_path: Path, declaration_pdf: Path):
    src = pymupdf.open(declaration_pdf)
    src.select([0, 1])
    data = src.tobytes()
    for dpi, expect in ((60, True), (150, False)):
        pdf = tmp_path / f"scan{dpi}.pdf"
        pdf.write_bytes(scan(data, None, random.Random(1), [], Quality(dpi))[0])
        sub = extract_submission(pdf)
        found = [f for f in sub.findings if f.rule == "SCAN_QUALITY"]
        assert bool(found) is expect, (dpi, [f.message for f in found])
        if expect:
            assert "第1、2页" in found[0].message
        assert all(loc.confidence is not None for loc in sub.provenance.values() if loc.bbox)


@pytest.mark.slow
@pytest.mark.ocr
def test_the_applicant_under_a_seal_is_marked_so_in_its_provenance(seal_over_text_pdf: Path):
    sub = extract_submission(seal_over_text_pdf)
    loc = sub.provenance["fields.applicant"]
    assert sub.fields.applicant == COMPANY
    assert loc.under_seal is True and loc.confidence is not None and 0 < loc.confidence <= 1


def test_a_value_not_quite_sure_is_an_info_and_a_likely_wrong_one_a_warning():
    def severity(conf: float) -> list[str]:
        sub = _sub({"fields.factory_address": Location(page=2, bbox=CELL, confidence=conf, under_seal=False)},
                   factory_address="浙江省宁波市慈溪市智造大道327号")
        return [f.severity for f in uncertain_findings(sub, FORM)]

    assert severity(0.5) == ["warning"] and severity(0.7) == ["info"] and severity(0.85) == []
