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
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from model.text import normalize_text

MERGE_GAP = 4
CONTEXT = 8
# Characters OCR engines confuse with each other; each group maps to its first member.
CONFUSABLE_GROUPS = (
    "己已巳", "o〇○", "li|丨", "日曰", "人入", "土士", "未末", "戊戌戍", "千干", "大太犬", "天夭",
    "刀力", "厂广", "候侯", "拔拨", "贝见", "田由甲", "口囗", "壁璧", "辨辩", "裁栽", "休体",
)
_FOLD = {ch: group[0] for group in CONFUSABLE_GROUPS for ch in group}
# Letters that OCR reads for digits (and back): inside a number they are the digit, elsewhere a letter,
# so a stray "I" or "O" in a word never looks like an edited number.
_DIGIT_LIKE = {"o": "0", "〇": "0", "○": "0", "l": "1", "i": "1", "|": "1", "丨": "1"}
# A lone digit against its look-alike letter is never an edit anybody makes: it is a reading.
_LOOKALIKE_SWAPS = ({"1", "l"}, {"0", "o"})
_SKIP = re.compile(r"[\s\W_]", re.UNICODE)
# Page-number footers; OCR may read the dashes of "- 4 -" as 一.
_FOOTER = re.compile(r"第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|(?:^|\s|(?<=[。；;]))[-—–]\s*\d{1,3}\s*[-—–一](?=\s|$)")


@dataclass(frozen=True)
class TextDiff:
    """One real difference between two long texts: the spans side by side with a little context."""

    paper: str
    online: str
    numeric: bool
    weight: int
    run: int = 0      # the longest single edit of the cluster


def _digitish(ch: str) -> bool:
    """Character -> True for a digit or a letter OCR confuses with one (O, l, I...)."""
    return ch.isdigit() or ch.lower() in _DIGIT_LIKE


def _neighbour(src: str, i: int, step: int) -> str:
    """Text + position -> the nearest non-whitespace character in direction `step` ("" at the ends)."""
    i += step
    while 0 <= i < len(src) and src[i].isspace():
        i += step
    return src[i] if 0 <= i < len(src) else ""


def _number_letters(src: str) -> set[int]:
    """Text -> positions of digit-like letters (O, l, I…) that sit inside a number (next to a digit, maybe
    across a "." or "," or another such letter)."""
    candidates = {i for i, ch in enumerate(src) if ch.lower() in _DIGIT_LIKE}
    marked: set[int] = set()

    def numeric_at(j: int) -> bool:
        """Position -> True for a digit or an already resolved digit-like letter."""
        return 0 <= j < len(src) and (src[j].isdigit() or j in marked)

    def next_pos(j: int, step: int) -> int:
        """Position -> the next non-whitespace position in direction step."""
        j += step
        while 0 <= j < len(src) and src[j].isspace():
            j += step
        return j

    changed = True
    while changed:
        changed = False
        for i in candidates - marked:
            for step in (-1, 1):
                j = next_pos(i, step)
                if numeric_at(j) or (0 <= j < len(src) and src[j] in ".," and numeric_at(next_pos(j, step))):
                    marked.add(i)
                    changed = True
                    break
    return marked


def _digit_across(src: str, i: int, step: int) -> bool:
    """Text + position -> True when a "." or "," next to it is followed (in direction step) by a digit."""
    j = i + step
    while 0 <= j < len(src) and src[j].isspace():
        j += step
    if not (0 <= j < len(src) and src[j] in ".,"):
        return False
    return _neighbour(src, j, step).isdigit()


def _word_run(src: str, i: int, step: int) -> int:
    """Text + position -> how many Latin letters follow it directly in direction step, or 0 when that run
    ends at a digit ("4C1": the C is a misread separator inside a number, not a word)."""
    n, j = 0, i + step
    while 0 <= j < len(src) and src[j].isascii() and src[j].isalpha():
        n, j = n + 1, j + step
    return 0 if 0 <= j < len(src) and src[j].isdigit() else n


def _is_cjk(ch: str) -> bool:
    """Character -> True for a CJK ideograph."""
    return "\u3400" <= ch <= "\u9fff"


def _table_rules(src: str) -> set[int]:
    """Text -> positions of a lone 1 / l / I / | standing between Chinese characters with a space on one side:
    a table rule OCR read as a character ("达索1 系统"), not content."""
    out = set()
    for i, ch in enumerate(src):
        if ch not in "1lI|丨":
            continue
        spaced = (i > 0 and src[i - 1].isspace()) or (i + 1 < len(src) and src[i + 1].isspace())
        if spaced and _is_cjk(_neighbour(src, i, -1)) and _is_cjk(_neighbour(src, i, 1)):
            out.add(i)
    return out


