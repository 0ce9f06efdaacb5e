"""Value normalisation for the paper-versus-online comparison.

Two values are "the same" when they print the same thing: NFKC, whitespace and punctuation variants
(，/, ；/; （/( 、/,) ignored, numbers compared as numbers (1,234.50 = 1234.5, 30% = 30),
dates as ISO (2022年3月 = 2022-03 = 2022/3), 是/否 as booleans.
"""

from __future__ import annotations

import re
import unicodedata

_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*日?)?)?$")
_TRUE = {"是", "有", "true", "yes", "√", "☑", "■", "1"}
_FALSE = {"否", "无", "false", "no", "□", "0"}
# Punctuation that varies between the platform, Word and OCR without changing the content.
_PUNCT = re.compile(r"[\s,，、;；:：.。．·・!！?？'\"“”‘’`()（）\[\]【】{}<>《》〈〉「」『』\-—–_~～/\\|…%％]")


def to_number(value: object) -> float | None:
    """"1,234.50" / "30%" / 30 -> float, or None when the value is not a plain number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", value).split()).rstrip("%").replace("万元", "")
    if not _NUM.match(text):
        return None
    return float(text.replace(",", ""))


def to_iso_date(value: object) -> str | None:
    """"2022年3月" / "2022/03/05" / "2022-3" -> "2022-03" / "2022-03-05", or None when not a date."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(unicodedata.normalize("NFKC", value).strip())
    if not m:
        return None
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    if not 1 <= month <= 12:
        return None
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")


def to_bool(value: object) -> bool | None:
    """True / "是" / "☑" -> True, False / "否" -> False, else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def canonical_text(value: object) -> str:
    """Any value -> NFKC, lower case, without whitespace or punctuation (for equality of short texts)."""
    text = unicodedata.normalize("NFKC", str(value)).lower()
    return _PUNCT.sub("", text)


def same_value(paper: object, online: object) -> bool:
    """Two field values -> True when they print the same content after normalisation."""
    if paper is None or online is None:
        return paper is None and online is None
    a, b = to_number(paper), to_number(online)
    if a is not None and b is not None:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    da, db = to_iso_date(paper), to_iso_date(online)
    if da is not None and db is not None:
        return da == db
    ba, bb = to_bool(paper), to_bool(online)
    if ba is not None and bb is not None:
        return ba == bb
    return canonical_text(paper) == canonical_text(online)


def is_blank(value: object) -> bool:
    """None, "" or only whitespace/punctuation -> True."""
    return value is None or (isinstance(value, str) and not canonical_text(value))
