"""A changed number on a scanned page is read a second time before it is reported.

OCR noise in words is absorbed by checks.textdiff, but numbers are compared exactly: an OCR slip in a
digit (「13个」 read as 「3个」, 「9%。」 as 「90%」) would otherwise reach the officer as a changed figure.
For every mismatch on an OCR page whose numbers differ, the line the number was read from is found
again on the page (by the number and the characters around it; for a table cell, inside its box) and
recognised again a few times (extractors.reread). Then, for each differing number:

- every second reading says the online value -> the paper says what the platform says and only the
  first reading was wrong: the difference is dropped from `mismatches`, and an info finding
  OCR_REREAD keeps what was read (nothing is silently lost);
- a second reading says the paper value and none the online one -> the difference is confirmed, kept;
- anything else (the readings disagree, the line is not found) -> kept; when the readings disagree
  the mismatch becomes a warning and an OCR_REREAD finding asks the officer to look at the original.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from checks.findings import field_label, fmt_number, instance_label
from checks.paper_vs_online import TENTATIVE
from checks.textdiff import fold
from model.submission import BBox, Finding, Mismatch, Submission

log = logging.getLogger(__name__)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_INSTANCE = re.compile(r"instances\[(\d+)\]\.(\w+)$")
CONTEXT = 4          # folded characters of context compared on each side of a number
MORE_PAGES = 3       # a long text read across pages: look this many pages after its first one
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
    - a full stop read as a 0: the paper number is the online one with a 0 more, and the 。 that follows
      the number online is gone on paper (「9%。」 -> 「90%」);
    - a thin 1 lost or added: the numbers differ by one 1 (「13个」 -> 「3个」)."""
    def one_more(longer: str, shorter: str, ch: str) -> bool:
        return len(longer) == len(shorter) + 1 and any(
            longer[:k] + longer[k + 1:] == shorter for k, c in enumerate(longer) if c == ch)

    def stop_after(window: str, number: str) -> bool:
        at = window.find(number)
        return at >= 0 and any(c in "。.．○" for c in window[at + len(number):at + len(number) + 3])

    if one_more(paper_number, online_number, "0") and stop_after(online, online_number) \
            and not stop_after(paper, paper_number):
        return "句号识别为0"
    if one_more(paper_number, online_number, "1") or one_more(online_number, paper_number, "1"):
        return "细笔画的1漏识或多识"
    return None


def _parts(display: str) -> str:
    """Span display 「…左【差异】右…」 -> the plain window text."""
    return display.replace("…", "").replace("【", "").replace("】", "")


def _same_number(a: str, b: str) -> bool:
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
        if not _same_number(x.group(), y.group()):
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


def _inside(box: tuple[float, float, float, float], area: BBox | None) -> bool:
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
            if not _inside(line.bbox, area):
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
            return Verdict("unknown", paper, online, page=page)   # a bare number found in several places
        votes: list[str] = []
        readings: list[str] = []
        for _score, token, index, count, line in chosen:
            if token == online:
                readings.append(line.first)
                votes.append("online")   # the page pass itself read the online value: assembly lost it
            for text in line.again:
                readings.append(text)
                value = _reading_value(text, index, count, left, right)
                votes.append("online" if value is not None and _same_number(value, online) else
                             "paper" if value is not None and _same_number(value, paper) else "other")
        return Verdict(_outcome(votes), paper, online, readings, page, votes=votes)
    return Verdict("unknown", paper, online)


def _outcome(votes: list[str]) -> Outcome:
    """Votes of the second readings -> noise (all online), confirmed (paper, never online) or unsure."""
    if len(votes) >= 2 and all(v == "online" for v in votes):
        return "noise"
    if "paper" in votes and "online" not in votes:
        return "confirmed"
    return "unsure"


def _label(path: str) -> str:
    """Field path -> 「场景实例3 · 预期成效」 / 「企业简介」."""
    m = _INSTANCE.match(path)
    if m:
        return f"场景实例{int(m.group(1)) + 1} · {instance_label(m.group(2))}"
    return field_label(path)


def _digits_differ(paper: str, online: str) -> bool:
    """Two windows -> True when their digit sequences differ."""
    return re.sub(r"\D", "", fold(paper)[0]) != re.sub(r"\D", "", fold(online)[0])


