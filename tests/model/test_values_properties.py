"""Property tests of the value parsers (model/values.py): whatever way a value is printed, it reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.identity import CHARSET, clean_credit_code, credit_code_check_char, is_valid_credit_code
from model.values import (
    CHECKED,
    UNCHECKED,
    parse_date,
    parse_date_range,
    parse_number,
    parse_yes_no,
    pick_choice,
    pick_yes_no,
    plain_code,
)

SMALL = settings(max_examples=60, deadline=None, database=None)
OWNERSHIP = ["中央企业", "地方国企", "民营企业", "三资企业"]
CN = "〇一二三四五六七八九"
# Ticks and boxes as Word, WPS and hand-filled forms print them (the Wingdings code points included).
TICKS = st.sampled_from(["■", "☑", "√", "✓", "✔", "\uf0fe", "\uf052"])
BOXES = st.sampled_from(["□", "☐", "\uf0a8", "\uf0a3"])


def full_width(text: str) -> str:
    """ASCII -> the full-width forms a Chinese IME types ('1,2' -> '１，２')."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def thousands(n: int, sep: str = ",") -> str:
    """12345678 -> '12,345,678'."""
    return f"{n:,}".replace(",", sep)


amounts = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


def printed(value: Decimal, sep: str) -> str:
    """Decimal -> text with 千分位 separators (two decimals kept as printed)."""
    whole, _, frac = f"{abs(value):.2f}".partition(".")
    return ("-" if value < 0 else "") + thousands(int(whole), sep) + "." + frac


@SMALL
@given(amounts, st.sampled_from([",", "，"]), st.booleans(), st.sampled_from(["", "万元", "%", "个", "人", " 万元"]))
def test_numbers_with_grouping_width_and_units_read_back(value: Decimal, sep: str, wide: bool, unit: str) -> None:
    text = printed(value, sep) + unit
    text = full_width(text) if wide else text
    assert parse_number(text) == float(value)
    assert parse_number(text, whole=True) == float(value)


@SMALL
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2))
def test_an_amount_in_wan_yuan_reads_the_same_printed_in_yuan_wan_or_yi(value: Decimal) -> None:
    yuan, yi = value * 10000, value / 10000
    assert parse_number(f"{value}万元", unit="万元") == float(value)
    assert parse_number(f"{thousands(int(yuan))}元", unit="万元") == float(value)
    assert parse_number(f"{yi}亿元", unit="万元") == float(value)
    assert parse_number(f"{full_width(str(yi))}亿", unit="万元") == float(value)


@SMALL
@given(st.text(alphabet=st.characters(exclude_categories=("Nd", "Nl", "No", "Cs")), max_size=12))
def test_text_without_digits_is_no_number(text: str) -> None:
    assert parse_number(text) is None and parse_number(text, whole=True) is None


def cn_number(n: int) -> str:
    """1..31 -> 一 … 十二 … 二十八 … 三十一 (as dates are written in words)."""
    tens, ones = divmod(n, 10)
    return (CN[tens] if tens > 1 else "") + ("十" if tens else "") + (CN[ones] if ones else "")


def date_forms(d: dt.date) -> list[str]:
    """A day -> every way a form or an export prints it."""
    y, m, n = d.year, d.month, d.day
    return [f"{y}年{m}月{n}日", f"{y}年{m:02d}月{n:02d}日", f"{y}.{m}.{n}", f"{y}-{m:02d}-{n:02d}", f"{y}/{m}/{n}",
            f"{y} 年 {m} 月 {n} 日", full_width(f"{y}年{m}月{n}日"), full_width(f"{y}-{m:02d}-{n:02d}"),
            "".join(CN[int(c)] for c in str(y)) + f"年{cn_number(m)}月{cn_number(n)}日"]


def month_forms(d: dt.date) -> list[str]:
    """A month -> the ways a form prints a month without a day."""
    y, m = d.year, d.month
    return [f"{y}年{m}月", f"{y}年{m:02d}月", f"{y}.{m}", f"{y}-{m:02d}", f"{y}/{m}", full_width(f"{y}年{m}月"),
            "".join(CN[int(c)] for c in str(y)) + f"年{cn_number(m)}月"]


