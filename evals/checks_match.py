"""Matching reported findings and mismatches against the generator's planted ones (for evals.checks).

A planted item is found when a reported one has the same rule (or mismatch kind) and points at the
same place: the same field path, or the same instance (instances[i]) for instance-level items, or
the same document for document-level rules whose field path is a matter of taste (MIN_LINKS etc.).
Strict (issue 16 item 8): a seal of one role never matches another role; a report without a field path
matches nothing (except document-level rules); each planted item is matched by one report, and a repeated
report of it counts as a false one; online-only UNPAIRED is matched by credit code (`match_online_only`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Rules the generator plants and the checks must find (DESIGN.md §4).
SINGLE_DOC_RULES = (
    "LIMIT_SCENE_3000", "LIMIT_FIELD", "MIN_LINKS", "SUPPLY_CHAIN_LINK", "MIN_INSTANCES", "REQUIRED_METRIC",
    "METRIC_NOT_APPLICABLE", "MATURITY_LEVEL", "ACCIDENT_DECLARED", "CREDIT_CODE", "SEAL_MISSING", "SCENE_UNKNOWN",
    "SCENE_NOT_IN_LINK", "SCENE_CONTENT_MISMATCH", "DATE_ORDER", "SIZE_INCONSISTENT",
)
BATCH_RULES = ("UNPAIRED", "NEAR_DUPLICATE_TEXT", "ALREADY_DEMO_FACTORY")
EVALUATED_RULES = SINGLE_DOC_RULES + BATCH_RULES
# Rules about the whole document: any field path points at "the same place".
DOC_LEVEL = {"MIN_LINKS", "SUPPLY_CHAIN_LINK", "MIN_INSTANCES", "ALREADY_DEMO_FACTORY", "UNPAIRED"}
_INSTANCE = re.compile(r"^instances\[(\d+)\]")


def _instance(path: str | None) -> int | None:
    """Field path -> its 0-based instance index, or None."""
    m = _INSTANCE.match(path or "")
    return int(m.group(1)) if m else None


def _seal_role(path: str | None) -> str | None:
    """'seals.applicant' / 'seals[0]' -> role (or the raw tail)."""
    if not path or not path.startswith("seals"):
        return None
    return path.split(".", 1)[1] if "." in path else path


def same_place(planted: str | None, reported: str | None) -> bool:
    """Planted and reported field paths -> True when they point at the same field or instance."""
    if planted is None or reported is None:
        return False
    if planted == reported:
        return True
    pi, ri = _instance(planted), _instance(reported)
    if pi is not None or ri is not None:
        return pi == ri or (planted == "instances" or reported == "instances")
    if planted.startswith("seals") or reported.startswith("seals"):
        return _seal_role(planted) == _seal_role(reported)
    # fields.metrics vs fields.metrics.X, fields.task_end vs fields.task_start (a reversed pair)
    return planted.startswith(reported) or reported.startswith(planted) or (
        planted.rsplit(".", 1)[0] == reported.rsplit(".", 1)[0] and planted.rsplit("_", 1)[0] == reported.rsplit("_", 1)[0])


@dataclass
class Score:
    """Counts of one evaluation cell: planted found, planted missed, reported unmatched (false alarms)."""

    found: int = 0
    missed: int = 0
    false_alarms: int = 0
    matched_reports: int = 0
    clean_docs: int = 0        # documents with nothing of this kind planted
    clean_docs_quiet: int = 0  # ... on which nothing of this kind was reported either
    missed_items: list[str] = field(default_factory=list)
    false_items: list[str] = field(default_factory=list)
    false_paths: list[tuple[str, str | None]] = field(default_factory=list)   # (kind, field) of false alarms
    false_from_extraction: int = 0   # false alarms whose field the extractor read differently from the truth

    def add(self, other: Score) -> None:
        """Accumulate another cell into this one."""
        self.found += other.found
        self.missed += other.missed
        self.false_alarms += other.false_alarms
        self.matched_reports += other.matched_reports
        self.clean_docs += other.clean_docs
        self.clean_docs_quiet += other.clean_docs_quiet
        self.missed_items += other.missed_items
        self.false_items += other.false_items
        self.false_paths += other.false_paths
        self.false_from_extraction += other.false_from_extraction

    @property
    def recall(self) -> float | None:
        """found / planted (None when nothing was planted)."""
        total = self.found + self.missed
        return self.found / total if total else None

    @property
    def quiet(self) -> float | None:
        """Share of clean documents (nothing planted) on which nothing was reported (None without any)."""
        return self.clean_docs_quiet / self.clean_docs if self.clean_docs else None

    @property
    def precision_given_reading(self) -> float | None:
        """Precision counting only false alarms on fields the extractor read correctly (the checks' own share)."""
        total = self.matched_reports + self.false_alarms - self.false_from_extraction
        return self.matched_reports / total if total else None

    def figures(self) -> dict[str, object]:
        """-> the JSON-friendly figures written to out/eval/checks-*.json."""
        return {"recall": self.recall, "precision": self.precision, "quiet_clean_docs": self.quiet,
                "planted": self.found + self.missed, "false_from_extraction": self.false_from_extraction,
                "precision_given_reading": self.precision_given_reading, "clean_docs": self.clean_docs,
                "found": self.found, "missed": self.missed, "false_alarms": self.false_alarms,
                "missed_items": self.missed_items, "false_items": self.false_items}

    @property
    def precision(self) -> float | None:
        """matched reports / all reports of the evaluated kinds (None when nothing was reported)."""
        total = self.matched_reports + self.false_alarms
        return self.matched_reports / total if total else None


def match(planted: list[tuple[str, str | None]], reported: list[tuple[str, str | None, str]], doc: str) -> Score:
    """Planted (kind, field) + reported (kind, field, message) of one document -> Score."""
    score = Score(clean_docs=int(not planted), clean_docs_quiet=int(not planted and not reported))
    used: set[int] = set()
    for kind, path in planted:
        hit = next((k for k, (rk, rp, _) in enumerate(reported)
                    if rk == kind and (kind in DOC_LEVEL or same_place(path, rp)) and k not in used), None)
        if hit is None:
            score.missed += 1
            score.missed_items.append(f"{doc}: {kind} {path}")
        else:
            score.found += 1
            used.add(hit)
    for k, (rk, rp, msg) in enumerate(reported):
        if k in used:
            score.matched_reports += 1
        else:
            score.false_alarms += 1
            score.false_items.append(f"{doc}: {rk} {rp} — {msg[:90]}")
            score.false_paths.append((rk, rp))
    return score


def match_online_only(planted: list[dict], reported_codes: list[str | None]) -> Score:
    """Online-only records the generator planted (their credit codes) + the credit codes of the batch-level
    UNPAIRED findings -> Score, matched by identity (a report naming another record is a false one)."""
    want = [str(p.get("credit_code") or "") for p in planted]
    score = Score()
    left = list(reported_codes)
    for code in want:
        if code in left:
            left.remove(code)
            score.found += 1
            score.matched_reports += 1
        else:
            score.missed += 1
            score.missed_items.append(f"online-only {code}: UNPAIRED")
    score.false_alarms = len(left)
    score.false_items = [f"online-only UNPAIRED {c}" for c in left]
    return score
