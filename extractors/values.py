"""Turn printed cell text into typed values (DESIGN.md §4): numbers, ISO dates, ticked choices."""

from __future__ import annotations

import re

from model.text import normalize_text

_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[年./\-－]\s*(\d{1,2})(?:\s*[月./\-－]\s*(\d{1,2})\s*日?)?")
CHECKED = "☑■√▣☒✓✔●◉▪⊠"
UNCHECKED = "□☐○◻❑"
_BOX = re.compile(f"([{CHECKED}{UNCHECKED}])")


def parse_number(text: str | None) -> float | None:
    """'1,446.56 万元' / '12.5%' -> 1446.56 / 12.5; None when no number is printed."""
    if not text:
        return None
    t = (normalize_text(text) or "").replace(",", "").replace("，", "").replace(" ", "")
    m = _NUM.search(t)
    return float(m.group()) if m else None


def parse_int(text: str | None) -> int | None:
    """'3家' -> 3 (None when no number)."""
    n = parse_number(text)
    return int(n) if n is not None else None


def parse_date(text: str | None) -> str | None:
    """'2022年3月' -> '2022-03', '2022年3月5日' / '2022/3/5' -> '2022-03-05' (None when absent)."""
    if not text:
        return None
    m = _DATE.search(normalize_text(text) or "")
    if not m:
        return None
    y, mo, d = m.group(1), int(m.group(2)), m.group(3)
    if not 1 <= mo <= 12:
        return None
    return f"{y}-{mo:02d}-{int(d):02d}" if d and 1 <= int(d) <= 31 else f"{y}-{mo:02d}"


def parse_date_range(text: str | None) -> tuple[str | None, str | None]:
    """'2022年3月—2023年5月' / '2022-03-01至2023-05-31' -> (start, end) ISO dates."""
    if not text:
        return None, None
    t = normalize_text(text) or ""
    found = [m for m in _DATE.finditer(t)]
    dates = [parse_date(m.group()) for m in found]
    if not dates:
        return None, None
    return dates[0], dates[1] if len(dates) > 1 else None


def ticked_options(text: str) -> list[tuple[str, bool]]:
    """'□中央企业 ■地方国企' -> [('中央企业', False), ('地方国企', True)] (empty when no boxes)."""
    parts = _BOX.split(normalize_text(text) or "")
    out = []
    for i in range(1, len(parts) - 1, 2):
        label = parts[i + 1].strip()
        out.append((label, parts[i] in CHECKED))
    return out


def pick_choice(text: str | None, options: list[str]) -> str | None:
    """Cell text + the form's options -> the ticked option, or the option printed alone."""
    if not text:
        return None
    ticks = ticked_options(text)
    if ticks:
        for label, on in ticks:
            if on:
                return next((o for o in options if label.startswith(o) or o in label), None)
        return None
    plain = (normalize_text(text) or "").replace(" ", "")
    hits = [o for o in options if o in plain]
    return hits[0] if len(hits) == 1 else None


_YES_NAME = re.compile(r"是\s*[（(]\s*(?:[^：:）)]*[：:])?\s*([^）)]*)[）)]")


def pick_yes_no(text: str | None) -> tuple[bool | None, str | None]:
    """'■是（事故名称：X） □否' -> (True, 'X'); '□是 ■否' -> (False, None); also plain '是'/'否'."""
    if not text:
        return None, None
    t = normalize_text(text) or ""
    value: bool | None = None
    ticks = ticked_options(t)
    if ticks:
        for label, on in ticks:
            if on:
                value = label.startswith("是")
                break
    elif t.replace(" ", "").startswith("是"):
        value = True
    elif t.replace(" ", "").startswith("否"):
        value = False
    name = None
    m = _YES_NAME.search(t)
    if value and m and m.group(1).strip():
        name = m.group(1).strip()
    return value, name


def maturity_level(text: str | None, options: list[str]) -> int | None:
    """'□一级 ■二级 …' -> 2 (options are the form's 一级..五级 in order)."""
    choice = pick_choice(text, options)
    return options.index(choice) + 1 if choice else None
