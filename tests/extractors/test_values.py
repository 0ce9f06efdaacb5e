"""Printed values become typed values: numbers, ISO dates, ticked options, yes/no with a name."""

from __future__ import annotations

import pytest

from model.values import parse_date, parse_date_range, parse_number, pick_choice, pick_yes_no

OWNERSHIP = ["中央企业", "地方国企", "民营企业", "三资企业"]


@pytest.mark.parametrize(("text", "value"), [("1,446.56", 1446.56), ("12.5%", 12.5), ("3家", 3.0), ("", None),
                                             ("—", None), ("-2.5", -2.5)])
def test_numbers_drop_separators_units_and_percent(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "iso"), [("2022年3月", "2022-03"), ("2023年08月12日", "2023-08-12"),
                                           ("2021/5/6", "2021-05-06"), ("2020.11", "2020-11"), ("年 月 日", None)])
def test_dates_become_iso_with_month_only_when_no_day(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_date_range_with_zhi_gives_start_and_end() -> None:
    assert parse_date_range("2022年3月1日至2023年5月31日") == ("2022-03-01", "2023-05-31")


@pytest.mark.parametrize("text", ["□中央企业 □地方国企 ■民营企业 □三资企业", "□中央企业 □地方国企 √民营企业 □三资企业",
                                  "□中央企业 □地方国企 ✓民营企业 □三资企业", "口中央企业口地方国企V民营企业口三资企业"])
def test_ticked_option_is_found_whatever_the_tick_glyph(text: str) -> None:
    assert pick_choice(text, OWNERSHIP) == "民营企业"


def test_no_tick_at_all_is_none() -> None:
    assert pick_choice("□中央企业 □地方国企 □民营企业 □三资企业", OWNERSHIP) is None


def test_yes_with_accident_name_and_plain_no() -> None:
    assert pick_yes_no("■是（事故名称：仓库火灾） □否") == (True, "仓库火灾")
    assert pick_yes_no("□是（事故名称：  ） ■否") == (False, None)


def test_word_wingdings_boxes_from_the_text_layer_are_read() -> None:
    assert pick_choice("\uf0a8中央企业 \uf0a8地方国企 \uf0fe民营企业 \uf0a8三资企业", OWNERSHIP) == "民营企业"
