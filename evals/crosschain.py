"""Accuracy on PDFs from another tool chain: the truth of a generated batch re-rendered as Word-style DOCX
(python-docx) and converted by LibreOffice, each also scanned (samples.scan: 150 dpi, skew, noise, blur, JPEG),
then read by the extractors and scored like evals/extract.py; the rule checks and the paper-versus-online
comparison are scored on the same copies against the source batch's truth and online records
(evals/crosschain_checks.py).

Run: `python -m evals.crosschain [--seed 7] [--preset eval|scans] [--limit N] [--no-scans]`. `--preset scans`
re-renders a scans batch (14 copies, 11 planted mismatches): a comparison figure resting on more than one
planted item. Needs soffice (Debian libreoffice-writer-nogui, fonts-wqy-zenhei); without it the evaluation
says so and exits 0. Seals are not drawn in this chain (truth seals are empty).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

from catalog.reference import load_reference
from evals.checks import extracted_submission
from evals.crosschain_checks import evaluate_mismatches, evaluate_rules, mismatch_report
from evals.extract import OUT, ensure_batch, evaluate, print_report
from model import Submission
from samples.render_docx import docx_to_pdf, render_docx, soffice
from samples.scan import scan


def folder_name(preset: str, seed: int) -> str:
    """Source preset + seed -> the cross-chain folder name (crosschain-7 for eval-7, crosschain-scans-5 …)."""
    return f"crosschain-{seed}" if preset == "eval" else f"crosschain-{preset}-{seed}"


def build(seed: int, limit: int | None, preset: str = "eval") -> Path:
    """Generated batch (preset, seed) -> out/eval/<folder_name> with LibreOffice PDFs and adapted truths."""
    src = ensure_batch(preset, seed)
    dst = OUT / folder_name(preset, seed)
    (dst / "truth").mkdir(parents=True, exist_ok=True)
    truths = sorted((src / "truth").glob("*.json"))[:limit]
    for path in truths:
        raw = json.loads(path.read_text(encoding="utf-8"))
        stem = path.stem.rsplit("_", 1)[0] + "_docx"
        source = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        made = dst / "truth" / f"{stem}.json"
        if (dst / f"{stem}.pdf").exists() and made.exists() and \
                json.loads(made.read_text(encoding="utf-8")).get("source_sha") == source:
            continue  # rendered from this very truth (a regenerated source batch makes it stale)
        for old in (dst / f"{stem}.pdf", dst / f"{stem}_scanned.pdf"):
            old.unlink(missing_ok=True)
        sub = Submission.model_validate(raw["submission"])
        ref = load_reference(sub.year or 2023)
        docx = render_docx(sub, ref, dst / f"{stem}.docx")
        docx_to_pdf(docx, dst)
        docx.unlink()
        data = raw["submission"]
        data["seals"] = []
        for inst in data.get("instances", []):
            inst["page"] = None
            inst["narrative_page"] = None
        for rows in data.get("fields", {}).get("annexes", {}).values():
            for row in rows:
                row["page"] = None
        out = {**raw, "file": f"{stem}.pdf", "kind": "digital", "style": "docx-libreoffice", "submission": data,
               "ocr_pages": [], "source_sha": source}
        (dst / "truth" / f"{stem}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return dst


def add_scans(folder: Path, seed: int) -> None:
    """Cross-chain batch -> a scanned copy (every page) of each LibreOffice PDF, with its truth."""
    for n, pdf in enumerate(sorted(folder.glob("*_docx.pdf"))):
        dst = folder / f"{pdf.stem}_scanned.pdf"
        truth_path = folder / "truth" / f"{pdf.stem}.json"
        if dst.exists() or not truth_path.exists():
            continue
        data, pages, _ = scan(pdf.read_bytes(), None, random.Random(seed * 1000 + n), [])
        dst.write_bytes(data)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        truth.update({"file": dst.name, "kind": "scanned", "ocr_pages": pages})
        (folder / "truth" / f"{dst.stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                           encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """CLI entry: build the cross-chain batch, evaluate it and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--preset", default="eval", help="the generated batch re-rendered: eval (default) or scans "
                    "(14 copies, most with a planted mismatch)")
    ap.add_argument("--limit", type=int, default=16, help="how many documents to re-render (3 s each)")
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--no-scans", action="store_true", help="only the LibreOffice PDFs, no scanned copies")
    args = ap.parse_args(argv)
    if soffice() is None:
        print("crosschain: soffice not installed (apt-get install libreoffice-writer-nogui fonts-wqy-zenhei); skipped")
        return 0
    folder = build(args.seed, args.limit, args.preset)
    if not args.no_scans:
        add_scans(folder, args.seed)
    result = evaluate(folder, extract=lambda pdf: extracted_submission(pdf, fresh=False))
    name = folder_name(args.preset, args.seed)
    print_report(f"{name} (python-docx + LibreOffice)", result)
    for m in result.get("all", {}).get("misses", [])[: args.misses]:
        print("   miss", m)
    (OUT / f"extract-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    checks = evaluate_mismatches(folder, ensure_batch(args.preset, args.seed))
    print("\n".join(mismatch_report(name, checks)))
    rules = evaluate_rules(folder, ensure_batch(args.preset, args.seed))
    print("\n".join(mismatch_report(name, rules, "rules")))
    (OUT / f"checks-{name}.json").write_text(json.dumps({**checks, "rules": rules}, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
