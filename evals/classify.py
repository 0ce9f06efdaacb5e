"""Evaluate the scene classifier on tests/data/classify_eval.jsonl (`make eval-classify`).

Prints scene top-1/top-3, link top-1, the worst confused scene pairs, the SCENE_CONTENT_MISMATCH
false-alarm rate (correctly declared lines) and recall (wrongly declared lines), for our mapper and
for a plain baseline (rapidfuzz token_set_ratio of the text against scene names), on the tuning
part and on the held-out part (every 5th line) separately.

    python -m evals.classify              # report
    python -m evals.classify --json       # the same figures as JSON
    python -m evals.classify --tune       # grid-search temperature / mismatch threshold on the tuning part
    python -m evals.classify --examples   # held-out figures with the tuning part as confirmed cases
    python -m evals.classify --ablation   # how much rests on our cue lists and on BM25
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from catalog.reference import Guide, load_guide
from classifiers.names import normalize_label
from classifiers.resources import load_settings
from classifiers.scene_mapper import SceneMapper

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "classify_eval.jsonl"


def load_rows(path: Path = DATA) -> list[dict]:
    """JSONL -> rows, each with a "split" key: "heldout" for every 5th line, else "tune"."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, r in enumerate(rows):
        r["split"] = "heldout" if i % 5 == 4 else "tune"
    return rows


@dataclass
class Ranked:
    """One row's ranking: scene names best first with their scores (0–1)."""

    scenes: list[str]
    scores: list[float]


def rank_mapper(mapper: SceneMapper, row: dict) -> Ranked:
    """Row -> our mapper's full ranking."""
    probs = mapper.probabilities(row["text"], row.get("name"))
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    return Ranked([mapper.guide.scenes[i].name for i in order], [float(probs[i]) for i in order])


def rank_baseline(guide: Guide, row: dict) -> Ranked:
    """Row -> baseline ranking: rapidfuzz token_set_ratio of name + text against each scene name."""
    text = f"{row.get('name') or ''} {row['text']}"
    scored = sorted(((fuzz.token_set_ratio(text, s.name) / 100.0, s.name) for s in guide.scenes), reverse=True)
    return Ranked([n for _, n in scored], [s for s, _ in scored])


def flags_mismatch(ranked: Ranked, declared: str | None, min_score: float) -> bool:
    """Declared canonical scene + ranking -> True when SCENE_CONTENT_MISMATCH would be raised."""
    if not declared or declared == "其他" or declared == ranked.scenes[0] or ranked.scores[0] < min_score:
        return False
    own = ranked.scores[ranked.scenes.index(declared)] if declared in ranked.scenes else 0.0
    return declared not in ranked.scenes[:3] or own < ALT_DECLARED_MAX


ALT_DECLARED_MAX = 0.02  # = classifier.yaml mismatch_declared_max: declared scene's own score below 2 %


def flags_alt(ranked: Ranked, declared: str | None, min_score: float) -> bool:
    """What-if rule: top-1 strong and the declared scene's own score < ALT_DECLARED_MAX (top 3 or not)."""
    if not declared or declared == "其他" or declared not in ranked.scenes or declared == ranked.scenes[0]:
        return False
    return ranked.scores[0] >= min_score and ranked.scores[ranked.scenes.index(declared)] < ALT_DECLARED_MAX


