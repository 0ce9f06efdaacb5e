"""Running headers, footers, page numbers and watermarks stay out of every text the extractors assemble."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from extract_fixtures import scan_of

from extractors.extract_pdf import extract_submission
from extractors.furniture import find_furniture
from extractors.page import PageContent, Segment, Word

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "batch-2023"
HEADER = "辽精数控 · 智能制造示范工厂申报书"


def print_with_furniture(src: Path, out: Path, numbers: str, watermark: bool = False) -> Path:
    """A declaration re-printed with a running header and page numbers (and a watermark) on every page."""
    doc = pymupdf.open(src)
    n = doc.page_count
    for i, page in enumerate(doc):
        w, h = page.rect.width, page.rect.height
        page.insert_text((w / 2 - 110, 30), HEADER, fontname="china-s", fontsize=9, color=(0.3, 0.3, 0.3))
        label = {"zh": f"第 {i + 1} 页 共 {n} 页", "dash": f"- {i + 1} -", "frac": f"{i + 1}/{n}"}[numbers]
        page.insert_text((w / 2 - 20, h - 25), label, fontname="china-s", fontsize=9)
        if watermark:
            page.insert_text((w / 2 - 60, h / 2), "仅供申报使用", fontname="china-s", fontsize=20,
                             color=(0.85, 0.85, 0.85))
    doc.save(out)
    return out


def _texts(sub) -> str:
    return sub.model_dump_json(include={"fields", "instances"})


@pytest.mark.parametrize(("name", "numbers"), [
    ("02_示范工厂_内蒙古联凯医疗科技_digital.pdf", "zh"),
    ("02_示范工厂_内蒙古联凯医疗科技_digital.pdf", "dash"),
    ("01_优秀场景_广东汇峰轮胎_digital.pdf", "frac"),
])
def test_declaration_with_running_header_and_page_numbers_reads_as_without(name: str, numbers: str,
                                                                          tmp_path: Path) -> None:
    plain = extract_submission(SAMPLES / name)
    printed = extract_submission(print_with_furniture(SAMPLES / name, tmp_path / "printed.pdf", numbers))
    assert printed.fields == plain.fields
    assert printed.instances == plain.instances
    assert HEADER not in _texts(printed)


def test_watermark_in_the_body_of_every_page_is_not_text(tmp_path: Path) -> None:
    name = "02_示范工厂_内蒙古联凯医疗科技_digital.pdf"
    plain = extract_submission(SAMPLES / name)
    printed = extract_submission(print_with_furniture(SAMPLES / name, tmp_path / "wm.pdf", "zh", watermark=True))
    assert "仅供申报使用" not in _texts(printed)
    assert printed.instances == plain.instances


def _page(number: int, lines: list[tuple[str, float]], rules: list[Segment] | None = None) -> PageContent:
    words = [Word(100, y - 5, 100 + 10 * len(t), y + 5, t, line=k) for k, (t, y) in enumerate(lines)]
    return PageContent(number=number, width=595, height=842, words=words, rules=rules or [])


def test_a_line_repeated_at_the_top_of_most_pages_is_furniture_and_body_lines_are_not() -> None:
    pages = [_page(n, [("江苏恒远 智能制造申报书", 30), (f"正文第{n}段，说明建设内容。", 300), (f"第 {n} 页", 820)])
             for n in range(1, 6)]
    found = find_furniture(pages)
    assert sorted(found) == [1, 2, 3, 4, 5]
    assert all(sorted(w.text for w in found[n]) == sorted(["江苏恒远 智能制造申报书", f"第 {n} 页"]) for n in found)


def test_a_table_header_repeated_in_ruled_cells_on_every_page_is_content() -> None:
    grid = [Segment(50, 20, 550, 20), Segment(50, 45, 550, 45), Segment(50, 20, 50, 45), Segment(550, 20, 550, 45)]
    pages = [_page(n, [("序号 环节 场景 场景名称", 32)], rules=grid) for n in range(1, 6)]
    assert find_furniture(pages) == {}


def test_a_line_on_two_pages_only_and_a_short_word_repeated_are_not_furniture() -> None:
    pages = [_page(n, [("附件3-2", 30), (f"第{n}部分的正文", 400)] if n in (1, 4) else [("其他", 401)])
             for n in range(1, 9)]
    assert find_furniture(pages) == {}


@pytest.mark.ocr
def test_scanned_declaration_with_running_header_keeps_it_out_of_the_narratives(tmp_path: Path) -> None:
    # sample 01's two scene narratives run across pages, where an unfiltered header lands inside them
    printed = print_with_furniture(SAMPLES / "01_优秀场景_广东汇峰轮胎_digital.pdf", tmp_path / "printed.pdf", "zh")
    scanned = extract_submission(scan_of(printed, tmp_path / "scan.pdf"))
    assert scanned.source.kind == "scanned"
    text = _texts(scanned).replace(" ", "")
    assert "辽精数控" not in text and "智能制造示范工厂申报书" not in text
    assert "共11页" not in text
