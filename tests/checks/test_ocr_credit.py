"""reread_credit_code: a credit code failing its check digit on a scan is read again before it is reported."""

from __future__ import annotations

from checks_factory import VALID_CODE, make_factory_submission, ref2023
from fake_lines import FakeSource, Line

from checks.engine import check_and_reread, check_submission
from checks.identity import credit_code_check_char
from checks.ocr_credit import reread_credit_code
from model.submission import Location
from review.readings import settled

# the code as the page pass might misread it: the 0 of 「91420100」 read as a D (one character, check fails)
MISREAD = VALID_CODE[:6] + "D" + VALID_CODE[7:]
# another valid code, two characters away from the misreading
OTHER = VALID_CODE[:3] + "8" + VALID_CODE[4:17] + (credit_code_check_char(VALID_CODE[:3] + "8" + VALID_CODE[4:17]) or "")
CELL = (120.0, 200.0, 400.0, 216.0)


def _scanned(code: str = MISREAD):
    sub = make_factory_submission(credit_code=code)
    prov = {**sub.provenance, "fields.credit_code": Location(page=2, bbox=CELL)}
    return sub.model_copy(update={"provenance": prov, "source": sub.source.model_copy(
        update={"kind": "scanned", "ocr_pages": list(range(1, 41))})})


def _line(first: str, again: tuple[str, ...], bbox=(130.0, 202.0, 300.0, 214.0)) -> Line:
    return Line(2, first, again, bbox)


def _checked(sub, src):
    """-> (the submission with the value the review uses, the findings): the check adds a Reading, and
    review.readings.settled decides which value later stages see."""
    read, found = reread_credit_code(sub, check_submission(sub, ref2023()), src)
    return settled(read), found


def test_a_code_every_second_reading_sees_valid_is_taken_and_the_error_becomes_an_info_note():
    sub = _scanned()
    src = FakeSource([_line(MISREAD, (VALID_CODE, VALID_CODE, VALID_CODE, MISREAD, VALID_CODE))])
    fixed, found = _checked(sub, src)
    assert fixed.fields.credit_code == VALID_CODE and src.asked == [2]
    [note] = [f for f in found if f.field == "fields.credit_code"]
    assert (note.rule, note.severity, note.page, note.value) == ("OCR_REREAD", "info", 2, MISREAD)
    assert f"「{MISREAD}」" in note.message and f"4次为「{VALID_CODE}」" in note.message
    assert "CREDIT_CODE" not in [f.rule for f in found]


def test_second_readings_that_lost_a_character_do_not_vote():
    lost = VALID_CODE[:10] + VALID_CODE[11:]
    fixed, found = _checked(_scanned(), FakeSource([_line(MISREAD, (VALID_CODE, lost, VALID_CODE, lost, lost))]))
    assert fixed.fields.credit_code == VALID_CODE and [f.rule for f in found] == ["OCR_REREAD"]
    one = _checked(_scanned(), FakeSource([_line(MISREAD, (VALID_CODE, lost, lost, lost, lost))]))[1]
    assert [f.rule for f in one] == ["CREDIT_CODE"]   # a single reading is not enough


def test_a_wrong_code_read_the_same_again_stays_an_error():
    sub = _scanned()
    fixed, found = _checked(sub, FakeSource([_line(MISREAD, (MISREAD,) * 5)]))
    assert fixed.fields.credit_code == MISREAD
    assert [f.rule for f in found] == ["CREDIT_CODE"] and found[0].severity == "error"


def test_second_readings_mostly_unreadable_or_split_keep_the_error():
    sub = _scanned()
    few = (VALID_CODE, VALID_CODE, MISREAD, MISREAD, "9142")
    assert [f.rule for f in _checked(sub, FakeSource([_line(MISREAD, few)]))[1]] == ["CREDIT_CODE"]
    split = (VALID_CODE, VALID_CODE, OTHER, OTHER, VALID_CODE)
    assert [f.rule for f in _checked(sub, FakeSource([_line(MISREAD, split)]))[1]] == ["CREDIT_CODE"]


def test_a_valid_code_far_from_the_first_reading_or_outside_the_cell_is_not_taken():
    far = _scanned(VALID_CODE[:8] + "ZZZZ" + VALID_CODE[12:])
    src = FakeSource([_line(far.fields.credit_code or "", (VALID_CODE,) * 5)])
    assert [f.rule for f in _checked(far, src)[1]] == ["CREDIT_CODE"]
    elsewhere = FakeSource([_line(MISREAD, (VALID_CODE,) * 5, bbox=(130.0, 400.0, 300.0, 414.0))])
    assert [f.rule for f in _checked(_scanned(), elsewhere)[1]] == ["CREDIT_CODE"]


def test_a_code_read_with_its_label_and_the_next_cell_is_still_found():
    src = FakeSource([_line(f"统一社会信用代码{MISREAD}成立时间", (f"统一社会信用代码 {VALID_CODE} 成立时间",) * 5)])
    fixed, found = _checked(_scanned(), src)
    assert fixed.fields.credit_code == VALID_CODE and [f.rule for f in found] == ["OCR_REREAD"]


def test_a_code_wrapped_over_two_lines_of_its_cell_is_read_again_joined():
    # a LibreOffice cell too narrow for 18 characters: 「9142010DMA4K」 over 「3L7Q5x」, the next cell's label
    # read into the first line
    top, bottom = VALID_CODE[:12], VALID_CODE[12:]
    src = FakeSource([_line(bottom, (bottom,) * 5, bbox=(130.0, 209.0, 200.0, 215.0)),
                      _line(MISREAD[:12] + "成立时间", (top + "|成立时间",) * 5, bbox=(130.0, 201.0, 230.0, 207.0)),
                      _line("成立时间", ("成立时间",) * 5, bbox=(420.0, 201.0, 480.0, 207.0))])
    fixed, found = _checked(_scanned(), src)
    assert fixed.fields.credit_code == VALID_CODE and [f.rule for f in found] == ["OCR_REREAD"]
    assert f"「{VALID_CODE}」" in found[0].message


def test_a_digital_copy_and_a_valid_code_are_never_read_again():
    src = FakeSource([_line(MISREAD, (VALID_CODE,) * 5)])
    digital = make_factory_submission(credit_code=MISREAD)
    assert _checked(digital, src)[1][0].rule == "CREDIT_CODE" and src.asked == []
    assert _checked(_scanned(VALID_CODE), src)[1] == [] and src.asked == []


def test_the_review_stage_keeps_the_error_when_the_scan_is_not_at_hand():
    sub = check_and_reread(_scanned(), ref2023())   # source.path does not exist: no second reading
    assert [f.rule for f in sub.findings] == ["CREDIT_CODE"] and sub.fields.credit_code == MISREAD


def test_the_check_leaves_the_extracted_code_as_read_and_adds_a_reading_with_its_provenance():
    sub = _scanned()
    src = FakeSource([_line(MISREAD, (VALID_CODE, VALID_CODE, VALID_CODE, MISREAD, VALID_CODE))])
    read, _ = reread_credit_code(sub, check_submission(sub, ref2023()), src)
    assert read.fields.credit_code == MISREAD
    [reading] = read.corrections
    assert (reading.field, reading.first, reading.value, reading.page, reading.bbox) == (
        "fields.credit_code", MISREAD, VALID_CODE, 2, list(CELL))
    assert reading.how.startswith("ocr_reread") and settled(read).corrections == [reading]
