"""Paths a real batch brings: odd names, symlinks (one dangling), two copies of one file in two folders, a PDF
attachment named ../../x, an --out with spaces inside the input folder, an --out that is a file. Every file is
reviewed under its own id, what is skipped is said in batch.json, outputs are never inputs, and nothing is
written outside --out and the catalog except the homes README names (Prefect's, the OCR runtime's, the temp
folder's jieba cache)."""

from __future__ import annotations

import json
import shutil

import pymupdf
import pytest
from runs_support import BATCH, run, tree

ODD = """a b 's "q" $HOME; rm -rf x `id`.pdf"""
# what a run may write outside --out and the catalog (README, 运行时写入的位置)
OWN_HOMES = ("home/.prefect/", "home/.cache/Microsoft/", "home/tmp/jieba.cache", "home/tmp/.ses")


def _scan_of_one_page(src, target):
    """Digital PDF -> a one-page image-only copy of its first page (so the OCR runtime runs)."""
    with pymupdf.open(src) as doc:
        pix = doc[0].get_pixmap(dpi=150)
        with pymupdf.open() as scan:
            page = scan.new_page(width=doc[0].rect.width, height=doc[0].rect.height)
            page.insert_image(page.rect, pixmap=pix)
            scan.save(target)


def _with_attachment(src, target):
    """PDF -> a copy carrying an embedded file named ../../x."""
    with pymupdf.open(src) as doc:
        doc.embfile_add("../../x", b"not for you", filename="../../x")
        doc.save(target)


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    src = base / "申报 材料 $x;y"
    (src / "甲").mkdir(parents=True)
    (src / "乙").mkdir()
    (base / "别处").mkdir()
    (base / "home").mkdir()
    shutil.copy(BATCH / "01_优秀场景_广东汇峰轮胎_digital.pdf", src / ODD)
    shutil.copy(BATCH / "02_示范工厂_内蒙古联凯医疗科技_digital.pdf", base / "别处" / "真文件.pdf")
    (src / "链接.pdf").symlink_to(base / "别处" / "真文件.pdf")
    (src / "失效.pdf").symlink_to(base / "别处" / "已删除.pdf")
    same = "09_优秀场景_辽宁诚瑞纺织_digital.pdf"
    shutil.copy(BATCH / same, src / "甲" / same)
    shutil.copy(BATCH / same, src / "乙" / same)
    _with_attachment(BATCH / "07_优秀场景_辽宁福通药业_digital.pdf", src / "附件.pdf")
    _scan_of_one_page(BATCH / "11_优秀场景_重庆金德半导体_digital.pdf", src / "扫描件.pdf")
    return base, src


@pytest.fixture(scope="module")
def reviewed(layout):
    base, src = layout
    out = src / "审核 结果"
    args = ["review", str(src), "--out", str(out), "--catalog", str(base / "案例库.db")]
    before = tree(base)
    first = run(args, base / "home", cwd=base)
    assert first.returncode == 0, first.stderr
    second = run(args, base / "home", cwd=base)
    assert second.returncode == 0, second.stderr
    return base, src, out, before, first, second


pytestmark = [pytest.mark.slow, pytest.mark.batch, pytest.mark.ocr]


def _batch(out):
    return json.loads((out / "batch.json").read_text(encoding="utf-8"))


def test_every_odd_name_symlink_and_copy_is_reviewed_under_its_own_id(reviewed):
    _base, src, out, *_ = reviewed
    subs = _batch(out)["submissions"]
    sources = sorted(s["source"] for s in subs)
    assert len(subs) == 6 and len({s["submission_id"] for s in subs}) == 6
    assert str(src / ODD) in sources and str(src / "附件.pdf") in sources
    assert any(s.endswith("真文件.pdf") for s in sources)   # the symlink, reviewed as the file it names
    assert all(s["status"] != "error" for s in subs), subs
    for s in subs:
        review = json.loads((out / s["submission_id"] / "review.json").read_text(encoding="utf-8"))
        assert review["source"]["path"] == s["source"]


def test_two_copies_in_two_folders_get_two_ids_and_a_warning_naming_both(reviewed):
    _base, src, out, *_ = reviewed
    batch = _batch(out)
    copies = [s for s in batch["submissions"] if "辽宁诚瑞纺织" in s["source"]]
    assert len(copies) == 2
    first, second = sorted(c["submission_id"] for c in copies)
    assert second == first + "-2"
    paths = {json.loads((out / c["submission_id"] / "review.json").read_text("utf-8"))["source"]["path"]
             for c in copies}
    assert paths == {str(src / "甲" / "09_优秀场景_辽宁诚瑞纺织_digital.pdf"),
                     str(src / "乙" / "09_优秀场景_辽宁诚瑞纺织_digital.pdf")}
    dup = [f for f in batch["findings"] if f["rule"] == "DUPLICATE_FILE"]
    assert len(dup) == 1 and all(p in dup[0]["message"] for p in paths)


def test_a_dangling_symlink_is_a_warning_in_batch_json(reviewed):
    _base, src, out, *_ = reviewed
    skipped = [f for f in _batch(out)["findings"] if f["rule"] == "INPUT_SKIPPED"]
    assert [f["value"] for f in skipped] == [str(src / "失效.pdf")]
    assert "已删除.pdf" in skipped[0]["message"] and skipped[0]["severity"] == "warning"


def test_an_out_inside_the_input_folder_is_never_reviewed_on_the_next_run(reviewed):
    _base, _src, out, _before, first, second = reviewed
    assert "共 6 份" in first.stdout and "共 6 份" in second.stdout
    assert any("审核 结果" in n and "输出文件夹" in n for n in _batch(out)["notes"])
    assert not any("annotated" in s["source"] for s in _batch(out)["submissions"])


def test_nothing_is_written_outside_out_the_catalog_and_the_named_homes(reviewed):
    base, src, out, before, *_ = reviewed
    out_rel = out.relative_to(base).as_posix() + "/"
    after = tree(base)
    own = (out_rel, "案例库.db", *OWN_HOMES)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert {k for k in changed if not k.startswith(own)} == set()
    assert not (base / "x").exists() and not (src / "x").exists()
