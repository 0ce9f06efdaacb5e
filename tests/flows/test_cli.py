"""The command line: exit codes and Chinese messages (DESIGN.md §7)."""

import json

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def test_extract_of_a_non_pdf_exits_1_with_a_chinese_message(tmp_path):
    bad = tmp_path / "not_a_pdf.pdf"
    bad.write_text("这不是PDF", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert "not_a_pdf.pdf" in result.output and "PDF" in result.output


def test_extract_of_a_missing_file_exits_1(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 1
    assert "不存在" in result.output


def test_review_with_an_unknown_year_is_bad_usage_listing_the_years(tmp_path):
    (tmp_path / "in").mkdir()
    result = runner.invoke(app, ["review", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--year", "1999"])
    assert result.exit_code == 2
    assert "2023" in result.output


def test_review_with_an_unknown_recommender_kind_lists_the_valid_ones(tmp_path):
    (tmp_path / "in").mkdir()
    result = runner.invoke(app, ["review", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                                 "--recommender-kind", "县"])
    assert result.exit_code == 2
    assert "计划单列市" in result.output


def test_classify_text_prints_the_predicted_scene():
    result = runner.invoke(app, ["classify", "建设立体仓库，部署堆垛机和WMS仓储管理系统，实现物料自动出入库与盘库"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)
    assert rec["predicted"]["scene"] == "智能仓储"
    assert rec["predicted"]["link"] == "仓储物流"


def test_classify_file_adds_findings_for_a_declared_scene_of_another_link(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "name": "立体库", "text": "立体仓库与WMS自动出入库",
                               "declared_link": "设备管理", "declared_scene": "智能仓储"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["classify", "--file", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert any(f["rule"] == "SCENE_NOT_IN_LINK" for f in rec["findings"])
    assert rec["normalized"] == {"link": "设备管理", "scene": "智能仓储"}


def test_classify_without_text_or_file_is_bad_usage():
    result = runner.invoke(app, ["classify"])
    assert result.exit_code == 2


def test_debug_of_a_missing_page_exits_1_in_chinese(tmp_path):
    import pymupdf

    pdf = tmp_path / "one_page.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "企业名称", fontname="china-s")
    doc.save(pdf)
    result = runner.invoke(app, ["debug", str(pdf), "--page", "5", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    assert "页" in result.output


def test_review_with_an_unreadable_online_export_exits_1_before_any_work(tmp_path):
    (tmp_path / "in").mkdir()
    bad = tmp_path / "online.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["review", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--online", str(bad),
                                 "--no-prefect"])
    assert result.exit_code == 1
    assert "online.json" in result.output
    assert not (tmp_path / "o").exists()
