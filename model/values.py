"""One parser per kind of printed value (DESIGN.md §4), shared by the paper extractors, the online
readers and the comparison: numbers, ISO dates, yes/no, ticked boxes and credit-code text.

Each parser takes what the source gives (printed cell text, an export's cell value) and returns the
typed value or None when the text does not hold one; a parser never guesses a 0 or a default.
`whole=True` asks that the entire text be the value (the comparison: "2号线" is a text, not 2);
without it the first value in the text is taken (a printed cell may hold "约 3,000 万元").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from model.text import normalize_text

# --- numbers -------------------------------------------------------------------------------------

_MULTIPLIER = {"千": 10**3, "万": 10**4, "亿": 10**8}
# Units printed after a number that do not change its value (the form's column says the unit).
_PLAIN_UNITS = "(?:元|个|人|家|项|台|套|%)"
_NUMBER = re.compile(r"(?P<sign>[-−+]?)(?P<int>\d+(?:,\d+)*)(?P<frac>\.\d+)?(?P<mult>[千万亿]*)")
_WHOLE_NUMBER = re.compile(_NUMBER.pattern + f"(?P<unit>{_PLAIN_UNITS})?")
_UNIT_IN_LABEL = re.compile(r"[（(]\s*([^（）()\d]{1,4}?)\s*[)）]\s*$")


def _scale(prefixes: str) -> int:
    """'万' -> 10^4, '万亿' -> 10^12, '' -> 1."""
    out = 1
    for ch in prefixes:
        out *= _MULTIPLIER[ch]
    return out


def _grouped_ok(digits: str) -> bool:
    """'1,446' / '12,345,678' -> True; '12,34' / '1,2345' -> False (not a thousands grouping)."""
    head, *groups = digits.split(",")
    return not groups or (1 <= len(head) <= 3 and all(len(g) == 3 for g in groups))


def unit_in_label(label: str | None) -> str | None:
    """'资产总额（万元）' -> '万元', '资产负债率（%）' -> '%', '企业名称' -> None: the unit a form label prints."""
    m = _UNIT_IN_LABEL.search(normalize_text(label) or "")
    return m.group(1).strip() if m else None


def parse_number(value: object, *, unit: str | None = None, whole: bool = False) -> float | None:
    """Printed number -> float, or None when no number is printed (never a silent 0).

    Full-width digits and signs, 千分位 commas (, and ，) and spaces are read; a trailing unit
    (万元, %, 个, 人 …) is dropped, so '12.5%' is 12.5. `unit` is the unit the form's column asks for
    ('万元'): a printed 千/万/亿 multiplier is converted to it ('1.2亿元' -> 12000 万元, '500元' -> 0.05);
    without `unit` the number is taken as printed (`whole=True` then takes no multiplier but 万元, the
    forms' money unit: '10万' is no plain number). A comma that is not a thousands grouping ('12,34')
    makes the text ambiguous -> None. Numbers (not bools) pass through as floats.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value == value else None  # NaN is no number
    if not isinstance(value, str):
        return None
    text = "".join((normalize_text(value) or "").split())
    m = _WHOLE_NUMBER.fullmatch(text) if whole else _NUMBER.search(text)
    if not m or not _grouped_ok(m.group("int")):
        return None
    if whole and not unit and m.group("mult") and m.group("mult") + (m.group("unit") or "") != "万元":
        return None  # '10万' / '1亿元' is no plain number without the column's unit; 万元 is the forms' money unit
    number = Decimal(m.group("int").replace(",", "") + (m.group("frac") or ""))
    if m.group("sign") in ("-", "−"):
        number = -number
    if unit:
        number = _to_unit(number, m.group("mult"), text[m.end():], normalize_text(unit))
    return float(number)


def _to_unit(number: Decimal, mult: str, after: str, unit: str) -> Decimal:
    """Printed number + its 千/万/亿 multiplier + the text after it + the form's unit -> the number in that
    unit. A bare number is taken to be in the form's unit already; '500元' for 万元 is 0.05."""
    prefix = re.match(r"[千万亿]*", unit).group()  # type: ignore[union-attr]  # matches the empty string too
    base = unit[len(prefix):]
    if not mult and not (prefix and base and after.startswith(base)):
        return number
    return number * _scale(mult) / _scale(prefix)


def parse_int(value: object, *, unit: str | None = None) -> int | None:
    """'3家' -> 3 (a decimal is cut to its whole part; None when no number)."""
    n = parse_number(value, unit=unit)
    return int(n) if n is not None else None


# --- dates ---------------------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile(r"[〇○零一二三四五六七八九十廿]+(?=\s*[年月日号])")
_DATE = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})(?!\d)"
                   r"(?:\s*[月./\-]\s*(?:(?P<d>\d{1,2})(?!\d)\s*[日号]?)?)?")
