"""The ground truth is true: what it says is what the generated PDFs show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pymupdf
import pytest
from readback import contains, pdf_text, printed_values, squash

from catalog.reference import load_reference
from model.submission import Submission
from model.text import count_chars

Batch = tuple[Path, dict[str, Any]]
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def _gb32100_ok(code: str) -> bool:
    """Independent GB 32100-2015 check (not the generator's own function)."""
    if len(code) != 18 or any(c not in _CHARS for c in code):
        return False
    total = sum(_CHARS.index(c) * w for c, w in zip(code[:17], _W, strict=True))
    return _CHARS[(31 - total % 31) % 31] == code[17]


def _docs(batch: Batch, *kinds: str) -> list[dict[str, Any]]:
    return [d for d in batch[1]["documents"] if d["kind"] in kinds]


def test_batch_has_layout_of_the_contract(tiny_batch: Batch) -> None:
    out, gt = tiny_batch
    assert {"seed", "preset", "generator_version", "documents", "online_only", "near_duplicates",
            "prior_demo_factories"} <= gt.keys()
    for d in gt["documents"]:
        assert (out / d["file"]).exists()
        assert (out / "truth" / (Path(d["file"]).stem + ".json")).exists()
        Submission.model_validate(d["submission"])
    assert (out / "online.json").exists() and (out / "online.xlsx").exists()


def test_digital_text_layer_contains_every_truth_value(tiny_batch: Batch) -> None:
    out, _ = tiny_batch
    for d in _docs(tiny_batch, "digital", "mixed"):
        text_pages = [p for p in range(1, d["pages"] + 1) if p not in d["ocr_pages"]]
        text = pdf_text(str(out / d["file"]), text_pages)
        for path, value in printed_values(d["submission"]).items():
            if path in ("applicant", "recommender") and 1 in d["ocr_pages"]:
                continue  # printed only on the cover, which is a scan in a mixed file
            assert contains(text, value), f"{d['file']}: {path} not in the text layer"


def test_instances_and_declared_labels_are_on_their_annex1_page(tiny_batch: Batch) -> None:
    out, _ = tiny_batch
    for d in _docs(tiny_batch, "digital"):
        with pymupdf.open(out / d["file"]) as doc:
            for inst in d["submission"]["instances"]:
                page = squash(doc[inst["page"] - 1].get_text())
                split = "annex1_split_rows" in d["variants"] and inst["page"] < doc.page_count
                row = page + squash(doc[inst["page"]].get_text()) if split else page  # a row may go on
                for key in ("declared_link", "declared_scene", "name"):
                    assert squash(inst[key])[:2] in page, f"{d['file']} 附1 row {inst['index']}: {key} starts elsewhere"
                    assert contains(row, inst[key]), f"{d['file']} 附1 row {inst['index']}: {key}"
                heading = squash(doc[inst["narrative_page"] - 1].get_text())
                assert squash(inst["name"]) in heading


def test_planted_scene_over_limit_really_exceeds_and_clean_ones_do_not(tiny_batch: Batch) -> None:
    limit = load_reference(2023).rules.scene_description_limit
    assert limit
    planted = 0
    for d in tiny_batch[1]["documents"]:
        flagged = {r["field"] for r in d["planted_rules"] if r["rule"] == "LIMIT_SCENE_3000"}
        for i, inst in enumerate(d["submission"]["instances"]):
            over = count_chars(inst["narrative"]) > limit
            assert over == (f"instances[{i}].narrative" in flagged)
            planted += over
    assert planted >= 1


def test_planted_credit_code_fails_check_digit_and_clean_ones_pass(tiny_batch: Batch) -> None:
    seen_bad = False
    for d in tiny_batch[1]["documents"]:
        bad = any(r["rule"] == "CREDIT_CODE" for r in d["planted_rules"])
        assert _gb32100_ok(d["submission"]["fields"]["credit_code"]) is not bad
        seen_bad |= bad
    assert seen_bad


def test_scanned_file_has_no_text_layer(tiny_batch: Batch) -> None:
    out, _ = tiny_batch
    for d in _docs(tiny_batch, "scanned", "mixed"):
        with pymupdf.open(out / d["file"]) as doc:
            for page in doc:
                has_text = bool(page.get_text().strip())
                assert has_text is ((page.number + 1) not in d["ocr_pages"])
                if not has_text:
                    assert len(page.get_images()) == 1
    assert _docs(tiny_batch, "scanned")[0]["ocr_pages"] == list(range(1, _docs(tiny_batch, "scanned")[0]["pages"] + 1))


@pytest.mark.parametrize("kind", ["digital", "scanned"])
def test_seals_are_red_pixels_inside_their_truth_bbox(tiny_batch: Batch, kind: str) -> None:
    out, _ = tiny_batch
    for d in _docs(tiny_batch, kind):
        with pymupdf.open(out / d["file"]) as doc:
            for seal in d["submission"]["seals"]:
                if not seal["present"] or seal["role"] == "legal_rep":
                    continue
                pix = doc[seal["page"] - 1].get_pixmap(dpi=72, clip=pymupdf.Rect(seal["bbox"]))
                img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[..., :3]
                red = (img[..., 0] > 150) & (img[..., 1] < 120) & (img[..., 2] < 120)
                assert red.mean() > 0.03, f"{d['file']} {seal['role']}: no red ink in the bbox"


def test_clean_document_lists_no_rule_and_pages_are_in_range(tiny_batch: Batch) -> None:
    docs = tiny_batch[1]["documents"]
    assert any(not d["planted_rules"] and not d["planted_mismatches"] for d in docs)
    for d in docs:
        for r in d["planted_rules"]:
            assert r["page"] is None or 1 <= r["page"] <= d["pages"]


def test_every_document_records_the_four_required_seals(tiny_batch: Batch) -> None:
    for d in tiny_batch[1]["documents"]:
        seals = d["submission"]["seals"]
        assert sorted(s["role"] for s in seals) == ["applicant", "company", "legal_rep", "recommender"]
        missing = {f"seals.{s['role']}" for s in seals if not s["present"]}
        assert missing == {r["field"] for r in d["planted_rules"] if r["rule"] == "SEAL_MISSING"}
        assert all(s["page"] == 1 for s in seals if s["role"] in ("applicant", "recommender"))
