"""Text normalisation and character counting shared by every stage (DESIGN.md §4, §5)."""

from __future__ import annotations

import re
import unicodedata
from typing import overload

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’\-][A-Za-z0-9]+)*")


@overload
def normalize_text(text: str, *, fold_spaces: bool = True) -> str: ...
@overload
def normalize_text(text: None, *, fold_spaces: bool = True) -> None: ...
@overload
def normalize_text(text: str | None, *, fold_spaces: bool = True) -> str | None: ...


def normalize_text(text: str | None, *, fold_spaces: bool = True) -> str | None:
    """Raw text -> NFKC with whitespace runs folded to one space and ends stripped (None stays None).

    Spaces between two CJK characters are dropped: they are line-wrap artefacts of PDF export,
    never content (e.g. "智能 制造" printed across a line break). `fold_spaces=False` gives the NFKC
    text only, every space and line break kept where it was, for callers that keep positions in the
    text (the long-text diff), separators between words (a cell's 名称 联系人 电话) or a file name.
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)
    if not fold_spaces:
        return text
    text = _WS.sub(" ", text).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
_CJK_PUNCT = re.compile(r"(?<=[\u3400-\u9fff])[,;:!?()]|[,;:!?()](?=[\u3400-\u9fff])")


def full_width_punctuation(text: str) -> str:
    """NFKC text -> the same with , ; : ! ? ( ) next to a Chinese character shown full-width again (NFKC made
    「，」 a ","); one character for one, so positions in the text stay valid. For display only."""
    return _CJK_PUNCT.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)


def count_chars(text: str | None) -> int:
    """Text -> 字数: every non-whitespace character counts 1 (DESIGN.md §5)."""
    if not text:
        return 0
    return sum(1 for ch in text if not ch.isspace())


def count_wps(text: str | None) -> int:
    """Text -> WPS/Word style count: CJK characters + Latin/digit words + other punctuation marks.

    Word and WPS count each CJK character and each full-width punctuation mark as one, and a run
    of Latin letters or digits as one word.
    """
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(text))
    rest = _WORD.sub("", _CJK.sub("", text))
    punct = sum(1 for ch in rest if not ch.isspace())
    return cjk + words + punct
