"""Seal detection and SEAL_MISSING on the seal set (evals/seal_set.py), per ink and per kind of copy.

For every required seal place: found sure, found pale (present, score below the check's sure score), missed,
or — where the place was left unstamped — falsely found. Recall and precision count a pale find as found;
the SEAL_MISSING columns say what the officer is told: errors on stamped places are false demands for a new
stamp, warnings on stamped places are "please check the original" notes. Run: python -m evals.seals.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from evals.seal_set import INKS, build_seal_set
from review import ReviewContext, analyse_document

ROOT = Path(__file__).resolve().parent.parent


def score(cases: list, ctx: ReviewContext) -> dict[tuple[str, str], Counter]:
    """Seal cases -> per (kind, ink) counts of sure/pale/missed/false finds and SEAL_MISSING by severity."""
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for case in cases:
        sub = analyse_document(case.pdf, ctx)
        got = {s.role: s for s in sub.seals}
        told = {f.field: f.severity for f in sub.findings if f.rule == "SEAL_MISSING"}
        c = cells[(case.kind, case.ink)]
        for truth in case.seals:
            seen = got.get(truth.role)
            said = told.get(f"seals.{truth.role}")
            if seen is None:
                c["unlocated"] += 1
            elif truth.present:
                c["pale" if seen.present and seen.score is not None else "sure" if seen.present else "missed"] += 1
                c[f"stamped_{said}"] += said is not None
            else:
                c["false_found" if seen.present else "true_absent"] += 1
                c["absent_reported"] += said == "error"
    return cells


def figures(c: Counter) -> dict[str, Any]:
    """Counts -> recall, precision and what the officer is told."""
    found = c["sure"] + c["pale"]
    stamped = found + c["missed"]
    return {"stamped": stamped, "recall": round(found / stamped, 4) if stamped else None,
            "precision": round(found / (found + c["false_found"]), 4) if found + c["false_found"] else None,
            "pale_share": round(c["pale"] / found, 4) if found else None,
            "false_errors": c["stamped_error"], "check_original_warnings": c["stamped_warning"],
            "absent": c["true_absent"] + c["false_found"], "absent_reported": c["absent_reported"],
            "unlocated": c["unlocated"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="印章识别评估：样例批次的盖章页以七种印泥颜色重新盖章（含扫描件）")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "batch-2023")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "eval" / "seals")
    ap.add_argument("--kind", choices=["digital", "scanned"], default=None)
    args = ap.parse_args(argv)
    cases = [c for c in build_seal_set(args.samples, args.out) if args.kind in (None, c.kind)]
    cells = score(cases, ReviewContext(year=2023))
    rows = {f"{kind}/{ink}": figures(cells[(kind, ink)]) for kind in ("digital", "scanned") for ink in INKS
            if (kind, ink) in cells}
    for kind in ("digital", "scanned"):
        total = sum((cells[(k, i)] for k, i in cells if k == kind), Counter())
        if total:
            rows[f"{kind}/all"] = figures(total)
    (args.out / "seals.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{'copy/ink':24} {'recall':>8} {'prec.':>8} {'pale':>6} {'false err':>9} {'warn':>5} {'absent rep.':>11}")
    for name, r in rows.items():
        print(f"{name:24} {r['recall']!s:>8} {r['precision']!s:>8} {r['pale_share']!s:>6} {r['false_errors']:>9} "
              f"{r['check_original_warnings']:>5} {r['absent_reported']:>5}/{r['absent']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
