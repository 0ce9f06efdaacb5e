"""Split the scene-instance section (二 for 优秀场景, 三 for 示范工厂) into one text per instance."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from catalog.forms import Form
from catalog.reference import default_form
from extractors.document_index import TextLine
from extractors.sections import paragraphs_text
from model.submission import Instance, TextCount
from model.text import count_chars, count_wps


def _subhead(form: Form) -> re.Pattern[str]:
    """Form -> pattern of an instance sub-heading: "（三）", "3、", "3." or "场景实例3：" — but not a line that
    starts with a decimal number ("90.7%。…", a wrapped sentence). The heading's number is one of the groups."""
    def build(f: Form) -> re.Pattern[str]:
        n = re.escape(f.headings.numerals)
        word = re.escape(f.instance_section.subheading_word)
        return re.compile(rf"^(?:[（(]([{n}\d]+)[)）]|(\d{{1,2}})\s*(?:、|[.．](?!\d))"
                          rf"|{word}\s*([{n}\d]+)\s*[：:、.])")
    return form.memo("narrative.subhead", build)
MAX_HEADING_EXTRA = 24  # a sub-heading is the instance name plus a short prefix ("（三）场景实例3：")


def _heading_score(line: TextLine, name: str) -> float:
    """Line + instance name -> similarity when the line looks like that instance's sub-heading."""
    flat = line.text.replace(" ", "")
    key = name.replace(" ", "")
    if not key or len(flat) > len(key) + MAX_HEADING_EXTRA:
        return 0.0
    if key in flat:
        return 100.0
    return fuzz.partial_ratio(key, flat) if len(flat) >= len(key) * 0.6 else 0.0


def split_narrative(lines: list[TextLine], instances: list[Instance],
                    form: Form | None = None) -> tuple[list[Instance], list[str]]:
    """Section lines + instances -> instances with narrative, its page and count; plus names not found."""
    form = form or default_form()
    subhead = _subhead(form)
    starts: dict[int, int] = {}  # instance position -> line index of its sub-heading
    used: set[int] = set()
    for pos, inst in enumerate(instances):
        best, best_i = 0.0, -1
        for i, ln in enumerate(lines):
            if i in used:
                continue
            score = _heading_score(ln, inst.name or "")
            if score > best:
                best, best_i = score, i
        if best >= 80:
            starts[pos] = best_i
            used.add(best_i)
    for pos, inst in enumerate(instances):
        if pos not in starts and not inst.name:
            # a 附1 row whose name cell was not read: its sub-heading is found by its number alone
            # (「（八）…」 for the 8th instance), between the headings of its neighbours
            lo = max((starts[p] for p in starts if p < pos), default=-1)
            hi = min((starts[p] for p in starts if p > pos), default=len(lines))
            hit = next((i for i in range(lo + 1, hi)
                        if i not in used and _numbered_as(lines[i], inst.index, form)), None)
            if hit is not None:
                starts[pos] = hit
                used.add(hit)
    cuts = sorted(set(starts.values()) | {i for i, ln in enumerate(lines) if subhead.match(ln.text.replace(" ", ""))
                                          and i not in used and _is_instance_head(ln, form)})
    out, missing = [], []
    for pos, inst in enumerate(instances):
        if pos not in starts:
            missing.append(inst.name or f"实例{inst.index}")
            out.append(inst)
            continue
        i = starts[pos]
        end = next((c for c in cuts if c > i), len(lines))
        text = paragraphs_text(lines[i + 1:end], form)
        out.append(inst.model_copy(update={
            "narrative": text or None, "narrative_page": lines[i].page,
            "narrative_count": TextCount(chars=count_chars(text), wps=count_wps(text))}))
    return out, missing


def _chinese_number(n: int, numerals: str) -> str:
    """1..99 + the form's numerals (一 … 九, 十) -> 一 … 九十九 (十, 十一, 二十 …)."""
    digits, ten = numerals[:9], numerals[9]
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ten if tens == 1 else digits[tens - 1] + ten
    return head + (digits[ones - 1] if ones else "")


def _numbered_as(line: TextLine, index: int, form: Form) -> bool:
    """Line + instance number -> True for a short sub-heading carrying that number (（八） / 8、 / 场景实例8：)."""
    flat = line.text.replace(" ", "")
    number = _subhead(form).match(flat)
    if len(flat) > 40 or number is None:
        return False
    token = next(g for g in number.groups() if g)
    return token in (str(index), _chinese_number(index, form.headings.numerals))


def _is_instance_head(line: TextLine, form: Form) -> bool:
    """A numbered sub-heading that names a scene instance (cuts the previous instance's text)."""
    return form.instance_section.cut_marker in line.text and len(line.text) <= 60
