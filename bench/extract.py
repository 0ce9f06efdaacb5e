"""Speed of the PDF extractors, beside plain baselines measured in the same run.

    python -m bench.extract [--batch DIR] [--runs 3] [--ocr-pages 6]

1. Digital files: full extraction (review.extract) pages/s vs raw PyMuPDF open + get_text("text") on the
   same pages (median of a few runs, one core: OpenCV threads off).
2. Scanned pages: seconds per page for OCR (RapidOCR openvino, engine loaded beforehand).
3. Table readers on the digital pages: our ruling-line grid vs PyMuPDF find_tables(strategy="lines",
   use_layout=False) vs pdfplumber extract_tables — ms/page, and the share of truth values (names,
   codes, amounts, metric values) that come out as the exact text of one cell.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.document_index import build_document  # noqa: E402
from extractors.reader import read_document  # noqa: E402
from model.text import normalize_text  # noqa: E402
from review import ReviewContext, extract  # noqa: E402

DEFAULT_BATCHES = (ROOT / "out" / "eval" / "eval-7", ROOT / "samples" / "batch-2023")


def _files(batch: Path, kind: str) -> list[Path]:
    """Batch folder + kind -> its PDFs of that kind (by the generator's file-name suffix)."""
    return sorted(p for p in batch.glob(f"*_{kind}.pdf"))


def _median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    """Callable -> median wall time over `runs` calls."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_digital(files: list[Path], runs: int) -> dict[str, float]:
    """Digital PDFs -> pages/s of the extraction stage (review.extract) and of raw get_text, and their ratio."""
    import pymupdf

    pages = sum(pymupdf.open(f).page_count for f in files)

    def raw() -> None:
        for f in files:
            with pymupdf.open(f) as doc:
                for page in doc:
                    page.get_text("text")

    def full() -> None:
        for f in files:
            extract(f, ReviewContext())

    full()  # warm caches (fonts, reference data)
    t_raw, t_full = _median_time(raw, runs), _median_time(full, runs)
    return {"pages": pages, "raw_pages_per_s": round(pages / t_raw, 1), "full_pages_per_s": round(pages / t_full, 1),
            "ratio_full_over_raw_time": round(t_full / t_raw, 1)}


def bench_ocr(files: list[Path], max_pages: int) -> dict[str, float]:
    """Scanned PDFs -> seconds per OCR page (engine loaded before timing)."""
    import pymupdf

    from extractors.ocr import ocr_engine, read_ocr_page

    ocr_engine()
    done, total = 0, 0.0
    for f in files:
        with pymupdf.open(f) as doc:
            for page in doc:
                if done >= max_pages:
                    break
                t0 = time.perf_counter()
                read_ocr_page(doc, page, page.number + 1)
                total += time.perf_counter() - t0
                done += 1
    return {"ocr_pages": done, "s_per_ocr_page": round(total / max(done, 1), 2)}


def _truth_values(truth_file: Path) -> set[str]:
    """Truth JSON -> short field values as printed (text and numbers) to look for in cells."""
    raw = json.loads(truth_file.read_text(encoding="utf-8"))
    fields = raw.get("submission", raw).get("fields", {})
    out: set[str] = set()

    def walk(v: object) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, str) and 2 <= len(v) <= 40:
            out.add((normalize_text(v) or "").replace(" ", ""))
        elif isinstance(v, float | int) and not isinstance(v, bool):
            out.add(f"{v:g}")

    for key in ("company_name", "credit_code", "factory_address", "legal_rep", "contact", "metrics", "industry"):
        walk(fields.get(key))
    return out


def _cells_ours(doc_path: Path) -> tuple[list[str], float]:
    """PDF -> (cell texts, seconds) with our grid reader."""
    import pymupdf

    with pymupdf.open(doc_path) as doc:
        t0 = time.perf_counter()
        read = read_document(doc)
        layout = build_document(read.pages)
        secs = time.perf_counter() - t0
    return [c.text for t in layout.tables for c in t.cells], secs


def _cells_pymupdf(doc_path: Path) -> tuple[list[str], float]:
    """PDF -> (cell texts, seconds) with PyMuPDF find_tables(strategy='lines', use_layout=False)."""
    import pymupdf

    cells: list[str] = []
    with pymupdf.open(doc_path) as doc:
        t0 = time.perf_counter()
        for page in doc:
            try:
                found = page.find_tables(strategy="lines", use_layout=False)
            except TypeError:  # older signature without use_layout
                found = page.find_tables(strategy="lines")
            for tab in found.tables:
                cells += [c or "" for row in tab.extract() for c in row]
        secs = time.perf_counter() - t0
    return cells, secs


def _cells_pdfplumber(doc_path: Path) -> tuple[list[str], float]:
    """PDF -> (cell texts, seconds) with pdfplumber extract_tables (lines strategy)."""
    import pdfplumber

    cells: list[str] = []
    t0 = time.perf_counter()
    with pdfplumber.open(doc_path) as pdf:
        for page in pdf.pages:
            for tab in page.extract_tables():
                cells += [c or "" for row in tab for c in row]
    return cells, time.perf_counter() - t0


def bench_tables(files: list[Path], batch: Path) -> dict[str, dict[str, float]]:
    """Digital PDFs with truth -> per reader: ms/page and share of truth values found as one cell."""
    import pymupdf

    out = {}
    pages = sum(pymupdf.open(f).page_count for f in files)
    for name, reader in (("ours", _cells_ours), ("pymupdf_find_tables", _cells_pymupdf),
                         ("pdfplumber", _cells_pdfplumber)):
        hit = total = 0
        secs = 0.0
        for f in files:
            truth = batch / "truth" / f"{f.stem}.json"
            if not truth.exists():
                continue
            cells, s = reader(f)
            secs += s
            texts = {(normalize_text(c) or "").replace(" ", "") for c in cells}
            numbers = set()
            for c in texts:
                with contextlib.suppress(ValueError):
                    numbers.add(f"{float(c.replace(',', '').rstrip('%')):g}")
            values = _truth_values(truth)
            total += len(values)
            hit += sum(1 for v in values if v in texts or v in numbers)
        out[name] = {"ms_per_page": round(1000 * secs / max(pages, 1), 1),
                     "cells_exact_pct": round(100 * hit / max(total, 1), 1), "values": total}
    return out


def main(argv: list[str] | None = None) -> None:
    """CLI entry: print the figures (and write out/bench-extract.json)."""
    ap = argparse.ArgumentParser(description="extractor speed")
    ap.add_argument("--batch", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--files", type=int, default=6, help="digital files to time")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    batch = args.batch or next((b for b in DEFAULT_BATCHES if b.exists()), DEFAULT_BATCHES[-1])
    digital = _files(batch, "digital")[: args.files]
    result = {"batch": str(batch), "digital": bench_digital(digital, args.runs)}
    print(f"digital: {result['digital']}", flush=True)
    result["tables"] = bench_tables(digital[:4], batch)
    for name, r in result["tables"].items():
        print(f"tables {name}: {r}", flush=True)
    scanned = _files(batch, "scanned")
    if scanned and args.ocr_pages:
        result["ocr"] = bench_ocr(scanned, args.ocr_pages)
        print(f"ocr: {result['ocr']}", flush=True)
    (ROOT / "out").mkdir(exist_ok=True)
    (ROOT / "out" / "bench-extract.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
