"""A value OCR may have misread (OCR_UNCERTAIN) is shown with its page, box and the original's image."""

from __future__ import annotations

import pymupdf
from report_fixtures import make_submission, write_pdf

from model import Finding
from model.submission import Location
from reports.annotate import write_annotated_pdf
from reports.html import write_report_html

BOX = [72.0, 125.0, 400.0, 145.0]


def _uncertain(pdf_path: str):
    finding = Finding(rule="OCR_UNCERTAIN", severity="warning", field="fields.company_name", page=2, bbox=BOX,
                      value="江苏恒远智能装备有限公司", limit=0.8,
                      message="第2页「企业名称」识别为「江苏恒远智能装备有限公司」，扫描识别置信度较低（0.62），可能有错字。")
    sub = make_submission()
    source = sub.source.model_copy(update={"path": pdf_path})
    prov = {**sub.provenance, "fields.company_name": Location(page=2, bbox=BOX, confidence=0.62, under_seal=True)}
    return sub.model_copy(update={"findings": [*sub.findings, finding], "source": source, "provenance": prov})


def test_the_report_lists_the_uncertain_value_with_its_page_confidence_and_the_original_image(tmp_path):
    pdf = write_pdf(tmp_path / "src.pdf")
    html = write_report_html(_uncertain(str(pdf)), tmp_path / "report.html").read_text(encoding="utf-8")
    section = html.split('id="uncertain"', 1)[1].split("</table>", 1)[0]
    assert "扫描识别可能有误的栏目（1）" in html
    assert "企业名称" in section and "江苏恒远智能装备有限公司" in section and "0.62" in section
    assert "被印章覆盖" in section and 'href="annotated.pdf#page=2"' in section
    assert 'src="data:image/png;base64,' in section


def test_without_the_source_file_the_row_stays_and_points_at_the_annotated_pdf(tmp_path):
    html = write_report_html(_uncertain(str(tmp_path / "gone.pdf")), tmp_path / "r.html").read_text(encoding="utf-8")
    section = html.split('id="uncertain"', 1)[1].split("</table>", 1)[0]
    assert "江苏恒远智能装备有限公司" in section and "data:image" not in section and "批注版 PDF 第 2 页" in section


def test_a_report_without_uncertain_values_has_no_such_section(tmp_path):
    html = write_report_html(make_submission(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="uncertain"' not in html


def test_the_annotated_pdf_frames_the_uncertain_value_with_a_dashed_box_and_its_note(tmp_path):
    pdf = write_pdf(tmp_path / "src.pdf")
    out = write_annotated_pdf(_uncertain(str(pdf)), pdf, tmp_path / "annotated.pdf")
    with pymupdf.open(out) as doc:
        page = doc[1]
        boxes = [a for a in page.annots() if a.type[1] == "Square" and "扫描识别结果可能有误" in a.info["subject"]]
        assert len(boxes) == 1
        assert boxes[0].border.get("dashes") and pymupdf.Rect(boxes[0].rect).contains(pymupdf.Rect(BOX))
        notes = [a.info["content"] for a in page.annots() if a.type[1] == "FreeText"]
        assert any("识别为「江苏恒远智能装备有限公司」" in n for n in notes)
