"""Value normalisation for the paper-versus-online comparison.

Two values are "the same" when they print the same thing: NFKC, whitespace and punctuation variants
(，/, ；/; （/( 、/,) ignored, numbers compared as numbers (1,234.50 = 1234.5, 30% = 30),
dates as ISO (2022年3月 = 2022-03 = 2022/3), 是/否 as booleans. The numbers, dates and yes/no are read
by the parsers of model/values.py with `whole=True`: the whole value must be one ("2号线" is a text).
"""

from __future__ import annotations

import re

from model.text import normalize_text
from model.values import parse_date, parse_number, parse_yes_no

# Punctuation that varies between the platform, Word and OCR without changing the content.
_PUNCT = re.compile(r"[\s,，、;；:：.。．·・!！?？'\"“”‘’`()（）\[\]【】{}<>《》〈〉「」『』\-—–_~～/\\|…%％]")


def canonical_text(value: object) -> str:
    """Any value -> NFKC, lower case, without whitespace or punctuation (for equality of short texts)."""
    return _PUNCT.sub("", normalize_text(str(value)).lower())


def same_value(paper: object, online: object) -> bool:
    """Two field values -> True when they print the same content after normalisation."""
    if paper is None or online is None:
        return paper is None and online is None
    a, b = parse_number(paper, whole=True), parse_number(online, whole=True)
    if a is not None and b is not None:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    da, db = parse_date(paper, whole=True), parse_date(online, whole=True)
    if da is not None and db is not None:
        return da == db
    ba, bb = parse_yes_no(paper), parse_yes_no(online)
    if ba is not None and bb is not None:
        return ba == bb
    return canonical_text(paper) == canonical_text(online)


def is_blank(value: object) -> bool:
    """None, "" or only whitespace/punctuation -> True."""
    return value is None or (isinstance(value, str) and not canonical_text(value))
