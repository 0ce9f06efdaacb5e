"""Where does a scan become too poor to trust? Resolution, sharpness and field accuracy of degraded scans.

    python -m evals.scan_quality [--files N] [--pages P]

The first P pages (cover and section 一) of the first N digital declarations of the committed sample batch
(samples/batch-2023, generator seed 2023) are scanned again by samples.scan at each QUALITY (resolution kept,
extra blur) and extracted by the review (review.extract); the page reader's own figures (effective dpi and
sharpness, extractors.scan_quality) are printed per condition with the share of fields read right (against the
batch's truth, normalised as in evals.extract; the short text fields of extractors.ocr_confidence.eligible) and how
many pages SCAN_QUALITY named. The fields (confidence, under a seal, right or wrong) are kept in
out/eval/scan-quality.json for evals.ocr_confidence --pool.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
from pathlib import Path
from typing import Any

import pymupdf

import review
from catalog.reference import default_form
from evals.extract import OUT
from evals.ocr_confidence import field_rows
from extractors.reader import read_document
from samples.scan import Quality, scan

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "batch-2023"
QUALITY = [Quality(150), Quality(120), Quality(100), Quality(80), Quality(60), Quality(150, 1.0),
           Quality(150, 1.6), Quality(150, 2.4), Quality(60, 1.0)]


def degraded(pdf: Path, quality: Quality, pages: int, folder: Path) -> Path:
    """Digital PDF -> its first `pages` pages scanned at `quality`, written under `folder` (same stem)."""
    with pymupdf.open(pdf) as doc:
        doc.select(list(range(min(pages, doc.page_count))))
        data = doc.tobytes()
    out = folder / pdf.name
    out.write_bytes(scan(data, None, random.Random(f"quality-{pdf.stem}"), [], quality)[0])
    return out


def condition(files: list[Path], quality: Quality, pages: int, tag: str = "") -> dict[str, Any]:
    """Digital PDFs + a scan quality -> page figures, fields right and SCAN_QUALITY pages of that condition."""
    folder = OUT / f"scan-quality{tag}" / f"dpi{quality.dpi}-blur{quality.blur}"
    (folder / "truth").mkdir(parents=True, exist_ok=True)
    ctx = review.ReviewContext(pages=review.PageStore(OUT / ".pages"))
    (folder / "extracted").mkdir(exist_ok=True)
    subs, dpis, sharp, flagged = {}, [], [], 0
    for pdf in files:
        shutil.copy(SOURCE / "truth" / f"{pdf.stem}.json", folder / "truth" / f"{pdf.stem}.json")
        scanned = degraded(pdf, quality, pages, folder)
        with pymupdf.open(scanned) as doc:  # the review's own page reader: its dpi and sharpness per page
            read = read_document(doc, deadline=1e12, store=ctx.pages,
                                 sha256=hashlib.sha256(scanned.read_bytes()).hexdigest(), form=default_form())
        dpis += [p.dpi for p in read.pages if p.dpi is not None]
        sharp += [p.sharpness for p in read.pages if p.sharpness is not None]
        sub = review.extract(scanned, ctx)
        (folder / "extracted" / f"{pdf.stem}.json").write_text(sub.model_dump_json(), encoding="utf-8")
        subs[pdf.stem] = sub
        flagged += sum(len(str(f.value).split("、")) for f in sub.findings if f.rule == "SCAN_QUALITY")
    rows = field_rows(folder, subs)
    short = [r for r in rows if r["eligible"]]
    return {"dpi": quality.dpi, "blur": quality.blur, "pages": len(sharp), "dpi_median": statistics.median(dpis),
            "sharpness_min": min(sharp, default=None), "sharpness_median": statistics.median(sharp) if sharp else None,
            "sharpness_max": max(sharp, default=None), "fields": len(short),
            "fields_right": round(100 * sum(not r["wrong"] for r in short) / max(len(short), 1), 1),
            "scan_quality_pages": flagged,
            "rows": rows}


def main(argv: list[str] | None = None) -> None:
    """CLI entry: every condition, printed and written to out/eval/scan-quality.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--offset", type=int, default=0, help="skip the first N digital samples (a held-out set)")
    ap.add_argument("--out", type=Path, default=OUT / "scan-quality.json")
    args = ap.parse_args(argv)
    files = sorted(SOURCE.glob("*_digital.pdf"))[args.offset: args.offset + args.files]
    results = []
    for q in QUALITY:
        r = condition(files, q, args.pages, f"-{args.offset}" if args.offset else "")
        results.append(r)
        print(f"dpi={r['dpi']:3d} blur={r['blur']:.1f}: pages={r['pages']} dpi~{r['dpi_median']:.0f} sharpness "
              f"min/median/max={r['sharpness_min']}/{r['sharpness_median']}/{r['sharpness_max']} "
              f"fields right={r['fields_right']}% (n={r['fields']}) SCAN_QUALITY pages={r['scan_quality_pages']}",
              flush=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str),
                                           encoding="utf-8")


if __name__ == "__main__":
    main()
