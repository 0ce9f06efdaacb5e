"""The paper-versus-online comparison on the cross-chain copies (LibreOffice PDFs and their scans).

The cross-chain PDFs print the truth of a generated eval batch, so that batch's online records differ from
them exactly by the planted mismatches: every other reported mismatch is a false alarm caused by reading
another tool chain's output. Scored per kind (digital / scanned) like evals/checks.py, with the review's
second reading on scanned pages. Run through `python -m evals.crosschain`.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from checks.pairing import pair_records
from evals.checks import extracted_submission, real_planted_mismatches, reviewed_mismatches
from evals.checks_blame import misread, to_truth_index
from evals.checks_match import Score, match
from model.submission import Submission


def evaluate_mismatches(folder: Path, source: Path) -> dict[str, Any]:
    """Cross-chain folder (PDFs + truth/) + the source batch folder (online.json) -> figures per kind."""
    from extractors.online import read_online

    online = read_online(source / "online.json")
    online_raw = json.loads((source / "online.json").read_text(encoding="utf-8"))
    cells: dict[str, Score] = defaultdict(Score)
    notes: list[str] = []
    started = time.perf_counter()
    for n, truth_path in enumerate(sorted((folder / "truth").glob("*.json"))):
        doc = json.loads(truth_path.read_text(encoding="utf-8"))
        pdf = folder / doc["file"]
        if not pdf.is_file():
            continue
        paper = extracted_submission(pdf, fresh=False).model_copy(update={"submission_id": f"doc{n:03d}"})
        truth_sub = Submission.model_validate(doc["submission"])
        pair = next(iter(pair_records([paper], online).pairs), None) if paper.status != "error" else None
        found = reviewed_mismatches(*pair, pdf) if pair else []
        real, why = real_planted_mismatches(doc, online_raw)
        notes.extend(why)
        if pair is None and doc.get("online", True):
            notes.append(f"{doc['file']}: not paired with its online record")
        reported = [(m.kind, to_truth_index(m.field, paper, truth_sub), f"{m.paper!s:.40} | {m.online!s:.40}")
                    for m in found]
        score = match([(m["kind"], m.get("field")) for m in real], reported, doc["file"])
        score.false_from_extraction = sum(misread(k, p, paper, truth_sub) for k, p in score.false_paths)
        cells[doc.get("kind", "digital")].add(score)
    return {"seconds": round(time.perf_counter() - started, 1), "notes": notes,
            "cells": {kind: s.figures() for kind, s in sorted(cells.items())}}


def _pct(x: float | None) -> str:
    """0.953 -> '95.3 %' ('—' for None)."""
    return "—" if x is None else f"{100 * x:.1f} %"


def mismatch_report(name: str, result: dict[str, Any]) -> list[str]:
    """Figures -> printable lines."""
    lines = [f"\n== {name} · paper versus online ({result['seconds']} s with second readings)"]
    for kind, c in result["cells"].items():
        lines.append(f"[{kind}] mismatches R {_pct(c['recall'])} ({c['found']}/{c['found'] + c['missed']}) "
                     f"P {_pct(c['precision'])} (false {c['false_alarms']}, of them on misread fields "
                     f"{c['false_from_extraction']}), clean docs quiet {_pct(c['quiet_clean_docs'])} of "
                     f"{c['clean_docs']}")
        lines.extend(f"   missed {m}" for m in c["missed_items"])
        lines.extend(f"   false  {m}" for m in c["false_items"])
    lines.extend(f"  note: {n}" for n in result["notes"])
    return lines
