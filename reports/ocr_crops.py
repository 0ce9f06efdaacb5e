"""The report's list of scanned values that may be wrong (OCR_UNCERTAIN): what was read, and the original.

For each OCR_UNCERTAIN finding the report shows the field, its page, the value as read, how sure the OCR was,
and the box of the page image it was read from (a PNG cut from the source PDF, embedded as a data URI so the
report stays one offline file). Without the source PDF the image is left out, never the row.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

from model.submission import Finding, Submission
from reports.terms import field_label

log = logging.getLogger(__name__)
PAD = 6.0       # points around the box (OCR boxes are in the deskewed frame, a few points off the page)
ZOOM = 2.0      # the crop's pixels per point
MAX_WIDTH = 520.0  # points: a wider box (a long text cell) is cut to this width


def _crop(doc: Any, finding: Finding) -> str | None:
    """Open PDF + finding with page and box -> data URI of that region as PNG (None when it cannot be cut)."""
    import pymupdf

    if finding.page is None or finding.bbox is None or not 1 <= finding.page <= doc.page_count:
        return None
    page = doc[finding.page - 1]
    x0, y0, x1, y1 = finding.bbox
    clip = pymupdf.Rect(x0 - PAD, y0 - PAD, min(x1, x0 + MAX_WIDTH) + PAD, y1 + PAD) & page.rect
    if clip.is_empty:
        return None
    pix = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=clip, alpha=False)
    return "data:image/png;base64," + base64.b64encode(pix.tobytes("png")).decode("ascii")


def uncertain_rows(sub: Submission) -> list[dict[str, Any]]:
    """Submission -> rows of its OCR_UNCERTAIN findings: field, page, value read, confidence, image of the box."""
    found = [f for f in sub.findings if f.rule == "OCR_UNCERTAIN"]
    if not found:
        return []
    doc = None
    path = Path(sub.source.path)
    if path.is_file():
        try:
            import pymupdf

            doc = pymupdf.open(path)
        except (RuntimeError, ValueError) as exc:  # the report is written without the images
            log.info("no crops for %s: %r", path, exc)
    rows = []
    try:
        for f in sorted(found, key=lambda f: (f.page or 0, f.field or "")):
            loc = sub.provenance.get(f.field or "")
            image = None
            if doc is not None:
                try:
                    image = _crop(doc, f)
                except (RuntimeError, ValueError) as exc:
                    log.info("crop of %s failed: %r", f.field, exc)
            rows.append({"field": field_label(f.field), "path": f.field, "page": f.page, "value": f.value,
                         "confidence": "" if loc is None or loc.confidence is None else f"{loc.confidence:.2f}",
                         "under_seal": bool(loc and loc.under_seal), "image": image})
    finally:
        if doc is not None:
            doc.close()
    return rows
