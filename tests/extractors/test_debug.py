"""The debugging aid draws what was detected on a page into a PNG."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.debug import draw_debug


def test_draw_debug_writes_a_png_of_the_page(declaration_pdf: Path, tmp_path: Path) -> None:
    out = draw_debug(declaration_pdf, 2, tmp_path / "p2.png", dpi=40)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_draw_debug_page_out_of_range_says_so_in_chinese(declaration_pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不存在"):
        draw_debug(declaration_pdf, 99, tmp_path / "p99.png")
