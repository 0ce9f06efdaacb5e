"""End to end on a generated batch (truth Submissions as printed): every planted rule and mismatch is
reported and nothing else of those kinds; the XLSX and JSON online exports read the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.reference import load_reference
from checks.engine import check_submission, resolve_year
from checks.pairing import pair_records, unpaired_findings
from checks.paper_vs_online import compare_paper_online
from classifiers.api import classify_submission
from extractors.online import read_online
from model.submission import Submission

pytestmark = pytest.mark.slow
PLANTED_KINDS = {"LIMIT_SCENE_3000", "LIMIT_FIELD", "MIN_LINKS", "SUPPLY_CHAIN_LINK", "MIN_INSTANCES", "REQUIRED_METRIC",
                 "METRIC_NOT_APPLICABLE", "MATURITY_LEVEL", "ACCIDENT_DECLARED", "CREDIT_CODE", "SEAL_MISSING",
                 "SCENE_UNKNOWN", "SCENE_NOT_IN_LINK", "SCENE_CONTENT_MISMATCH", "DATE_ORDER", "SIZE_INCONSISTENT"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, dict]:
    from samples.generate import generate_batch

    out = tmp_path_factory.mktemp("tiny")
    truth = json.loads(Path(generate_batch(out, seed=5, preset="tiny")).read_text(encoding="utf-8"))
    return out, truth


def _analysed(doc: dict, n: int) -> Submission:
    sub = Submission.model_validate(doc["submission"]).model_copy(update={"submission_id": f"doc{n}"})
    ref = load_reference(resolve_year(sub, None))
    sub = classify_submission(sub, ref.guide)
    return sub.model_copy(update={"findings": check_submission(sub, ref)})


def test_truth_submissions_report_exactly_the_planted_rules(batch):
    _, truth = batch
    for n, doc in enumerate(truth["documents"]):
        sub = _analysed(doc, n)
        got = sorted(f.rule for f in sub.findings if f.rule in PLANTED_KINDS)
        assert got == sorted(p["rule"] for p in doc["planted_rules"] if p["rule"] in PLANTED_KINDS), doc["file"]


def test_truth_submissions_report_exactly_the_planted_mismatches(batch):
    folder, truth = batch
    subs = [_analysed(doc, n) for n, doc in enumerate(truth["documents"])]
    pairing = pair_records(subs, read_online(folder / "online.json"))
    per_paper, online_only = unpaired_findings(pairing)
    assert len(online_only) == len(truth["online_only"])
    found = {p.submission_id: compare_paper_online(p, o) for p, o in pairing.pairs}
    for n, doc in enumerate(truth["documents"]):
        sid = f"doc{n}"
        assert (sid in per_paper) is (not doc["online"]), doc["file"]
        got = sorted((m.field, m.kind) for m in found.get(sid, []))
        assert got == sorted((m["field"], m["kind"]) for m in doc["planted_mismatches"]), doc["file"]


def test_xlsx_and_json_exports_read_the_same(batch):
    folder, _ = batch
    from_json = read_online(folder / "online.json")
    from_xlsx = {s.submission_id: s for s in read_online(folder / "online.xlsx")}
    assert sorted(from_xlsx) == sorted(s.submission_id for s in from_json)
    for rec in from_json:
        assert compare_paper_online(rec, from_xlsx[rec.submission_id]) == []


def test_folder_of_exported_pdfs_reads_as_online_records(batch, tmp_path):
    import shutil

    folder, truth = batch
    doc = next(d for d in truth["documents"] if d["kind"] == "digital")
    shutil.copy(folder / doc["file"], tmp_path / doc["file"])
    [rec] = read_online(tmp_path)
    code = doc["submission"]["fields"]["credit_code"]
    assert rec.submission_id == f"online-{code}-{doc['submission']['declaration_type']}"
    assert rec.source.path == str(tmp_path / doc["file"])
