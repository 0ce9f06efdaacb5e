"""The review wiring without Prefect: outputs, bad files, resumption, byte-identical results."""

import json
import shutil

import pytest

from flows.config import RunConfig
from flows.review_batch import run_review

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reviewed(small_batch, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cfg = RunConfig(inputs=[small_batch], out=out, online=small_batch / "online.json", use_prefect=False)
    result, _ = run_review(cfg)
    return cfg, result


def test_every_file_gets_a_folder_with_the_three_outputs(reviewed):
    cfg, result = reviewed
    assert len(result.subs) == 4
    for sub in result.subs:
        folder = cfg.out / sub.submission_id
        assert (folder / "review.json").exists()
        assert (folder / "report.html").exists()
        if sub.status != "error":
            assert (folder / "annotated.pdf").exists()
    for name in ("batch.json", "batch.html", "summary.xlsx", "推荐汇总表.xlsx", "推荐汇总表.docx"):
        assert (cfg.out / name).exists(), name


def test_corrupt_file_is_an_error_finding_and_the_batch_goes_on(reviewed):
    _, result = reviewed
    bad = [s for s in result.subs if s.source.path.endswith("损坏的申报书.pdf")]
    assert len(bad) == 1 and bad[0].status == "error"
    assert bad[0].findings[0].rule == "EXTRACTION_INCOMPLETE"
    assert "损坏的申报书.pdf" in bad[0].findings[0].message
    assert sum(s.status != "error" for s in result.subs) == 3


def test_corrupt_file_shows_up_in_summary_xlsx(reviewed):
    from openpyxl import load_workbook

    cfg, _ = reviewed
    wb = load_workbook(cfg.out / "summary.xlsx")
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "损坏的申报书" in text


def test_batch_json_lists_every_submission_with_status_and_counts(reviewed):
    cfg, result = reviewed
    data = json.loads((cfg.out / "batch.json").read_text(encoding="utf-8"))
    assert {s["submission_id"] for s in data["submissions"]} == {s.submission_id for s in result.subs}
    assert all("counts" in s and s["status"] in {"pass", "needs_review", "fail", "error"} for s in data["submissions"])


def test_online_records_without_paper_copy_are_batch_findings(reviewed):
    cfg, _ = reviewed
    data = json.loads((cfg.out / "batch.json").read_text(encoding="utf-8"))
    assert any(f["rule"] == "UNPAIRED" for f in data["findings"])


def test_interrupted_run_resumed_gives_byte_identical_review_json(reviewed, tmp_path):
    cfg, _ = reviewed
    out2 = tmp_path / "out2"
    cache_src = cfg.out / ".cache"
    # Simulate a crash after the first file: only its cached analysis survived.
    first = sorted(cache_src.iterdir())[0]
    (out2 / ".cache").mkdir(parents=True)
    shutil.copy(first, out2 / ".cache" / first.name)
    cfg2 = cfg.model_copy(update={"out": out2})
    result2, _ = run_review(cfg2)
    for sub in result2.subs:
        a = (cfg.out / sub.submission_id / "review.json").read_bytes()
        b = (out2 / sub.submission_id / "review.json").read_bytes()
        assert a == b, sub.submission_id