def measure(rows: list[dict], ranks: list[Ranked], guide: Guide, min_score: float) -> dict:
    """Rows + rankings -> the figures (rates in %, counts)."""
    link_of = {s.name: guide.link(s.link).name for s in guide.scenes}
    n = len(rows)
    top1 = sum(r["scene"] == k.scenes[0] for r, k in zip(rows, ranks, strict=True))
    top3 = sum(r["scene"] in k.scenes[:3] for r, k in zip(rows, ranks, strict=True))
    link1 = sum(r["link"] == link_of[k.scenes[0]] for r, k in zip(rows, ranks, strict=True))
    fa = fa_n = rec = rec_n = far = far_n = alt_fa = alt_rec = 0
    for r, k in zip(rows, ranks, strict=True):
        declared = normalize_label(r.get("declared_link"), r.get("declared_scene"), guide).scene
        flagged = flags_mismatch(k, declared, min_score)
        alt = flags_alt(k, declared, min_score)
        if declared == r["scene"]:
            fa_n += 1
            fa += flagged
            alt_fa += alt
        else:
            rec_n += 1
            rec += flagged
            alt_rec += alt
            if declared and link_of.get(declared) != r["link"]:
                far_n += 1
                far += flagged
    hard = [(r, k) for r, k in zip(rows, ranks, strict=True) if r.get("hard")]
    nll = -sum(math.log(max(k.scores[k.scenes.index(r["scene"])], 1e-9)) for r, k in zip(rows, ranks, strict=True)) / max(n, 1)
    # Expected calibration error of the top-1 score over 10 equal-width bins.
    bins: dict[int, list[float]] = {}
    for r, k in zip(rows, ranks, strict=True):
        b = bins.setdefault(min(int(k.scores[0] * 10), 9), [0.0, 0.0, 0.0])
        b[0] += 1
        b[1] += k.scores[0]
        b[2] += r["scene"] == k.scenes[0]
    ece = sum(abs(b[1] - b[2]) for b in bins.values()) / max(n, 1)
    pct = lambda a, b: round(100.0 * a / b, 1) if b else None  # noqa: E731
    return {
        "n": n, "top1": pct(top1, n), "top3": pct(top3, n), "link_top1": pct(link1, n),
        "hard_n": len(hard), "hard_top1": pct(sum(r["scene"] == k.scenes[0] for r, k in hard), len(hard)),
        "mismatch_false_alarm": pct(fa, fa_n), "false_alarms": fa, "correct_declared": fa_n,
        "mismatch_recall": pct(rec, rec_n), "caught": rec, "wrong_declared": rec_n,
        "recall_other_link": pct(far, far_n), "wrong_other_link": far_n, "nll": round(nll, 3),
        "ece": round(ece, 3),
        "alt_false_alarm": pct(alt_fa, fa_n), "alt_recall": pct(alt_rec, rec_n),
    }


def confusions(rows: list[dict], ranks: list[Ranked], limit: int = 12) -> list[tuple[str, str, int]]:
    """Rows + rankings -> the most frequent (true scene, predicted scene, count) errors."""
    c = Counter((r["scene"], k.scenes[0]) for r, k in zip(rows, ranks, strict=True) if r["scene"] != k.scenes[0])
    return [(a, b, n) for (a, b), n in c.most_common(limit)]


def per_scene(rows: list[dict], ranks: list[Ranked], limit: int = 10) -> list[tuple[str, int, int]]:
    """Rows + rankings -> the scenes with the lowest top-1 (scene, correct, total)."""
    tot, ok = Counter(), Counter()
    for r, k in zip(rows, ranks, strict=True):
        tot[r["scene"]] += 1
        ok[r["scene"]] += r["scene"] == k.scenes[0]
    return sorted(((s, ok[s], tot[s]) for s in tot), key=lambda x: (x[1] / x[2], x[0]))[:limit]


def evaluate(rows: list[dict], mapper: SceneMapper, min_score: float | None = None) -> dict:
    """Rows + mapper -> {"mapper"|"baseline": {"all"|"tune"|"heldout": figures}, "confusions", "worst_scenes"}."""
    guide = mapper.guide
    min_score = load_settings().mismatch_min_score if min_score is None else min_score
    ours = [rank_mapper(mapper, r) for r in rows]
    base = [rank_baseline(guide, r) for r in rows]
    out: dict = {"mismatch_min_score": min_score}
    # The baseline's ratios are not calibrated, so its mismatch rule is "declared scene outside its top 3".
    for label, ranks, thr in (("mapper", ours, min_score), ("baseline", base, 0.0)):
        out[label] = {}
        for split in ("all", "tune", "heldout"):
            idx = [i for i, r in enumerate(rows) if split == "all" or r["split"] == split]
            out[label][split] = measure([rows[i] for i in idx], [ranks[i] for i in idx], guide, thr)
    out["confusions"] = confusions(rows, ours)
    out["worst_scenes"] = per_scene(rows, ours)
    out["baseline_confusions"] = confusions(rows, base, 5)
    return out