def _letter_digits(src: str) -> set[int]:
    """Text -> positions of a lone 0 or 1 written inside a Latin word ("0EE" for "OEE", "0T" for "OT"): no
    digit next to it and Latin letters on one side, so it is the letter O / l."""
    out = set()
    for i, ch in enumerate(src):
        if ch not in "01":
            continue
        left, right = _neighbour(src, i, -1), _neighbour(src, i, 1)
        if left.isdigit() or right.isdigit() or _digit_across(src, i, -1) or _digit_across(src, i, 1):
            continue
        if _word_run(src, i, -1) or _word_run(src, i, 1):
            out.add(i)
    return out


def fold(text: str, *, rules: set[int] | None = None) -> tuple[str, list[int]]:
    """Text -> (folded text, position in the NFKC text of every folded character). `rules`: the positions
    of table rules read as characters to leave out (default: every one _table_rules finds)."""
    src = normalize_text(text, fold_spaces=False)
    in_number = _number_letters(src)
    in_word = _letter_digits(src)
    rules = _table_rules(src) if rules is None else rules
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(src):
        if ch == "." and _digitish(_neighbour(src, i, -1)) and _digitish(_neighbour(src, i, 1)):
            out.append(".")
            where.append(i)
            continue
        if _SKIP.match(ch) or i in rules:
            continue
        low = ch.lower()
        if i in in_number:
            out.append(_DIGIT_LIKE[low])
        elif i in in_word:
            out.append("o" if ch == "0" else "l")
        else:
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
    if end == start:
        # Nothing folded here on this side: show what folding dropped at this place when it holds a letter
        # or digit (a lone "1" taken for a table rule), else an empty 【】.
        gap_lo = where[start - 1] + 1 if start > 0 else 0
        if any(ch.isalnum() for ch in src[gap_lo:lo]):
            lo = gap_lo
    left = src[max(0, lo - CONTEXT):lo].replace("\n", " ")
    right = src[hi:hi + CONTEXT].replace("\n", " ")
    return f"{'…' if lo > CONTEXT else ''}{left}【{src[lo:hi]}】{right}{'…' if hi + CONTEXT < len(src) else ''}"


def _unmatched_rules(src: str, other: str) -> set[int]:
    """NFKC text + the other text folded with nothing left out -> positions of the text's table-rule
    candidates whose place in the other text is not the same character (the 1 of 「标准1 项」 stays when the
    other says 「标准1项」)."""
    out = set()
    for i in _table_rules(src):
        left = "".join(ch for ch in src[max(0, i - 6):i] if not ch.isspace())[-2:]
        right = "".join(ch for ch in src[i + 1:i + 7] if not ch.isspace())[:2]
        if fold(left + src[i] + right, rules=set())[0] not in other:
            out.add(i)
    return out


def _lookalike_only(a: str, b: str) -> bool:
    """Two folded spans -> True when they differ only by digits read for their look-alike letters, place by
    place ("111" for "lll" in 「Windchil 1」 against 「Windchill」): a reading, never an edit."""
    return len(a) == len(b) > 0 and all(x == y or {x, y} in _LOOKALIKE_SWAPS for x, y in zip(a, b, strict=True))


def strip_page_furniture(text: str) -> str:
    """Text read across a page break -> without the page-number footers that came with it
    ("第 12 页 共 40 页", "- 12 -", "— 12 —"): they are print layout, never content."""
    return _FOOTER.sub(" ", normalize_text(text, fold_spaces=False))


def diff_long_text(paper: str, online: str, *, min_weight: int = 3) -> list[TextDiff]:
    """Two long texts -> their real differences (numbers changed, words or sentences edited), OCR noise dropped."""
    paper, online = strip_page_furniture(paper), strip_page_furniture(online)
    # A lone 1 between Chinese characters and a space may be a table rule OCR read as a character, or the
    # number of 「标准1 项」: it is left out only where the other text does not have it.
    src_a, src_b = normalize_text(paper, fold_spaces=False), normalize_text(online, fold_spaces=False)
    a, wa = fold(paper, rules=_unmatched_rules(src_a, fold(online, rules=set())[0]))
    b, wb = fold(online, rules=_unmatched_rules(src_b, fold(paper, rules=set())[0]))
    if a == b:
        return []
    found: list[TextDiff] = []
    for a0, a1, b0, b1, weight, run in _clusters(a, b):
        if _lookalike_only(a[a0:a1], b[b0:b1]):
            continue  # 1SO14001 against ISO14001: the folding could not tell the digit from the letter
        num_a, num_b = _number_around(a, a0, a1), _number_around(b, b0, b1)
        numeric = _digits(num_a) != _digits(num_b)
        # OCR noise is scattered single characters: a real edit has a contiguous run of min_weight, or
        # at least min_weight + 1 edited characters close together.
        if not numeric and run < min_weight and weight <= min_weight:
            continue
        found.append(TextDiff(_show(src_a, wa, a0, a1), _show(src_b, wb, b0, b1), numeric, weight, run))
    return found
