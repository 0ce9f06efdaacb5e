"""统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997) check characters.

The generator builds valid codes for clean documents and breaks the last character for a planted
CREDIT_CODE defect. The checks package has its own implementation on purpose (independent truth).
"""

from __future__ import annotations

import random

# GB 32100-2015: 31 characters (no I, O, Z, S, V), weights 3^i mod 31.
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
# GB 11714-1997 organisation code: 8 body characters, weights below, check mod 11 (10 -> "X").
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_check_char(first17: str) -> str:
    """The first 17 characters of a credit code -> its 18th (check) character."""
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str | None) -> bool:
    """A credit code -> whether it has 18 legal characters and a correct check character."""
    if not code or len(code) != 18 or any(c not in CODE_CHARS for c in code):
        return False
    return credit_check_char(code[:17]) == code[17]


def _org_check_char(body: str) -> str:
    """8 organisation-code characters -> the GB 11714 check character."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(rng: random.Random, admin_code: str) -> str:
    """A seeded RNG and a 6-digit region code -> a valid 18-character 统一社会信用代码 of a company."""
    while True:
        body = "".join(rng.choice(_ORG_CHARS[:10] if i < 2 else _ORG_CHARS) for i in range(8))
        org = body + _org_check_char(body)
        if org[-1] in CODE_CHARS:
            break
    first17 = "91" + admin_code + org
    return first17 + credit_check_char(first17)


def break_credit_code(rng: random.Random, code: str) -> str:
    """A valid credit code -> the same code with a wrong check character (a planted CREDIT_CODE)."""
    wrong = [c for c in CODE_CHARS if c != code[17] and c.isdigit()]
    return code[:17] + rng.choice(wrong)
