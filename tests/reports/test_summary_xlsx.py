"""summary.xlsx parsed back: one row per submission, every finding, every difference, quota sheet."""

from __future__ import annotations

from openpyxl import load_workbook
from report_fixtures import make_submission

from model import Finding
from reports.summary_xlsx import BatchRow, write_summary_xlsx


def _book(tmp_path, subs, batch_findings=(), quota=()):
    rows = [BatchRow.from_submission(s) for s in subs]
    path = write_summary_xlsx(
        rows, subs, list(batch_findings), tmp_path / "summary.xlsx", quota_warnings=quota
    )
    return load_workbook(path)


def _values(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_summary_sheet_has_one_row_per_submission_with_counts(tmp_path, sub):
    other = make_submission(submission_id="s2", status="pass", findings=[], mismatches=[])
    ws = _book(tmp_path, [sub, other])["汇总"]
    rows = _values(ws)
    assert rows[0][:4] == ["序号", "企业名称", "申报类型", "审核结果"]
    assert len(rows) == 3
    assert rows[1][1:9] == ["甲机械制造有限公司", "示范工厂", "不通过", 3, 1, 3, 2, 2]
    assert rows[2][3] == "通过"
    assert ws["B2"].hyperlink.target == f"{sub.submission_id}/report.html"


def test_finding_sheet_holds_every_finding_and_the_batch_findings(tmp_path, sub):
    unpaired = Finding(rule="UNPAIRED", severity="error", message="网上填报记录「丙公司」没有对应的纸质版。")
    rows = _values(_book(tmp_path, [sub], [unpaired])["问题清单"])
    messages = [r[4] for r in rows[1:]]
    assert set(messages) == {f.message for f in sub.findings} | {unpaired.message}
    assert rows[-1][0] == "（批次）"
    assert rows[1][1] == "错误"  # errors first


def test_mismatch_sheet_lists_paper_and_online_values(tmp_path, sub):
    rows = _values(_book(tmp_path, [sub])["纸网差异"])
    assert rows[1][1:4] == ["联系人 手机", "fields.contact.mobile", "不一致"]
    assert rows[1][6:8] == ["13800000000", "13900000000"]


def test_sheets_have_frozen_header_filters_and_widths_fitting_chinese(tmp_path, sub):
    book = _book(tmp_path, [sub])
    for name in ("汇总", "问题清单", "纸网差异"):
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    # "甲机械制造有限公司" is 9 CJK characters = 18 cells wide
    assert book["汇总"].column_dimensions["B"].width >= 18


def test_quota_sheet_only_when_there_are_quota_warnings(tmp_path, sub):
    assert "名额提醒" not in _book(tmp_path, [sub]).sheetnames
    book = _book(tmp_path, [sub], quota=["2023年省推荐示范工厂上限为15个，本批共16个，超出1个。"])
    assert _values(book["名额提醒"])[1][1].startswith("2023年省推荐示范工厂上限")


def test_error_submission_shows_its_chinese_message(tmp_path):
    broken = make_submission(
        submission_id="bad",
        status="error",
        instances=[],
        mismatches=[],
        findings=[
            Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message="《乙.pdf》已加密，无法读取。")
        ],
    )
    rows = _values(_book(tmp_path, [broken])["汇总"])
    assert rows[1][3] == "无法处理" and rows[1][-1] == "《乙.pdf》已加密，无法读取。"
