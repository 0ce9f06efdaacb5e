"""The one status of a submission, computed last from its findings and mismatches."""

from __future__ import annotations

from model.submission import Status, Submission


def compute_status(sub: Submission) -> Status:
    """Submission -> "error" (extraction failed), "fail" (a rule or comparison error), "needs_review"
    (warnings, or something not read) or "pass".

    An EXTRACTION_INCOMPLETE finding never makes a declaration pass, nor fail: a page or field that could not
    be read means the checks did not see the whole declaration, which is a reason to look, not a violation
    (checks.engine withholds the rules whose evidence may lie on what was not read). Only the rule errors and
    error mismatches found on what was read make it "fail".

    A finding an officer dismissed in the case library (decision "dismissed", with a reason) is not counted:
    the officer has looked at it and found no violation. An accepted one counts like any other.
    """
    if sub.status == "error":
        return "error"
    counted = [f for f in sub.findings if f.decision is None or f.decision.decision != "dismissed"]
    severities = [f.severity for f in counted if f.rule != "EXTRACTION_INCOMPLETE"]
    severities += [m.severity for m in sub.mismatches]
    if "error" in severities:
        return "fail"
    if "warning" in severities or any(f.rule == "EXTRACTION_INCOMPLETE" for f in counted):
        return "needs_review"
    return "pass"
