"""Checkboxes on scans: a small empty box OCR skipped between a tick and an option is found again."""

from __future__ import annotations

import random

import numpy as np
import pymupdf
import pytest

from extractors.checkboxes import apply_marks, lost_box
from extractors.ocr import read_ocr_page
from extractors.page import Mark, Word
from model.values import pick_yes_no
from samples.fonts import font
from samples.scan import scan

LINE = (100, 131)  # top and bottom of a 31-px text line


def _gap_image(square: str | None, x: int = 62) -> np.ndarray:
    """A white line with '√' ink ending at x=56 and '否' ink from x=76, and optionally a 11-px square
    (light grey outline, as a scanned small □ looks) or a solid one at x."""
    img = np.full((240, 200), 250, np.uint8)
    img[108:125, 40:56] = 60           # the stroke block standing for √
    img[105:128, 76:100] = 60          # the block standing for 否
    if square:
        img[110:121, x:x + 11] = 185
        if square in ("empty", "ticked"):
            img[112:119, x + 2:x + 9] = 250
        if square == "ticked":
            for i in range(4):  # a tick inside the box, not touching its border
                img[116 - i, x + 3 + i:x + 5 + i] = 60
    return img


def test_a_faint_small_square_in_the_gap_before_an_option_is_a_lost_box() -> None:
    found = lost_box(_gap_image("empty"), 56, 76, *LINE)
    assert found == (62, 110, 73, 121)


def test_no_square_in_the_gap_is_no_box() -> None:
    assert lost_box(_gap_image(None), 56, 76, *LINE) is None


def test_a_solid_square_is_not_an_empty_box() -> None:
    assert lost_box(_gap_image("solid"), 56, 76, *LINE) is None


def test_a_square_with_a_tick_inside_is_not_an_empty_box() -> None:
    assert lost_box(_gap_image("ticked"), 56, 76, *LINE) is None


def test_a_gap_too_narrow_for_a_box_is_not_searched() -> None:
    assert lost_box(_gap_image("empty"), 56, 60, *LINE) is None


def test_a_square_starting_inside_the_next_character_is_part_of_its_glyph() -> None:
    assert lost_box(_gap_image("empty", x=84), 56, 76, *LINE) is None


@pytest.mark.ocr
@pytest.mark.parametrize(("face", "size", "seed"), [("song", 10.5, 1), ("hei", 9, 1)])
def test_tick_after_yes_with_an_empty_box_before_no_reads_yes_on_a_scan(face: str, size: float, seed: int) -> None:
    # Word users tick '是√ □否'. On these scans OCR read some of the lines as '是√否' (the box lost,
    # found again in the gap) or took the glyph of 否 for a second, filled box ('是√■否')
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    writer = pymupdf.TextWriter(page.rect)
    for k in range(6):
        writer.append((80 + (k % 2) * 250, 100 + 40 * (k // 2)), "是√ □否", font=font(face), fontsize=size)
    writer.write_text(page)
    data, _, _ = scan(doc.tobytes(), None, random.Random(seed), [])
    with pymupdf.open("pdf", data) as d:
        content = read_ocr_page(d, d[0], 1)
    cells: dict[tuple[int, bool], list[str]] = {}
    for w in sorted(content.words, key=lambda w: w.x0):
        cells.setdefault((round((w.y0 - 90) / 40), w.x0 > 250), []).append(w.text)
    assert len(cells) == 6
    assert [pick_yes_no(" ".join(c))[0] for c in cells.values()] == [True] * 6, cells


def test_options_stacked_in_a_narrow_cell_keep_each_their_own_box() -> None:
    # '■是' above '□否' with touching line boxes (a scan of seed 77): the empty box of 否 must not
    # overwrite the ticked box of 是 one line up
    words = [Word(495.2, 245.7, 513.0, 257.6, "口是", line=1), Word(497.1, 256.7, 516.0, 268.0, "否", line=2)]
    marks = [Mark(496.6, 248.1, 504.3, 255.8, checked=True, fill=1.0),
             Mark(496.6, 259.6, 503.8, 266.8, checked=False, fill=0.0)]
    out = apply_marks(words, marks, ("是", "否"))
    assert [w.text for w in out if w.line == 1] == ["■是"]
    assert pick_yes_no(" ".join(w.text for w in sorted(out, key=lambda w: w.y0))) == (True, None)
