"""Recall and precision of the rule checks and the paper/online comparison on generated batches.

    python -m evals.checks [--batch eval|holdout|scans|scans-holdout|scans-holdout-2|all] [--mode truth|extracted|both] [--fresh]

Batches: preset "eval" seed 7 (development), preset "holdout" seed 99 (not tuned on), and preset "scans"
(14 scanned paper copies, half with a planted mismatch) seeds 5 (development) and 55 (holdout), generated with
samples.generate.generate_batch into out/eval/<preset>-<seed>/ (reused when present). Two modes:
truth (the generator's Submission as printed: the upper bound, must be 100 %) and extracted (the PDF
read by review.extract; cached per file and extractor version). Both then run exactly the stages of
`shenbao review` (review.analyse_extracted, review.finish_batch) on a ReviewContext built from the truth. Figures are
printed per kind of paper copy (digital / scanned / mixed) and written to out/eval/checks-<batch>.json:
R = recall of planted items, P = precision (reports matching a planted item / all reports of the
evaluated kinds), clean = documents with nothing planted on which nothing was reported / such documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import review
from checks.paper_vs_online import compare_paper_online
from evals.checks_blame import misread, to_truth_index
from evals.checks_match import EVALUATED_RULES, Score, match, match_online_only
from evals.extract import ensure_batch
from model.submission import Finding, Mismatch, Submission
from review import PageStore, ReviewContext, fixed_holders

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "eval"
BATCHES = {"eval": ("eval", 7), "holdout": ("holdout", 99), "scans": ("scans", 5), "scans-holdout": ("scans", 55),
           "scans-holdout-2": ("scans", 77)}
log = logging.getLogger("evals.checks")


@cache
def _code_version() -> str:
    """Hash of the extractor and classifier sources (the extraction cache key), taken once per process so
    that sources edited during a long run do not label results of the code already loaded."""
    h = hashlib.sha256()
    for pkg in ("extractors", "classifiers", "model"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def extracted_submission(pdf: Path, fresh: bool, reuse: bool = False, ctx: ReviewContext | None = None,
                         ) -> Submission:
    """PDF -> Submission read by the review's extraction stage (cached in <batch>/.extracted by file content and
    code version; `reuse` takes the newest cached extraction of any version, for quick iterations on the
    checks). The OCR page passes go to ctx.pages (by default the batch's <batch>/.pages store)."""
    ctx = ctx or ReviewContext(pages=batch_pages(pdf.parent))
    file_hash = hashlib.sha256(pdf.read_bytes()).hexdigest()[:12]
    cache = pdf.parent / ".extracted" / f"{pdf.stem}-{file_hash}-{_code_version()}.json"
    older = sorted(cache.parent.glob(f"{pdf.stem}-{file_hash}-*.json"), key=lambda p: p.stat().st_mtime)
    if reuse and older and not fresh:
        cache = older[-1]
    if cache.exists() and not fresh:
        sub = Submission.model_validate_json(cache.read_text(encoding="utf-8"))
        return sub.model_copy(update={"source": sub.source.model_copy(update={"path": str(pdf)})})
    sub = review.extract(pdf, ctx)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(sub.model_dump_json(), encoding="utf-8")
    return sub


@cache
def batch_pages(folder: Path) -> PageStore:
    """Batch folder -> its page store (<batch>/.pages): what the extraction's OCR read, for the second readings
    of later runs on cached extractions."""
    return PageStore(folder / ".pages")


def truth_holders(truth: dict[str, Any]) -> list[tuple[str, str]]:
    """Batch truth -> its earlier 示范工厂揭榜单位 as (credit code, name), the ReviewContext.holders of the eval."""
    return [(p.get("credit_code", ""), p.get("company_name", "")) for p in truth.get("prior_demo_factories", [])]


def eval_context(folder: Path, truth: dict[str, Any], online: Path | None = None) -> ReviewContext:
    """Batch folder + truth -> the context the review stages get in an eval: the batch's online records, the
    truth's holders, no confirmed examples (an empty case library), the batch's page store."""
    return ReviewContext(online=online if online is not None else folder / "online.json",
                         holders=fixed_holders(truth_holders(truth)), pages=batch_pages(folder))


def analyse(sub: Submission, ctx: ReviewContext | None = None) -> Submission:
    """Submission -> with its year, classified and checked (single-document rules): review.analyse_extracted."""
    return review.analyse_extracted(sub, ctx or ReviewContext())


def planted_rules(doc: dict[str, Any], truth: dict[str, Any]) -> list[tuple[str, str | None]]:
    """DocTruth (+ batch truth) -> planted (rule, field), batch-level rules derived when not listed."""
    out = [(p["rule"], p.get("field")) for p in doc.get("planted_rules", []) if p["rule"] in EVALUATED_RULES]
    listed = {r for r, _ in out}
    stem = Path(doc["file"]).stem
    if not doc.get("online", True) and "UNPAIRED" not in listed:
        out.append(("UNPAIRED", None))
    if "NEAR_DUPLICATE_TEXT" not in listed:
        for a, b, path in truth.get("near_duplicates", []):
            if stem in (Path(a).stem, Path(b).stem):
                out.append(("NEAR_DUPLICATE_TEXT", path))
    if "ALREADY_DEMO_FACTORY" not in listed:
        code = doc["submission"]["fields"].get("credit_code")
        if doc["submission"].get("declaration_type") == "示范工厂" and any(
                p.get("credit_code") == code for p in truth.get("prior_demo_factories", [])):
            out.append(("ALREADY_DEMO_FACTORY", None))
    return out


def _dig(obj: Any, path: str) -> Any:
    """Nested dicts + dotted path -> value (None when absent)."""
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj


def real_planted_mismatches(doc: dict[str, Any], online_raw: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """DocTruth + raw online records -> (planted mismatches that really differ, notes on those that do not).

    A generator edit can be a no-op (e.g. 有限公司 -> 股份有限公司 on a name ending in 有限责任公司); counting it
    as planted would charge the checks with a miss that is not there.
    """
    sub = doc["submission"]
    rec = next((r for r in online_raw if r["fields"].get("credit_code") == sub["fields"].get("credit_code")
                and r.get("declaration_type") == sub.get("declaration_type")), None)
    keep, notes = [], []
    for m in doc.get("planted_mismatches", []):
        path = m.get("field") or ""
        if (rec is not None and m["kind"] == "changed" and path.startswith("fields.")
                and _dig(sub, path) == _dig(rec, path)):
            notes.append(f"{doc['file']}: planted {path} is identical on both sides (generator no-op), not counted")
            continue
        keep.append(m)
    return keep, notes


def score_rules(doc: dict[str, Any], truth: dict[str, Any], sub: Submission, findings: list[Finding], *,
                extracted: bool, skip: frozenset[str] = frozenset()) -> Score:
    """DocTruth + batch truth + the Submission checked + its findings -> the rule Score of one document
    (rules in `skip` neither planted nor reported: a chain that does not print them)."""
    truth_sub = Submission.model_validate(doc["submission"])
    if extracted:   # planted paths index the truth's instances; extraction may shift rows
        findings = [f.model_copy(update={"field": to_truth_index(f.field, sub, truth_sub)}) for f in findings]
    reported = [(f.rule, f.field, f.message) for f in findings if f.rule in EVALUATED_RULES and f.rule not in skip]
    planted = [(r, f) for r, f in planted_rules(doc, truth) if r not in skip]
    score = match(planted, reported, doc["file"])
    if extracted:
        score.false_from_extraction = sum(misread(k, p, sub, truth_sub) for k, p in score.false_paths)
    return score


def reviewed_mismatches(paper: Submission, online: Submission, ctx: ReviewContext) -> list[Mismatch]:
    """A pair -> its mismatches as the review reports them (review.reviewed_mismatches: small edits on OCR pages
    kept for a second reading, which then confirms or drops them and the changed numbers)."""
    return review.reviewed_mismatches(paper, online, ctx)[0]


def run_mode(folder: Path, truth: dict[str, Any], mode: str, fresh: bool, reuse: bool = False) -> dict[str, Any]:
    """Batch folder + truth + mode -> per-kind Scores (rules, mismatches) and timings, the batch reviewed by the
    shipped stages (review.analyse_extracted, review.finish_batch) on the eval's context."""
    from extractors.online import read_online

    docs = truth["documents"]
    ctx = eval_context(folder, truth)
    started = time.perf_counter()
    subs = []
    for n, doc in enumerate(docs):
        if mode == "truth":
            # truth mode reads the same scan again: only the first reading is perfect there
            sub = Submission.model_validate(doc["submission"])
            sub = sub.model_copy(update={"submission_id": f"doc{n:03d}", "source": sub.source.model_copy(
                update={"path": str(folder / doc["file"])})})
        else:
            sub = extracted_submission(folder / doc["file"], fresh, reuse, ctx)
            sub = sub.model_copy(update={"submission_id": f"doc{n:03d}"})
        subs.append(review.analyse_extracted(sub, ctx))
    t_analyse = time.perf_counter() - started
    t_compare = time.perf_counter()
    result = review.finish_batch(subs, ctx)
    t_compare = time.perf_counter() - t_compare
    online = result.online or read_online(folder / "online.json")
    online_raw = json.loads((folder / "online.json").read_text(encoding="utf-8"))
    notes: list[str] = []
    batch_level = [f for f in result.batch_findings if f.rule == "UNPAIRED"]
    cells: dict[str, dict[str, Score]] = defaultdict(lambda: {"rules": Score(), "mismatches": Score()})
    for doc, sub in zip(docs, result.subs, strict=True):
        truth_sub = Submission.model_validate(doc["submission"])
        kind = doc.get("kind", "digital")
        cells[kind]["rules"].add(score_rules(doc, truth, sub, sub.findings, extracted=mode == "extracted"))
        real, why = real_planted_mismatches(doc, online_raw)
        notes.extend(why)
        planted_mm = [(m["kind"], m.get("field")) for m in real]
        reported_mm = [(m.kind, to_truth_index(m.field, sub, truth_sub) if mode == "extracted" else m.field,
                        f"{m.paper!s:.40} | {m.online!s:.40}") for m in sub.mismatches]
        mm_score = match(planted_mm, reported_mm, doc["file"])
        if mode == "extracted":
            mm_score.false_from_extraction = sum(misread(k, p, sub, truth_sub) for k, p in mm_score.false_paths)
        cells[kind]["mismatches"].add(mm_score)
    batch = match_online_only(truth.get("online_only", []), [f.value for f in batch_level])
    return {"cells": dict(cells), "online_only": batch, "seconds": round(t_analyse, 1),
            "seconds_reread": round(t_compare, 1),
            "errors": [s.submission_id for s in result.subs if s.status == "error"],
            "xlsx_vs_json": xlsx_consistency(folder, online), "notes": notes,
            "ocr_page_passes": ctx.pages.stats["page_passes"]}


def xlsx_consistency(folder: Path, online: list[Submission]) -> int | None:
    """Batch folder + JSON online records -> mismatches between the XLSX and JSON exports (should be 0)."""
    from extractors.online import read_online

    xlsx = folder / "online.xlsx"
    if not xlsx.exists():
        return None
    other = {s.submission_id: s for s in read_online(xlsx)}
    total = 0
    for rec in online:
        twin = other.get(rec.submission_id)
        if twin is None:
            total += 1
            continue
        found = compare_paper_online(rec, twin)
        for m in found:
            log.info("xlsx vs json %s: %s %s | %s", rec.submission_id, m.field, m.paper, m.online)
        total += len(found)
    return total


def _pct(x: float | None) -> str:
    """Share -> " 97.5%" (a dash when undefined)."""
    return "   —  " if x is None else f"{x * 100:5.1f}%"


def report(name: str, mode: str, result: dict[str, Any]) -> list[str]:
    """One batch × mode result -> printable lines."""
    lines = [f"\n== {name} · {mode} ({result['seconds']} s + comparison with second readings {result['seconds_reread']} s, "
             f"unreadable files: {len(result['errors'])}, "
             f"XLSX≠JSON: {result['xlsx_vs_json']}) =="]
    lines.append(f"{'kind':8} {'rules R':>8} {'rules P':>8} {'clean':>6} {'(found/planted, false)':>22} "
                 f"{'mism R':>8} {'mism P':>8} {'clean':>6} {'(found/planted, false)':>22}")
    total = {"rules": Score(), "mismatches": Score()}
    for kind in sorted(result["cells"]):
        c = result["cells"][kind]
        total["rules"].add(c["rules"])
        total["mismatches"].add(c["mismatches"])
        lines.append(_row(kind, c))
    lines.append(_row("all", total))
    if mode == "extracted":
        for kind in sorted(result["cells"]):
            c = result["cells"][kind]
            lines.append(f"  {kind}: false alarms on misread fields: rules {c['rules'].false_from_extraction}/"
                         f"{c['rules'].false_alarms}, mismatches {c['mismatches'].false_from_extraction}/"
                         f"{c['mismatches'].false_alarms}; precision given correct reading: rules "
                         f"{_pct(c['rules'].precision_given_reading)}, mismatches "
                         f"{_pct(c['mismatches'].precision_given_reading)}")
    lines.extend(f"  note: {n}" for n in result["notes"])
    ob = result["online_only"]
    lines.append(f"online-only UNPAIRED: {ob.found}/{ob.found + ob.missed} found, {ob.false_alarms} false")
    for label, items in (("missed", total["rules"].missed_items + total["mismatches"].missed_items),
                         ("false", total["rules"].false_items + total["mismatches"].false_items)):
        for item in items[:25]:
            lines.append(f"  {label}: {item}")
        if len(items) > 25:
            lines.append(f"  … {len(items) - 25} more {label}")
    return lines


def _row(kind: str, c: dict[str, Score]) -> str:
    """Kind + its rule and mismatch Scores -> one table row."""
    r, m = c["rules"], c["mismatches"]
    return (f"{kind:8} {_pct(r.recall):>8} {_pct(r.precision):>8} {_frac(r):>6} "
            f"{f'{r.found}/{r.found + r.missed}, {r.false_alarms}':>22} "
            f"{_pct(m.recall):>8} {_pct(m.precision):>8} {_frac(m):>6} "
            f"{f'{m.found}/{m.found + m.missed}, {m.false_alarms}':>22}")


def _frac(s: Score) -> str:
    """Score -> "quiet/clean" documents."""
    return f"{s.clean_docs_quiet}/{s.clean_docs}"


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """Result -> JSON-friendly figures."""
    out: dict[str, Any] = {"seconds": result["seconds"], "seconds_reread": result["seconds_reread"],
                           "xlsx_vs_json": result["xlsx_vs_json"]}
    for kind, c in result["cells"].items():
        out[kind] = {k: s.figures() for k, s in c.items()}
    return out


def markdown(names: list[str]) -> str:
    """Written out/eval/checks-<batch>.json files -> the Markdown table of docs/checks.md."""
    head = ("| batch | mode | kind | rules R | rules P | clean docs | mismatches R | mismatches P | clean docs | "
            "P given correct reading (rules / mismatches) |\n|---|---|---|---|---|---|---|---|---|---|")
    rows = [head]
    for name in names:
        path = OUT / f"checks-{name}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for mode, res in data.items():
            for kind in ("digital", "scanned", "mixed"):
                if kind not in res:
                    continue
                r, m = res[kind]["rules"], res[kind]["mismatches"]
                given = (f"{_pct(r.get('precision_given_reading')).strip()} / "
                         f"{_pct(m.get('precision_given_reading')).strip()}" if mode == "extracted" else "")
                rows.append(
                    f"| {name} | {mode} | {kind} | {_cnt(r)} | {_pct(r['precision']).strip()} | {_clean(r)} | "
                    f"{_cnt(m)} | {_pct(m['precision']).strip()} | {_clean(m)} | {given} |")
    return "\n".join(rows)


def _cnt(x: dict[str, Any]) -> str:
    """Score dict -> "100.0% (18/18)"."""
    total = x["found"] + x["missed"]
    return f"{_pct(x['recall']).strip()} ({x['found']}/{total})" if total else "—"


def _clean(x: dict[str, Any]) -> str:
    """Score dict -> clean documents quiet / clean documents."""
    quiet = x.get("quiet_clean_docs")
    return "—" if quiet is None else f"{round(quiet * x['clean_docs'])}/{x['clean_docs']}"


def main(argv: list[str] | None = None) -> int:
    """Command line entry: run the chosen batches and modes, print the table, write JSON."""
    ap = argparse.ArgumentParser(prog="python -m evals.checks", description=__doc__.splitlines()[0])
    ap.add_argument("--batch", default="all",
                    help=f"{', '.join(BATCHES)}, all, or <preset>-<seed> for another generated batch (e.g. eval-8)")
    ap.add_argument("--mode", choices=["truth", "extracted", "both"], default="both")
    ap.add_argument("--fresh", action="store_true", help="re-extract even when a cached extraction exists")
    ap.add_argument("--reuse", action="store_true", help="use the newest cached extraction even of older code")
    ap.add_argument("--markdown", action="store_true", help="only print the docs/checks.md table of the last runs")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    names = list(BATCHES) if args.batch == "all" else [args.batch]
    if args.markdown:
        print(markdown(names))
        return 0
    for name in names:
        if name not in BATCHES:
            preset, _, seed = name.rpartition("-")
            if not (preset and seed.isdigit()):
                ap.error(f"unknown batch {name!r}: use {', '.join(BATCHES)}, all or <preset>-<seed>")
            BATCHES[name] = (preset, int(seed))
    modes = ["truth", "extracted"] if args.mode == "both" else [args.mode]
    for name in names:
        folder = ensure_batch(*BATCHES[name])
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
        summary = {}
        for mode in modes:
            result = run_mode(folder, truth, mode, args.fresh, args.reuse)
            print("\n".join(report(f"{name} (seed {BATCHES[name][1]})", mode, result)), flush=True)
            summary[mode] = _summary(result)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"checks-{name}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
