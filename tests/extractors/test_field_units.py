"""Amounts in the basic-information table are read in the unit their printed label asks for (model/values.py)."""

from __future__ import annotations

import pymupdf
from extract_fixtures import A4, table

from catalog.reference import load_reference
from extractors.document_index import build_document
from extractors.fields import extract_table_fields
from extractors.pdf_digital import read_text_page


def test_amounts_printed_in_yi_or_yuan_are_read_in_the_columns_wan_yuan() -> None:
    doc = pymupdf.open()
    p = doc.new_page(width=A4.width, height=A4.height)
    table(p, 80, [90, 60, 135, 135, 135], [
        ["企业名称", ("江苏恒远智能装备有限公司", 4)],
        [("近三年发展情况", 2), "2020年", "2021年", "2022年"],
        [("资产总额（万元）", 2), "1.2亿元", "5,000,000元", "63,400.25"],
        [("资产负债率（%）", 2), "45.2%", "43.1", "41.0"],
        ["场景实例建设投资（万元）", ("１，２００．５０万元", 4)],
    ], height=30)
    pages = [read_text_page(page, i + 1) for i, page in enumerate(doc)]
    values = extract_table_fields(build_document(pages), load_reference(2023).form, 1, 1).values
    fin = values["financials"]
    assert (fin["2020"]["total_assets"], fin["2021"]["total_assets"], fin["2022"]["total_assets"]) == (12000, 500, 63400.25)
    assert fin["2020"]["debt_ratio"] == 45.2
    assert values["scene_investment"] == 1200.5
