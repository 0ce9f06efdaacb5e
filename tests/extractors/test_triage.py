"""Page triage decides OCR from the text layer's quality, not from the file's origin."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extractors.triage import image_cover, triage_page, triage_text, union_area


def test_chinese_text_layer_is_usable() -> None:
    assert triage_text("企业名称 江苏恒远智能装备有限公司 统一社会信用代码", 0.0).kind == "text"


def test_page_with_no_text_and_a_full_page_image_is_a_scan() -> None:
    assert triage_text("", 0.98).kind == "image"


def test_blank_page_is_blank_not_scan() -> None:
    assert triage_text("  ", 0.0).kind == "blank"


def test_replacement_characters_make_the_layer_garbled() -> None:
    assert triage_text("企业\ufffd\ufffd\ufffd名称\ufffd\ufffd" * 5, 0.0).kind == "garbled"


def test_latin_gibberish_instead_of_chinese_is_garbled() -> None:
    assert triage_text("Qy]ZK#vP@ l3mT!x ^&d9Lz%w " * 4, 0.0).kind == "garbled"


def test_wingdings_checkboxes_do_not_make_a_page_garbled() -> None:
    text = "企业性质 \uf0a8中央企业 \uf0a8地方国企 \uf0fe民营企业 \uf0a8三资企业 " * 3
    assert triage_text(text, 0.0).kind == "text"


def _strip_scan(src: Path, out: Path, strips: int = 24) -> Path:
    """A scanned PDF re-stored the way office scanners do: each page as `strips` horizontal image bands."""
    doc = pymupdf.open(src)
    new = pymupdf.open()
    for page in doc:
        target = new.new_page(width=page.rect.width, height=page.rect.height)
        band = page.rect.height / strips
        for k in range(strips):
            clip = pymupdf.Rect(0, k * band, page.rect.width, (k + 1) * band)
            target.insert_image(clip, pixmap=page.get_pixmap(dpi=150, clip=clip))
    new.save(out)
    return out


def test_union_of_overlapping_rectangles_counts_each_point_once() -> None:
    rects = [pymupdf.Rect(0, 0, 10, 10), pymupdf.Rect(5, 5, 15, 15), pymupdf.Rect(0, 0, 10, 10)]
    assert union_area(rects) == 175.0


def test_page_stored_as_image_strips_is_a_scan_not_blank(scan_skew_2deg_pdf: Path, tmp_path: Path) -> None:
    strips = _strip_scan(scan_skew_2deg_pdf, tmp_path / "strips.pdf")
    page = pymupdf.open(strips)[0]
    assert len(page.get_image_info()) >= 20
    assert image_cover(page) > 0.95
    assert triage_page(page).kind == "image"


@pytest.mark.ocr
def test_strip_scanned_declaration_is_ocred_like_the_one_image_scan(scan_skew_2deg_pdf: Path, tmp_path: Path) -> None:
    from extractors.extract_pdf import extract_submission

    whole = extract_submission(scan_skew_2deg_pdf)
    strips = extract_submission(_strip_scan(scan_skew_2deg_pdf, tmp_path / "strips.pdf"))
    assert strips.source.kind == "scanned"
    assert strips.source.ocr_pages == whole.source.ocr_pages == [1, 2]
    assert strips.fields.company_name and strips.fields.company_name == whole.fields.company_name
    assert strips.fields.credit_code == whole.fields.credit_code
