"""Which recogniser reads short field cells better: rapidocr-openvino 1.4.4 (PP-OCRv4, shipped) or the PP-OCRv6
recogniser of the `rapidocr` 3.x wheel? Accuracy and time on field cells cut from generated scans.

    python -m evals.ocr_engines [--batch dev|test] [--limit N]

Needs `rapidocr` installed next to the shipped engine (it is not a dependency: `uv pip install rapidocr==3.10.0`).
Cells: every short text field (at most MAX_CHARS characters; checkbox rows and numbers left out) the extraction
of evals.ocr_confidence read on an OCR page, cut from the deskewed red channel of its page (as the page pass saw
it) with PAD points around its provenance box. Each engine detects and recognises the lines of the cell; the
lines joined in reading order, the cover's label and （盖章） taken off, are compared with the truth after the
normalisation of evals.extract. Printed per engine: cells right, on all cells, on the cells the extraction got
wrong and on those it flagged OCR_UNCERTAIN, and the mean time per cell (engine warm).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf

from catalog.reference import default_form
from evals.extract import OUT, ensure_batch, norm
from evals.ocr_confidence import BATCHES, extracted, field_rows
from extractors.deskew import straighten
from extractors.ocr import ocr_engine, page_image
from review import PageStore, ReviewContext

MAX_CHARS = 40
PAD = 2.0
SKIP = ("ownership", "size", "sector", "key_region", "accident", "smart_supply_chain", "maturity_level")


def _v4() -> Callable[[np.ndarray], list[tuple[list, str, float]]]:
    """-> the shipped engine (rapidocr-openvino, PP-OCRv4) as crop -> [(box, text, score)]."""
    engine = ocr_engine()

    def read(img: np.ndarray) -> list[tuple[list, str, float]]:
        result = engine(img, use_cls=False)[0] or []
        return [(r[0], r[1], float(r[2])) for r in result]
    return read


def _v6() -> Callable[[np.ndarray], list[tuple[list, str, float]]]:
    """-> the rapidocr 3.x engine (PP-OCRv6 small det and rec shipped in its wheel, onnxruntime)."""
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "warning"})

    def read(img: np.ndarray) -> list[tuple[list, str, float]]:
        r = engine(img, use_cls=False)
        if r.txts is None:
            return []
        return [(b.tolist(), t, float(s)) for b, t, s in zip(r.boxes, r.txts, r.scores, strict=True)]
    return read


def _joined(lines: list[tuple[list, str, float]]) -> str:
    """OCR lines of a cell -> their text in reading order (rows top to bottom, left to right)."""
    def key(line: tuple[list, str, float]) -> tuple[int, float]:
        ys = [p[1] for p in line[0]]
        return int(min(ys) // 12), min(p[0] for p in line[0])
    return "".join(t for _, t, _ in sorted(lines, key=key))


def _strip_cover(text: str) -> str:
    """Read cover line -> without its printed label and （盖章）."""
    form = default_form()
    flat = re.sub(r"\s+", "", text)
    for label in form.cover.labels.values():
        if flat.startswith(label):
            flat = flat[len(label):].lstrip("：:")
    return re.sub(rf"[（(]?{form.cover.stamp_word}[)）]?", "", flat)


def cells(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Batch folder (PDFs + truth/; extracted as evals.ocr_confidence does, kept under extracted/) -> the short
    text cells with their crop and truth."""
    subs = extracted(folder, ReviewContext(pages=PageStore(OUT / ".pages")))
    subs = {k: subs[k] for k in sorted(subs)[:limit]}
    out = []
    for stem, rows in _by_file(field_rows(folder, subs)).items():
        sub = subs[stem]
        with pymupdf.open(folder / "heads" / f"{stem}.pdf") as doc:
            images: dict[int, tuple[np.ndarray, float]] = {}
            for r in rows:
                t = r["truth"]
                if not isinstance(t, str) or len(t) > MAX_CHARS or r["path"].split(".")[1] in SKIP:
                    continue
                if r["page"] not in images:
                    img = page_image(doc, doc[r["page"] - 1])
                    straight, _ = straighten(img)
                    red = np.ascontiguousarray(straight[:, :, 2])
                    images[r["page"]] = (cv2.merge([red, red, red]), img.shape[1] / doc[r["page"] - 1].rect.width)
                img, scale = images[r["page"]]
                x0, y0, x1, y1 = sub.provenance[r["path"]].bbox or (0, 0, 0, 0)
                crop = img[max(0, int((y0 - PAD) * scale)):int((y1 + PAD) * scale),
                           max(0, int((x0 - PAD) * scale)):int((x1 + PAD) * scale)]
                if crop.size:
                    out.append({**r, "crop": np.ascontiguousarray(crop)})
    return out


def _by_file(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows -> grouped by file."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["file"], []).append(r)
    return out


def measure(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Cells -> per engine: right on all / on the extraction's wrong / on flagged cells, and seconds per cell."""
    result: dict[str, Any] = {"cells": len(found), "extraction_right": sum(not c["wrong"] for c in found)}
    for name, make in (("v4_openvino", _v4), ("v6_rapidocr3", _v6)):
        read = make()
        read(found[0]["crop"])  # warm
        right = {"all": 0, "wrong": 0, "flagged": 0}
        seconds = 0.0
        misses = []
        for c in found:
            t0 = time.perf_counter()
            text = _strip_cover(_joined(read(c["crop"])))
            seconds += time.perf_counter() - t0
            ok = norm(text) == norm(c["truth"])
            right["all"] += ok
            right["wrong"] += ok and c["wrong"]
            right["flagged"] += ok and c["flagged"]
            if not ok:
                misses.append(f"{c['path']}: truth={c['truth']!r} read={text!r}")
        result[name] = {**right, "s_per_cell": round(seconds / max(len(found), 1), 3), "misses": misses[:40]}
    result["n_wrong"] = sum(c["wrong"] for c in found)
    result["n_flagged"] = sum(c["flagged"] for c in found)
    return result


def main(argv: list[str] | None = None) -> None:
    """CLI entry: cut the cells, read them with both engines, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", choices=list(BATCHES), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files")
    ap.add_argument("--folder", type=Path, default=None, help="another folder of scans with truth/ (e.g. a "
                    "condition of evals.scan_quality under out/eval/scan-quality/)")
    args = ap.parse_args(argv)
    folder = args.folder or ensure_batch(*BATCHES[args.batch])
    result = measure(cells(folder, args.limit))
    print(f"== {folder.name}: {result['cells']} short field cells, extraction right "
          f"{result['extraction_right']}, wrong {result['n_wrong']}, flagged {result['n_flagged']}")
    for name in ("v4_openvino", "v6_rapidocr3"):
        r = result[name]
        print(f"  {name:13s} right {r['all']}/{result['cells']}  on the extraction's wrong {r['wrong']}/"
              f"{result['n_wrong']}  on flagged {r['flagged']}/{result['n_flagged']}  {r['s_per_cell']} s/cell")
        for m in r["misses"][:15]:
            print("     miss", m)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"ocr-engines-{folder.name if args.folder else args.batch}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                                         encoding="utf-8")


if __name__ == "__main__":
    main()
