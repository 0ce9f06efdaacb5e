"""Page triage decides OCR from the text layer's quality, not from the file's origin."""

from __future__ import annotations

from extractors.triage import triage_text


def test_chinese_text_layer_is_usable() -> None:
    assert triage_text("企业名称 江苏恒远智能装备有限公司 统一社会信用代码", 0.0).kind == "text"


def test_page_with_no_text_and_a_full_page_image_is_a_scan() -> None:
    assert triage_text("", 0.98).kind == "image"


def test_blank_page_is_blank_not_scan() -> None:
    assert triage_text("  ", 0.0).kind == "blank"


def test_replacement_characters_make_the_layer_garbled() -> None:
    assert triage_text("企业\ufffd\ufffd\ufffd名称\ufffd\ufffd" * 5, 0.0).kind == "garbled"


def test_latin_gibberish_instead_of_chinese_is_garbled() -> None:
    assert triage_text("Qy]ZK#vP@ l3mT!x ^&d9Lz%w " * 4, 0.0).kind == "garbled"


def test_wingdings_checkboxes_do_not_make_a_page_garbled() -> None:
    text = "企业性质 \uf0a8中央企业 \uf0a8地方国企 \uf0fe民营企业 \uf0a8三资企业 " * 3
    assert triage_text(text, 0.0).kind == "text"
