"""The annotated PDF: annotations on the right pages and places, rotation-safe, source never altered."""

from __future__ import annotations

import pymupdf
import pytest
from report_fixtures import make_submission, write_pdf

from model import Finding
from reports.annotate import AnnotateError, write_annotated_pdf


def _annots(path):
    with pymupdf.open(path) as doc:
        return {
            p.number + 1: [
                (
                    a.type[1],
                    a.info["subject"],
                    a.info["content"],
                    pymupdf.Rect(a.rect),
                    a.border.get("dashes"),
                    a.colors.get("stroke"),
                )
                for a in p.annots()
            ]
            for p in doc
        }


def test_finding_with_bbox_is_a_box_on_its_page_with_the_chinese_note(tmp_path, sub, sample_pdf):
    out = write_annotated_pdf(sub, sample_pdf, tmp_path / "annotated.pdf")
    page2 = _annots(out)[2]
    boxes = [a for a in page2 if a[0] == "Square"]
    assert len(boxes) == 1
    _, subject, content, rect, _, _ = boxes[0]
    assert "表格栏目超过字数上限" in subject and "共400字" in content
    assert rect.contains(pymupdf.Rect(60, 100, 540, 160))


def test_boxed_findings_get_a_number_tag_matching_their_margin_note(tmp_path, sub, sample_pdf):
    page2 = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))[2]
    [tag] = [a for a in page2 if a[1] == "标记"]
    assert tag[2] == "1" and tag[3].x1 <= 60 and abs(tag[3].y0 - 100) < 1  # left of the box's top corner
    assert any(a[2].startswith("【1 警告·表格栏目超过字数上限】") for a in page2 if a[0] == "FreeText")


def test_findings_and_mismatches_without_bbox_go_to_the_top_margin_of_their_page(tmp_path, sub, sample_pdf):
    annots = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))
    notes = {p: [a for a in annots[p] if a[0] == "FreeText" and a[1] != "标记"] for p in annots}
    page1 = " ".join(a[2] for a in notes[1])
    assert "示范工厂覆盖环节2个" in page1  # no page -> page 1
    assert "13900000000" in page1  # mismatch on page 1
    assert "第3页为扫描件" in " ".join(a[2] for a in notes[3])
    assert all(a[3].y1 < 842 * 0.3 for p in notes for a in notes[p])


def test_seals_are_boxed_green_when_found_and_red_dashed_when_missing(tmp_path, sub, sample_pdf):
    page1 = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))[1]
    squares = {a[1]: a for a in page1 if a[0] == "Square"}
    found, missing = squares["印章"], squares["缺少印章"]
    assert found[5] == pytest.approx((0.0, 0.6, 0.2)) and not found[4]
    assert missing[4] and missing[5][0] > 0.8 and missing[3].contains(pymupdf.Rect(380, 740, 500, 820))
    [tag] = [a for a in page1 if a[1] == "标记" and a[2] == "未找到印章"]
    assert tag[3].y1 <= 740 and abs(tag[3].x0 - 380) < 2  # just above the dashed box


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_boxes_land_on_the_text_and_notes_read_upright_on_a_rotated_page(tmp_path, rotation):
    src = write_pdf(tmp_path / "rot.pdf", pages=2, rotate={2: rotation})
    with pymupdf.open(src) as doc:
        word = pymupdf.Rect(doc[1].get_text("words")[0][:4])  # page coordinates, as extractors give them
    sub = make_submission(
        mismatches=[],
        seals=[],
        findings=[
            Finding(rule="LIMIT_FIELD", severity="warning", message="框在文字上", page=2, bbox=list(word)),
            Finding(rule="MIN_LINKS", severity="error", message="页眉说明", page=2),
        ],
    )
    out = write_annotated_pdf(sub, src, tmp_path / "a.pdf")
    with pymupdf.open(out) as doc:
        page = doc[1]
        annots = list(page.annots())
        [box] = [a for a in annots if a.type[1] == "Square"]
        assert box.rect.contains(word)
        notes = [a for a in annots if a.type[1] == "FreeText" and a.info["subject"] != "标记"]
        assert len(notes) == 2
        for note in notes:
            shown = note.rect * page.rotation_matrix  # as displayed on the rotated page
            assert shown.y1 < page.rect.height * 0.3 and shown.width > shown.height


def test_source_pdf_and_page_contents_are_left_unchanged(tmp_path, sub, sample_pdf):
    before = sample_pdf.read_bytes()
    out = write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf")
    assert sample_pdf.read_bytes() == before
    with pymupdf.open(out) as a, pymupdf.open(sample_pdf) as b:
        assert [p.read_contents() for p in a] == [p.read_contents() for p in b]  # only annotations added


