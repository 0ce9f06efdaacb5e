"""Per-batch speed: the whole per-file analysis (extract + classify + check) over a sample batch, against a plain
PyMuPDF text extraction of the same files measured in the same run. Prints medians and the ratio."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _baseline(paths: list[Path]) -> float:
    import pymupdf

    t = time.perf_counter()
    for p in paths:
        with pymupdf.open(p) as doc:
            for page in doc:
                page.get_text("text")
    return time.perf_counter() - t


def main(batch: Path = ROOT / "samples" / "batch-2023", repeats: int = 3) -> dict[str, float]:
    """Sample batch -> printed and returned figures (seconds per page and per batch, ratio to baseline)."""
    import pymupdf

    import review

    paths = sorted(batch.glob("*.pdf"))
    pages = {p: pymupdf.open(p).page_count for p in paths}
    digital = [p for p in paths if p.stem.endswith("digital")]
    figures: dict[str, float] = {}
    for label, group in (("digital", digital), ("all", paths)):
        if not group:
            continue
        n_pages = sum(pages[p] for p in group)
        runs, base = [], []
        for _ in range(repeats if label == "digital" else 1):
            with tempfile.TemporaryDirectory() as tmp:
                ctx = review.ReviewContext(pages=review.PageStore(Path(tmp) / "pages"))
                t = time.perf_counter()
                for p in group:
                    review.analyse_document(p, ctx)
                runs.append(time.perf_counter() - t)
            base.append(_baseline(group))
        run, b = statistics.median(runs), statistics.median(base)
        figures[f"{label}_s_per_page"] = run / n_pages
        figures[f"{label}_s_per_batch"] = run
        figures[f"{label}_ratio_vs_pymupdf_text"] = run / b if b else float("nan")
        print(f"[batch] {label:8s} {len(group):3d} files {n_pages:4d} pages: {run:7.2f} s/batch, "
              f"{1000 * run / n_pages:8.1f} ms/page, {n_pages / run:6.1f} pages/s; "
              f"PyMuPDF get_text baseline {1000 * b / n_pages:6.2f} ms/page; ratio ×{run / b:,.0f}")
    return figures


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "batch-2023")
