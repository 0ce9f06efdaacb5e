"""CREDIT_CODE: the 统一社会信用代码 must pass the GB 32100-2015 check digit."""

from __future__ import annotations

import re

from catalog.reference import Reference
from checks.finding_builder import field_page, make_finding, where
from model.submission import Finding, Submission
from model.values import plain_code

# GB 32100-2015: 31 code characters (digits and capitals without I, O, S, V, Z), weights 3^i mod 31.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Letters the standard excludes are OCR confusions of digits; folding them cannot hide a wrong code
# because a code containing them is invalid anyway.
_OCR_FOLD = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})
_RUN = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])")


# Text holding a code -> NFKC, no spaces or table-rule bars, upper case (the one normaliser, model/values.py).
plain_code_text = plain_code


def clean_credit_code(code: str | None) -> str | None:
    """Raw code -> NFKC, no spaces or table-rule bars, upper case, OCR letter confusions folded to digits
    (None stays None).

    When the cell text carries more than the code (a neighbouring label read into it, e.g.
    "91430300624D4L2R3T 成立时间"), the one 18-character run of code characters is taken.
    """
    if code is None:
        return None
    text = plain_code_text(code)
    if len(text) != 18:
        runs = _RUN.findall(text)
        if len(runs) == 1:
            text = runs[0]
    return text.translate(_OCR_FOLD) or None


def credit_code_check_char(first17: str) -> str | None:
    """First 17 characters -> the expected 18th (check) character, or None if a character is not allowed."""
    total = 0
    for ch, w in zip(first17, WEIGHTS, strict=True):
        pos = CHARSET.find(ch)
        if pos < 0:
            return None
        total += pos * w
    return CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str | None) -> bool:
    """Code -> True when it has 18 allowed characters and a correct GB 32100-2015 check character."""
    text = clean_credit_code(code)
    if text is None or len(text) != 18:
        return False
    expected = credit_code_check_char(text[:17])
    return expected is not None and text[17] == expected


def check_credit_code(sub: Submission, ref: Reference) -> list[Finding]:
    """Submission -> CREDIT_CODE when 统一社会信用代码 is present and fails the check."""
    code = sub.fields.credit_code
    if not code or is_valid_credit_code(code):
        return []
    page = field_page(sub, "fields.credit_code")
    text = clean_credit_code(code) or ""
    if len(text) != 18:
        why = f"应为18位，实际为{len(text)}位"
    else:
        expected = credit_code_check_char(text[:17])
        why = f"第18位校验码应为「{expected}」，实际为「{text[17]}」" if expected else "含有标准不允许的字符"
    return [make_finding(
        ref, "CREDIT_CODE",
        f"{where(page)}统一社会信用代码「{code}」未通过 GB 32100-2015 校验（{why}）。请与营业执照核对后更正。",
        field="fields.credit_code", page=page, value=code, limit="GB 32100-2015",
    )]
