"""Say when a scanned value may be wrong: OCR confidence per field, OCR_UNCERTAIN and SCAN_QUALITY findings.

Each field read from an OCR page gets, in its provenance, the lowest score RapidOCR gave a character of the
words inside its box (`Location.confidence`; None for text-layer values). A field whose confidence is below
LOW_CONFIDENCE, or whose box lies under a seal (a found seal's box or red/pale ink measured on the page) with a
confidence below SEAL_CONFIDENCE, gets an OCR_UNCERTAIN finding with its page and box (a warning below the WARN_
limits, else an info), so that the officer
checks that cell on the original instead of trusting a silently wrong value. Pages scanned at a low resolution
or blurred get one SCAN_QUALITY warning naming them (extractors.scan_quality).

The two limits were chosen on generated scans, field cells read right or wrong against the truth
(docs/extraction.md, "OCR confidence").
"""

from __future__ import annotations

from typing import Any

from catalog.forms import Form, field_label
from extractors.page import PageContent, Word
from extractors.scan_quality import quality_findings
from model.submission import Finding, Location, Severity, Submission

# Limits chosen on the dev scans (docs/extraction.md "OCR confidence"): below the WARN_ ones a value is a warning
# (about one in two is wrong), between them and the others an info.
WARN_CONFIDENCE = 0.60       # a character scored below this: warning
WARN_SEAL_CONFIDENCE = 0.90  # under a seal, a character scored below this: warning
LOW_CONFIDENCE = 0.80        # a character scored below this: info
SEAL_CONFIDENCE = 0.95       # under a seal, a character scored below this: info
SHORT_VALUE = 40        # a value of a long-text field up to this many characters is judged like a short one
SEAL_OVERLAP = 0.3      # share of a word's box a seal must cover for its field to be "under" the seal


def _inside(w: Word, box: list[float], pad: float = 1.0) -> bool:
    """True when the word's centre lies in the box (grown by `pad` points)."""
    return box[0] - pad <= w.cx <= box[2] + pad and box[1] - pad <= w.cy <= box[3] + pad


def box_confidence(page: PageContent, box: list[float]) -> float | None:
    """OCR page + box -> the lowest character score of the words inside (None: no OCR word there)."""
    scores = [w.min_conf for w in page.words if w.min_conf is not None and _inside(w, box)]
    return round(min(scores), 3) if scores else None


def with_confidence(provenance: dict[str, Location], pages: list[PageContent],
                    seals: dict[int, list[list[float]]]) -> dict[str, Location]:
    """Provenance + pages read + seal boxes by page -> the same with each OCR-read field's confidence and whether
    a seal covers it filled in."""
    by_number = {p.number: p for p in pages}
    out = {}
    for path, loc in provenance.items():
        page = by_number.get(loc.page)
        if page is not None and page.source == "ocr" and loc.bbox:
            loc = loc.model_copy(update={"confidence": box_confidence(page, list(loc.bbox)),
                                         "under_seal": under_seal(page, list(loc.bbox), seals.get(loc.page, []))})
        out[path] = loc
    return out


