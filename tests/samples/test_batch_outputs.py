"""Online records, determinism and presets of the generator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pymupdf
import yaml
from openpyxl import load_workbook

from catalog.reference import DATA_DIR
from samples.generate import generate_batch
from samples.presets import SINGLE_RULES, specs_for

Batch = tuple[Path, dict[str, Any]]


def _get(obj: Any, path: str) -> Any:
    for part in path.replace("]", "").replace("[", ".").split("."):
        obj = obj[int(part)] if isinstance(obj, list) else obj.get(part)
    return obj


def test_same_seed_gives_identical_truth_and_pdf_text(tmp_path: Path) -> None:
    a = generate_batch(tmp_path / "a", seed=5, preset="tiny", count=1)
    b = generate_batch(tmp_path / "b", seed=5, preset="tiny", count=1)
    assert a.read_bytes() == b.read_bytes()
    name = json.loads(a.read_text(encoding="utf-8"))["documents"][0]["file"]
    with pymupdf.open(a.parent / name) as x, pymupdf.open(b.parent / name) as y:
        assert [p.get_text() for p in x] == [p.get_text() for p in y]


def test_online_json_pairs_documents_and_carries_planted_mismatches(tiny_batch: Batch) -> None:
    out, gt = tiny_batch
    records = json.loads((out / "online.json").read_text(encoding="utf-8"))
    assert len(records) == sum(d["online"] for d in gt["documents"]) + len(gt["online_only"])
    by_code = {(r["fields"]["credit_code"], r["declaration_type"]): r for r in records}
    for d in gt["documents"]:
        sub = d["submission"]
        rec = by_code.get((sub["fields"]["credit_code"], sub["declaration_type"]))
        assert (rec is not None) is d["online"]
        for m in d["planted_mismatches"]:
            if m["kind"] == "changed":
                assert rec is not None
                online = {"fields": rec["fields"], "instances": rec["instances"]}
                assert _get(online, m["field"]) != _get(sub, m["field"])


def test_online_xlsx_headers_are_the_catalog_labels(tiny_batch: Batch) -> None:
    out, _ = tiny_batch
    spec = yaml.safe_load((DATA_DIR / "online_columns.yaml").read_text(encoding="utf-8"))
    wb = load_workbook(out / "online.xlsx")
    head = [c.value for c in wb[spec["submission_sheet"]][1]]
    assert head[: len(spec["submission_columns"])] == list(spec["submission_columns"])
    assert "2020年资产总额（万元）" in head and "生产效率提升（%）" in head
    assert [c.value for c in wb[spec["instance_sheet"]][1]] == list(spec["instance_columns"])


def test_eval_preset_plants_every_single_document_rule_and_half_stay_clean() -> None:
    specs = specs_for("eval", 7)
    planted = {r for s in specs for r in s.rules}
    assert set(SINGLE_RULES) <= planted
    clean = [s for s in specs if not s.rules and not s.mismatches and s.online]
    assert 0.3 <= len(clean) / len(specs) <= 0.7
    assert {s.kind for s in specs} == {"digital", "scanned", "mixed"}
    assert {s.dtype for s in specs} == {"优秀场景", "示范工厂"}


def test_holdout_preset_uses_a_style_the_eval_preset_does_not() -> None:
    assert {s.style for s in specs_for("holdout", 99)} - {s.style for s in specs_for("eval", 7)}


def test_every_rule_a_spec_plants_is_in_the_document_truth(tiny_batch: Batch) -> None:
    specs = specs_for("tiny", 11)
    for spec, doc in zip(specs, tiny_batch[1]["documents"], strict=True):
        assert set(spec.rules) <= {r["rule"] for r in doc["planted_rules"]}, doc["file"]
        assert [m["kind"] for m in doc["planted_mismatches"]] == ["changed"] * len(spec.mismatches)


def test_drawn_presets_build_and_plant_for_many_seeds() -> None:
    import random

    from catalog.reference import load_reference
    from samples.defects import plant
    from samples.generate import build_draft

    ref = load_reference(2023)
    for preset in ("eval", "holdout"):
        for seed in range(6):
            for n, spec in enumerate(specs_for(preset, seed)):
                rng = random.Random(f"{preset}-{seed}-{n}")
                d = build_draft(rng, spec, ref)
                plant(rng, d, ref, list(spec.rules))


def test_each_mismatch_kind_really_changes_the_online_side() -> None:
    import random

    from catalog.reference import load_reference
    from samples.generate import build_draft
    from samples.online import MISMATCH_KINDS, plant_added_instance, plant_mismatch, record
    from samples.presets import DocSpec

    ref = load_reference(2023)
    for seed in range(8):
        for dtype in ("优秀场景", "示范工厂"):
            d = build_draft(random.Random(seed), DocSpec(dtype, narrative=(600, 700), count=2 if dtype == "优秀场景" else 8), ref)
            paper = d.submission.model_dump(mode="json")
            for kind in MISMATCH_KINDS:
                rec = record(d.submission)
                if kind == "added_instance":
                    extra = build_draft(random.Random(seed + 100), DocSpec("优秀场景", count=1), ref).submission.instances[0]
                    m = plant_added_instance(rec, extra, random.Random(seed))
                    assert m["kind"] == "missing_in_paper" and len(rec["instances"]) == len(paper["instances"]) + 1
                    assert [x["index"] for x in rec["instances"]] == list(range(1, len(rec["instances"]) + 1))
                    continue
                m = plant_mismatch(rec, d.submission, kind, random.Random(seed))
                if m["kind"] == "missing_online":
                    assert len(rec["instances"]) == len(paper["instances"]) - 1
                else:
                    assert _get(rec, m["field"]) != _get(paper, m["field"]), (kind, m)
