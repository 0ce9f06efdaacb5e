"""Does OCR_UNCERTAIN point at the fields OCR got wrong? Precision and recall on generated scans.

    python -m evals.ocr_confidence [--batch dev|test|all] [--sweep]

Batches (their first HEAD_PAGES pages: the cover and section 一): preset "scans" seed 301 (dev: the limits were chosen on it) and seed 302 (test: looked at once, after
the limits were fixed), generated into out/eval/scans-<seed>/. Every PDF is extracted by the review's extraction
stage (review.extract); every field read on an OCR page (provenance with a confidence) is compared with the truth
after the normalisation of evals.extract: "wrong" when they differ. A field is "uncertain" when the extraction
gave it an OCR_UNCERTAIN finding (of either severity; "warned": a warning). Printed: fields, wrong, flagged, precision and recall of "uncertain" against
"wrong", for the short text fields OCR_UNCERTAIN is for (extractors.ocr_confidence.eligible), long texts and
checkbox/yes-no fields apart; with --sweep the same for other
limits (the shipped rule, review.ocr_uncertain_reason, at other limits), to choose them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import review
from catalog.reference import default_form
from evals.extract import OUT, ensure_batch, leaves, load_truth, norm
from extractors.ocr_confidence import eligible, uncertain_reason
from model.submission import Location, Submission
from review import ReviewContext

BATCHES = {"dev": ("scans", 301), "test": ("scans", 302)}
LOWS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
SEALS = (0.0, 0.9, 0.95, 0.98, 1.01)
HEAD_PAGES = 6  # the cover and section 一 of every style fit in the first six pages (the fields OCR_UNCERTAIN is for)


def head_of(pdf: Path, folder: Path, pages: int = HEAD_PAGES) -> Path:
    """PDF -> a copy of its first `pages` pages under `folder` (cover and section 一: where the fields are)."""
    import pymupdf

    out = folder / pdf.name
    if not out.exists():
        with pymupdf.open(pdf) as doc:
            if doc.page_count <= pages:
                return pdf  # short already: the file itself (its OCR page passes may be in the page store)
            doc.select(list(range(pages)))
            doc.save(out, garbage=3, deflate=True)
    return out


def extracted(folder: Path, ctx: ReviewContext, fresh: bool = False) -> dict[str, Submission]:
    """Batch folder -> {stem: extracted Submission of its first HEAD_PAGES pages} (kept under the folder's
    extracted/ for reruns)."""
    cache, heads = folder / "extracted", folder / "heads"
    cache.mkdir(exist_ok=True)
    heads.mkdir(exist_ok=True)
    out = {}
    for pdf in sorted(folder.glob("*.pdf")):
        kept = cache / f"{pdf.stem}.json"
        if kept.exists() and not fresh:
            out[pdf.stem] = Submission.model_validate_json(kept.read_text(encoding="utf-8"))
            continue
        sub = review.extract(head_of(pdf, heads), ctx)
        kept.write_text(sub.model_dump_json(), encoding="utf-8")
        out[pdf.stem] = sub
        print(f"  extracted {pdf.name}", flush=True)
    return out


def field_rows(folder: Path, subs: dict[str, Submission]) -> list[dict[str, Any]]:
    """Extracted submissions + their truths -> one row per field read by OCR: path, confidence, seal, wrong."""
    form = default_form()
    long_text = {f"fields.{p}" for p in form.long_text}
    rows = []
    for stem, sub in subs.items():
        truth, _, _ = load_truth(folder / "truth" / f"{stem}.json")
        want = {f"fields.{k}": v for k, v in leaves(truth.get("fields", {})).items()}
        got = {f"fields.{k}": v for k, v in leaves(json.loads(sub.fields.model_dump_json())).items()}
        flagged = {f.field for f in sub.findings if f.rule == "OCR_UNCERTAIN"}
        warned = {f.field for f in sub.findings if f.rule == "OCR_UNCERTAIN" and f.severity == "warning"}
        for path, loc in sub.provenance.items():
            if loc.confidence is None or path not in got:
                continue
            rows.append({"file": stem, "path": path, "page": loc.page, "confidence": loc.confidence,
                         "under_seal": bool(loc.under_seal), "long": path in long_text,
                         "eligible": eligible(path, got.get(path), form),
                         "wrong": norm(want.get(path)) != norm(got.get(path)), "flagged": path in flagged,
                         "warned": path in warned,
                         "truth": want.get(path), "got": got.get(path)})
    return rows


def score(rows: list[dict[str, Any]], key: str = "flagged") -> dict[str, Any]:
    """Rows -> n, wrong, flagged, precision and recall of rows[key] against rows['wrong']."""
    tp = sum(r[key] and r["wrong"] for r in rows)
    flagged = sum(bool(r[key]) for r in rows)
    wrong = sum(r["wrong"] for r in rows)
    return {"n": len(rows), "wrong": wrong, "flagged": flagged,
            "precision": round(100 * tp / flagged, 1) if flagged else None,
            "recall": round(100 * tp / wrong, 1) if wrong else None}


def sweep(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Short-field rows -> the score of the shipped rule at each pair of limits."""
    out = []
    for low in LOWS:
        for sealed in SEALS:
            marked = [{**r, "m": uncertain_reason(
                Location(page=r["page"], confidence=r["confidence"], under_seal=r["under_seal"]),
                low, sealed) is not None} for r in rows]
            out.append({"low": low, "seal": sealed, **score(marked, "m")})
    return out