def _overlap(a: list[float], b: tuple[float, float, float, float] | list[float]) -> float:
    """Box a + box b -> the share of a's area that b covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max((a[2] - a[0]) * (a[3] - a[1]), 1e-6)
    return max(w, 0.0) * max(h, 0.0) / area


def seal_boxes(sub: Submission, pages: list[PageContent]) -> dict[int, list[list[float]]]:
    """Submission + pages -> {page: boxes of seals found there and of red or pale ink measured there}."""
    out: dict[int, list[list[float]]] = {}
    for s in sub.seals:
        if s.present and s.bbox:
            out.setdefault(s.page, []).append(list(s.bbox))
    for p in pages:
        out.setdefault(p.number, []).extend(list(b) for b in (*p.red_blobs, *p.pale_blobs))
    return out


def under_seal(page: PageContent, box: list[float], seals: list[list[float]]) -> bool:
    """OCR page + a field's box + the page's seal boxes -> True when a seal covers at least SEAL_OVERLAP of a
    word of the field (a seal stamped over the end of a long name covers little of the whole line)."""
    words = [w for w in page.words if _inside(w, box)] or [Word(*box, text="")]
    return any(_overlap(w.bbox, b) >= SEAL_OVERLAP for w in words for b in seals)


def value_at(sub: Submission, path: str) -> Any:
    """'fields.contact.mobile' / 'fields.financials.2022.revenue' -> that value of the submission (None if absent)."""
    node: Any = sub.model_dump()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def uncertain_reason(loc: Location, low: float = LOW_CONFIDENCE, sealed: float = SEAL_CONFIDENCE) -> str | None:
    """Field location (with its confidence) -> 'low' (low confidence), 'seal' (under a seal and not quite sure)
    or None (trusted); `low` and `sealed` are the limits (the shipped ones by default)."""
    if loc.confidence is None:
        return None
    if loc.confidence < low:
        return "low"
    if loc.confidence < sealed and loc.under_seal:
        return "seal"
    return None


def eligible(path: str, value: Any, form: Form) -> bool:
    """Field path + value read -> True when OCR_UNCERTAIN is about it: a short value read as characters. Not long
    texts (the comparison with the online record reads them for what they say; a field that may run over a page
    break, such as the factory address, is judged while its value is short), not checkbox rows and yes/no
    (decided by the ticks, not by the characters' scores), not empty values."""
    if value in (None, "", [], {}) or isinstance(value, bool | dict | list):
        return False
    if path.removeprefix("fields.") in form.long_text and len(str(value)) > SHORT_VALUE:
        return False
    options = form.memo("ocr_confidence.options", lambda f: {o for opts in f.choices.values() for o in opts})
    return not (isinstance(value, str) and value in options)


def uncertain_severity(loc: Location) -> Severity | None:
    """Field location -> 'warning' (likely wrong), 'info' (may be wrong) or None (trusted)."""
    if uncertain_reason(loc, WARN_CONFIDENCE, WARN_SEAL_CONFIDENCE) is not None:
        return "warning"
    return "info" if uncertain_reason(loc) is not None else None


def uncertain_findings(sub: Submission, form: Form) -> list[Finding]:
    """Submission (provenance with confidences) -> one OCR_UNCERTAIN finding (warning or info) per field that may
    be wrong."""
    out = []
    for path, loc in sorted(sub.provenance.items(), key=lambda kv: (kv[1].page, kv[0])):
        value = value_at(sub, path)
        severity = uncertain_severity(loc)
        if severity is None or not eligible(path, value, form):
            continue
        why = uncertain_reason(loc)
        label = field_label(path, form) or path
        shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:40]}…"
        out.append(Finding(
            rule="OCR_UNCERTAIN", severity=severity, field=path, page=loc.page, bbox=list(loc.bbox or []) or None,
            value=shown, limit=f"≥{SEAL_CONFIDENCE if why == 'seal' else LOW_CONFIDENCE:.2f}",
            message=f"第{loc.page}页「{label}」识别为「{shown}」，"
                    f"{'该栏文字被印章覆盖' if why == 'seal' else '扫描识别置信度较低'}（{loc.confidence:.2f}），"
                    f"{'很可能有错字' if severity == 'warning' else '可能有错字'}。"
                    "请对照纸质原件核对该栏（批注版 PDF 中已框出位置）。",
            detail=f"min char score {loc.confidence}; reason {why}"))
    return out


def mark_uncertain(sub: Submission, pages: list[PageContent], form: Form, name: str) -> Submission:
    """Extracted Submission + its pages -> provenance with OCR confidences, OCR_UNCERTAIN and SCAN_QUALITY findings."""
    if sub.status == "error" or not any(p.source == "ocr" for p in pages):
        return sub
    sub = sub.model_copy(update={"provenance": with_confidence(sub.provenance, pages, seal_boxes(sub, pages))})
    found = [*uncertain_findings(sub, form), *quality_findings(pages, name)]
    return sub.model_copy(update={"findings": [*sub.findings, *found]})
