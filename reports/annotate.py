"""The annotated PDF: the input declaration with every finding, difference and seal marked as annotations.

Each finding or mismatch becomes a real PDF annotation on its page: a box around its `bbox` with
the Chinese message as the popup note, a small number tag on the box and the same number on a
visible note in the top margin (so a printed page still pairs box and message); without a box,
just the margin note (page 1 for findings about the whole file). Seals are boxed green when found and with a red
dashed box when missing. The page content itself is never changed.

Coordinates: bboxes are PyMuPDF page coordinates (the unrotated page, top-left origin), which is
also what annotation rectangles use, so boxes land on the mark whatever the page's rotation.
Margin notes are laid out on the page as it is displayed and rotated back, so they read upright.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from model.submission import Submission
from reports.atomic import write_atomically
from reports.terms import (
    SEAL_ROLE_ZH,
    SEVERITY_ZH,
    decision_note,
    display_width,
    is_dismissed,
    mismatch_note,
    rule_title,
)

log = logging.getLogger("shenbao.reports")

AUTHOR = "shenbao 审核"
RGB = tuple[float, float, float]
# "dismissed": a finding an officer dismissed in the case library, drawn grey with the decision in its note
COLORS: dict[str, RGB] = {"error": (0.85, 0.1, 0.1), "warning": (0.9, 0.5, 0.0), "info": (0.1, 0.35, 0.85),
                          "dismissed": (0.55, 0.55, 0.55)}
FILLS: dict[str, RGB] = {"error": (1.0, 0.93, 0.93), "warning": (1.0, 0.96, 0.88), "info": (0.92, 0.95, 1.0),
                         "dismissed": (0.95, 0.95, 0.95)}
GREEN: RGB = (0.0, 0.6, 0.2)
NOTE_FONT = 8.0  # points; margin notes must stay small enough to fit the top margin
NOTE_SIDE = 28.0  # left/right inset of margin notes, in points
NOTE_BAND = 0.3  # margin notes may use this share of the page height before becoming icons


class AnnotateError(ValueError):
    """The source PDF cannot be opened or annotated (message in Chinese)."""


@dataclass
class Mark:
    """One thing to draw: where, how severe, a short title and the Chinese note."""

    page: int
    severity: str
    title: str
    note: str
    bbox: list[float] | None = None
    kind: str = "finding"  # finding | uncertain | mismatch | seal_present | seal_missing | seal_missing_explained


def _where(
    sub: Submission, field: str | None, page: int | None, bbox: list[float] | None
) -> tuple[int, list[float] | None]:
    """A mark's field path, page and box -> (page, box), taking the box from the submission's
    provenance (the field's cell, or its nearest parent) when the check gave none."""
    probe = field or ""
    while bbox is None and probe:
        loc = sub.provenance.get(probe)
        if loc is not None and loc.bbox and (page is None or loc.page == page):
            return loc.page, list(loc.bbox)
        probe = probe.rsplit(".", 1)[0] if "." in probe else ""
    return page or 1, bbox


def collect_marks(sub: Submission) -> list[Mark]:
    """Submission -> the marks to draw (findings, mismatches, seals), page 1 for whole-file notes."""
    marks: list[Mark] = []
    for f in sub.findings:
        page, bbox = _where(sub, f.field, f.page, f.bbox)
        kind = "uncertain" if f.rule == "OCR_UNCERTAIN" else "finding"
        if is_dismissed(f):  # still shown where it was, grey, with the officer's reason
            marks.append(Mark(page, "dismissed", f"已驳回·{rule_title(f.rule)}", f"{decision_note(f)}。原提示：{f.message}",
                              bbox, kind=kind))
            continue
        marks.append(
            Mark(page, f.severity, f"{SEVERITY_ZH[f.severity]}·{rule_title(f.rule)}", f.message, bbox, kind=kind)
        )
    for m in sub.mismatches:
        page, bbox = _where(sub, m.field, m.page, None)
        note = mismatch_note(m).removeprefix("纸网不一致：")
        marks.append(
            Mark(page, m.severity, f"{SEVERITY_ZH[m.severity]}·纸网差异", note, bbox, kind="mismatch")
        )
    # a SEAL_MISSING finding already explains a missing seal in the margin of its page
    explained = {f.page for f in sub.findings if f.rule == "SEAL_MISSING"}
    for s in sub.seals:
        role = SEAL_ROLE_ZH.get(s.role, s.role)
        if s.present:
            if s.bbox:
                marks.append(Mark(s.page, "info", "印章", f"已找到：{role}", s.bbox, kind="seal_present"))
            continue
        note = f"第{s.page}页 未找到{role}。请核对原件，缺章的须退回补盖。"
        kind = "seal_missing_explained" if s.page in explained else "seal_missing"
        if s.bbox or kind == "seal_missing":
            marks.append(Mark(s.page, "error", "缺少印章", note, s.bbox, kind=kind))
    return marks


def _open(src_pdf: Path) -> Any:
    """Path -> an open pymupdf Document, or AnnotateError saying what is wrong with the file."""
    import pymupdf  # lazy: importing pymupdf costs ~0.7 s

    name = Path(src_pdf).name
    if not Path(src_pdf).is_file():
        raise AnnotateError(f"《{name}》不存在，无法生成批注版 PDF。请检查文件路径。")
    try:
        doc = pymupdf.open(src_pdf)
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise AnnotateError(f"《{name}》已损坏或不是 PDF 文件，无法生成批注版。请索取完好的文件。") from exc
    if doc.needs_pass:
        doc.close()
        raise AnnotateError(f"《{name}》已加密，无法生成批注版。请向申报单位索取未加密文件。")
    if doc.page_count == 0:
        doc.close()
        raise AnnotateError(f"《{name}》没有页面，无法生成批注版。")
    return doc


def _box(page: Any, mark: Mark) -> bool:
    """Draw a box annotation around mark.bbox with the note as its popup; False when it is off the page."""
    import pymupdf

    rect = pymupdf.Rect(mark.bbox).normalize()
    if rect.width < 4 or rect.height < 4:  # a point or a hairline: make it visible
        rect = pymupdf.Rect(rect.x0 - 2, rect.y0 - 2, max(rect.x1, rect.x0) + 2, max(rect.y1, rect.y0) + 2)
    rect &= page.rect * page.derotation_matrix  # clip boxes sticking out of the page
    if rect.is_empty:  # entirely off the page: leave it to the margin note
        return False
    annot = page.add_rect_annot(rect)
    color = GREEN if mark.kind == "seal_present" else COLORS.get(mark.severity, COLORS["info"])
    annot.set_colors(stroke=color)
    dashed = mark.kind.startswith("seal_missing") or mark.kind == "uncertain"  # "check the original here"
    annot.set_border(width=1.5, dashes=[4, 3] if dashed else None)
    annot.set_info(title=AUTHOR, subject=mark.title, content=mark.note)
    annot.update()
    return True


def _label(
    page: Any, bbox: list[float], text: str, *, color: RGB = COLORS["error"], solid: bool = False
) -> None:
    """A small FreeText tag by a box, upright on rotated pages: above it (below at the page top), or
    for number tags (solid=True: white on the colour) left of its top corner when there is room."""
    import pymupdf

    shown = pymupdf.Rect(bbox) * page.rotation_matrix  # the box as the page is displayed
    width, height = NOTE_FONT * (display_width(text) / 2 + 1.5), NOTE_FONT * 1.6
    if solid and shown.x0 > width + 2:  # number tags sit left of the box: labels there are short
        rect = pymupdf.Rect(shown.x0 - width - 1, shown.y0, shown.x0 - 1, shown.y0 + height)
    else:
        top = shown.y0 - height - 1 if shown.y0 > height + 2 else shown.y1 + 1
        rect = pymupdf.Rect(shown.x0, top, shown.x0 + width, top + height)
    rect = rect * page.derotation_matrix
    annot = page.add_freetext_annot(
        rect,
        f"<p>{escape(text)}</p>",
        fontsize=NOTE_FONT,
        richtext=True,
        style=f"font-size:{NOTE_FONT}pt;color:{'#ffffff' if solid else _hex(color)};font-weight:bold;",
        fill_color=color if solid else (1, 1, 1),
        rotate=page.rotation,
    )
    annot.set_info(title=AUTHOR, subject="标记", content=text)
    annot.update()


class _Margin:
    """Stacks upright notes down the top margin of one displayed page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.width = page.rect.width  # page.rect is the page as displayed (rotation applied)
        self.limit = page.rect.height * NOTE_BAND
        self.y = 6.0
        self.icons = 0

    def add(self, mark: Mark, number: int | None = None) -> None:
        """Place one note (with the number of its box, if any): a visible FreeText box while the band
        has room, else a note icon."""
        import pymupdf

        text = f"【{f'{number} ' if number else ''}{mark.title}】{mark.note}"
        # CJK glyphs are one em wide, Latin ones about half: estimate the wrapped line count
        line_width = (self.width - 2 * NOTE_SIDE - 8) * 2 / NOTE_FONT  # in half-em cells
        lines = -(-display_width(text) // max(int(line_width), 20))
        height = lines * NOTE_FONT * 1.45 + 5
        if self.y + height > self.limit:
            self._icon(mark, text)
            return
        shown = pymupdf.Rect(NOTE_SIDE, self.y, self.width - NOTE_SIDE, self.y + height)
        rect = shown * self.page.derotation_matrix
        color = COLORS.get(mark.severity, COLORS["info"])
        annot = self.page.add_freetext_annot(
            rect,
            f"<p>{escape(text)}</p>",
            fontsize=NOTE_FONT,
            richtext=True,
            style=f"font-size:{NOTE_FONT}pt;color:{_hex(color)};",
            fill_color=FILLS.get(mark.severity, FILLS["info"]),
            border_color=color,
            border_width=0.6,
            rotate=self.page.rotation,
        )
        annot.set_info(title=AUTHOR, subject=mark.title, content=text)
        annot.update()
        self.y += height + 2

    def _icon(self, mark: Mark, text: str) -> None:
        """A sticky-note icon down the right edge carrying the whole note."""
        import pymupdf

        x, y = self.width - 22, 40 + 22 * self.icons
        self.icons += 1
        point = pymupdf.Point(x, min(y, self.page.rect.height - 22)) * self.page.derotation_matrix
        annot = self.page.add_text_annot(point, text, icon="Note")
        annot.set_colors(stroke=COLORS.get(mark.severity, COLORS["info"]))
        annot.set_info(title=AUTHOR, subject=mark.title, content=text)
        annot.update()


def _hex(color: RGB) -> str:
    """(r, g, b) in 0..1 -> #rrggbb."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in color)


def annotate_document(doc: Any, sub: Submission) -> int:
    """Open pymupdf Document + Submission -> the document annotated in place; returns the number of marks."""
    margins: dict[int, _Margin] = {}
    numbers: dict[int, int] = {}  # boxes numbered per page, so a printed page pairs box and note
    marks = collect_marks(sub)
    for mark in marks:
        number = min(max(mark.page, 1), doc.page_count)
        if number != mark.page:
            mark.note = f"（原页码 {mark.page} 超出文件页数 {doc.page_count}）{mark.note}"
        page = doc[number - 1]
        boxed = bool(mark.bbox) and _box(page, mark)
        if boxed and mark.kind.startswith("seal_missing"):
            _label(page, mark.bbox, "未找到印章")  # type: ignore[arg-type]
        if boxed and mark.kind in ("finding", "uncertain", "mismatch"):
            numbers[number] = numbers.get(number, 0) + 1
            color = COLORS.get(mark.severity, COLORS["info"])
            _label(page, mark.bbox, str(numbers[number]), color=color, solid=True)  # type: ignore[arg-type]
            margins.setdefault(number, _Margin(page)).add(mark, numbers[number])
        elif not boxed or mark.kind == "seal_missing":
            margins.setdefault(number, _Margin(page)).add(mark)
    return len(marks)


def _subset_fonts(doc: Any) -> None:
    """Shrink the fonts of the document to the glyphs it uses. The notes' Chinese text makes MuPDF embed its
    whole 3.5 MB fallback CJK font in every annotated copy; subset, a copy is about as small as its source and
    saves in a third of the time (measured on the generated batches, docs/BENCHMARKS.md). The pages render
    pixel for pixel as before (tests/reports). A font MuPDF cannot subset is left whole."""
    try:
        doc.subset_fonts()
    except Exception:
        log.warning("fonts of the annotated copy left whole", exc_info=True)


def write_annotated_pdf(sub: Submission, src_pdf: Path, out_path: Path) -> Path:
    """Submission + its source PDF -> a copy at out_path with findings, differences and seals annotated."""
    doc = _open(Path(src_pdf))
    try:
        annotate_document(doc, sub)
        _subset_fonts(doc)
        return write_atomically(Path(out_path), lambda p: doc.save(p, garbage=1, deflate=True))
    finally:
        doc.close()
