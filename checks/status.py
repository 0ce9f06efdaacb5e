"""The one status of a submission, computed last from its findings and mismatches."""

from __future__ import annotations

from model.submission import Status, Submission


def compute_status(sub: Submission) -> Status:
    """Submission -> "error" (extraction failed), "fail" (any error), "needs_review" (warnings) or "pass".

    Never "pass" while an EXTRACTION_INCOMPLETE finding exists, whatever its severity: a page or field that
    could not be read means the checks did not see the whole declaration.
    """
    if sub.status == "error":
        return "error"
    severities = [f.severity for f in sub.findings] + [m.severity for m in sub.mismatches]
    if "error" in severities:
        return "fail"
    if "warning" in severities or any(f.rule == "EXTRACTION_INCOMPLETE" for f in sub.findings):
        return "needs_review"
    return "pass"
