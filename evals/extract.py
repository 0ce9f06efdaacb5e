"""Field-level accuracy of the PDF extractors on generated batches.

    python -m evals.extract [--batch eval|holdout|official-dev|official|all] [--limit N]

Batches: preset "eval" seed 7 (development) and preset "holdout" seed 99 (a style the code was not
developed on), and the official form as printed (style "official", docs/form-layouts.md): preset
"official" seed 16 (development: the extractor was fitted to it) and seed 73 (fresh: generated and
measured once, after the code was final), generated once with samples.generate.generate_batch into
out/eval/<preset>-<seed>/ and reused. Figures are printed per kind and again per style, the official
style apart. Each PDF is extracted (review.extract) and compared with its truth file after
the normalisation of DESIGN.md §4 (NFKC, whitespace folding, numbers as numbers). Printed: exact
match per field group and per kind (digital / scanned / mixed), instance-count accuracy, narrative
character-count error, character error rate of long texts, seal precision and recall. Written to
out/eval/extract-<batch>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

import review
from model.submission import Submission
from model.text import normalize_text
from review import ReviewContext

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "eval"
BATCHES = {"eval": ("eval", 7), "holdout": ("holdout", 99), "official-dev": ("official", 16),
           "official": ("official", 73)}
OFFICIAL = "official"  # the style drawing the forms as printed: its figures are printed apart
LONG_TEXT = 100  # characters: texts at least this long count for the character error rate
ANNEX1_KEYS = ("declared_link", "declared_scene", "name", "description", "pain_points", "solution",
               "safeguards", "results", "other", "economics")
ITEM_KEYS = ("equipment", "software", "processes", "technologies")


def ensure_batch(preset: str, seed: int, root: Path = OUT) -> Path:
    """Preset + seed -> the batch folder under `root` (generated once, then reused)."""
    folder = root / f"{preset}-{seed}"
    if not (folder / "ground_truth.json").exists():
        from samples.generate import generate_batch

        print(f"generating {preset} seed {seed} into {folder} …", flush=True)
        generate_batch(folder, seed, preset)
    return folder


def load_truth(path: Path) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """Truth JSON -> (Submission dict as printed, kind, seals)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    sub = raw.get("submission", raw)
    kind = raw.get("kind") or sub.get("source", {}).get("kind") or "digital"
    seals = raw.get("seals") if raw.get("seals") is not None else sub.get("seals", [])
    return sub, kind, seals


def style_of(path: Path) -> str:
    """Truth JSON -> the generator style that drew the file ('' when the truth does not say)."""
    return str(json.loads(path.read_text(encoding="utf-8")).get("style") or "")


