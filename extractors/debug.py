"""Draw what the extractor saw on one page (cells, labels read, checkboxes, seals) into a PNG.

Like pdfplumber's PageImage: `draw_debug(pdf, page_no, out_png)`; wired as `shenbao debug`.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from catalog.reference import default_form
from extractors.cover import extract_cover
from extractors.document_index import build_document
from extractors.label_match import match_label
from extractors.pdf_open import open_pdf
from extractors.reader import read_document
from extractors.render import render_page
from extractors.seal_places import find_places, match_seals

BLUE, GREEN, RED, ORANGE = (0.1, 0.3, 0.9), (0.1, 0.6, 0.2), (0.9, 0.1, 0.1), (1.0, 0.5, 0.0)


def draw_debug(pdf: Path, page_no: int, out_png: Path, *, dpi: int = 110) -> Path:
    """PDF + 1-based page number -> PNG with detected cells (blue), label cells (green), words of
    OCR pages (grey), checkboxes (orange) and seal places/marks (red). Returns out_png.

    Raises ExtractError for an unreadable file and ValueError for a page that does not exist, both
    with a Chinese message."""
    src = open_pdf(Path(pdf)).doc  # ExtractError (Chinese message) for a bad file
    try:
        if not 1 <= page_no <= src.page_count:
            raise ValueError(f"第{page_no}页不存在：《{Path(pdf).name}》共{src.page_count}页。")
        read = read_document(src)
        doc = build_document(read.pages)
        form = default_form()
        _, _, cover = extract_cover(doc, form)
        seals = match_seals(find_places(doc, cover, form), {p.number: p for p in read.pages})
        page = src.load_page(page_no - 1)
        shape = page.new_shape()
        for t in doc.tables_of(page_no, page_no):
            for c in t.cells:
                is_label = match_label(c.text, form) is not None
                shape.draw_rect(pymupdf.Rect(c.bbox))
                shape.finish(color=GREEN if is_label else BLUE, width=1.6 if is_label else 0.6)
        content = next((p for p in read.pages if p.number == page_no), None)
        if content is None:
            why = "；".join(f"{p.stage}: {p.tech}" for p in read.problems.get(page_no, []))
            raise ValueError(f"《{Path(pdf).name}》第{page_no}页无法读取（{why}），无法画出识别结果。")
        if content.source == "ocr":
            for w in content.words:
                shape.draw_rect(pymupdf.Rect(w.x0, w.y0, w.x1, w.y1))
                shape.finish(color=(0.5, 0.5, 0.5), width=0.3)
        for k in content.marks:
            shape.draw_rect(pymupdf.Rect(k.x0, k.y0, k.x1, k.y1))
            shape.finish(color=ORANGE, width=1.5)
        for s in seals:
            if s.page == page_no and s.bbox:
                shape.draw_rect(pymupdf.Rect(s.bbox))
                shape.finish(color=RED if s.present else ORANGE, width=2, dashes="[4] 0" if not s.present else None)
                shape.insert_text((s.bbox[0], s.bbox[1] - 2), f"{s.role} {'✓' if s.present else '缺'}",
                                  fontname="china-s", fontsize=8, color=RED)
        shape.commit()
        from PIL import Image

        Image.fromarray(render_page(page, dpi).pixels).save(out_png)
    finally:
        src.close()
    return Path(out_png)
