"""A changed number, or a two-character edit, on a scanned page is read a second time before it is reported.

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

A two-character wording edit on an OCR page (status "tentative" from compare_paper_online) is kept only when the
second readings confirm the paper wording. The evidence itself is gathered in checks.ocr_evidence.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from catalog.reference import field_label
from checks.finding_builder import fmt_number
from checks.ocr_evidence import (
    LineSource,
    Verdict,
    confirm_wording,
    differing_numbers,
    judge_number,
    known_confusion,
    plain,
    wording_votes,
)
from checks.paper_vs_online import is_ocr_page
from checks.textdiff import fold
from model.submission import BBox, Finding, Mismatch, Submission

log = logging.getLogger(__name__)
MORE_PAGES = 3       # a long text read across pages: look this many pages after its first one


def _label(path: str) -> str:
    """Field path -> 「场景实例3 · 场景实例描述」 / 「企业简介」 (the form's field labels)."""
    return field_label(path, sep=" · ")


def _digits_differ(paper: str, online: str) -> bool:
    """Two windows -> True when their digit sequences differ."""
    return re.sub(r"\D", "", fold(paper)[0]) != re.sub(r"\D", "", fold(online)[0])


def _verify_pairs(source: LineSource, pages: list[int], pairs: list[tuple[str, str]], area: BBox | None,
                  ) -> list[tuple[list[str], list[Verdict]]]:
    """[(paper window, online window)] -> each pair with the verdicts of its differing numbers (none when
    its numbers are equal or cannot be paired: such a pair stands as found)."""
    out: list[tuple[list[str], list[Verdict]]] = []
    for p, o in pairs:
        numbers = differing_numbers(plain(p), plain(o)) if _digits_differ(plain(p), plain(o)) else None
        if numbers is None and _digits_differ(plain(p), plain(o)) and "【" in p:
            # numbers that cannot be paired one to one (「④」 read as 「?」): the whole differing span is read
            # again; it is noise only when every second reading of its line says the online wording
            lines = wording_votes(source, pages, p, o)
            if lines and all(v.outcome == "noise" for v in lines):
                out.append(([p, o], lines[:1]))
                continue
        verdicts = []
        for n in numbers or []:
            v = judge_number(source, pages, *n, area=area)
            why = known_confusion(plain(p), plain(o), n[0], n[1]) if v.outcome == "unsure" else None
            if why and v.votes.count("online") * 2 > len(v.votes):
                # readings disagree, most say the online value, and a known confusion explains the first
                # reading
                v = Verdict("noise", v.paper, v.online, v.readings, v.page, why, v.votes)
            verdicts.append(v)
        out.append(([p, o], verdicts))
    return out


def _finding(m: Mismatch, judged: list[tuple[list[str], list[Verdict]]], dropped: bool) -> Finding:
    """A verified mismatch + its judged (paper window, online window) pairs -> the OCR_REREAD finding telling
    what was read: the windows as printed (「下降90%0」, not only the folded number 900) and each number's
    second readings."""
    parts = []
    for (p, o), verdicts in judged:
        numbers = []
        for v in verdicts:
            again = "、".join(dict.fromkeys(f"「{r}」" for r in v.readings)) or "（未找到该行）"
            why = f"（常见识别混淆：{v.confusion}）" if v.confusion else ""
            # a number folded out of its print (「90%0」 -> 900) is not quoted: the window above shows it
            what = f"其中「{v.paper}」（网上为「{v.online}」）" if v.paper in plain(p) else ""
            numbers.append(f"{what}逐行二次识别读作{again}{why}")
        parts.append(f"扫描件首次识别为「{plain(p).strip()}」，网上填报为「{plain(o).strip()}」，"
                     + "；".join(numbers))
    verdicts = [v for _, vs in judged for v in vs]
    page = verdicts[0].page or m.page
    where = f"第{page}页 " if page else ""
    if dropped:
        tail = "二次识别与网上填报一致，按识别误差处理，未列为不一致；如有疑问请对照原件。"
        severity = "info"
    else:
        tail = "二次识别结果不一致，无法确定纸质版内容，请对照原件核对。"
        severity = "warning"
    return Finding(rule="OCR_REREAD", severity=severity, message=f"{where}{_label(m.field)}：{'；'.join(parts)}。{tail}",
                   field=m.field, page=page, value=str(m.paper)[:200],
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
    return [p for p in range(m.page, last + 1) if is_ocr_page(paper, p)]

def _confirm_tentative(source: LineSource, paper: Submission, m: Mismatch) -> Mismatch | None:
    """A tentative mismatch -> the same with only the spans a second reading confirms (None when none is)."""
    if m.page is None:
        return None
    pages = _pages_of(paper, m, source.pages())
    kept = []
    for a, b in m.spans:
        try:
            ok = confirm_wording(source, pages, a, b)
        except Exception as exc:  # no second reading: the edit stays below the OCR threshold, as without one
            log.warning("second reading of %s %s failed: %r", paper.submission_id, m.field, exc)
            ok = False
        if ok:
            kept.append([a, b])
    if not kept:
        return None
    if m.spans and m.paper != m.spans[0][0]:   # a short field (a name): the whole values stay shown
        return m.model_copy(update={"spans": kept, "status": "reported",
                                    "detail": "one-character edit on an OCR page, confirmed by a second reading"})
    return m.model_copy(update={"spans": kept, "paper": kept[0][0], "online": kept[0][1],
                                "status": "reported",
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
    standing = [m for m in mismatches if m.status != "tentative"]
    if paper.source.kind == "digital" and not paper.source.ocr_pages:
        return standing, []
    source = source or default_source(paper)   # no PDF opened until a page is asked for
    if source is None:
        return standing, []
    out: list[Mismatch] = []
    notes: list[Finding] = []
    confirmed = [c for c in (_confirm_tentative(source, paper, m) for m in mismatches if m.status == "tentative")
                 if c is not None]
    for m in standing:
        if m.kind != "changed" or m.page is None or m.field.endswith("]") or m.field == "declaration_type":
            out.append(m)
            continue
        pairs = [(a, b) for a, b in m.spans] if m.spans else [(_text(m.paper), _text(m.online))]
        if not any(_digits_differ(plain(a), plain(b)) for a, b in pairs):
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
        kept = [(pair, vs) for pair, vs in judged if (pair, vs) not in noise]
        if noise:
            notes.append(_finding(m, noise, dropped=True))
        if not kept:
            continue
        if noise:
            m = _narrowed(m, [pair for pair, _ in kept])
        # numbers read differently each time: a warning asking for the original, unless a kept number is
        # confirmed, was not found again, or the mismatch has other differing numbers
        doubtful = [(pair, [v for v in vs if v.outcome == "unsure"]) for pair, vs in kept]
        doubtful = [(pair, vs) for pair, vs in doubtful if vs]
        all_unsure = all(vs and all(v.outcome == "unsure" for v in vs) for pair, vs in kept
                         if _digits_differ(plain(pair[0]), plain(pair[1])))
        if doubtful and all_unsure and m.severity == "error":
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
    numeric = any(_digits_differ(plain(a), plain(b)) for a, b in kept)
    return m.model_copy(update={"spans": kept, "paper": kept[0][0], "online": kept[0][1],
                                "severity": "error" if numeric else "warning"})


def default_source(paper: Submission) -> LineSource | None:
    """Paper copy -> a LineRereader on its PDF, or None when the file is not at hand."""
    path = Path(paper.source.path)
    if not path.is_file():
        return None
    from extractors.reread import LineRereader

    return LineRereader(path)
