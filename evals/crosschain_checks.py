"""The rule checks and the paper-versus-online comparison on the cross-chain copies (LibreOffice PDFs and
their scans).

The cross-chain PDFs print the truth of a generated eval batch, so that batch's online records differ from
them exactly by the planted mismatches: every other reported mismatch is a false alarm caused by reading
another tool chain's output. Scored per kind (digital / scanned) like evals/checks.py, with the review's
second reading on scanned pages. The rule checks are scored the same way against the planted rule
violations the truth carries over, except SEAL_MISSING (this chain draws no seals) and NEAR_DUPLICATE_TEXT
between copies of which one was not re-rendered (`--limit`). Run through `python -m evals.crosschain`.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import review
from evals.checks import eval_context, extracted_submission, real_planted_mismatches, score_rules
from evals.checks_blame import misread, to_truth_index
from evals.checks_match import Score, match
from model.submission import Submission
from review import ReviewContext


def evaluate_mismatches(folder: Path, source: Path) -> dict[str, Any]:
    """Cross-chain folder (PDFs + truth/) + the source batch folder (online.json) -> figures per kind.

    Each copy is reviewed on its own by the shipped stages (review.analyse_extracted, then review.finish_batch
    against the source batch's online records): pairing, comparison and second readings as in the review."""
    online_raw = json.loads((source / "online.json").read_text(encoding="utf-8"))
    ctx = ReviewContext(online=source / "online.json", pages=eval_context(folder, {}).pages)
    cells: dict[str, Score] = defaultdict(Score)
    notes: list[str] = []
    started = time.perf_counter()
    for n, truth_path in enumerate(sorted((folder / "truth").glob("*.json"))):
        doc = json.loads(truth_path.read_text(encoding="utf-8"))
        pdf = folder / doc["file"]
        if not pdf.is_file():
            continue
        paper = extracted_submission(pdf, fresh=False, ctx=ctx).model_copy(update={"submission_id": f"doc{n:03d}"})
        paper = review.analyse_extracted(paper, ctx)
        truth_sub = Submission.model_validate(doc["submission"])
        done = review.finish_batch([paper], ctx).subs[0]
        paired = paper.status != "error" and not any(f.rule == "UNPAIRED" for f in done.findings)
        found = done.mismatches
        real, why = real_planted_mismatches(doc, online_raw)
        notes.extend(why)
        if not paired and doc.get("online", True):
            notes.append(f"{doc['file']}: not paired with its online record")
        reported = [(m.kind, to_truth_index(m.field, done, truth_sub), f"{m.paper!s:.40} | {m.online!s:.40}")
                    for m in found]
        score = match([(m["kind"], m.get("field")) for m in real], reported, doc["file"])
        score.false_from_extraction = sum(misread(k, p, done, truth_sub) for k, p in score.false_paths)
        cells[doc.get("kind", "digital")].add(score)
    return {"seconds": round(time.perf_counter() - started, 1), "notes": notes,
            "cells": {kind: s.figures() for kind, s in sorted(cells.items())}}


NOT_PRINTED = frozenset({"SEAL_MISSING"})   # the DOCX chain draws no seals


def _base(name: str) -> str:
    """A source or cross-chain file name -> the document's stem without its variant (01_优秀场景_X)."""
    stem = Path(name).stem.removesuffix("_scanned").removesuffix("_docx")
    return stem.rsplit("_", 1)[0] if stem.endswith(("_digital", "_scanned", "_mixed")) else stem


def _cross_truth(source_truth: dict[str, Any], rendered: set[str]) -> dict[str, Any]:
    """Source batch truth + the bases re-rendered -> the same truth with its near-duplicate pairs named by the
    cross-chain files (both kinds), kept only when both copies were re-rendered."""
    pairs = []
    for a, b, path in source_truth.get("near_duplicates", []):
        if _base(a) in rendered and _base(b) in rendered:
            pairs += [(f"{_base(a)}_docx{s}", f"{_base(b)}_docx{s}", path) for s in ("", "_scanned")]
    return {**source_truth, "near_duplicates": pairs}


def evaluate_rules(folder: Path, source: Path) -> dict[str, Any]:
    """Cross-chain folder + source batch folder -> rule-check figures per kind of copy (digital / scanned).

    Each kind is a batch of its own for the batch-level rules (the digital and scanned copies of one
    document are not each other's near duplicates or online twins)."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "truth").glob("*.json"))]
    docs = [d for d in docs if (folder / d["file"]).is_file()]
    truth = _cross_truth(json.loads((source / "ground_truth.json").read_text(encoding="utf-8")),
                         {_base(d["file"]) for d in docs})
    ctx = eval_context(folder, truth, online=source / "online.json")
    cells: dict[str, Score] = defaultdict(Score)
    started = time.perf_counter()
    for kind in sorted({d.get("kind", "digital") for d in docs}):
        group = [d for d in docs if d.get("kind", "digital") == kind]
        subs = [review.analyse_extracted(extracted_submission(folder / d["file"], fresh=False, ctx=ctx).model_copy(
            update={"submission_id": f"doc{n:03d}"}), ctx) for n, d in enumerate(group)]
        # the batch stages as the review runs them: pairing, comparison, near duplicates, holders, status
        result = review.finish_batch(subs, ctx)
        for doc, sub in zip(group, result.subs, strict=True):
            cells[kind].add(score_rules(doc, truth, sub, sub.findings, extracted=True, skip=NOT_PRINTED))
    return {"seconds": round(time.perf_counter() - started, 1), "notes": [],
            "cells": {kind: s.figures() for kind, s in sorted(cells.items())}}


def _pct(x: float | None) -> str:
    """0.953 -> '95.3 %' ('—' for None)."""
    return "—" if x is None else f"{100 * x:.1f} %"


def mismatch_report(name: str, result: dict[str, Any], what: str = "mismatches") -> list[str]:
    """Figures -> printable lines."""
    title = "paper versus online" if what == "mismatches" else "rule checks (SEAL_MISSING not scored)"
    lines = [f"\n== {name} · {title} ({result['seconds']} s)"]
    for kind, c in result["cells"].items():
        lines.append(f"[{kind}] {what} R {_pct(c['recall'])} ({c['found']}/{c['found'] + c['missed']}) "
                     f"P {_pct(c['precision'])} (false {c['false_alarms']}, of them on misread fields "
                     f"{c['false_from_extraction']}), clean docs quiet {_pct(c['quiet_clean_docs'])} of "
                     f"{c['clean_docs']}")
        lines.extend(f"   missed {m}" for m in c["missed_items"])
        lines.extend(f"   false  {m}" for m in c["false_items"])
    lines.extend(f"  note: {n}" for n in result["notes"])
    return lines
