"""Skew estimation (extractors.deskew) against the known angle of every scanned page.

The digital PDFs of a generated batch (and, when present, of its LibreOffice cross-chain copy) are scanned
again with samples.scan, recording the angle each page was turned by; the estimate on the scanned image must
undo it. Printed: pages, median and 95th-percentile error, pages off by more than 0.3° (listed), ms/page.

Run: `python -m evals.deskew [--batch eval-7] [--seed 11] [--limit N]`.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
import pymupdf

import samples.scan as scan_module
from evals.crosschain import folder_name
from evals.extract import OUT, ensure_batch
from extractors.deskew import estimate_skew
from extractors.ocr import page_image

OFF = 0.3   # degrees: an error above this is listed


def scanned_angles(pdf: Path, rng: random.Random) -> tuple[bytes, list[float]]:
    """Digital PDF + rng -> (its scanned copy, the angle each page was turned by)."""
    angles: list[float] = []
    original = scan_module._scan_image

    def recording(page: pymupdf.Page, r: random.Random, angle: float, *quality: scan_module.Quality) -> bytes:
        angles.append(angle)
        return original(page, r, angle, *quality)

    scan_module._scan_image = recording
    try:
        data, _, _ = scan_module.scan(pdf.read_bytes(), None, rng, [])
    finally:
        scan_module._scan_image = original
    return data, angles


def evaluate(pdfs: list[Path], seed: int) -> dict:
    """Digital PDFs + seed -> errors per page, the pages off by more than OFF, seconds spent estimating."""
    errors: list[float] = []
    off: list[tuple[str, int, float, float]] = []
    spent = 0.0
    for n, pdf in enumerate(pdfs):
        data, angles = scanned_angles(pdf, random.Random(seed * 1000 + n))
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            for k, angle in enumerate(angles):
                img = page_image(doc, doc[k])
                started = time.perf_counter()
                found = estimate_skew(img)
                spent += time.perf_counter() - started
                err = abs(found + angle)   # the estimate is the rotation that straightens the page
                errors.append(err)
                if err > OFF:
                    off.append((pdf.name, k + 1, round(angle, 2), found))
    return {"errors": errors, "off": off, "seconds": spent}


def main(argv: list[str] | None = None) -> int:
    """CLI entry: scan a batch's digital PDFs again and score the skew estimates."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", default="eval-7", help="<preset>-<seed> of a generated batch (default eval-7)")
    ap.add_argument("--seed", type=int, default=11, help="seed of the scans (angles, noise)")
    ap.add_argument("--limit", type=int, default=16, help="documents per chain")
    args = ap.parse_args(argv)
    preset, seed = args.batch.rsplit("-", 1)
    folder = ensure_batch(preset, int(seed))
    chains = {"generator": sorted(folder.glob("*_digital.pdf"))[: args.limit]}
    cross = OUT / folder_name(preset, int(seed))
    if cross.is_dir():
        chains["crosschain"] = sorted(cross.glob("*_docx.pdf"))[: args.limit]
    for name, pdfs in chains.items():
        r = evaluate(pdfs, args.seed)
        e = np.array(r["errors"])
        print(f"[{name}] files {len(pdfs)} pages {len(e)} median error {np.median(e):.3f}° "
              f"p95 {np.percentile(e, 95):.3f}° off by > {OFF}°: {int((e > OFF).sum())} "
              f"({1000 * r['seconds'] / max(1, len(e)):.0f} ms/page)")
        for item in r["off"]:
            print("   off", item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
