"""A review OCRs each scanned page once: the checks' second readings take the extraction's page pass from
the review's page store and OCR only the crops they read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_fixtures import CREDIT

import review
from extractors.ocr import PAGE_PASSES
from review import PageStore, ReviewContext

pytestmark = pytest.mark.ocr


def test_a_review_of_a_scan_ocrs_each_page_once_with_a_code_and_a_number_read_again_on_one_page(
        scan_skew_2deg_pdf: Path, tmp_path: Path):
    ctx = ReviewContext(year=2023, pages=PageStore(tmp_path / "pages"))
    before = PAGE_PASSES["page"]
    sub = review.analyse_extracted(review.extract(scan_skew_2deg_pdf, ctx), ctx)
    # the printed code fails its check digit: the check read its cell again, and kept the error
    [code] = [f for f in sub.findings if f.field == "fields.credit_code"]
    assert (code.rule, sub.fields.credit_code, sub.corrections) == ("CREDIT_CODE", CREDIT, [])
    mobile = sub.provenance["fields.contact.mobile"]
    assert code.page == mobile.page == 2 and sub.source.ocr_pages == [1, 2]
    # the online record differs in a number on the same page: read again before it is reported
    contact = sub.fields.contact.model_copy(update={"mobile": "13987654321"})
    online = sub.model_copy(update={"fields": sub.fields.model_copy(update={"contact": contact})})
    [m], notes = review.reviewed_mismatches(sub, online, ctx)
    assert (m.field, m.status, notes) == ("fields.contact.mobile", "reported", [])
    assert m.detail == "second reading: 13912345678->13987654321 confirmed (5/5 read the paper value)"
    assert PAGE_PASSES["page"] - before == 2 == ctx.pages.stats["page_passes"]
    assert ctx.pages.stats["hits"] >= 2 and ctx.pages.stats["stored"] == 2


def test_a_second_process_finds_the_page_passes_on_disk_and_ocrs_nothing(scan_skew_2deg_pdf: Path, tmp_path: Path):
    first = ReviewContext(pages=PageStore(tmp_path / "pages"))
    read = review.extract(scan_skew_2deg_pdf, first)
    again = ReviewContext(pages=PageStore(tmp_path / "pages"))   # a new store on the same folder
    before = PAGE_PASSES["page"]
    assert review.extract(scan_skew_2deg_pdf, again).model_dump(exclude={"timings"}) == read.model_dump(
        exclude={"timings"})
    assert PAGE_PASSES["page"] == before and again.pages.stats["page_passes"] == 0
