"""The official style draws 附件3-1 (优秀场景) and 附件3-2 (示范工厂) as seed 002 prints them: labels with their
footnote digits and hints, each footnote on the page of its number, the 示例 row of 附1, the hint paragraphs
under the headings, and values where the truth says they are."""

from __future__ import annotations

import random

import pymupdf
import pytest
from readback import squash

from catalog.reference import load_reference
from samples.generate import build_draft
from samples.presets import DocSpec
from samples.render import render

REF = load_reference(2023)


@pytest.fixture(scope="module", params=[("优秀场景", 2, False), ("示范工厂", 8, True)], ids=["3-1", "3-2"])
def drawn(request: pytest.FixtureRequest) -> tuple[pymupdf.Document, object, object]:
    dtype, count, supply_chain = request.param
    rng = random.Random(f"official-style-{dtype}")
    draft = build_draft(rng, DocSpec(dtype, supply_chain=supply_chain, count=count, narrative=(600, 700)), REF)
    pdf, layout = render(draft.submission, REF, "official", rng)
    return pymupdf.open(stream=pdf, filetype="pdf"), draft.submission, layout


def _pages(doc: pymupdf.Document) -> list[str]:
    return [squash(p.get_text()) for p in doc]


def test_labels_carry_the_footnote_digits_and_hints_of_the_form(drawn) -> None:
    doc, sub, _ = drawn
    text = "".join(_pages(doc))
    factory = sub.declaration_type == "示范工厂"
    expected = ["附件3-2" if factory else "附件3-1", "企业类型4" if factory else "企业类型1",
                "所属行业5" if factory else "所属行业2", "行业门类（系统中下拉选择）", "行业大类（系统中下拉选择）",
                "行业中类（系统中下拉选择）", "（系统自动识别）", "近三年发展情况", "真实性承诺"]
    if factory:
        expected += ["揭榜任务具体名称7", "揭榜任务细分行业8", "揭榜任务系统解决方案供应商名称9", "先进过程控制投用率11（%）",
                     "其他能力证明材料说明（可后附）", "（插入自评估证明材料）", "智慧供应链解决方案供应商与联系方式12"]
    else:
        expected += ["环节名称（在系统中下拉选择）", "场景实例建设系统解决方案供应商名称", "先进过程控制投用率**（%）",
                     "*必填项，结合申报主体具体情况认真填写。"]
    for words in expected:
        assert squash(words) in text, words


def test_each_footnote_is_printed_on_the_page_that_prints_its_number(drawn) -> None:
    doc, sub, _ = drawn
    pages = _pages(doc)
    first = 4 if sub.declaration_type == "示范工厂" else 1
    for label, number, start in (("企业类型", first, "根据《统计上大中小微型企业划分办法"),
                                 ("所属行业", first + 1, "所属行业大类和中类")):
        on = [n for n, p in enumerate(pages) if squash(f"{label}{number}") in p]
        assert on, label
        assert squash(f"{number} {start}") in pages[on[0]], label


def test_industry_values_are_printed_under_their_column_headers(drawn) -> None:
    doc, sub, layout = drawn
    ind = sub.fields.industry
    page = doc[layout.placed["fields.industry"] - 1]
    words = page.get_text("words")
    for head, value in (("行业门类", ind.category), ("行业大类", ind.major), ("行业中类", ind.middle)):
        h = next(w for w in words if w[4].startswith(head))
        v = next(w for w in words if w[4] == value or value.startswith(w[4]))
        assert v[1] > h[3], head  # below the header
        assert v[0] < h[2] and v[2] > h[0], head  # in its column


def test_annex1_keeps_the_forms_example_row_and_narratives_their_hints(drawn) -> None:
    doc, sub, layout = drawn
    pages = _pages(doc)
    first_row = layout.placed["instances[0]"] - 1
    assert "示例" in pages[first_row] and squash("多机协同的发动机壳体柔性加工与检测") in pages[first_row]
    hint = "（包括项目实施背景、基础条件" if sub.declaration_type == "示范工厂" else "（此部分参考《智能制造典型场景参考指引》"
    assert any(squash(hint) in p for p in pages)