def _verify_pairs(source: LineSource, pages: list[int], pairs: list[tuple[str, str]], area: BBox | None,
                  ) -> list[tuple[list[str], list[Verdict]]]:
    """[(paper window, online window)] -> each pair with the verdicts of its differing numbers (none when
    its numbers are equal or cannot be paired: such a pair stands as found)."""
    out: list[tuple[list[str], list[Verdict]]] = []
    for p, o in pairs:
        numbers = differing_numbers(_parts(p), _parts(o)) if _digits_differ(_parts(p), _parts(o)) else None
        verdicts = []
        for n in numbers or []:
            v = judge_number(source, pages, *n, area=area)
            why = known_confusion(_parts(p), _parts(o), n[0], n[1]) if v.outcome == "unsure" else None
            if why and 0 < v.votes.count("paper") <= v.votes.count("online"):
                # readings disagree, at least as many say the online value, and a known confusion explains
                # the first reading
                v = Verdict("noise", v.paper, v.online, v.readings, v.page, why, v.votes)
            verdicts.append(v)
        out.append(([p, o], verdicts))
    return out


def _finding(m: Mismatch, verdicts: list[Verdict], dropped: bool) -> Finding:
    """A verified mismatch -> the OCR_REREAD finding telling what was read."""
    parts = []
    for v in verdicts:
        again = "、".join(dict.fromkeys(f"「{r}」" for r in v.readings)) or "（未找到该行）"
        why = f"（常见识别混淆：{v.confusion}）" if v.confusion else ""
        parts.append(f"扫描件首次识别为「{v.paper}」，网上填报为「{v.online}」，逐行二次识别读作{again}{why}")
    where = f"第{verdicts[0].page or m.page}页 " if (verdicts[0].page or m.page) else ""
    if dropped:
        tail = "二次识别与网上填报一致，按识别误差处理，未列为不一致；如有疑问请对照原件。"
        severity = "info"
    else:
        tail = "二次识别结果不一致，无法确定纸质版内容，请对照原件核对。"
        severity = "warning"
    return Finding(rule="OCR_REREAD", severity=severity, message=f"{where}{_label(m.field)}：{'；'.join(parts)}。{tail}",
                   field=m.field, page=verdicts[0].page or m.page, value=str(m.paper)[:200],
                   detail="; ".join(f"{v.outcome}: {v.paper}->{v.online} {v.readings}" for v in verdicts))


def _text(value: str | float | int | bool | None) -> str:
    """Mismatch value -> text as printed (12.50 -> "12.5", 1093960.0 -> "1093960")."""
    if isinstance(value, float):
        return fmt_number(value)
    return "" if value is None else str(value)


def _pages_of(paper: Submission, m: Mismatch, total: int) -> list[int]:
    """Mismatch -> the pages its value may be printed on (a long text runs onto the next pages)."""
    if m.page is None:
        return []
    last = m.page if not m.spans else min(total, m.page + MORE_PAGES)
    return [p for p in range(m.page, last + 1) if p in paper.source.ocr_pages or paper.source.kind == "scanned"]


def _split(display: str) -> tuple[str, str, str]:
    """Span display 「…左【差异】右…」 -> (left, differing part, right)."""
    text = display.strip("…")
    left, _, rest = text.partition("【")
    mid, _, right = rest.partition("】")
    return left, mid, right


def confirm_wording(source: LineSource, pages: list[int], paper: str, online: str) -> tuple[bool, list[str]]:
    """A two-character wording edit (span displays) -> (True when the second readings of its line say what
    the first one said and never the online wording, the readings). Unconfirmed edits are OCR noise."""
    left, mid_p, right = (fold(x)[0] for x in _split(paper))
    mid_o = fold(_split(online)[1])[0]
    shapes = [(a, b) for a, b in ((3, 3), (3, 2), (2, 3), (2, 2), (3, 1), (1, 3), (3, 0), (0, 3))
              if a <= len(left) and b <= len(right) and (mid_p or a + b >= 4)]

    def needle(a: int, b: int, mid: str) -> str:
        return left[len(left) - a:] + mid + right[:b]

    for page in pages:
        lines = source.reread(page, lambda t: any(needle(a, b, mid_p) in fold(t)[0] for a, b in shapes))
        for line in lines:
            first = fold(line.first)[0]
            a, b = next((a, b) for a, b in shapes if needle(a, b, mid_p) in first)
            votes = []
            for text in line.again:
                folded = fold(text)[0]
                votes.append("online" if needle(a, b, mid_o) in folded else
                             "paper" if needle(a, b, mid_p) in folded else "other")
            if votes.count("paper") * 2 > len(votes) and "online" not in votes:
                return True, list(line.again)
        if lines:
            return False, [r for line in lines for r in line.again]
    return False, []


def _confirm_tentative(source: LineSource | None, paper: Submission, m: Mismatch) -> Mismatch | None:
    """A TENTATIVE mismatch -> the same with only the spans a second reading confirms (None when none is)."""
    if source is None or m.page is None:
        return None
    pages = _pages_of(paper, m, source.pages())
    kept = []
    for a, b in m.spans:
        try:
            ok, _readings = confirm_wording(source, pages, a, b)
        except Exception as exc:  # no second reading: the edit stays below the OCR threshold, as without one
            log.warning("second reading of %s %s failed: %r", paper.submission_id, m.field, exc)
            ok = False
        if ok:
            kept.append([a, b])
    if not kept:
        return None
    return m.model_copy(update={"spans": kept, "paper": kept[0][0], "online": kept[0][1],
                                "detail": "two-character edit on an OCR page, confirmed by a second reading"})


