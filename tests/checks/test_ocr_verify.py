"""verify_mismatches: a number that differs on a scanned page is read again before it is reported."""

from __future__ import annotations

from checks_factory import make_factory_submission
from fake_lines import FakeSource, Line

from checks.ocr_verify import differing_numbers, verify_mismatches
from model.submission import Location, Mismatch


def _scanned(**kw):
    sub = make_factory_submission(**kw)
    return sub.model_copy(update={"source": sub.source.model_copy(update={"kind": "scanned",
                                                                          "ocr_pages": list(range(1, 41))})})


NARRATIVE_MM = Mismatch(field="instances[5].narrative", kind="changed", severity="error", page=11,
                        paper="…造领导小组,下设【】3个专项工作组,…", online="…造领导小组,下设【1】3个专项工作组,…",
                        spans=[["…造领导小组,下设【】3个专项工作组,…", "…造领导小组,下设【1】3个专项工作组,…"]])
FIRST = "制度和标准。公司成立了由总经理任组长的智能制造领导小组，下设3个专项工作"


def test_a_digit_every_second_reading_sees_as_online_is_ocr_noise_and_dropped_with_an_info_finding():
    src = FakeSource([Line(12, FIRST, (FIRST.replace("下设3", "下设13"),) * 3)])
    kept, notes = verify_mismatches(_scanned(), [NARRATIVE_MM], src)
    assert kept == []
    [note] = notes
    assert note.rule == "OCR_REREAD" and note.severity == "info" and note.page == 12
    assert "「3」" in note.message and "「13」" in note.message and "场景实例6" in note.message
    assert src.asked == [11, 12]   # the narrative runs on from its first page


def test_a_digit_the_second_readings_confirm_stays_an_error_without_a_note():
    src = FakeSource([Line(11, FIRST, (FIRST,) * 3)])
    [m], notes = verify_mismatches(_scanned(), [NARRATIVE_MM], src)
    assert notes == [] and m.severity == "error" and m.spans == NARRATIVE_MM.spans
    assert m.detail == "second reading: 3->13 confirmed (3/3 read the paper value)"


def test_second_readings_that_disagree_make_a_warning_asking_for_the_original():
    src = FakeSource([Line(11, FIRST, (FIRST, FIRST.replace("下设3", "下设13"), FIRST))])
    [m], [note] = verify_mismatches(_scanned(), [NARRATIVE_MM], src)
    assert m.severity == "warning" and m.spans == NARRATIVE_MM.spans
    assert note.severity == "warning" and "请对照原件" in note.message


def test_a_line_not_found_again_leaves_the_mismatch_as_it_was():
    src = FakeSource([Line(11, "与本差异无关的一行文字，共有8台设备", ("与本差异无关的一行文字，共有8台设备",) * 3)])
    assert verify_mismatches(_scanned(), [NARRATIVE_MM], src) == ([NARRATIVE_MM], [])


def test_a_digital_copy_is_never_read_again():
    src = FakeSource([Line(11, FIRST, (FIRST.replace("下设3", "下设13"),) * 3)])
    assert verify_mismatches(make_factory_submission(), [NARRATIVE_MM], src) == ([NARRATIVE_MM], [])
    assert src.asked == []


def test_a_table_cell_is_looked_for_inside_its_box_only():
    paper = _scanned()
    paper = paper.model_copy(update={"provenance": {**paper.provenance, "fields.metrics.m1": Location(
        page=3, bbox=[300.0, 200.0, 360.0, 220.0])}})
    m = Mismatch(field="fields.metrics.m1", paper=12.5, online=12.6, kind="changed", page=3)
    outside = Line(3, "12.5", ("12.6",) * 3, (50.0, 200.0, 100.0, 220.0))
    assert verify_mismatches(paper, [m], FakeSource([outside])) == ([m], [])
    inside = Line(3, "12.5", ("12.6", "12.6", "12.6"), (305.0, 202.0, 340.0, 218.0))
    kept, [note] = verify_mismatches(paper, [m], FakeSource([outside, inside]))
    assert kept == [] and note.severity == "info"


def test_only_the_noise_span_is_removed_from_a_mismatch_that_also_has_a_wording_edit():
    wording = ["…提升了【公司】整体效率…", "…提升了【企业】整体效率…"]
    m = NARRATIVE_MM.model_copy(update={"spans": [NARRATIVE_MM.spans[0], wording]})
    src = FakeSource([Line(11, FIRST, (FIRST.replace("下设3", "下设13"),) * 3)])
    [kept], [note] = verify_mismatches(_scanned(), [m], src)
    assert kept.spans == [wording] and kept.severity == "warning" and note.severity == "info"


def test_numbers_are_paired_one_to_one_with_their_context():
    assert differing_numbers("返工率下降90%", "返工率下降9%。") == [("90", "9", "工率下降", "")]
    assert differing_numbers("共3台，节约12.50万元", "共3台，节约12.5万元") == []
    assert differing_numbers("共3台", "共3台和5台") is None


def test_unsure_readings_explained_by_a_known_confusion_are_noise():
    m = Mismatch(field="instances[1].results", kind="changed", severity="error", page=10, paper="…装配返工率下降9【0】%",
                 online="…返工率下降9%。【】", spans=[["…装配返工率下降9【0】%", "…返工率下降9%。【】"]])
    src = FakeSource([Line(10, "90%", ("90%", "9%", "90%", "9%", "9%"))])
    kept, [note] = verify_mismatches(_scanned(), [m], src)
    assert kept == [] and note.severity == "info" and "句号识别为0" in note.message


