"""Character counting (DESIGN.md §5) and normalisation."""

from model.text import count_chars, count_wps, normalize_text


def test_every_non_whitespace_character_counts_one():
    assert count_chars("智能制造 5G，AB\n") == 9


def test_wps_count_takes_latin_runs_as_one_word():
    assert count_wps("部署MES系统，效率提升30%") == 2 + 1 + 2 + 1 + 4 + 1 + 1


def test_normalize_folds_full_width_and_line_breaks_between_cjk():
    assert normalize_text("智能\n制造　ＡＢＣ１２３ ") == "智能制造 ABC123"


def test_normalize_keeps_none():
    assert normalize_text(None) is None


def test_normalize_without_folding_keeps_every_space_and_line_break_in_place():
    assert normalize_text("智能 制造\n　ＡＢＣ ", fold_spaces=False) == "智能 制造\n ABC "
