"""The officers' decisions from the case library, put on the findings of the next review of the same file.

A decision is stored under the finding's key rule|field|page (library.store.finding_key) for the file's
content. The same file reviewed again gets it on the finding with that key. A corrected re-submission gets
the decisions of the version it supersedes (`earlier_version`); there a page may have moved, so a finding
without an exact key takes the earlier decision of the same rule and field when there is just one.
A dismissed finding stays in review.json and the report, marked, and is not counted by checks.status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from library.store import finding_key
from model import Finding, FindingDecision


def apply_decisions(findings: list[Finding], decided: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    """Findings + decisions by key -> the findings, each with its decision when one applies."""
    if not decided:
        return findings
    by_rule_field: dict[tuple[str, str | None], list[Mapping[str, Any]]] = {}
    for d in decided.values():
        if d.get("earlier_version"):
            by_rule_field.setdefault((str(d.get("rule")), d.get("field")), []).append(d)
    out = []
    for f in findings:
        d = decided.get(finding_key(f.rule, f.field, f.page))
        if d is None:
            alike = by_rule_field.get((f.rule, f.field), [])
            d = alike[0] if len(alike) == 1 else None
        if d is None:
            out.append(f)
            continue
        decision = FindingDecision(decision=d["decision"], reason=d.get("reason") or None,
                                   decided_at=d.get("decided_at"), earlier_version=bool(d.get("earlier_version")))
        out.append(f.model_copy(update={"decision": decision}))
    return out