def norm(value: Any) -> Any:
    """Value -> comparable form: normalised text, rounded numbers, recursively for lists/dicts."""
    if isinstance(value, str):
        t = normalize_text(value) or ""
        return t.replace(" ", "") or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 4)
    if isinstance(value, list):
        return [norm(v) for v in value] or None
    if isinstance(value, dict):
        out = {k: norm(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None} or None
    return value


def group_of(path: str) -> str:
    """Leaf path of fields -> its reporting group."""
    head = path.split(".")[0]
    groups = {
        "cover": ("project_name", "applicant", "recommender", "declared_on"),
        "financials": ("financials",), "metrics": ("metrics", "other_metrics"),
        "factory": ("task_name", "task_subsector", "task_address", "task_start", "task_end", "task_investment",
                    "project_summary", "maturity_level", "prior_national_pilot", "prior_benchmark",
                    "prior_provincial_pilot", "smart_supply_chain", "supply_chain"),
        "scene": ("scene_investment", "scene_start", "scene_end", "integrators"),
        "sections": ("sections",), "annexes": ("annexes",),
    }
    return next((g for g, heads in groups.items() if head in heads), "basic")


def leaves(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dict -> {dotted path: leaf} (lists stay whole: integrators, annex rows)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v and k not in ("prior_national_pilot", "prior_benchmark", "prior_provincial_pilot"):
            out.update(leaves(v, path + "."))
        else:
            out[path] = v
    return out


def _strip_pages(rows: Any) -> Any:
    """Annex rows -> without their page (compared separately)."""
    if isinstance(rows, list):
        return [{k: v for k, v in r.items() if k != "page"} if isinstance(r, dict) else r for r in rows]
    return rows


def compare_fields(truth: dict[str, Any], pred: dict[str, Any], score: dict[str, list[int]],
                   misses: list[str]) -> None:
    """Truth and predicted fields -> exact-match counts per group (only where either side has a value)."""
    t_leaves, p_leaves = leaves(truth), leaves(pred)
    for path in sorted(set(t_leaves) | set(p_leaves)):
        t = norm(_strip_pages(t_leaves.get(path)))
        p = norm(_strip_pages(p_leaves.get(path)))
        if t is None and p is None:
            continue
        ok = t == p
        g = score[group_of(path)]
        g[0] += ok
        g[1] += 1
        if not ok:
            misses.append(f"fields.{path}: truth={str(t)[:60]!r} got={str(p)[:60]!r}")


def compare_instances(truth: list[dict], pred: list[dict], score: dict[str, list[int]], misses: list[str],
                      counts: dict[str, list]) -> None:
    """Instances matched by index -> 附1 cells, 附2 lists, pages and narrative counts."""
    by_index = {p.get("index"): p for p in pred}
    for t in truth:
        p = by_index.get(t.get("index"), {})
        for k in (*ANNEX1_KEYS, "page"):
            tv, pv = norm(t.get(k)), norm(p.get(k))
            if tv is None and (pv is None or k == "page"):
                continue  # the truth may not record pages
            score["annex1"][0] += tv == pv
            score["annex1"][1] += 1
            if tv != pv:
                misses.append(f"instances[{t.get('index')}].{k}: truth={str(tv)[:50]!r} got={str(pv)[:50]!r}")
        for k in ITEM_KEYS:
            tv, pv = norm(t.get(k)), norm(p.get(k))
            if tv is None and pv is None:
                continue
            score["annex2"][0] += tv == pv
            score["annex2"][1] += 1
            if tv != pv:
                misses.append(f"instances[{t.get('index')}].{k}: truth={str(tv)[:80]!r} got={str(pv)[:80]!r}")
        tn = normalize_text(t.get("narrative")) or ""
        pn = normalize_text(p.get("narrative")) or ""
        if tn:
            tc, pc = len(tn.replace(" ", "")), len(pn.replace(" ", ""))
            counts["narrative_count_err"].append(abs(tc - pc) / tc)
            score["narrative"][0] += norm(tn) == norm(pn)
            score["narrative"][1] += 1
            if norm(tn) != norm(pn):
                misses.append(f"instances[{t.get('index')}].narrative: {tc} vs {pc} chars")


def long_texts(sub: dict[str, Any]) -> list[tuple[str, str]]:
    """Submission dict -> (path, text) of every text of at least LONG_TEXT characters."""
    out = []
    for path, v in leaves(sub.get("fields", {})).items():
        if isinstance(v, str) and len(v) >= LONG_TEXT:
            out.append((f"fields.{path}", v))
    for inst in sub.get("instances", []):
        for k in (*ANNEX1_KEYS, "narrative"):
            v = inst.get(k)
            if isinstance(v, str) and len(v) >= LONG_TEXT:
                out.append((f"instances[{inst.get('index')}].{k}", v))
    return out


def char_errors(truth: dict[str, Any], pred: dict[str, Any]) -> tuple[int, int]:
    """Long texts of truth vs prediction -> (edit distance, truth characters)."""
    p_texts = dict(long_texts(pred))
    dist = total = 0
    for path, t in long_texts(truth):
        a = (normalize_text(t) or "").replace(" ", "")
        b = (normalize_text(p_texts.get(path)) or "").replace(" ", "")
        dist += Levenshtein.distance(a, b)
        total += len(a)
    return dist, total


def compare_seals(truth: list[dict], pred: list[dict], tally: list[int]) -> None:
    """Seal truths vs predictions (per role and page) -> tally [tp, fp, fn]."""
    t = {(s["role"], s["page"]) for s in truth if s.get("present")}
    t_roles = {s["role"] for s in truth if s.get("present")}
    p = {(s["role"], s["page"]) for s in pred if s.get("present")}
    tally[0] += len(t & p)
    tally[1] += len({x for x in p - t if x[0] not in t_roles or x not in t})
    tally[2] += len(t - p)


def evaluate(folder: Path, limit: int | None = None,
             extract: Callable[[Path], Submission] | None = None) -> dict[str, Any]:
    """Batch folder -> figures per kind (and 'all'); `extract` reads one PDF (e.g. through a cache; by default
    the review's extraction stage, review.extract)."""
    if extract is None:
        ctx = ReviewContext()

        def extract(pdf: Path) -> Submission:
            return review.extract(pdf, ctx)

    pdfs = sorted(folder.glob("*.pdf"))[:limit]
    stats: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "fields": defaultdict(lambda: [0, 0]), "files": 0, "inst_ok": 0, "seals": [0, 0, 0], "cer": [0, 0],
        "counts": defaultdict(list), "pages": 0, "seconds": 0.0, "misses": []})
    for pdf in pdfs:
        truth_path = folder / "truth" / f"{pdf.stem}.json"
        if not truth_path.exists():
            continue
        t_sub, kind, t_seals = load_truth(truth_path)
        t0 = time.perf_counter()
        got = extract(pdf)
        secs = time.perf_counter() - t0
        p_sub = json.loads(got.model_dump_json())
        style = style_of(truth_path)
        for key in (kind, "all", *([f"style:{style}:{kind}", f"style:{style}:all"] if style else [])):
            s = stats[key]
            s["files"] += 1
            s["pages"] += got.source.pages
            s["seconds"] += secs
            misses: list[str] = []
            compare_fields(t_sub.get("fields", {}), p_sub["fields"], s["fields"], misses)
            if t_sub.get("declaration_type"):
                ok = t_sub["declaration_type"] == p_sub["declaration_type"]
                s["fields"]["type"][0] += ok
                s["fields"]["type"][1] += 1
            compare_instances(t_sub.get("instances", []), p_sub["instances"], s["fields"], misses, s["counts"])
            s["inst_ok"] += len(t_sub.get("instances", [])) == len(p_sub["instances"])
            compare_seals(t_seals, p_sub["seals"], s["seals"])
            d, n = char_errors(t_sub, p_sub)
            s["cer"][0] += d
            s["cer"][1] += n
            if key == "all":
                s["misses"].extend(f"{pdf.name}: {m}" for m in misses)
    return {k: _summary(v) for k, v in stats.items()}


