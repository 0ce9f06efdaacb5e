"""Per-batch speed: the whole per-file analysis (extract + classify + check, review.analyse_document) over a batch,
against two plain passes over the same files measured in the same run: PyMuPDF open + get_text("text") and
pdfplumber open + extract_text. One process, one core's worth of OCR (SHENBAO_OCR_THREADS=1 unless set).
Prints medians and ratios per kind of file (digital, scanned, mixed; the file-name suffix of the generator)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KINDS = ("digital", "scanned", "mixed")


def _pymupdf_text(paths: list[Path]) -> float:
    import pymupdf

    t = time.perf_counter()
    for p in paths:
        with pymupdf.open(p) as doc:
            for page in doc:
                page.get_text("text")
    return time.perf_counter() - t


def _pdfplumber_text(paths: list[Path]) -> float:
    import pdfplumber

    t = time.perf_counter()
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
    return time.perf_counter() - t


def _analyse(paths: list[Path]) -> float:
    import review

    with tempfile.TemporaryDirectory() as tmp:
        ctx = review.ReviewContext(pages=review.PageStore(Path(tmp) / "pages"), budget_s=3600)
        t = time.perf_counter()
        for p in paths:
            review.analyse_document(p, ctx)
        return time.perf_counter() - t


def main(batch: Path = ROOT / "samples" / "batch-2023", repeats: int = 3) -> dict[str, float]:
    """Batch folder -> printed and returned figures per kind: s/page, pages/s, ratios to the two baselines."""
    os.environ.setdefault("SHENBAO_OCR_THREADS", "1")
    import pymupdf

    paths = sorted(batch.glob("*.pdf"))
    pages = {p: pymupdf.open(p).page_count for p in paths}
    _analyse(paths[:1])  # load the OCR engine, mapper and reference data before timing
    figures: dict[str, float] = {}
    for kind in KINDS:
        group = [p for p in paths if p.stem.endswith(kind)]
        if not group:
            continue
        n_pages = sum(pages[p] for p in group)
        runs = [_analyse(group) for _ in range(repeats if kind == "digital" else 1)]
        base = [_pymupdf_text(group) for _ in range(3)]
        plumb = [_pdfplumber_text(group) for _ in range(3 if kind == "digital" else 1)]
        run, b, pl = statistics.median(runs), statistics.median(base), statistics.median(plumb)
        figures.update({f"{kind}_files": len(group), f"{kind}_pages": n_pages, f"{kind}_s_per_batch": round(run, 2),
                        f"{kind}_pages_per_s": round(n_pages / run, 2),
                        f"{kind}_pymupdf_text_pages_per_s": round(n_pages / b, 1),
                        f"{kind}_pdfplumber_text_pages_per_s": round(n_pages / pl, 1),
                        f"{kind}_ratio_vs_pymupdf_text": round(run / b, 1),
                        f"{kind}_ratio_vs_pdfplumber_text": round(run / pl, 2)})
        print(f"[batch] {batch.name} {kind:8s} {len(group):3d} files {n_pages:4d} pages: {run:7.2f} s, "
              f"{n_pages / run:6.2f} pages/s; PyMuPDF get_text {n_pages / b:7.1f} pages/s (×{run / b:,.1f}); "
              f"pdfplumber extract_text {n_pages / pl:6.1f} pages/s (×{run / pl:,.2f})", flush=True)
    return figures


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "batch-2023")
