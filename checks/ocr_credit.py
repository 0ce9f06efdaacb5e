"""A credit code that fails its check digit on a scanned page is read a second time before it is reported.

CREDIT_CODE is a single-document rule: one character of the 18 misread by OCR (a 0 for a D, an 8 for a B)
fails GB 32100-2015 and would make a valid declaration "fail". So, as checks.ocr_verify does for numbers
that differ from the online record, the lines the code was read from are found again (the cell's lines,
joined top to bottom when the code wraps) and recognised again under a few variants (extractors.reread).
When most second readings of all 18 characters give one and the same code (at least two), that code passes
the check and it differs from the first reading by at most MAX_EDITS characters, the first reading was the
error: the code read again becomes a Reading in `Submission.corrections` (the extracted field is left as
read; review.readings decides which value the later stages use), and the CREDIT_CODE error becomes an info
finding OCR_REREAD that keeps the first reading (nothing is lost). Otherwise (the readings reproduce the printed code,
disagree, or the lines are not found) the finding stays.

A wrong code printed on paper stays wrong however often it is read, and a random misreading passes the
check digit once in 31: agreeing second readings that pass it are strong evidence of a valid print.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from checks.finding_builder import where
from checks.identity import clean_credit_code, is_valid_credit_code, plain_code_text
from checks.ocr_evidence import LineSource, inside
from checks.ocr_verify import default_source
from checks.paper_vs_online import is_ocr_page
from model.submission import BBox, Finding, Reading, Submission

log = logging.getLogger(__name__)
FIELD = "fields.credit_code"
MAX_EDITS = 2        # characters a second reading may change in the first reading's code
_RUN = re.compile(r"[0-9A-Z]{12,24}")
_CHARS = re.compile(r"[0-9A-Z]+")
PIECE = 4              # characters of the shortest run that may be a piece of the code
PIECE_SIMILARITY = 75  # rapidfuzz partial_ratio of a line's run of code characters to the first reading


def _closest(text: str, first: str) -> str | None:
    """OCR text + the first reading's code -> the run of code characters in it nearest that code, folded as
    a code (None if no run is within MAX_EDITS + 2 edits)."""
    runs = _RUN.findall(plain_code_text(text))
    best = min(((Levenshtein.distance(clean_credit_code(r) or "", first), r) for r in runs), default=None)
    if best is None or best[0] > MAX_EDITS + 2:
        return None
    return clean_credit_code(best[1])


def _part_of(text: str, first: str) -> bool:
    """OCR line + the first reading's code -> True when the line holds that code or a piece of it (a code
    wrapped in a narrow cell: 「9144060037RF」 over 「8FLX9M」)."""
    return any(len(run) >= PIECE and fuzz.partial_ratio(run, first) >= PIECE_SIMILARITY
               for run in _CHARS.findall(plain_code_text(text)))


def _piece(text: str, first: str) -> str:
    """A reading of one line of the code cell -> its run of code characters most like a part of the code
    (a neighbouring cell's words read into the line, 「9144060037RF成立时间」, are left out)."""
    runs = _CHARS.findall(plain_code_text(text))
    return max(runs, key=lambda run: (fuzz.partial_ratio(run, first), len(run)), default="")


def _readings(lines: list, first: str, box: BBox | None) -> list[str]:
    """Lines read again + the code cell's box -> the second readings of the code: within the box, the lines
    top to bottom joined variant by variant; without a box, each line holding the whole code on its own."""
    if box is None:
        return [again for line in lines if _closest(line.first, first) for again in line.again]
    cell = sorted((line for line in lines if inside(line.bbox, box)), key=lambda line: (line.bbox[1], line.bbox[0]))
    if not cell:
        return []
    return ["".join(_piece(line.again[k], first) for line in cell) for k in range(min(len(line.again) for line in cell))]


def reread_credit_code(sub: Submission, findings: list[Finding], source: LineSource | None = None,
                       ) -> tuple[Submission, list[Finding]]:
    """Submission + its rule findings -> (the same, or with the code read again added to its corrections;
    findings with CREDIT_CODE turned into an OCR_REREAD note when agreeing second readings give a valid code)."""
    wrong = next((f for f in findings if f.rule == "CREDIT_CODE"), None)
    first = clean_credit_code(sub.fields.credit_code)
    # the finding carries the code's page and cell box (checks.engine locates it from the provenance)
    page = wrong.page if wrong else None
    if wrong is None or not first or page is None or not is_ocr_page(sub, page):
        return sub, findings
    source = source or default_source(sub)
    if source is None:
        return sub, findings
    try:
        lines = source.reread(page, lambda text: _part_of(text, first))
    except Exception as exc:  # a second reading is a refinement: its failure keeps the finding as found
        log.warning("second reading of the credit code of %s failed: %r", sub.submission_id, exc)
        return sub, findings
    readings = _readings(lines, first, wrong.bbox)
    # a reading that lost or gained a character (「EJJD」 read 「EJD」) says nothing about the printed code:
    # only whole 18-character readings vote
    codes = [c for c in (_closest(r, first) for r in readings) if c and len(c) == 18]
    valid = Counter(c for c in codes if is_valid_credit_code(c))
    if len(valid) != 1:
        return sub, findings
    code, votes = valid.most_common(1)[0]
    if votes < 2 or votes * 2 <= len(codes) or Levenshtein.distance(code, first) > MAX_EDITS:
        return sub, findings
    shown = "、".join(dict.fromkeys(f"「{r.strip()}」" for r in readings))
    note = Finding(
        rule="OCR_REREAD", severity="info", field=FIELD, page=page, bbox=wrong.bbox, value=sub.fields.credit_code,
        message=f"{where(page)}统一社会信用代码首次识别为「{sub.fields.credit_code}」，未通过 GB 32100-2015 校验；"
                f"逐行二次识别读作{shown}，其中{votes}次为「{code}」（校验通过），按识别误差处理，"
                "未列为校验不通过；如有疑问请对照原件或营业执照核对。",
        detail=f"credit code re-read: {first} -> {code} ({votes}/{len(codes)} readings)")
    # the check does not touch the extracted field: the code read again is a Reading of its own, and
    # review.readings decides which value the later stages use
    reading = Reading(field=FIELD, first=sub.fields.credit_code or "", value=code, page=page, bbox=wrong.bbox,
                      how=f"ocr_reread: {votes}/{len(codes)} line readings agree")
    return (sub.model_copy(update={"corrections": [*sub.corrections, reading]}),
            [note if f is wrong else f for f in findings])
