"""Printed values become typed values (model/values.py): numbers, ISO dates, ticked options, yes/no, code text."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.identity import plain_code_text
from model.values import (
    parse_date,
    parse_date_range,
    parse_number,
    parse_yes_no,
    pick_choice,
    pick_yes_no,
    plain_code,
    unit_in_label,
)

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


def test_a_month_range_is_not_read_as_a_day() -> None:
    # 2022.03-2023.05: the "-20" of the second year is no day of the first month
    assert parse_date_range("2022.03-2023.05") == ("2022-03", "2023-05")


def test_a_comma_that_is_no_thousands_grouping_gives_no_number() -> None:
    assert parse_number("12,34") is None and parse_number("1,2345") is None
    assert parse_number("1，234，567") == 1234567.0


def test_a_day_that_does_not_exist_keeps_the_month() -> None:
    assert parse_date("2023年2月30日") == "2023-02"
    assert parse_date("2024-02-29") == "2024-02-29"


def test_chinese_numeral_dates_are_read() -> None:
    assert parse_date("二〇二三年七月") == "2023-07"
    assert parse_date("二○二三年十二月三十一日") == "2023-12-31"
    assert parse_date("申报日期：二〇二三年八月廿日") == "2023-08-20"


def test_numbers_follow_the_unit_of_the_column() -> None:
    assert parse_number("1.2亿元", unit="万元") == 12000.0
    assert parse_number("500元", unit="万元") == 0.05
    assert parse_number("1,446.56万元", unit="万元") == 1446.56
    assert parse_number("12000", unit="万元") == 12000.0  # a bare number is in the column's unit
    assert parse_number("1.2万人", unit="人") == 12000.0
    assert parse_number("35%", unit="%") == 35.0


def test_the_whole_value_must_be_a_number_when_asked() -> None:
    assert parse_number("2号线", whole=True) is None and parse_number("2号线") == 2.0
    assert parse_number("10万", whole=True) is None  # a multiplier needs the column's unit
    assert parse_number("1,234.5万元", whole=True) == 1234.5
    assert parse_number("约 3,000 万元") == 3000.0 and parse_number("约 3,000 万元", whole=True) is None
    assert parse_date("2022年3月投产", whole=True) is None and parse_date("2022年3月投产") == "2022-03"


def test_text_that_is_no_number_or_date_is_none_not_zero() -> None:
    assert parse_number("不适用") is None and parse_number("——") is None and parse_number(None) is None
    assert parse_number(True) is None and parse_number(float("nan")) is None
    assert parse_date("年 月 日") is None and parse_date("1446.56") is None


def test_export_values_that_are_already_typed_pass_through() -> None:
    assert parse_number(7) == 7.0 and parse_number(2.5) == 2.5
    assert parse_date(dt.date(2023, 7, 28)) == "2023-07-28"
    assert parse_date(dt.datetime(2023, 7, 28, 9, 30)) == "2023-07-28"
    assert parse_yes_no(True) is True and parse_yes_no(0) is False and parse_yes_no(2) is None


@pytest.mark.parametrize(("value", "flag"), [("是", True), ("有", True), ("Ｙ", True), ("yes", True), ("√", True),
                                             ("✔", True), ("☑", True), ("否", False), ("无", False), ("n", False),
                                             ("□", False), ("☐", False), ("", None), ("不详", None)])
def test_one_yes_no_value(value: str, flag: bool | None) -> None:
    assert parse_yes_no(value) is flag


def test_plain_you_wu_without_boxes_is_a_yes_no() -> None:
    assert pick_yes_no("有") == (True, None) and pick_yes_no("无") == (False, None)


def test_units_are_read_from_the_form_label() -> None:
    assert unit_in_label("资产总额（万元）") == "万元" and unit_in_label("资产负债率(%)") == "%"
    assert unit_in_label("企业名称") is None and unit_in_label(None) is None


def test_code_text_loses_spaces_bars_and_width_and_the_identity_alias_agrees() -> None:
    assert plain_code("９１３６０１００５４８５| qj8t2f") == "913601005485QJ8T2F"
    assert plain_code_text("913601005485 丨QJ8T2F") == "913601005485QJ8T2F"
