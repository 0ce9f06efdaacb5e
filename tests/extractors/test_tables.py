"""Table grids come from ruling lines: merged cells, words cut at rules, rows joined by position."""

from __future__ import annotations

from extractors.page import PageContent, Segment, Word
from extractors.tables import find_tables, split_word


def _grid(xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset()) -> list[Segment]:
    """Full grid rules, leaving out vertical rule (column line i, row j) pairs in skip_v."""
    rules = [Segment(xs[0], y, xs[-1], y) for y in ys]
    for i, x in enumerate(xs):
        for j in range(len(ys) - 1):
            if (i, j) not in skip_v:
                rules.append(Segment(x, ys[j], x, ys[j + 1]))
    return rules


def test_missing_inner_rule_merges_cells_into_one_span() -> None:
    rules = _grid([0, 100, 200, 300], [0, 20, 40], skip_v={(2, 0)})
    page = PageContent(1, 400, 400, [Word(110, 5, 190, 15, "合并"), Word(210, 5, 290, 15, "单元格")], rules)
    (table,), _ = find_tables(page)
    merged = next(c for c in table.cells if c.row == 0 and c.col == 1)
    assert (merged.col_end, merged.text) == (2, "合并单元格")
    assert len(table.row_cells(1)) == 3


def test_word_running_across_a_rule_is_cut_into_both_cells() -> None:
    rules = _grid([0, 100, 200], [0, 20])
    page = PageContent(1, 300, 100, [Word(10, 5, 190, 15, "企业名称恒远公司")], rules)
    (table,), _ = find_tables(page)
    assert [c.text for c in table.row_cells(0)] == ["企业名称", "恒远公司"]


def test_split_word_keeps_all_characters() -> None:
    left, right = split_word(Word(0, 0, 80, 10, "甲乙丙丁"), 41)
    assert left.text + right.text == "甲乙丙丁"


def test_words_outside_tables_are_returned_separately() -> None:
    page = PageContent(1, 300, 300, [Word(10, 250, 60, 260, "页脚")], _grid([0, 100], [0, 20]))
    _, outside = find_tables(page)
    assert [w.text for w in outside] == ["页脚"]


def test_row_continued_after_page_break_without_top_border_is_still_a_row() -> None:
    # only the bottom border and the verticals are drawn (Word and the platform draw split rows so)
    rules = [Segment(0, 60, 300, 60), Segment(0, 10, 0, 60), Segment(150, 10, 150, 60), Segment(300, 10, 300, 60)]
    page = PageContent(1, 400, 400, [Word(10, 20, 100, 30, "续行文字"), Word(160, 20, 250, 30, "右侧")], rules)
    (table,), outside = find_tables(page)
    assert [c.text for c in table.row_cells(0)] == ["续行文字", "右侧"]
    assert outside == []


def test_punctuation_hung_past_the_rule_stays_in_its_cell() -> None:
    rules = _grid([0, 100, 200], [0, 20])
    page = PageContent(1, 300, 100, [Word(10, 5, 104, 15, "提升了百分之三十。")], rules)
    (table,), _ = find_tables(page)
    assert table.row_cells(0)[0].text == "提升了百分之三十。"


def test_word_touching_its_left_border_is_still_cut_at_the_inner_rule() -> None:
    rules = _grid([0, 101, 160, 300], [0, 20])
    page = PageContent(1, 400, 100, [Word(99, 5, 190, 15, "投资（万元）39314")], rules)
    (table,), _ = find_tables(page)
    assert [c.text for c in table.row_cells(0)][1:] == ["投资(万元)", "39314"]


def test_a_repeated_header_whose_first_labels_ocr_lost_keeps_those_columns_from_the_page_before() -> None:
    from extractors.annex_tables import merge_header

    before = [(76.0, 98.0, "index"), (98.0, 130.0, "declared_link"), (130.0, 170.0, "declared_scene"),
              (170.0, 214.0, "name")]
    repeated = [(130.5, 170.0, "declared_scene"), (170.0, 214.5, "name")]   # 「序号」「环节名称」 not read
    assert [k for _, _, k in merge_header(before, repeated)] == ["index", "declared_link", "declared_scene", "name"]
    assert merge_header(before, repeated)[2] == (130.5, 170.0, "declared_scene")   # the new page's geometry
    moved = [(76.0, 120.0, "declared_scene"), (120.0, 214.0, "name")]               # another layout: nothing kept
    assert [k for _, _, k in merge_header(before, moved)] == ["declared_scene", "name"]