days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@SMALL
@given(days)
def test_a_day_printed_in_every_form_reads_as_one_iso_date(d: dt.date) -> None:
    for text in date_forms(d):
        assert parse_date(text) == d.isoformat(), text
        assert parse_date(text, whole=True) == d.isoformat(), text
        assert parse_date(f"成立时间：{text}。") == d.isoformat(), text


@SMALL
@given(days)
def test_a_month_printed_in_every_form_reads_as_year_and_month(d: dt.date) -> None:
    for text in month_forms(d):
        assert parse_date(text) == d.isoformat()[:7], text
        assert parse_date(text, whole=True) == d.isoformat()[:7], text


@SMALL
@given(days, days, st.sampled_from(["至", "—", "-", "～", " 至 "]), st.integers(0, 1), st.integers(0, 1))
def test_a_range_gives_both_ends(a: dt.date, b: dt.date, sep: str, fa: int, fb: int) -> None:
    forms_a, forms_b = [month_forms(a)[2], date_forms(a)[0]], [month_forms(b)[2], date_forms(b)[0]]
    want_a, want_b = (a.isoformat()[:7], a.isoformat()), (b.isoformat()[:7], b.isoformat())
    assert parse_date_range(forms_a[fa] + sep + forms_b[fb]) == (want_a[fa], want_b[fb])


@SMALL
@given(st.integers(2, 4), st.data(), st.sampled_from(["", " "]))
def test_the_one_ticked_box_is_the_choice(n: int, data: st.DataObject, sep: str) -> None:
    options = OWNERSHIP[:n]
    ticked = data.draw(st.integers(0, n - 1))
    glyphs = [data.draw(TICKS) if i == ticked else data.draw(BOXES) for i in range(n)]
    assert pick_choice(sep.join(g + o for g, o in zip(glyphs, options, strict=True)), options) == options[ticked]


@SMALL
@given(st.integers(2, 4), st.data())
def test_no_tick_or_two_ticks_is_no_choice(n: int, data: st.DataObject) -> None:
    options = OWNERSHIP[:n]
    empty = " ".join(data.draw(BOXES) + o for o in options)
    assert pick_choice(empty, options) is None
    two = " ".join((data.draw(TICKS) if i < 2 else data.draw(BOXES)) + o for i, o in enumerate(options))
    assert pick_choice(two, options) is None


@SMALL
@given(st.booleans(), TICKS, BOXES, st.sampled_from(["", " ", "  "]))
def test_yes_no_boxes_give_the_ticked_answer(yes: bool, tick: str, box: str, sep: str) -> None:
    text = f"{tick if yes else box}是{sep}{box if yes else tick}否"
    assert pick_yes_no(text) == (yes, None)


@SMALL
@given(st.sampled_from([("是", True), ("有", True), ("y", True), ("yes", True), ("true", True), ("1", True),
                        ("否", False), ("无", False), ("n", False), ("no", False), ("false", False), ("0", False)]),
       st.booleans(), st.booleans(), st.sampled_from(["", " ", "\t", "　"]))
def test_yes_no_words_in_any_case_width_and_spacing(pair: tuple[str, bool], upper: bool, wide: bool, pad: str) -> None:
    word, flag = pair
    word = word.upper() if upper else word
    assert parse_yes_no(pad + (full_width(word) if wide else word) + pad) is flag


@SMALL
@given(st.sampled_from(CHECKED), st.sampled_from(UNCHECKED))
def test_a_lone_tick_or_box_is_yes_or_no(tick: str, box: str) -> None:
    assert parse_yes_no(tick) is True and parse_yes_no(box) is False


codes = st.text(alphabet=CHARSET, min_size=17, max_size=17).map(lambda s: s + (credit_code_check_char(s) or ""))


@SMALL
@given(codes, st.data())
def test_a_credit_code_with_spaces_bars_width_and_case_normalises_to_itself(code: str, data: st.DataObject) -> None:
    noisy = []
    for ch in code:
        ch = ch.lower() if data.draw(st.booleans()) else ch
        ch = full_width(ch) if data.draw(st.booleans()) else ch
        noisy.append(ch + data.draw(st.sampled_from(["", "", "", " ", "|", "丨", "　", "\n", "｜"])))
    text = "".join(noisy)
    assert plain_code(text) == code
    assert clean_credit_code(text) == code and is_valid_credit_code(text)
