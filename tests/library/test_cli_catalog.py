"""`shenbao catalog search / add / export / confirm` on the command line."""

from __future__ import annotations

import json

import pytest
from library_factory import make_sub
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from flows.outputs import review_json_text
from library.store import CaseLibrary

runner = CliRunner()


@pytest.fixture
def outputs(tmp_path):
    """Two review output folders as `shenbao review` writes them (review.json + report.html)."""
    root = tmp_path / "out"
    for sub in (make_sub("a1", "甲汽车零部件有限公司"), make_sub("b1", "乙钢铁有限公司", year=2022, address="江苏省南京市")):
        folder = root / sub.submission_id
        folder.mkdir(parents=True)
        (folder / "review.json").write_text(review_json_text(sub), encoding="utf-8")
        (folder / "report.html").write_text("<html>报告</html>", encoding="utf-8")
    return root


@pytest.fixture
def db(tmp_path, outputs):
    path = tmp_path / "library.db"
    assert runner.invoke(app, ["catalog", "add", str(outputs), "--db", str(path)]).exit_code == 0
    return path


def test_add_indexes_review_outputs_idempotently(tmp_path, outputs):
    path = tmp_path / "lib.db"
    first = runner.invoke(app, ["catalog", "add", str(outputs), "--db", str(path)])
    again = runner.invoke(app, ["catalog", "add", str(outputs), "--db", str(path)])
    assert first.exit_code == 0 and "已入库 2 份" in first.stdout
    assert again.exit_code == 0 and "共 2 份" in again.stdout
    assert CaseLibrary(path).stats()["submissions"] == 2
    case = CaseLibrary(path).case(1)
    assert case["report_path"].endswith("report.html") and case["annotated_path"] is None


def test_add_skips_a_broken_review_json_with_a_chinese_message(tmp_path, outputs):
    (outputs / "bad").mkdir()
    (outputs / "bad" / "review.json").write_text("{不是 JSON", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "add", str(outputs), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 0 and "不是有效的 review.json" in result.stderr and "已入库 2 份" in result.stdout


def test_add_of_a_folder_without_reviews_fails_clearly(tmp_path):
    result = runner.invoke(app, ["catalog", "add", str(tmp_path), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 1 and "没有找到 review.json" in result.stderr


def test_search_prints_the_count_the_marked_snippet_and_facets(db):
    result = runner.invoke(app, ["catalog", "search", "视觉", "--db", str(db)])
    assert result.exit_code == 0
    assert "共 4 条" in result.stdout and "【视觉】" in result.stdout and "年度：" in result.stdout


def test_search_with_a_leading_minus_is_an_exclusion_not_an_option(db):
    result = runner.invoke(app, ["catalog", "search", "-焊接", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["name"] != "焊接机器人工作站" for r in rows)


def test_search_filters_and_limit(db):
    result = runner.invoke(app, ["catalog", "search", "视觉", "--region", "江苏", "--type", "示范工厂",
                                 "--status", "needs_review", "--limit", "1", "--json", "--db", str(db)])
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["company"] == "乙钢铁有限公司"


def test_search_of_a_missing_library_says_how_to_build_one(tmp_path):
    result = runner.invoke(app, ["catalog", "search", "视觉", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "catalog add" in result.stderr


def test_confirm_on_the_command_line_feeds_confirmed_examples(db):
    result = runner.invoke(app, ["catalog", "confirm", "1", "2", "产品质量优化", "--db", str(db)])
    assert result.exit_code == 0
    assert [s for _, s in CaseLibrary(db).confirmed_examples()] == ["产品质量优化"]


def test_export_masks_names_phones_and_emails_by_default(db, tmp_path):
    target = tmp_path / "结果.xlsx"
    result = runner.invoke(app, ["catalog", "export", "视觉", "-o", str(target), "--db", str(db)])
    assert result.exit_code == 0 and "已遮盖" in result.stdout
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][2] == "企业" and len(rows) == 5
    assert rows[1][11] == "张**" and rows[1][12] == "138****5678" and rows[1][13] == "z***@example.com"


def test_export_markdown_unmasked_keeps_the_contacts(db, tmp_path):
    target = tmp_path / "结果.md"
    result = runner.invoke(app, ["catalog", "export", "--year", "2022", "--unmasked", "-o", str(target),
                                 "--db", str(db)])
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "乙钢铁有限公司" in text and "13812345678" in text and "甲汽车" not in text


def test_export_refuses_an_unknown_format(db, tmp_path):
    result = runner.invoke(app, ["catalog", "export", "-o", str(tmp_path / "x.csv"), "--db", str(db)])
    assert result.exit_code == 2 and "xlsx、md" in result.stderr
