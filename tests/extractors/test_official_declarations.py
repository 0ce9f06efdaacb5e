"""Declarations drawn as the official form prints them (samples style "official": 附件3-1/3-2 of seed 002)
extract every field of their truth, 所属行业 (行业门类/大类/中类 under their column headers) above all, and a
clean one compares with its online record without a single mismatch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pymupdf
import pytest

import review
from evals.extract import compare_fields
from samples.generate import generate_batch

pytestmark = pytest.mark.slow
Batch = tuple[Path, dict[str, Any]]


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """-> the first four documents of the official preset, seed 5: a digital and a scanned file of each type."""
    out = tmp_path_factory.mktemp("official")
    truth = json.loads(generate_batch(out, seed=5, preset="official", count=4).read_text(encoding="utf-8"))
    return out, truth


def _docs(batch: Batch, kind: str) -> list[dict[str, Any]]:
    docs = [d for d in batch[1]["documents"] if d["kind"] == kind]
    assert {d["submission"]["declaration_type"] for d in docs} == {"优秀场景", "示范工厂"}
    return docs


def _misses(truth: dict[str, Any], got: dict[str, Any]) -> list[str]:
    misses: list[str] = []
    compare_fields(truth, got, {g: [0, 0] for g in _GROUPS}, misses)
    return misses


_GROUPS = ("basic", "cover", "financials", "metrics", "factory", "scene", "sections", "annexes")


def test_the_official_style_prints_industry_as_column_headers_over_the_values(official: Batch) -> None:
    folder, _ = official
    for d in _docs(official, "digital"):
        with pymupdf.open(folder / d["file"]) as doc:
            words = doc[1].get_text("words")
        ind = d["submission"]["fields"]["industry"]
        header = next(w for w in words if w[4].startswith("行业门类"))
        value = next(w for w in words if w[4] == ind["category"])
        assert value[1] > header[3] and abs(value[0] - header[0]) < 120, d["file"]  # under its header


def test_official_digital_declarations_extract_every_truth_field(official: Batch) -> None:
    folder, _ = official
    ctx = review.ReviewContext()
    for d in _docs(official, "digital"):
        got = json.loads(review.extract(folder / d["file"], ctx).model_dump_json())
        truth = d["submission"]
        assert got["fields"]["industry"] == truth["fields"]["industry"], d["file"]
        assert _misses(truth["fields"], got["fields"]) == [], d["file"]
        assert [i["name"] for i in got["instances"]] == [i["name"] for i in truth["instances"]], d["file"]


def test_clean_official_declarations_compare_with_their_online_record_without_mismatches(official: Batch) -> None:
    folder, _ = official
    ctx = review.ReviewContext(online=folder / "online.json")
    docs = _docs(official, "digital")
    subs = [review.analyse_document(folder / d["file"], ctx) for d in docs]
    result = review.finish_batch(subs, ctx)
    for d, sub in zip(docs, result.subs, strict=True):
        assert d["planted_mismatches"] == [] and d["planted_rules"] == []
        assert [(m.field, m.kind) for m in sub.mismatches] == [], d["file"]
        assert sub.status == "pass", (d["file"], [(f.rule, f.field) for f in sub.findings])


@pytest.mark.ocr
def test_scanned_official_declarations_extract_every_truth_field(official: Batch) -> None:
    folder, _ = official
    ctx = review.ReviewContext(online=folder / "online.json")
    docs = _docs(official, "scanned")
    subs = [review.analyse_document(folder / d["file"], ctx) for d in docs]
    for d, sub in zip(docs, subs, strict=True):
        got = json.loads(sub.model_dump_json())
        truth = d["submission"]["fields"]
        assert got["fields"]["industry"] == truth["industry"], d["file"]
        misses = _misses(truth, got["fields"])
        # OCR may drop a comma in a 500-字 text; every short field is read exactly
        assert [m for m in misses if not m.startswith(("fields.company_intro", "fields.project_summary"))] == [], d["file"]
    result = review.finish_batch(subs, ctx)
    for d, sub in zip(docs, result.subs, strict=True):
        assert [m.field for m in sub.mismatches if m.kind == "missing_in_paper"] == [], d["file"]