def test_a_cell_last_line_holding_only_the_number_is_found_again_among_bare_numbers():
    # eval-7: 「9%。」 alone on the last line of a 附1 cell, first read 「90%0」; other lines of the page also
    # start with a 9 and carry no context either
    m = Mismatch(field="instances[1].results", kind="changed", severity="error", page=10, paper="…装配返工率下降9【0%0】",
                 online="…返工率下降9%。【】", spans=[["…装配返工率下降9【0%0】", "…返工率下降9%。【】"]])
    src = FakeSource([Line(10, "9%，一次试制成功率", ("9%，一次试制成功率",) * 5),
                      Line(10, "90%0", ("90%", "9%", "90%", "9%", "9%"))])
    kept, [note] = verify_mismatches(_scanned(), [m], src)
    assert kept == [] and note.severity == "info" and "句号识别为0" in note.message
    # the officer sees the words as first read and as filed online, not only the folded number 「900」
    assert "首次识别为「装配返工率下降90%0」" in note.message and "网上填报为「返工率下降9%。」" in note.message


def test_a_number_the_first_reading_lost_is_noise_when_every_second_reading_has_it():
    # scans-77: the list number 「④」 first read as 「?」: no number on paper to pair with the online 4
    line = "打通设计BOM与工艺BOM；{}建立酸奶设计知识库和参数化"
    m = Mismatch(field="instances[0].narrative", kind="changed", severity="error", page=5,
                 paper="…与工艺BOM;?【】建立酸奶设计知识…", online="…M与工艺BOM;【4】建立酸奶设计知识…",
                 spans=[["…与工艺BOM;?【】建立酸奶设计知识…", "…M与工艺BOM;【4】建立酸奶设计知识…"]])
    kept, [note] = verify_mismatches(_scanned(), [m], FakeSource([Line(5, line.format("?"), (line.format("④"),) * 5)]))
    assert kept == [] and note.severity == "info"
    unsure = FakeSource([Line(5, line.format("?"), (line.format("④"), line.format("?"), line.format("④")))])
    assert verify_mismatches(_scanned(), [m], unsure)[0] == [m]


def test_unsure_readings_of_an_unexplained_change_stay_a_warning():
    m = Mismatch(field="instances[1].results", kind="changed", severity="error", page=10, paper="…装配返工率下降【6】%",
                 online="…返工率下降【9】%。", spans=[["…装配返工率下降【6】%", "…返工率下降【9】%。"]])
    src = FakeSource([Line(10, "6%", ("6%", "9%", "6%"))])
    [kept], [note] = verify_mismatches(_scanned(), [m], src)
    assert kept.severity == "warning" and note.severity == "warning"


TENTATIVE_MM = Mismatch(field="instances[0].narrative", kind="changed", severity="warning", page=4,
                        paper="…中断。下一阶段,【公司】计划将元数据能力…", online="…中断。下一阶段,【企业】计划将元数据能力…",
                        spans=[["…中断。下一阶段,【公司】计划将元数据能力…", "…中断。下一阶段,【企业】计划将元数据能力…"]],
                        status="tentative")
WORDING_LINE = "保障业务不中断。下一阶段，公司计划将元数据能力延伸"


def test_a_two_character_edit_on_a_scan_is_reported_when_the_second_readings_confirm_it():
    src = FakeSource([Line(5, WORDING_LINE, (WORDING_LINE,) * 5)])
    [m], notes = verify_mismatches(_scanned(), [TENTATIVE_MM], src)
    assert notes == [] and m.severity == "warning" and m.spans == TENTATIVE_MM.spans
    assert "confirmed" in (m.detail or "")


def test_a_two_character_edit_the_second_readings_do_not_confirm_is_ocr_noise():
    online_reading = WORDING_LINE.replace("公司", "企业")
    src = FakeSource([Line(4, WORDING_LINE, (WORDING_LINE, online_reading, WORDING_LINE, WORDING_LINE, WORDING_LINE))])
    assert verify_mismatches(_scanned(), [TENTATIVE_MM], src) == ([], [])
    assert verify_mismatches(_scanned(), [TENTATIVE_MM], FakeSource([])) == ([], [])


def test_a_confirmed_two_character_edit_joins_the_standing_mismatch_of_its_field():
    standing = NARRATIVE_MM.model_copy(update={"field": "instances[0].narrative"})
    src = FakeSource([Line(4, WORDING_LINE, (WORDING_LINE,) * 5), Line(11, FIRST, (FIRST,) * 5)])
    [m], _ = verify_mismatches(_scanned(), [standing, TENTATIVE_MM], src)
    assert m.spans == [*NARRATIVE_MM.spans, *TENTATIVE_MM.spans] and m.severity == "error"


def test_tentative_edits_never_leave_the_check_on_a_digital_copy():
    assert verify_mismatches(make_factory_submission(), [TENTATIVE_MM], FakeSource([])) == ([], [])


NAME_MM = Mismatch(field="fields.company_name", kind="changed", severity="warning", page=1,
                   paper="福州盛鸿精密机械有限公司", online="福州晟鸿精密机械有限公司",
                   spans=[["福州【盛】鸿精密机械有限…", "福州【晟】鸿精密机械有限…"]], status="tentative")
NAME_LINE = "申报单位：福州盛鸿精密机械有限公司"


def test_a_confirmed_name_change_keeps_both_whole_names_for_the_officer():
    [m], _ = verify_mismatches(_scanned(), [NAME_MM], FakeSource([Line(1, NAME_LINE, (NAME_LINE,) * 5)]))
    assert (m.paper, m.online, m.status) == ("福州盛鸿精密机械有限公司", "福州晟鸿精密机械有限公司", "reported")
    noise = FakeSource([Line(1, NAME_LINE, (NAME_LINE.replace("盛", "晟"),) * 5)])
    assert verify_mismatches(_scanned(), [NAME_MM], noise) == ([], [])
