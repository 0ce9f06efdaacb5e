"""Seals as found in real offices: pale, faded and orange-pink ink is found, and an unsure find asks the officer
to check the original instead of demanding a new stamp."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from catalog.reference import load_reference
from checks.seal_presence import check_seals
from evals.seal_set import INKS, restamp
from extractors.extract_pdf import extract_submission
from extractors.ink_marks import pale_mask, red_mask

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "batch-2023"
NAME = "01_优秀场景_广东汇峰轮胎_digital"


def _pixels(*rgb: tuple[int, int, int]) -> np.ndarray:
    return np.array([list(rgb)], dtype=np.uint8)


def test_pale_mask_takes_faded_seal_ink_and_leaves_grey_blue_black_and_yellow() -> None:
    colours = [(227, 179, 192), (238, 200, 205), (248, 205, 190), (200, 200, 200), (60, 90, 200), (20, 20, 20),
               (240, 220, 120), (255, 255, 255)]
    got = pale_mask(_pixels(*colours))[0] > 0
    assert got.tolist() == [True, True, True, False, False, False, False, False]


def test_strong_red_is_not_counted_twice_as_pale() -> None:
    px = _pixels((214, 30, 38))
    assert red_mask(px)[0, 0] and not pale_mask(px)[0, 0]


def _restamped(tmp_path: Path, ink: str, skip: str = "") -> Path:
    truth = json.loads((SAMPLES / "truth" / f"{NAME}.json").read_text(encoding="utf-8"))
    doc = pymupdf.open(SAMPLES / f"{NAME}.pdf")
    seals = [s for s in truth["submission"]["seals"] if s["page"] == 1]
    restamp(doc[0], seals, INKS[ink], random.Random(3), truth["submission"]["fields"]["applicant"], skip)
    out = tmp_path / f"{ink}.pdf"
    doc.save(out)
    return out


@pytest.mark.parametrize("ink", ["pale", "faded"])
def test_cover_stamped_in_pale_ink_gets_a_warning_to_check_the_original_not_an_error(ink: str,
                                                                                      tmp_path: Path) -> None:
    sub = extract_submission(_restamped(tmp_path, ink))
    cover = {s.role: s for s in sub.seals if s.page == 1}
    assert cover["applicant"].present and cover["recommender"].present
    findings = [f for f in check_seals(sub, load_reference(2023)) if f.field in ("seals.applicant", "seals.recommender")]
    assert all(f.severity == "warning" and "请对照原件核实" in f.message for f in findings)
    assert not any("补盖" in f.message for f in findings)


@pytest.mark.parametrize("ink", ["standard", "dark_red", "orange_pink"])
def test_cover_stamped_in_red_inks_is_sure(ink: str, tmp_path: Path) -> None:
    sub = extract_submission(_restamped(tmp_path, ink))
    assert [f for f in check_seals(sub, load_reference(2023)) if f.field in ("seals.applicant", "seals.recommender")] == []


def test_unstamped_place_next_to_a_pale_seal_is_still_an_error(tmp_path: Path) -> None:
    sub = extract_submission(_restamped(tmp_path, "pale", skip="recommender"))
    errors = [f for f in check_seals(sub, load_reference(2023)) if f.severity == "error"]
    assert [f.field for f in errors] == ["seals.recommender"]