def _merge_confirmed(out: list[Mismatch], confirmed: list[Mismatch]) -> list[Mismatch]:
    """Standing mismatches + confirmed tentative ones -> one mismatch per field (spans appended)."""
    for c in confirmed:
        twin = next((k for k, m in enumerate(out) if m.field == c.field and m.spans), None)
        if twin is None:
            out.append(c)
        else:
            out[twin] = out[twin].model_copy(update={"spans": [*out[twin].spans, *c.spans]})
    return out


def verify_mismatches(paper: Submission, mismatches: list[Mismatch], source: LineSource | None = None,
                      ) -> tuple[list[Mismatch], list[Finding]]:
    """Mismatches of a paper copy -> (those that stand after second readings, OCR_REREAD findings)."""
    if paper.source.kind == "digital" and not paper.source.ocr_pages:
        return [m for m in mismatches if m.detail != TENTATIVE], []
    out: list[Mismatch] = []
    notes: list[Finding] = []
    tentative = [m for m in mismatches if m.detail == TENTATIVE]
    if tentative and source is None:
        source = _default_source(paper)
    confirmed = [c for c in (_confirm_tentative(source, paper, m) for m in tentative) if c is not None]
    for m in mismatches:
        if m.detail == TENTATIVE:
            continue
        if m.kind != "changed" or m.page is None or m.field.endswith("]") or m.field == "declaration_type":
            out.append(m)
            continue
        pairs = [(a, b) for a, b in m.spans] if m.spans else [(_text(m.paper), _text(m.online))]
        if not any(_digits_differ(_parts(a), _parts(b)) for a, b in pairs):
            out.append(m)
            continue
        if source is None:
            source = _default_source(paper)
            if source is None:
                out.append(m)
                continue
        pages = _pages_of(paper, m, source.pages())
        if not pages:
            out.append(m)
            continue
        loc = paper.provenance.get(m.field)
        area = loc.bbox if loc is not None and not m.spans else None
        try:
            judged = _verify_pairs(source, pages, pairs, area)
        except Exception as exc:  # a second reading is a refinement: its failure keeps the mismatch as found
            log.warning("second reading of %s %s failed: %r", paper.submission_id, m.field, exc)
            out.append(m)
            continue
        noise = [(pair, vs) for pair, vs in judged if vs and all(v.outcome == "noise" for v in vs)]
        kept = [(pair, vs) for pair, vs in judged if not (vs and all(v.outcome == "noise" for v in vs))]
        if noise:
            notes.append(_finding(m, [v for _, vs in noise for v in vs], dropped=True))
        if not kept:
            continue
        if noise:
            m = _narrowed(m, [pair for pair, _ in kept])
        # numbers read differently each time: a warning asking for the original, unless a kept number is
        # confirmed, was not found again, or the mismatch has other differing numbers
        doubtful = [v for _, vs in kept for v in vs if v.outcome == "unsure"]
        sure = all(vs and all(v.outcome == "unsure" for v in vs) for pair, vs in kept
                   if _digits_differ(_parts(pair[0]), _parts(pair[1])))
        if doubtful and sure and m.severity == "error":
            m = m.model_copy(update={"severity": "warning"})
            notes.append(_finding(m, doubtful, dropped=False))
        elif verdicts_all := [v for _, vs in kept for v in vs if v.outcome != "unknown"]:
            m = m.model_copy(update={"detail": "second reading: " + "; ".join(
                f"{v.paper}->{v.online} {v.outcome} ({v.votes.count('paper')}/{len(v.votes)} read the paper value)"
                for v in verdicts_all)})
        out.append(m)
    return _merge_confirmed(out, confirmed), notes


def _narrowed(m: Mismatch, kept: list[list[str]]) -> Mismatch:
    """A long-text mismatch + the spans still differing -> the mismatch showing only those, severity
    recomputed (error only when a kept span changes a number)."""
    numeric = any(_digits_differ(_parts(a), _parts(b)) for a, b in kept)
    return m.model_copy(update={"spans": kept, "paper": kept[0][0], "online": kept[0][1],
                                "severity": "error" if numeric else "warning"})


def _default_source(paper: Submission) -> LineSource | None:
    """Paper copy -> a LineRereader on its PDF, or None when the file is not at hand."""
    path = Path(paper.source.path)
    if not path.is_file():
        return None
    from extractors.reread import LineRereader

    return LineRereader(path)
