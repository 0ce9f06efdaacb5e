"""Layout variants (samples.styles.VARIANTS): drawn per preset, and printed the way the truth says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
from readback import contains, pdf_text, squash

from samples.presets import PRESETS, specs_for
from samples.styles import STORY_VARIANTS, VARIANTS

Batch = tuple[Path, dict[str, Any]]


def _with(batch: Batch, variant: str, kinds: tuple[str, ...] = ("digital",)) -> list[dict[str, Any]]:
    docs = [d for d in batch[1]["documents"] if variant in d["variants"] and d["kind"] in kinds]
    assert docs, f"the tiny batch has no {kinds} document with {variant}"
    return docs


def _text(batch: Batch, doc: dict[str, Any]) -> str:
    pages = [p for p in range(1, doc["pages"] + 1) if p not in doc["ocr_pages"]]
    return pdf_text(str(batch[0] / doc["file"]), pages)


@pytest.mark.parametrize("preset,seed", [("demo", 2023), ("eval", 7), ("holdout", 99)])
def test_every_variant_appears_in_each_drawn_preset(preset: str, seed: int) -> None:
    specs = specs_for(preset, seed)
    assert {v for s in specs for v in s.variants or ()} == set(VARIANTS)
    for s in specs:
        if s.style == "story":
            assert set(s.variants or ()) <= set(STORY_VARIANTS)


def test_holdout_gets_the_most_variants_and_drawing_is_deterministic() -> None:
    def per_doc(preset: str, seed: int) -> float:
        specs = specs_for(preset, seed)
        return sum(len(s.variants or ()) for s in specs) / len(specs)

    assert PRESETS["holdout"].variant_rate == max(p.variant_rate for p in PRESETS.values())
    assert per_doc("holdout", 99) > per_doc("eval", 7)
    assert specs_for("eval", 7) == specs_for("eval", 7)


def test_truth_lists_the_variants_of_each_document(tiny_batch: Batch) -> None:
    for spec, doc in zip(specs_for("tiny", 11), tiny_batch[1]["documents"], strict=True):
        assert doc["variants"] == sorted(spec.variants or ())


def test_inline_labels_print_label_and_value_in_one_cell(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "inline_labels"):
        f = d["submission"]["fields"]
        text = _text(tiny_batch, d)
        for expected in (f"行业门类：{f['industry']['category']}", f"行业大类：{f['industry']['major']}",
                         f"行业中类：{f['industry']['middle']}", f"姓名：{f['contact']['name']}",
                         f"电话：{f['contact']['phone']}", f"姓名：{f['legal_rep']['name']}"):
            assert squash(expected) in text, f"{d['file']}: {expected}"


def test_form_integrator_rows_print_every_supplier_with_its_contact(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "form_integrators"):
        integs = d["submission"]["fields"]["integrators"]
        text = _text(tiny_batch, d)
        if d["submission"]["declaration_type"] == "优秀场景":
            for i in integs:
                row = f"{i['name']}联系人{i.get('contact') or ''}联系电话{i.get('phone') or ''}"
                assert squash(row) in text, d["file"]
        else:
            assert contains(text, "；".join(i["name"] for i in integs)), d["file"]
            assert "系统解决方案供应商联系人及联系方式" in text


def test_tick_font_draws_checkboxes_in_a_symbol_font_after_the_text(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "tick_font", ("digital", "mixed")):
        with pymupdf.open(tiny_batch[0] / d["file"]) as doc:
            page = doc[1]  # section 一
            spans = [s for b in page.get_text("dict")["blocks"] for ln in b.get("lines", []) for s in ln["spans"]]
            marks = [s for s in spans if set(s["text"].strip()) & set("☐☑")]
            assert marks and all("ShenbaoMarks" in s["font"] for s in marks), d["file"]
            assert any("☑" in s["text"] for s in marks)
            assert not any(set(s["text"]) & set("☐☑") for s in spans if "ShenbaoMarks" not in s["font"])


def test_tick_after_puts_the_check_after_the_chosen_option(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "tick_after"):
        f = d["submission"]["fields"]
        text = _text(tiny_batch, d)
        for value in (f["ownership"], f["size"], f["sector"]):
            assert squash(f"{value}√") in text, f"{d['file']}: {value}"


def test_plain_headings_name_the_instance_without_a_number(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "plain_headings"):
        with pymupdf.open(tiny_batch[0] / d["file"]) as doc:
            for inst in d["submission"]["instances"]:
                lines = [ln.strip() for ln in doc[inst["narrative_page"] - 1].get_text().splitlines()]
                assert inst["name"] in lines or f"场景实例名称：{inst['name']}" in lines, d["file"]


def test_annex1_without_repeated_header_shows_the_header_once(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "annex1_no_repeat_header"):
        pages = sorted({i["page"] for i in d["submission"]["instances"]})
        with pymupdf.open(tiny_batch[0] / d["file"]) as doc:
            heads = [p for p in range(pages[0], pages[-1] + 1) if "解决的痛点问题描述" in squash(doc[p - 1].get_text())]
        assert heads == [pages[0]], d["file"]


def test_split_annex1_rows_continue_on_the_next_page(tiny_batch: Batch) -> None:
    for d in _with(tiny_batch, "annex1_split_rows"):
        insts = d["submission"]["instances"]
        with pymupdf.open(tiny_batch[0] / d["file"]) as doc:
            for inst in insts:
                start = squash(doc[inst["page"] - 1].get_text())
                both = start + squash(doc[inst["page"]].get_text()) if inst["page"] < doc.page_count else start
                assert squash(inst["name"])[:2] in start and contains(both, inst["description"]), d["file"]
