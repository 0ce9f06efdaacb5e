"""Does the second reading of a failing credit code (checks.ocr_credit) recover misreadings, and only those?

On every scanned copy (and every mixed copy whose code page is a scan) of the evaluation batches
(out/eval/*, built by `make eval-checks` and `python -m evals.crosschain`; a copy not extracted yet is
extracted first), the code cell of the real scan is read again twice over, by the review's own stage
(review.analyse_extracted, with the batch's page store):

- as if the page pass had misread one character of a valid printed code (PER_COPY positions, each with a
  confusion seen in OCR: 0/D, 8/B, 1/7, 6/G, 4/A …): the second reading must bring back the printed code
  (recovered) and never another valid code (a wrong correction would hide a misprint);
- as the page pass read it, where the printed code is wrong (a planted CREDIT_CODE violation): the error
  must stay (talked away = a planted violation lost).

    PYTHONPATH=. python -m evals.credit_reread [--batch scans-5 --batch crosschain-8 …]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from typing import Any

import review
from checks.identity import clean_credit_code, is_valid_credit_code
from evals.checks import batch_pages, extracted_submission
from evals.extract import OUT
from model.submission import Submission
from review import ReviewContext

BATCHES = ("eval-7", "eval-8", "holdout-99", "scans-5", "scans-55", "scans-77", "crosschain-7", "crosschain-8", "crosschain-scans-5")
CONFUSIONS = {"0": "D", "D": "0", "8": "B", "B": "8", "1": "7", "7": "1", "6": "G", "G": "6", "4": "A",
              "A": "4", "5": "6", "3": "8", "T": "7", "Q": "0", "U": "0", "M": "N", "N": "M", "9": "8", "2": "7"}
PER_COPY = 3          # misreadings tried per valid printed code (different positions)


def misreads(code: str, rng: random.Random, n: int = PER_COPY) -> list[str]:
    """Valid code -> up to n copies of it with one character (each at another position) replaced by an OCR
    confusion, all failing the check."""
    spots = [i for i, c in enumerate(code) if c in CONFUSIONS]
    rng.shuffle(spots)
    wrong = (code[:i] + CONFUSIONS[code[i]] + code[i + 1:] for i in spots)
    return [w for w in wrong if not is_valid_credit_code(w)][:n]


def _case(sub: Submission, code: str, ctx: ReviewContext) -> tuple[str | None, str]:
    """Extracted copy read as `code` -> (the code the review uses after the second reading, rule of its
    finding on the code), through the shipped stage review.analyse_extracted."""
    sub = sub.model_copy(update={"fields": sub.fields.model_copy(update={"credit_code": code}), "findings": []})
    after = review.analyse_extracted(sub, ctx)
    rule = next((f.rule for f in after.findings if f.field == "fields.credit_code"), "")
    return after.fields.credit_code, rule


def evaluate(batch: str) -> dict[str, Any]:
    """Batch folder name -> counts of the two cases over its scanned copies."""
    folder = OUT / batch
    out: dict[str, Any] = {"batch": batch, "copies": 0, "simulated": 0, "recovered": 0, "wrong_fix": 0,
                           "planted": 0, "kept": 0, "misses": []}
    started = time.perf_counter()
    for pdf in sorted([*folder.glob("*scanned.pdf"), *folder.glob("*mixed.pdf")]):
        truth_file = folder / "truth" / f"{pdf.stem}.json"
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        printed = clean_credit_code(truth["submission"]["fields"].get("credit_code"))
        ctx = ReviewContext(pages=batch_pages(folder))
        sub = extracted_submission(pdf, fresh=False, reuse=True, ctx=ctx)
        loc = sub.provenance.get("fields.credit_code")
        scanned_code = loc is not None and (sub.source.kind == "scanned" or loc.page in sub.source.ocr_pages)
        if sub.status == "error" or not printed or not scanned_code:
            continue
        out["copies"] += 1
        if is_valid_credit_code(printed):
            for wrong in misreads(printed, random.Random(pdf.stem)):
                out["simulated"] += 1
                code, rule = _case(sub, wrong, ctx)
                out["recovered"] += code == printed and rule == "OCR_REREAD"
                out["wrong_fix"] += code != wrong and code != printed
                if code != printed:
                    out["misses"].append(f"{pdf.name}: {wrong} -> {code} ({rule}), printed {printed}")
        else:
            out["planted"] += 1
            code, rule = _case(sub, sub.fields.credit_code or "", ctx)
            out["kept"] += rule == "CREDIT_CODE"
            if rule != "CREDIT_CODE":
                out["misses"].append(f"{pdf.name}: printed wrong {printed}, read {sub.fields.credit_code} -> "
                                     f"{code} ({rule or 'no finding'})")
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", action="append", help=f"folder under out/eval (default: {', '.join(BATCHES)})")
    args = ap.parse_args()
    rows = [evaluate(b) for b in (args.batch or BATCHES) if (OUT / b).is_dir()]
    print("| batch | scanned copies | misread codes recovered | wrong corrections | printed wrong codes kept |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['batch']} | {r['copies']} | {r['recovered']}/{r['simulated']} | {r['wrong_fix']} | "
              f"{r['kept']}/{r['planted']} |")
        for miss in r["misses"]:
            print(f"  - {miss}")
    (OUT / "credit-reread.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
