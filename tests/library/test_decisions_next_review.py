"""An officer's decision on a finding (case page) is shown in the next report of that submission, or of its
corrected re-submission, and a dismissed finding no longer counts for the status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from library_factory import make_sub
from test_web import Client

import review
from flows.batch_outputs import index_into_library
from library.store import CaseLibrary
from library.web import create_app
from model import Finding
from reports.html import report_context, write_report_html
from review import ReviewContext

WARNING = Finding(rule="SCENE_CONTENT_MISMATCH", severity="warning", message="实例2的描述更像“产品质量优化”。",
                  field="instances[1].description", page=5)


def _review(lib: CaseLibrary, subs):
    """finish_batch with the library's decisions, then the batch indexed (as flows.review_batch does)."""
    result = review.finish_batch(subs, ReviewContext(decisions=lib.decisions_for))
    index_into_library(result, lib.db_path)
    return result.subs


@pytest.fixture
def lib(tmp_path):
    library = CaseLibrary(tmp_path / "library.db")
    [first] = _review(library, [make_sub("a1", "甲汽车零部件有限公司", findings=[
        Finding(rule="SEAL_MISSING", severity="error", message="第3页 缺少申报单位公章。", page=3), WARNING])])
    assert first.status == "fail" and all(f.decision is None for f in first.findings)
    return library


def _finding(library: CaseLibrary, rule: str) -> dict:
    return next(f for f in library.case("a1")["findings"] if f["rule"] == rule)


def test_a_dismissed_finding_is_marked_in_the_next_report_and_not_counted(lib, tmp_path):
    lib.decide_finding("a1", _finding(lib, "SEAL_MISSING")["id"], "dismissed", "公章盖在附件第2页，已核实")
    [again] = _review(lib, [make_sub("a1", "甲汽车零部件有限公司", findings=[
        Finding(rule="SEAL_MISSING", severity="error", message="第3页 缺少申报单位公章。", page=3), WARNING])])
    seal = next(f for f in again.findings if f.rule == "SEAL_MISSING")
    assert seal.decision is not None and seal.decision.decision == "dismissed"
    assert seal.decision.reason == "公章盖在附件第2页，已核实" and not seal.decision.earlier_version
    assert again.status == "needs_review"  # the warning still counts, the dismissed error does not
    ctx = report_context(again)
    assert ctx["counts"]["error"] == 0 and ctx["counts"]["dismissed"] == 1
    html = write_report_html(again, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "已驳回：公章盖在附件第2页，已核实" in html and "不计入审核结论" in html


def test_an_accepted_finding_is_marked_and_still_counts(lib, tmp_path):
    lib.decide_finding("a1", _finding(lib, "SCENE_CONTENT_MISMATCH")["key"], "accepted")
    [again] = _review(lib, [make_sub("a1", "甲汽车零部件有限公司", findings=[WARNING])])
    assert again.status == "needs_review" and again.findings[0].decision.decision == "accepted"
    html = write_report_html(again, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "已由审核人员确认" in html


def test_a_corrected_resubmission_carries_the_decision_of_the_version_it_replaces(lib, tmp_path):
    lib.decide_finding("a1", _finding(lib, "SCENE_CONTENT_MISMATCH")["id"], "dismissed", "两个实例名称不同")
    moved = WARNING.model_copy(update={"page": 6})  # the corrected file moved the table one page on
    [corrected] = _review(lib, [make_sub("a1", "甲汽车零部件有限公司", sha="b2", findings=[moved])])
    assert corrected.findings[0].decision.earlier_version
    assert corrected.status == "pass"
    assert lib.case("a1")["version"] == 2  # indexed as the new version of the same declaration
    html = write_report_html(corrected, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "已驳回：两个实例名称不同" in html and "针对上一版本" in html
    other_year = make_sub("a1", "甲汽车零部件有限公司", year=2024, sha="c3", findings=[WARNING])
    assert lib.decisions_for(other_year) == {}  # another year's declaration is not a new version of it


def test_without_a_library_nothing_is_decided():
    [sub] = review.finish_batch([make_sub("a1", "甲公司", findings=[WARNING])], ReviewContext()).subs
    assert sub.findings[0].decision is None and sub.status == "needs_review"


@pytest.mark.slow
def test_officer_dismisses_on_the_case_page_and_the_next_review_shows_it(tmp_path):
    """The whole way: review a sample PDF into a library, dismiss its errors on the web page, review again."""
    from flows.config import RunConfig
    from flows.review_batch import run_review

    batch = Path(__file__).resolve().parents[2] / "samples" / "batch-2023"
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(batch / "07_优秀场景_辽宁福通药业_digital.pdf", inbox)
    cfg = RunConfig(inputs=[inbox], out=tmp_path / "out", catalog=tmp_path / "library.db", use_prefect=False)
    [first] = run_review(cfg)[0].subs
    errors = [f for f in first.findings if f.severity == "error"]
    assert first.status == "fail" and errors
    lib = CaseLibrary(cfg.catalog)
    case_id = lib.search("", limit=1)[0]["case_id"]
    client = Client(create_app(cfg.catalog, raw=False))
    for f in lib.case(case_id)["findings"]:
        if f["severity"] == "error":
            page = client.post(f"/case/{case_id}/finding/{f['id']}", data={"decision": "dismissed",
                                                                           "reason": "人工核对后不属于问题"})
            assert page.status_code == 200 and "已保存" in page.text
    [second] = run_review(cfg)[0].subs
    assert second.status != "fail"
    folder = cfg.out / second.submission_id
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count("已驳回：人工核对后不属于问题") >= len(errors)
    stored = json.loads((folder / "review.json").read_text(encoding="utf-8"))
    assert all(f["decision"]["decision"] == "dismissed" for f in stored["findings"] if f["severity"] == "error")