def main(argv: list[str] | None = None) -> None:
    """CLI entry: extract, score and print (and write out/eval/ocr-confidence-<batch>.json)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", choices=[*BATCHES, "all"], default="all")
    ap.add_argument("--sweep", action="store_true", help="also score other limits")
    ap.add_argument("--fresh", action="store_true", help="extract again instead of reusing extracted/")
    ap.add_argument("--misses", type=int, default=0, help="print the first N wrong fields")
    ap.add_argument("--pool", type=Path, action="append", default=[], help="also pool the fields of this folder "
                    "of scans with truth/ (e.g. the degraded scans of evals.scan_quality, where OCR errs more often)")
    args = ap.parse_args(argv)
    ctx = ReviewContext(pages=review.PageStore(OUT / ".pages"))
    for name in list(BATCHES) if args.batch == "all" else [args.batch]:
        folder = ensure_batch(*BATCHES[name])
        rows = field_rows(folder, extracted(folder, ctx, args.fresh))
        short = [r for r in rows if r["eligible"]]
        for extra in args.pool:
            more = [r for r in field_rows(extra, extracted(extra, ctx, args.fresh)) if r["eligible"]]
            print(f"  {extra.name}: {score(more)}")
            short += more
        if args.pool:
            print(f"  pooled: {score(short)}")
        print(f"  warnings only: {score(short, 'warned')}")
        result = {"batch": folder.name, "short": score(short), "long": score([r for r in rows if r["long"]]),
                  "other": score([r for r in rows if not r["eligible"] and not r["long"]]),
                  "under_seal": score([r for r in short if r["under_seal"]])}
        print(f"\n== {name} ({folder.name}, {len({r['file'] for r in rows})} files)")
        for part in ("short", "long", "other", "under_seal"):
            print(f"  {part:10s} {result[part]}")
        if args.sweep:
            result["sweep"] = sweep(short)
            for s in result["sweep"]:
                print(f"  low<{s['low']:.2f} seal<{s['seal']:.2f}: flagged={s['flagged']} "
                      f"P={s['precision']} R={s['recall']}")
        for r in [r for r in rows if r["wrong"]][: args.misses]:
            print(f"   wrong {r['file']} {r['path']} conf={r['confidence']} seal={r['under_seal']} "
                  f"truth={str(r['truth'])[:30]!r} got={str(r['got'])[:30]!r} flagged={r['flagged']}")
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"ocr-confidence-{name}.json").write_text(
            json.dumps({**result, "rows": rows}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
