"""Second readings of one difference on a scan: which side do they support? (used by checks.ocr_verify)

A differing number: `judge_number` finds the line that holds it (the number with the same characters
around it, inside a cell's box when known), reads it again (a `LineSource`, extractors.reread in the
review) and lets the readings vote for the paper value, the online value or neither. A two-character
wording edit: `confirm_wording` does the same with the edited characters and their neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from checks.textdiff import fold
from model.submission import BBox

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
CONTEXT = 4          # folded characters of context compared on each side of a number
Outcome = Literal["noise", "confirmed", "unsure", "unknown"]


class LineSource(Protocol):
    """What the verification needs from a scanned PDF (extractors.reread.LineRereader)."""

    def pages(self) -> int: ...

    def reread(self, page: int, wanted: Callable[[str], bool]) -> list: ...


@dataclass
class Verdict:
    """What the second readings of one differing number said."""

    outcome: Outcome
    paper: str
    online: str
    readings: list[str] = field(default_factory=list)
    page: int | None = None
    confusion: str | None = None   # the known OCR confusion that explains an unsure reading
    votes: list[str] = field(default_factory=list)   # "online" / "paper" / "other", one per reading


def known_confusion(paper: str, online: str, paper_number: str, online_number: str) -> str | None:
    """Plain paper/online windows + the differing numbers -> the OCR confusion seen on the sample scans that
    turns the online number into the paper one, or None:
    - a full stop read as a 0: the paper number is the online one with a 0 or two more at its end, and the 。
      that follows the number online is gone on paper (「9%。」 -> 「90%」, 「90%0」);
    - a thin 1 lost or added: the numbers differ by one 1 (「13个」 -> 「3个」)."""
    def one_more(longer: str, shorter: str, ch: str) -> bool:
        return len(longer) == len(shorter) + 1 and any(
            longer[:k] + longer[k + 1:] == shorter for k, c in enumerate(longer) if c == ch)

    def stop_after(window: str, number: str) -> bool:
        at = window.find(number)
        return at >= 0 and any(c in "。.．○" for c in window[at + len(number):at + len(number) + 3])

    zeros = paper_number[len(online_number):]
    stop_zeros = paper_number.startswith(online_number) and zeros in ("0", "00")
    if (one_more(paper_number, online_number, "0") or stop_zeros) and stop_after(online, online_number) \
            and not stop_after(paper, paper_number):
        return "句号识别为0"
    if one_more(paper_number, online_number, "1") or one_more(online_number, paper_number, "1"):
        return "细笔画的1漏识或多识"
    return None


def plain(display: str) -> str:
    """Span display 「…左【差异】右…」 -> the plain window text."""
    return display.replace("…", "").replace("【", "").replace("】", "")


def same_number(a: str, b: str) -> bool:
    """Two number tokens -> equal as numbers (12.50 = 12.5)."""
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def differing_numbers(paper: str, online: str) -> list[tuple[str, str, str, str]] | None:
    """Paper and online windows -> [(paper number, online number, left context, right context)] for each
    number that differs (folded text), or None when the numbers cannot be paired one to one."""
    a, b = fold(paper)[0], fold(online)[0]
    na, nb = list(_NUMBER.finditer(a)), list(_NUMBER.finditer(b))
    if len(na) != len(nb) or not na:
        return None
    out = []
    for x, y in zip(na, nb, strict=True):
        if not same_number(x.group(), y.group()):
            out.append((x.group(), y.group(), a[max(0, x.start() - CONTEXT):x.start()], a[x.end():x.end() + CONTEXT]))
    return out


def _common_suffix(x: str, y: str) -> int:
    """Two strings -> length of their common ending."""
    n = 0
    while n < min(len(x), len(y)) and x[-1 - n] == y[-1 - n]:
        n += 1
    return n


def _common_prefix(x: str, y: str) -> int:
    """Two strings -> length of their common beginning."""
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return n


def _place(line: str, token: str, left: str, right: str) -> tuple[int, int] | None:
    """Folded line + number + its context -> (token index among the line's numbers, context score) of the
    best place where the line holds that number with matching context, or None."""
    best = None
    for k, m in enumerate(_NUMBER.finditer(line)):
        if m.group() != token:
            continue
        before, after = line[:m.start()], line[m.end():]
        cl, cr = _common_suffix(before, left), _common_prefix(after, right)
        # context must agree as far as both sides have text (a wrapped line starts or ends at the number)
        left_ok = cl >= 2 or cl == min(len(before), len(left))
        right_ok = cr >= 2 or cr == min(len(after), len(right))
        if left_ok and right_ok and (best is None or cl + cr > best[1]):
            best = (k, cl + cr)
    return best


def _reading_value(reading: str, index: int, count: int, left: str, right: str) -> str | None:
    """A second reading of a line + where the number sat in the first reading -> the number read there."""
    text = fold(reading)[0]
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) == count:
        return numbers[index].group()
    scored = [(_common_suffix(text[:m.start()], left) + _common_prefix(text[m.end():], right), m.group())
              for m in numbers]
    scored = [s for s in scored if s[0] >= 2]
    return max(scored)[1] if scored else None


def inside(box: tuple[float, float, float, float], area: BBox | None) -> bool:
    """Line box (pt) + a field's box -> True when the line's centre lies in it (or no box is known)."""
    if area is None:
        return True
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] - 2 <= cx <= area[2] + 2 and area[1] - 2 <= cy <= area[3] + 2


def judge_number(source: LineSource, pages: list[int], paper: str, online: str, left: str, right: str,
                 area: BBox | None = None) -> Verdict:
    """One differing number + where to look -> what the second readings of its line say."""
    for page in pages:
        def wanted(text: str) -> bool:
            folded = fold(text)[0]
            return _place(folded, paper, left, right) is not None or _place(folded, online, left, right) is not None

        found = []
        for line in source.reread(page, wanted):
            if not inside(line.bbox, area):
                continue
            folded = fold(line.first)[0]
            count = len(_NUMBER.findall(folded))
            for token in (paper, online):
                spot = _place(folded, token, left, right)
                if spot is not None:
                    found.append((spot[1], token, spot[0], count, line))
        if not found:
            continue
        strongest = max(f[0] for f in found)
        chosen = [f for f in found if f[0] == strongest]
        if strongest == 0 and len(chosen) > 1:
            # a bare number found in several places (no context on the line, as on a cell's last line
            # 「9%。」): the one line whose first reading holds the paper value is where that value came from
            chosen = [f for f in chosen if f[1] == paper]
            if len(chosen) != 1:
                return Verdict("unknown", paper, online, page=page)
        votes: list[str] = []
        readings: list[str] = []
        for _score, token, index, count, line in chosen:
            if token == online:
                readings.append(line.first)
                votes.append("online")   # the page pass itself read the online value: assembly lost it
            for text in line.again:
                readings.append(text)
                value = _reading_value(text, index, count, left, right)
                votes.append("online" if value is not None and same_number(value, online) else
                             "paper" if value is not None and same_number(value, paper) else "other")
        return Verdict(_outcome(votes), paper, online, readings, page, votes=votes)
    return Verdict("unknown", paper, online)


def _outcome(votes: list[str]) -> Outcome:
    """Votes of the second readings -> noise (all online), confirmed (paper, never online) or unsure."""
    if len(votes) >= 2 and all(v == "online" for v in votes):
        return "noise"
    if "paper" in votes and "online" not in votes:
        return "confirmed"
    return "unsure"


def _split(display: str) -> tuple[str, str, str]:
    """Span display 「…左【差异】右…」 -> (left, differing part, right)."""
    text = display.strip("…")
    left, _, rest = text.partition("【")
    mid, _, right = rest.partition("】")
    return left, mid, right


def wording_votes(source: LineSource, pages: list[int], paper: str, online: str) -> list[Verdict]:
    """A differing span (displays) -> one Verdict per line of the first page that holds the paper wording with
    its context: votes "paper" / "online" / "other" of each second reading of that line."""
    left, mid_p, right = (fold(x)[0] for x in _split(paper))
    mid_o = fold(_split(online)[1])[0]
    shapes = [(a, b) for a, b in ((3, 3), (3, 2), (2, 3), (2, 2), (3, 1), (1, 3), (3, 0), (0, 3))
              if a <= len(left) and b <= len(right) and (mid_p or a + b >= 4)]

    def needle(a: int, b: int, mid: str) -> str:
        return left[len(left) - a:] + mid + right[:b]

    for page in pages:
        lines = source.reread(page, lambda t: any(needle(a, b, mid_p) in fold(t)[0] for a, b in shapes))
        out = []
        for line in lines:
            first = fold(line.first)[0]
            a, b = next((a, b) for a, b in shapes if needle(a, b, mid_p) in first)
            votes = []
            for text in line.again:
                folded = fold(text)[0]
                votes.append("online" if needle(a, b, mid_o) in folded else
                             "paper" if needle(a, b, mid_p) in folded else "other")
            out.append(Verdict(_outcome(votes), mid_p or "（空）", mid_o or "（空）", list(line.again), page,
                               votes=votes))
        if out:
            return out
    return []


def confirm_wording(source: LineSource, pages: list[int], paper: str, online: str) -> bool:
    """A two-character wording edit (span displays) -> True when most second readings of its line say what
    the first one said and none the online wording. Unconfirmed edits are OCR noise."""
    return any(v.votes.count("paper") * 2 > len(v.votes) and "online" not in v.votes
               for v in wording_votes(source, pages, paper, online))
