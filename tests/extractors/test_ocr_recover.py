"""A text line the OCR page pass did not detect is read again from the ink left uncovered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from extractors.ocr import read_ocr_page
from extractors.ocr_recover import recover_lines


def _page() -> np.ndarray:
    """White page with two 'text lines' of dark glyph blocks (30 px high) at y=100 and y=200, and a table rule."""
    img = np.full((400, 600), 245, np.uint8)
    for y in (100, 200):
        for x in range(50, 450, 34):
            img[y:y + 30, x:x + 26] = 30
    img[300:302, 20:580] = 0   # a table rule: not text
    return img


def _item(x0: float, y0: float, x1: float, y1: float, text: str, conf: float = 0.99) -> tuple:
    """An OCR item as RapidOCR returns it with word boxes (box, text, confidence, char boxes, chars)."""
    box = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
    return box, text, conf, [box] * len(text), list(text)


FIRST = _item(48, 98, 452, 132, "申报单位：某某公司（盖章）")


def test_a_line_the_page_pass_missed_is_read_from_its_band_in_page_coordinates() -> None:
    crops: list[tuple[int, int]] = []

    def read(crop: np.ndarray) -> list:
        crops.append(crop.shape)
        return [_item(10, 8, 300, 40, "推荐单位：某某局（盖章）", 0.98)]

    [item] = recover_lines(_page(), [FIRST], read)
    assert len(crops) == 1   # one band: the second line (the rule and the detected line are not text to recover)
    xs, ys = [p[0] for p in item[0]], [p[1] for p in item[0]]
    assert 180 <= min(ys) <= 200 and min(xs) >= 10 and item[1] == "推荐单位：某某局（盖章）"


def test_a_page_whose_lines_were_all_detected_is_not_read_again() -> None:
    second = _item(48, 198, 452, 232, "推荐单位：某某局（盖章）")

    def read(crop: np.ndarray) -> list:
        raise AssertionError("no band should be read")

    assert recover_lines(_page(), [FIRST, second], read) == []


def test_a_poorly_read_band_adds_nothing() -> None:
    def read(crop: np.ndarray) -> list:
        return [_item(10, 8, 300, 40, "王五签", 0.6), _item(10, 8, 40, 40, "张三")]

    assert recover_lines(_page(), [FIRST], read) == []


@pytest.mark.ocr
def test_the_recommender_line_under_its_seal_is_read_on_a_scanned_cover() -> None:
    # page 1 of the generator's `scans` preset, seed 77, document 02: the page pass of RapidOCR does not
    # detect 「推荐单位：…（盖章）」 where the recommender's seal covers its end
    pdf = Path(__file__).parents[1] / "data" / "cover_seal_over_recommender_line.pdf"
    with pymupdf.open(pdf) as doc:
        content = read_ocr_page(doc, doc[0], 1)
    lines = ["".join(w.text for w in content.words if w.line == n) for n in {w.line for w in content.words}]
    assert any(t.startswith("推荐单位：青岛市工业和信息化局") for t in lines), lines
