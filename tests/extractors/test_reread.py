"""LineRereader on a real scan, and verify_mismatches deciding with real second readings."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_fixtures import CREDIT

from catalog.reference import load_reference
from checks.engine import check_and_reread
from checks.ocr_verify import verify_mismatches
from checks.textdiff import fold
from extractors.extract_pdf import extract_submission
from extractors.reread import VARIANTS, LineRereader
from model.submission import Mismatch, Source, Submission

pytestmark = pytest.mark.ocr


def _scanned_copy(pdf: Path) -> Submission:
    return Submission(submission_id="scan", source=Source(path=str(pdf), sha256="", pages=2, kind="scanned",
                                                          ocr_pages=[1, 2]))


def test_every_wanted_line_is_read_again_once_per_variant_and_stable_lines_read_the_same(scan_skew_2deg_pdf: Path):
    reader = LineRereader(scan_skew_2deg_pdf)
    lines = reader.reread(2, lambda text: "13912345678" in text)
    assert lines, reader.lines(2)
    for line in lines:
        assert line.page == 2 and len(line.again) == len(VARIANTS)
        assert sum(fold(a)[0] == fold(line.first)[0] for a in line.again) >= len(VARIANTS) // 2 + 1
        assert 0 < line.bbox[0] < line.bbox[2] and 0 < line.bbox[1] < line.bbox[3]


def test_a_real_change_of_a_phone_number_on_a_scan_is_confirmed_by_the_second_reading(scan_skew_2deg_pdf: Path):
    m = Mismatch(field="fields.contact.mobile", paper="13912345678", online="13912345679", kind="changed", page=2)
    [kept], notes = verify_mismatches(_scanned_copy(scan_skew_2deg_pdf), [m])
    assert notes == [] and (kept.field, kept.severity, kept.paper) == (m.field, "error", m.paper)
    assert kept.detail == "second reading: 13912345678->13912345679 confirmed (5/5 read the paper value)"


def test_a_misread_digit_on_a_scan_is_dropped_when_the_second_reading_sees_the_online_value(scan_skew_2deg_pdf: Path):
    # as if the page pass had read 13912345678 as 13912345878: the line is found by the online number
    # (the page pass reads it right here), and every second reading agrees with the online side
    m = Mismatch(field="fields.contact.mobile", paper="13912345878", online="13912345678", kind="changed", page=2)
    kept, [note] = verify_mismatches(_scanned_copy(scan_skew_2deg_pdf), [m])
    assert kept == [] and note.rule == "OCR_REREAD" and note.severity == "info"
    assert "13912345878" in note.message and "13912345678" in note.message


def test_a_credit_code_printed_wrong_is_read_wrong_again_and_stays_an_error(scan_skew_2deg_pdf: Path):
    # the fixture prints 「91320500MA1MXXXX3T」, whose check character should be 7: reading it again must not
    # talk the error away
    sub = extract_submission(scan_skew_2deg_pdf)
    assert sub.fields.credit_code == CREDIT
    checked = check_and_reread(sub, load_reference(2023))
    [found] = [f for f in checked.findings if f.field == "fields.credit_code"]
    assert (found.rule, found.severity, checked.fields.credit_code) == ("CREDIT_CODE", "error", CREDIT)