YEARS = range(1900, 2101)


def _cn_number(run: str) -> str:
    """'二〇二三' -> '2023', '十二' -> '12', '二十八' -> '28', '廿' -> '20' (the run unchanged when it is no number)."""
    run = run.replace("廿", "二十")
    if "十" not in run:
        return "".join(str(_CN_DIGIT[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run
    return str((_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0))


def parse_cn_int(text: str | None) -> int | None:
    """'一' -> 1, '十二' -> 12, '二十八' -> 28 (a 序号 written in Chinese numerals); None when it is no such number."""
    t = (normalize_text(text) or "").strip()
    if not t or t.strip("〇○零一二三四五六七八九十廿"):
        return None
    digits = _cn_number(t)
    return int(digits) if digits.isdigit() else None


def _iso(m: re.Match[str]) -> str | None:
    """Date match -> 'YYYY-MM-DD' ('YYYY-MM' when no day, or the day does not exist), None when no date."""
    year, month, day = int(m.group("y")), int(m.group("m")), m.group("d")
    if year not in YEARS or not 1 <= month <= 12:
        return None
    if day and 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{int(day):02d}"
    return f"{year:04d}-{month:02d}"


def _date_text(value: str) -> str:
    """Printed date text -> NFKC with Chinese numerals before 年/月/日 written as digits."""
    return _CN_RUN.sub(lambda m: _cn_number(m.group()), normalize_text(value) or "")


def parse_dates(value: str | None) -> list[str]:
    """Text -> every ISO date printed in it, in order ('2022.03-2023.05' -> ['2022-03', '2023-05'])."""
    if not value:
        return []
    return [iso for m in _DATE.finditer(_date_text(value)) if (iso := _iso(m))]


def parse_date(value: object, *, whole: bool = False) -> str | None:
    """Printed date -> 'YYYY-MM-DD', or 'YYYY-MM' when only the month is printed; None when no date.

    Reads 2023年7月28日, 2023.7.28, 2023-07-28, 2023/7/28, 2023年7月, 二〇二三年七月二十八日 and
    full-width digits; a date or datetime value (an XLSX cell) becomes its ISO day.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    if whole:
        m = _DATE.fullmatch(_date_text(value))
        return _iso(m) if m else None
    found = parse_dates(value)
    return found[0] if found else None


def parse_date_range(value: str | None) -> tuple[str | None, str | None]:
    """'2022年3月—2023年5月' / '2022-03-01至2023-05-31' -> (start, end) ISO dates."""
    found = parse_dates(value)
    return (found[0] if found else None), (found[1] if len(found) > 1 else None)


# --- yes/no and ticked boxes ---------------------------------------------------------------------

# Word and WPS print boxes from the Wingdings fonts; their glyphs come out of the text layer as
# private-use code points (U+F000 + the symbol code): F0FE/F052 ticked box, F0A8/F0A3 empty box.
CHECKED = "☑■√▣☒✓✔●◉▪⊠\uf0fe\uf052\uf0fd\uf054\uf0fc\uf050"
UNCHECKED = "□☐○◻❑\uf0a8\uf0a3\uf06f\uf071"
_YES = {"是", "有", "y", "yes", "true", "1", *CHECKED}
_NO = {"否", "无", "n", "no", "false", "0", *UNCHECKED}
_WORDS = ("是", "否", "有", "无")


def parse_yes_no(value: object) -> bool | None:
    """One yes/no value -> bool: 是/有/Y/yes/true/1 or a tick or ticked box -> True, 否/无/N/no/false/0 or
    an empty box -> False, anything else (blank included) -> None. Cells with several options: pick_yes_no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if not isinstance(value, str):
        return None
    text = (normalize_text(value) or "").lower()
    return True if text in _YES else False if text in _NO else None


# What OCR makes of a printed box: an empty box often reads as 口/囗/日, a ticked one as 回/团/図/V.
_OCR_UNCHECKED = "口囗日□☐"


def _neighbour(t: str, i: int, step: int) -> tuple[int, bool]:
    """Text + index + direction (-1/+1) -> index of the nearest non-space character (-1 or len(t)
    past the ends) and whether spaces were skipped to reach it."""
    j = i
    while 0 <= j < len(t) and t[j] == " ":
        j += step
    return j, j != i


def option_states(text: str, options: list[str]) -> dict[str, bool | None]:
    """Cell text + options -> {option: True (ticked) / False (empty box) / None (no box seen)}.

    A box glyph before the option decides. A tick written after an option that has no box before
    it marks that option ('民营企业√ □三资企业', as Word users tick a choice) unless the tick is the
    next option's box ('是√否' where OCR lost the first box: a tick between two options belongs to
    the second, except when only the space after the tick separates it from the second)."""
    t = normalize_text(text) or ""
    boxes = CHECKED + UNCHECKED + _OCR_UNCHECKED
    found = {o: pos for o in options if (pos := t.find(o)) >= 0}
    starts = set(found.values())
    claimed: set[int] = set()  # ticks that belong to the option before them
    for o, pos in found.items():
        b, _ = _neighbour(t, pos - 1, -1)
        tick, space_before = _neighbour(t, pos + len(o), 1)
        if (b >= 0 and t[b] in boxes) or tick >= len(t) or t[tick] not in CHECKED:
            continue
        nxt, space_after = _neighbour(t, tick + 1, 1)
        if nxt not in starts or (space_after and not space_before):
            claimed.add(tick)
    out: dict[str, bool | None] = {}
    for o, pos in found.items():
        b, _ = _neighbour(t, pos - 1, -1)
        tick, _ = _neighbour(t, pos + len(o), 1)
        before = t[b] if b >= 0 and b not in claimed else ""
        if tick in claimed:
            out[o] = True
        elif not before:
            out[o] = None
        elif before in CHECKED:
            out[o] = True
        elif before in UNCHECKED or before in _OCR_UNCHECKED:
            out[o] = False
        else:
            out[o] = None
    return out


def pick_choice(text: str | None, options: list[str]) -> str | None:
    """Cell text + the form's options -> the ticked option.

    A tick glyph wins; otherwise, when every other printed option has an empty box, the one left
    is the choice (OCR reads ■ and √ in many ways, but empty boxes reliably); a cell that prints
    only one option without boxes holds that option.
    """
    if not text:
        return None
    states = option_states(text, options)
    ticked = [o for o, v in states.items() if v]
    if len(ticked) == 1:
        return ticked[0]
    unknown = [o for o, v in states.items() if v is None]
    if not ticked and len(unknown) == 1:
        return unknown[0]
    return None


_YES_NAME = re.compile("是\\s*[" + CHECKED + "]?" + r"\s*[（(]\s*(?:[^：:）)]*[：:])?\s*([^）)]*)[）)]")


def pick_yes_no(text: str | None) -> tuple[bool | None, str | None]:
    """'■是（事故名称：X） □否' -> (True, 'X'); '□是 ■否' -> (False, None); also plain '是'/'否'."""
    if not text:
        return None, None
    t = normalize_text(text) or ""
    flat = t.replace(" ", "")
    # the 否 box follows the bracket of the 是 option; compare the two boxes only
    states = option_states(_YES_NAME.sub("是", flat), ["是", "否"])
    choice = pick_choice(_YES_NAME.sub("是", flat), ["是", "否"]) if states else None
    value = None if choice is None else choice == "是"
    if choice is None and flat in _WORDS:  # a plain 是/否/有/无 printed without boxes
        value = parse_yes_no(flat)
    m = _YES_NAME.search(t)
    name = m.group(1).strip() if value and m and m.group(1).strip() else None
    return value, name


def maturity_level(text: str | None, options: list[str]) -> int | None:
    """'□一级 ■二级 …' -> 2 (options are the form's 一级..五级 in order)."""
    choice = pick_choice(text, options)
    return options.index(choice) + 1 if choice else None


# --- credit codes --------------------------------------------------------------------------------

# A table rule beside or between the characters of a wrapped code is read as a bar (「913601005485| QJ8T2F」,
# crosschain-scans-5); no code contains one.
_RULE_GLYPHS = str.maketrans("", "", "|丨│")


def plain_code(text: str) -> str:
    """Text holding a 统一社会信用代码 -> NFKC, no spaces or table-rule bars, upper case."""
    return "".join(normalize_text(text, fold_spaces=False).split()).upper().translate(_RULE_GLYPHS)