def tune(rows: list[dict], guide: Guide) -> list[tuple[float, float, dict]]:
    """Tuning rows -> (temperature, threshold, figures) sorted best first: highest recall with false alarms ≤ 3 %,
    ties broken by NLL (calibration)."""
    settings = load_settings()
    part = [r for r in rows if r["split"] == "tune"]
    results = []
    for temp in (0.8, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0):
        mapper = SceneMapper(guide, settings=replace(settings, temperature=temp))
        ranks = [rank_mapper(mapper, r) for r in part]
        for thr in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            results.append((temp, thr, measure(part, ranks, guide, thr)))
    ok = [x for x in results if (x[2]["mismatch_false_alarm"] or 0) <= 3.0]
    return sorted(ok, key=lambda x: (-(x[2]["mismatch_recall"] or 0), x[2]["nll"], -x[1]))


def _print(report: dict) -> None:
    """Report -> human-readable table on stdout."""
    keys = ("n", "top1", "top3", "link_top1", "hard_top1", "mismatch_false_alarm", "mismatch_recall",
            "recall_other_link", "nll", "ece", "alt_false_alarm", "alt_recall")
    heads = ("n", "top1%", "top3%", "link1%", "hard1%", "FA%", "recall%", "rec.far%", "NLL", "ECE", "altFA%", "altrec%")
    print(f"SCENE_CONTENT_MISMATCH: top-1 score >= {report['mismatch_min_score']} and the declared scene is outside"
          f" the top 3 or scores < {ALT_DECLARED_MAX} (baseline: the same on its scores)")
    print("FA = false alarms on correctly declared lines; recall on wrongly declared lines; rec.far = recall"
          " when the declared scene is in another link; alt = the 'declared scene scores < 2 %' part alone")
    print(f"{'':20}" + "".join(f"{k:>9}" for k in heads))
    for label in ("mapper", "baseline"):
        for split in ("all", "tune", "heldout"):
            fig = report[label][split]
            print(f"{label + ' / ' + split:20}" + "".join(f"{fig[k]!s:>9}" for k in keys))
    print("\nmost frequent confusions (true -> predicted, count):")
    for a, b, n in report["confusions"]:
        print(f"  {a} -> {b}: {n}")
    print("\nworst scenes (correct / total):")
    for s, ok, tot in report["worst_scenes"]:
        print(f"  {s}: {ok}/{tot}")


def main(argv: list[str] | None = None) -> int:
    """CLI entry: report, --json, --tune or --examples."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--examples", action="store_true")
    ap.add_argument("--ablation", action="store_true", help="figures without our cues, and without BM25 too")
    args = ap.parse_args(argv)
    rows = load_rows(args.data)
    guide = load_guide("2023")
    if args.tune:
        for temp, thr, fig in tune(rows, guide)[:10]:
            print(f"T={temp} thr={thr}: {fig}")
        return 0
    if args.ablation:
        full = load_settings()
        for label, w in (("full", full.weights), ("no cues", replace(full.weights, cue=0.0)),
                         ("no cues, no BM25", replace(full.weights, cue=0.0, bm25=0.0))):
            mapper = SceneMapper(guide, settings=replace(full, weights=w))
            fig = measure(rows, [rank_mapper(mapper, r) for r in rows], guide, full.mismatch_min_score)
            print(f"{label}: top1 {fig['top1']} top3 {fig['top3']} link {fig['link_top1']} "
                  f"FA {fig['mismatch_false_alarm']} recall {fig['mismatch_recall']}")
        return 0
    if args.examples:
        examples = [(f"{r['name']} {r['text']}", r["scene"]) for r in rows if r["split"] == "tune"]
        held = [r for r in rows if r["split"] == "heldout"]
        full = load_settings()
        # A weaker base (guide names/keywords only: no cues, no BM25) shows what examples add when evidence is thin.
        thin = replace(full, weights=replace(full.weights, cue=0.0, bm25=0.0))
        for base, settings in (("full", full), ("guide keywords only", thin)):
            for label, ex in (("no examples", None), ("with examples", examples)):
                mapper = SceneMapper(guide, ex, settings=settings)
                fig = measure(held, [rank_mapper(mapper, r) for r in held], guide, full.mismatch_min_score)
                print(f"held-out, {base}, {label}: top1 {fig['top1']} top3 {fig['top3']} NLL {fig['nll']}")
        return 0
    report = evaluate(rows, SceneMapper(guide))
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