def _summary(s: dict[str, Any]) -> dict[str, Any]:
    """Raw tallies -> percentages."""
    f = s["fields"]
    field_groups = [g for g in f if g not in ("annex1", "annex2", "narrative")]
    ok = sum(f[g][0] for g in field_groups)
    n = sum(f[g][1] for g in field_groups)
    tp, fp, fn = s["seals"]
    errs = s["counts"]["narrative_count_err"]
    return {
        "files": s["files"], "pages": s["pages"], "s_per_page": round(s["seconds"] / max(s["pages"], 1), 3),
        "fields_exact": round(100 * ok / max(n, 1), 2), "fields_n": n,
        "groups": {g: round(100 * a / max(b, 1), 2) for g, (a, b) in sorted(f.items())},
        "group_n": {g: b for g, (_, b) in sorted(f.items())},
        "instance_count_ok": round(100 * s["inst_ok"] / max(s["files"], 1), 2),
        "narrative_count_err_mean": round(100 * sum(errs) / max(len(errs), 1), 3),
        "narrative_count_err_max": round(100 * max(errs, default=0), 3),
        "long_text_cer": round(100 * s["cer"][0] / max(s["cer"][1], 1), 3),
        "seal_precision": round(100 * tp / max(tp + fp, 1), 2), "seal_recall": round(100 * tp / max(tp + fn, 1), 2),
        "misses": s["misses"][:200],
    }


def print_report(name: str, result: dict[str, Any]) -> None:
    """Figures -> a readable table on stdout."""
    print(f"\n== {name}")
    for kind in ("digital", "scanned", "mixed", "all"):
        r = result.get(kind)
        if not r:
            continue
        print(f"[{kind}] files={r['files']} pages={r['pages']} s/page={r['s_per_page']} "
              f"fields exact={r['fields_exact']}% (n={r['fields_n']}) instances count ok={r['instance_count_ok']}% "
              f"narrative count err mean={r['narrative_count_err_mean']}% max={r['narrative_count_err_max']}% "
              f"long-text CER={r['long_text_cer']}% seals P={r['seal_precision']}% R={r['seal_recall']}%")
        print("    " + "  ".join(f"{g}={v}%({r['group_n'][g]})" for g, v in r["groups"].items()))
    styles = sorted({k.split(":")[1] for k in result if k.startswith("style:")}, key=lambda x: (x == OFFICIAL, x))
    for style in styles:
        title = "official style (附件3-1/3-2 as printed)" if style == OFFICIAL else f"style {style}"
        print(f"  -- {title}")
        for kind in ("digital", "scanned", "mixed", "all"):
            r = result.get(f"style:{style}:{kind}")
            if r:
                print(f"     [{kind}] files={r['files']} fields exact={r['fields_exact']}% (n={r['fields_n']}) "
                      f"annex1={r['groups'].get('annex1', '-')}% narrative={r['groups'].get('narrative', '-')}% "
                      f"seals P={r['seal_precision']}% R={r['seal_recall']}%")


def main(argv: list[str] | None = None) -> None:
    """CLI entry: evaluate the requested batches and print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", choices=[*BATCHES, "all"], default="all")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files of each batch")
    ap.add_argument("--misses", type=int, default=0, help="print the first N mismatches")
    ap.add_argument("--root", type=Path, default=OUT, help="folder holding the batches (default out/eval)")
    args = ap.parse_args(argv)
    names = list(BATCHES) if args.batch == "all" else [args.batch]
    for name in names:
        folder = ensure_batch(*BATCHES[name], root=args.root)
        result = evaluate(folder, args.limit)
        print_report(f"{name} ({folder.name})", result)
        for m in result.get("all", {}).get("misses", [])[: args.misses]:
            print("   miss", m)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"extract-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