def test_page_beyond_the_file_is_noted_on_the_last_page(tmp_path, sample_pdf):
    sub = make_submission(
        mismatches=[],
        seals=[],
        findings=[Finding(rule="LIMIT_FIELD", severity="warning", message="第9页的问题", page=9)],
    )
    annots = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))
    assert "原页码 9 超出文件页数 3" in annots[3][0][2]


def test_not_a_pdf_raises_and_writes_nothing(tmp_path, sub):
    bad = tmp_path / "not_a_pdf.pdf"
    bad.write_text("这不是 PDF", encoding="utf-8")
    with pytest.raises(AnnotateError, match="已损坏或不是 PDF"):
        write_annotated_pdf(sub, bad, tmp_path / "out" / "a.pdf")
    assert not (tmp_path / "out" / "a.pdf").exists()


def test_encrypted_pdf_raises_and_writes_nothing(tmp_path, sub, sample_pdf):
    enc = tmp_path / "encrypted.pdf"
    with pymupdf.open(sample_pdf) as doc:
        doc.save(enc, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(AnnotateError, match="已加密"):
        write_annotated_pdf(sub, enc, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_mismatch_is_boxed_at_the_cell_the_extractor_read_it_from(tmp_path, sub, sample_pdf):
    from model.submission import Location

    located = sub.model_copy(
        update={"provenance": {"fields.contact": Location(page=1, bbox=[300, 400, 500, 420])}}
    )
    page1 = _annots(write_annotated_pdf(located, sample_pdf, tmp_path / "a.pdf"))[1]
    boxes = [a for a in page1 if a[0] == "Square" and "纸网差异" in a[1]]
    assert {a[2].split("」")[0] for a in boxes} == {"「联系人 手机", "「联系人 邮箱"}  # both contact fields
    assert all(a[3].contains(pymupdf.Rect(300, 400, 500, 420)) for a in boxes)


def test_missing_seal_is_explained_once_per_page(tmp_path, sub, sample_pdf):
    annots = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))
    page1_notes = [a for a in annots[1] if a[0] == "FreeText"]
    assert sum("推荐单位" in a[2] for a in page1_notes) == 1  # the SEAL_MISSING finding, not a second note
    assert any("法定代表人签章" in a[2] for a in annots[3] if a[0] == "FreeText")  # no finding there: noted


def test_degenerate_or_off_page_boxes_still_show_the_finding(tmp_path, sample_pdf):
    sub = make_submission(
        mismatches=[],
        seals=[],
        findings=[
            Finding(
                rule="LIMIT_FIELD", severity="warning", message="点状框", page=1, bbox=[100, 100, 100, 100]
            ),
            Finding(
                rule="LIMIT_FIELD", severity="warning", message="页外框", page=1, bbox=[900, 900, 950, 950]
            ),
        ],
    )
    page1 = _annots(write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf"))[1]
    [point] = [a for a in page1 if a[2] == "点状框"]
    assert point[0] == "Square" and point[3].width >= 4
    [off] = [a for a in page1 if a[2].endswith("页外框")]
    assert off[0] == "FreeText"  # fell back to a margin note


def test_a_finding_an_officer_dismissed_is_drawn_grey_with_the_reason_not_as_a_warning(tmp_path, sub, sample_pdf):
    from model.submission import FindingDecision

    dismissed = FindingDecision(decision="dismissed", reason="附件中已补充说明", decided_at="2026-12-01T08:00:00Z")
    findings = [f.model_copy(update={"decision": dismissed}) if f.bbox else f for f in sub.findings]
    page2 = _annots(write_annotated_pdf(sub.model_copy(update={"findings": findings}), sample_pdf,
                                        tmp_path / "a.pdf"))[2]
    [box] = [a for a in page2 if a[0] == "Square"]
    assert box[1].startswith("已驳回·") and "附件中已补充说明" in box[2] and "原提示" in box[2]
    assert box[5] == pytest.approx((0.55, 0.55, 0.55))
    assert not any("警告·" in a[2] for a in page2 if a[0] == "FreeText")


def test_the_annotated_copy_renders_its_pages_as_the_source_and_carries_no_whole_cjk_font(tmp_path, sub, sample_pdf):
    out = write_annotated_pdf(sub, sample_pdf, tmp_path / "a.pdf")
    with pymupdf.open(out) as a, pymupdf.open(sample_pdf) as b:
        assert all(pa.get_pixmap(dpi=40, annots=False).samples == pb.get_pixmap(dpi=40, annots=False).samples
                   for pa, pb in zip(a, b, strict=True))
        biggest = max((len(a.xref_stream_raw(x) or b"") for x in range(1, a.xref_length())
                       if a.xref_get_key(x, "Length1")[0] != "null"), default=0)
    assert biggest < 500_000  # MuPDF's fallback CJK font is 3.5 MB whole
