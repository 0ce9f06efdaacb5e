"""Comparing long texts (scene descriptions, narratives, 企业简介) so that OCR noise alone is not a difference.

Both texts are folded first: NFKC, lower case, no whitespace (broken lines), no punctuation (OCR loses
and swaps it) except a decimal point between digits, and OCR-confusable characters (己/已/巳, 0/O,
1/l/I) mapped to one representative. The folded texts are aligned (rapidfuzz Levenshtein opcodes);
edits closer than `MERGE_GAP` characters form one cluster. A cluster is a real difference when
- it changes a number (the digits around it differ: numbers are compared exactly, even in OCR text), or
- it replaces, adds or removes a contiguous run of at least `min_weight` characters, or more than
  `min_weight` characters close together (OCR makes scattered one-character errors; an edited sentence,
  a changed name or an added/removed sentence touches several neighbouring characters).
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


def _digitish(ch: str) -> bool:
    """Character -> True for a digit or a letter OCR confuses with one (O, l, I...)."""
    return ch.isdigit() or _FOLD.get(ch, "").isdigit()


def _neighbour(src: str, i: int, step: int) -> str:
    """Text + position -> the nearest non-whitespace character in direction `step` ("" at the ends)."""
    i += step
    while 0 <= i < len(src) and src[i].isspace():
        i += step
    return src[i] if 0 <= i < len(src) else ""


def fold(text: str) -> tuple[str, list[int]]:
    """Text -> (folded text, position in the NFKC text of every folded character)."""
    src = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(src):
        if ch == "." and _digitish(_neighbour(src, i, -1)) and _digitish(_neighbour(src, i, 1)):
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


def _digits(s: str) -> str:
    """Text -> its digit characters in order (separators ignored: OCR may drop a 月 or a decimal point
    between two numbers, which changes no digit)."""
    return "".join(ch for ch in s if ch.isdigit())


def _clusters(a: str, b: str) -> list[tuple[int, int, int, int, int, int]]:
    """Folded texts -> edit clusters (a0, a1, b0, b1, total weight, longest single edit), gaps < MERGE_GAP merged."""
    out: list[list[int]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        weight = max(op.src_end - op.src_start, op.dest_end - op.dest_start)
        if out and op.src_start - out[-1][1] < MERGE_GAP and op.dest_start - out[-1][3] < MERGE_GAP:
            last = out[-1]
            last[1], last[3], last[4], last[5] = op.src_end, op.dest_end, last[4] + weight, max(last[5], weight)
        else:
            out.append([op.src_start, op.src_end, op.dest_start, op.dest_end, weight, weight])
    return [(c[0], c[1], c[2], c[3], c[4], c[5]) for c in out]


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
    for a0, a1, b0, b1, weight, run in _clusters(a, b):
        num_a, num_b = _number_around(a, a0, a1), _number_around(b, b0, b1)
        numeric = _digits(num_a) != _digits(num_b)
        # OCR noise is scattered single characters: a real edit has a contiguous run of min_weight, or
        # at least min_weight + 1 edited characters close together.
        if not numeric and run < min_weight and weight <= min_weight:
            continue
        found.append(TextDiff(_show(src_a, wa, a0, a1), _show(src_b, wb, b0, b1), numeric, weight))
    return found
