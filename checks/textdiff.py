"""Comparing long texts (scene descriptions, narratives, 企业简介) so that OCR noise alone is not a difference.

Both texts are folded first: NFKC, lower case, no whitespace (broken lines), no punctuation (OCR loses
and swaps it) except a decimal point between digits, and OCR-confusable characters (己/已/巳, 0/O,
1/l/I) mapped to one representative. The folded texts are aligned (rapidfuzz Levenshtein opcodes);
edits closer than `MERGE_GAP` characters form one cluster. A cluster is a real difference when
- it changes a number (the digits around it differ: numbers are compared exactly, even in OCR text), or
- it edits at least `min_weight` characters (OCR makes isolated one-character errors; an edited
  sentence, a changed name or an added/removed sentence touches several characters together).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

MERGE_GAP = 4
CONTEXT = 8
# Characters OCR engines confuse with each other; each group maps to its first member.
CONFUSABLE_GROUPS = (
    "己已巳", "0oO〇○", "1lI|丨", "日曰", "人入", "土士", "未末", "戊戌戍", "千干", "大太犬", "天夭",
    "刀力", "厂广", "候侯", "拔拨", "贝见", "田由甲", "口囗", "壁璧", "辨辩", "裁栽", "休体",
)
_FOLD = {ch: group[0] for group in CONFUSABLE_GROUPS for ch in group}
_SKIP = re.compile(r"[\s\W_]", re.UNICODE)


@dataclass(frozen=True)
class TextDiff:
    """One real difference between two long texts: the spans side by side with a little context."""

    paper: str
    online: str
    numeric: bool
    weight: int


def fold(text: str) -> tuple[str, list[int]]:
    """Text -> (folded text, position in the NFKC text of every folded character)."""
    src = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(src):
        if ch == "." and 0 < i < len(src) - 1 and src[i - 1].isdigit() and src[i + 1].isdigit():
            out.append(".")
            where.append(i)
            continue
        if _SKIP.match(ch):
            continue
        low = ch.lower()
        out.append(_FOLD.get(ch, _FOLD.get(low, low)))
        where.append(i)
    return "".join(out), where


def _number_around(s: str, start: int, end: int) -> str:
    """Folded text + a span -> the span widened to whole numbers at both ends."""
    while start > 0 and (s[start - 1].isdigit() or s[start - 1] == "."):
        start -= 1
    while end < len(s) and (s[end].isdigit() or s[end] == "."):
        end += 1
    return s[start:end]


def _digits(s: str) -> list[str]:
    """Text -> the numbers it contains, in order."""
    return re.findall(r"\d+(?:\.\d+)?", s)


def _clusters(a: str, b: str) -> list[tuple[int, int, int, int, int]]:
    """Folded texts -> edit clusters (a0, a1, b0, b1, weight) with gaps < MERGE_GAP merged."""
    out: list[list[int]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        weight = max(op.src_end - op.src_start, op.dest_end - op.dest_start)
        if out and op.src_start - out[-1][1] < MERGE_GAP and op.dest_start - out[-1][3] < MERGE_GAP:
            last = out[-1]
            last[1], last[3], last[4] = op.src_end, op.dest_end, last[4] + weight
        else:
            out.append([op.src_start, op.src_end, op.dest_start, op.dest_end, weight])
    return [(c[0], c[1], c[2], c[3], c[4]) for c in out]


def _show(src: str, where: list[int], start: int, end: int) -> str:
    """NFKC text + folded span -> the original span with context, the differing part in 【】."""
    if not where:
        return src
    lo = where[start] if start < len(where) else len(src)
    hi = where[end - 1] + 1 if end > start else lo
    left = src[max(0, lo - CONTEXT):lo].replace("\n", " ")
    right = src[hi:hi + CONTEXT].replace("\n", " ")
    return f"{'…' if lo > CONTEXT else ''}{left}【{src[lo:hi]}】{right}{'…' if hi + CONTEXT < len(src) else ''}"


def diff_long_text(paper: str, online: str, *, min_weight: int = 3) -> list[TextDiff]:
    """Two long texts -> their real differences (numbers changed, words or sentences edited), OCR noise dropped."""
    a, wa = fold(paper)
    b, wb = fold(online)
    if a == b:
        return []
    src_a, src_b = unicodedata.normalize("NFKC", paper), unicodedata.normalize("NFKC", online)
    found: list[TextDiff] = []
    for a0, a1, b0, b1, weight in _clusters(a, b):
        num_a, num_b = _number_around(a, a0, a1), _number_around(b, b0, b1)
        numeric = _digits(num_a) != _digits(num_b)
        if not numeric and weight < min_weight:
            continue
        found.append(TextDiff(_show(src_a, wa, a0, a1), _show(src_b, wb, b0, b1), numeric, weight))
    return found
