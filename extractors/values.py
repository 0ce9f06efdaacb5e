"""Turn printed cell text into typed values (DESIGN.md §4): numbers, ISO dates, ticked choices."""

from __future__ import annotations

import re

from model.text import normalize_text

_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[年./\-－]\s*(\d{1,2})(?:\s*[月./\-－]\s*(\d{1,2})\s*日?)?")
# Word and WPS print boxes from the Wingdings fonts; their glyphs come out of the text layer as
# private-use code points (U+F000 + the symbol code): F0FE/F052 ticked box, F0A8/F0A3 empty box.
CHECKED = "☑■√▣☒✓✔●◉▪⊠\uf0fe\uf052\uf0fd\uf054\uf0fc\uf050"
UNCHECKED = "□☐○◻❑\uf0a8\uf0a3\uf06f\uf071"
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
    if choice is None and flat in ("是", "否"):
        choice = flat
    value = None if choice is None else choice == "是"
    m = _YES_NAME.search(t)
    name = m.group(1).strip() if value and m and m.group(1).strip() else None
    return value, name


def maturity_level(text: str | None, options: list[str]) -> int | None:
    """'□一级 ■二级 …' -> 2 (options are the form's 一级..五级 in order)."""
    choice = pick_choice(text, options)
    return options.index(choice) + 1 if choice else None
