"""Evaluate the scene mapper (`make eval-classify`).

Data sets (tests/data):
  frozen  classify_eval_v2.jsonl: independent, frozen, never tuned against; scored with the shipped model;
  dev     classify_dev.jsonl: independent development set; scored cross-validated (leave-one-set-out:
          each line by a model trained without its set, classifiers/train.py);
  old     classify_eval.jsonl: written beside the cue lists, training data; scored cross-validated too.
Per set: scene top-1, top-3, link top-1, hard-only top-1, SCENE_CONTENT_MISMATCH false alarms (% of
correctly declared lines) and recall per wrong kind (same_link / other_link / not_in_link), expected
calibration error (10 bins of the top-1 score) and a reliability table; and a rapidfuzz-only baseline
(token_set_ratio of name + text against the scene names; mismatch when the declared scene is outside
its top 3) measured in the same run. The mismatch decision is the shipped rule: every line becomes an
Instance whose findings come from classifiers.names.judge_declared (checks/scenes.py calls the same).

    python -m evals.classify               # report
    python -m evals.classify --json        # the same figures as JSON
    python -m evals.classify --sets dev    # only some sets
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from catalog.reference import Guide, load_guide
from classifiers.names import judge_declared, normalize_label
from classifiers.scene_mapper import SceneMapper, get_mapper, to_prediction
from model import Instance, Prediction

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = {"frozen": DATA / "classify_eval_v2.jsonl", "dev": DATA / "classify_dev.jsonl",
        "old": DATA / "classify_eval.jsonl"}
KINDS = ("same_link", "other_link", "not_in_link")


def load_rows(path: Path) -> list[dict]:
    """JSONL -> rows."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def wrong_kind(row: dict, guide: Guide) -> str | None:
    """Row -> None when declared correctly, else same_link / other_link / not_in_link (the row's own
    "wrong" field when it has one)."""
    if "wrong" in row:
        return row["wrong"]
    label = normalize_label(row.get("declared_link"), row.get("declared_scene"), guide)
    if label.scene == row["scene"]:
        return None
    hit = guide.scene_by_name(label.scene) if label.scene else None
    link = guide.link_by_name(label.link) if label.link else None
    if hit is not None and link is not None and hit.link != link.number:
        return "not_in_link"
    truth = guide.scene_by_name(row["scene"])
    return "same_link" if hit is not None and truth is not None and hit.link == truth.link else "other_link"


@dataclass
class Scored:
    """One line: the full probability vector (guide order) and the findings of the shipped rules."""

    probs: np.ndarray
    rules: list[str]


def judge(row: dict, pred: Prediction, guide: Guide) -> list[str]:
    """Row + prediction -> rule ids of the findings the shipped checks raise for it."""
    inst = Instance(index=1, name=row.get("name") or None, description=row.get("text") or None,
                    declared_link=row.get("declared_link") or None, declared_scene=row.get("declared_scene") or None,
                    predicted=pred)
    return [f.rule for f in judge_declared(inst, guide, index0=0)]


def score_rows(rows: list[dict], probs: np.ndarray, guide: Guide) -> list[Scored]:
    """Rows + probabilities -> Scored, the findings from the shipped rule on the resulting Prediction."""
    out = []
    for r, p in zip(rows, probs, strict=True):
        declared = normalize_label(r.get("declared_link"), r.get("declared_scene"), guide).scene
        out.append(Scored(p, judge(r, to_prediction(list(p), guide, declared), guide)))
    return out


def shipped_probs(rows: list[dict], mapper: SceneMapper) -> np.ndarray:
    """Rows -> probabilities of the shipped mapper."""
    return np.asarray([mapper.probabilities(r.get("text") or "", r.get("name")) for r in rows])


def cv_probs(rows_by_set: dict[str, list[dict]], guide: Guide,
             mapper: SceneMapper) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Training sets -> each line's probabilities from a model trained without its set (shipped temperature),
    with all features and with the dictionary features only (no TF-IDF)."""
    from classifiers.train import out_of_group, prepare_rows, softmax_rows  # needs scikit-learn (dev extra)

    rows = [{**r, "group": name} for name, rs in rows_by_set.items() for r in rs]
    prep = prepare_rows(rows, guide, mapper.features)
    oog, oog_dict, _ = out_of_group(prep, len(guide.scenes))
    model = mapper.model
    probs = softmax_rows(oog, model.temperature if model else 1.0)
    probs_dict = softmax_rows(oog_dict, model.temperature_dict if model else 1.0)
    return ({name: probs[prep.groups == name] for name in rows_by_set},
            {name: probs_dict[prep.groups == name] for name in rows_by_set})


def baseline_probs(rows: list[dict], guide: Guide) -> np.ndarray:
    """Rows -> rapidfuzz token_set_ratio of name + text against each scene name (0–1, not calibrated)."""
    return np.asarray([[fuzz.token_set_ratio(f"{r.get('name') or ''} {r.get('text') or ''}", s.name) / 100.0
                        for s in guide.scenes] for r in rows])


def reliability(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    """Top-1 scores + correctness -> (ECE, table of 10 equal-width bins: n, mean score, accuracy)."""
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        sel = idx == b
        n = int(sel.sum())
        mean = float(conf[sel].mean()) if n else None
        acc = float(right[sel].mean()) if n else None
        if n:
            ece += n * abs(mean - acc)
        table.append({"bin": f"{b / bins:.1f}–{(b + 1) / bins:.1f}", "n": n,
                      "mean_score": None if mean is None else round(mean, 3),
                      "accuracy": None if acc is None else round(acc, 3)})
    return round(ece / max(len(conf), 1), 4), table


def _pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def measure(rows: list[dict], scored: list[Scored], guide: Guide, *, baseline: bool = False) -> dict:
    """Rows + scored lines -> the figures (rates in %, with counts)."""
    names = [s.name for s in guide.scenes]
    link_of = {s.name: guide.link(s.link).name for s in guide.scenes}
    n = len(rows)
    orders = [np.argsort(-s.probs, kind="stable") for s in scored]
    top1 = [names[o[0]] for o in orders]
    ok1 = [r["scene"] == t for r, t in zip(rows, top1, strict=True)]
    ok3 = [r["scene"] in {names[i] for i in o[:3]} for r, o in zip(rows, orders, strict=True)]
    hard = [k for k, r in zip(ok1, rows, strict=True) if r.get("hard")]
    fig: dict = {"n": n, "top1": _pct(sum(ok1), n), "top3": _pct(sum(ok3), n),
                 "link_top1": _pct(sum(r["link"] == link_of[t] for r, t in zip(rows, top1, strict=True)), n),
                 "hard_n": len(hard), "hard_top1": _pct(sum(hard), len(hard))}
    kinds = [wrong_kind(r, guide) for r in rows]
    if baseline:  # declared scene outside the baseline's top 3
        flags = []
        for r, o in zip(rows, orders, strict=True):
            d = normalize_label(r.get("declared_link"), r.get("declared_scene"), guide).scene
            flags.append(bool(d) and d != "其他" and d not in {names[i] for i in o[:3]})
    else:
        flags = ["SCENE_CONTENT_MISMATCH" in s.rules for s in scored]
    correct = [f for f, k in zip(flags, kinds, strict=True) if k is None]
    fig.update(false_alarm=_pct(sum(correct), len(correct)), false_alarms=sum(correct), correct_declared=len(correct))
    wrong = [f for f, k in zip(flags, kinds, strict=True) if k is not None]
    fig.update(recall=_pct(sum(wrong), len(wrong)), caught=sum(wrong), wrong_declared=len(wrong))
    for kind in KINDS:
        sel = [f for f, k in zip(flags, kinds, strict=True) if k == kind]
        fig[f"recall_{kind}"] = _pct(sum(sel), len(sel))
        fig[f"n_{kind}"] = len(sel)
    if not baseline:
        nil = [("SCENE_NOT_IN_LINK" in s.rules or "SCENE_CONTENT_MISMATCH" in s.rules)
               for s, k in zip(scored, kinds, strict=True) if k == "not_in_link"]
        fig["recall_not_in_link_any_scene_rule"] = _pct(sum(nil), len(nil))
        conf = np.asarray([s.probs.max() for s in scored])
        fig["ece"], fig["reliability"] = reliability(conf, np.asarray(ok1, dtype=float))
        truth = [names.index(r["scene"]) for r in rows]
        fig["nll"] = round(-sum(math.log(max(float(s.probs[t]), 1e-12)) for s, t in zip(scored, truth, strict=True))
                           / max(n, 1), 3)
        fig["max_score"] = round(float(conf.max()), 4) if n else None
    c = Counter((r["scene"], t) for r, t, k in zip(rows, top1, ok1, strict=True) if not k)
    fig["confusions"] = [[a, b, m] for (a, b), m in c.most_common(8)]
    return fig


def speed(mapper: SceneMapper, rows: list[dict], n: int = 2000) -> dict:
    """Instances/s of the shipped mapper's predict (after loading) and of the baseline, on these texts."""
    items = (rows * (n // max(len(rows), 1) + 1))[:n]
    names = [s.name for s in mapper.guide.scenes]
    mapper.predict("预热", "预热")
    start, cpu = time.perf_counter(), time.process_time()
    for r in items:
        mapper.predict(r.get("text") or "", r.get("name"))
    ours, ours_cpu = n / (time.perf_counter() - start), n / (time.process_time() - cpu)
    start = time.perf_counter()
    for text in [r.get("text") or "" for r in items]:
        process.extractOne(text, names, scorer=fuzz.token_set_ratio)
    base = n / (time.perf_counter() - start)
    return {"instances": n, "mapper_per_s": round(ours), "mapper_cpu_per_s": round(ours_cpu),
            "baseline_per_s": round(base)}


def evaluate(sets: dict[str, list[dict]], guide: Guide, mapper: SceneMapper | None = None) -> dict:
    """{"frozen"|"dev"|"old": rows} -> {set: {"how", "mapper", "baseline"}, "margin", "speed"}."""
    mapper = mapper or get_mapper(guide.edition)
    out: dict = {"margin": mapper.model.margin if mapper.model else None}
    training = {k: v for k, v in sets.items() if k != "frozen"}
    probs, probs_dict = cv_probs(training, guide, mapper) if training else ({}, {})
    if "frozen" in sets:
        probs["frozen"] = shipped_probs(sets["frozen"], mapper)
    for name, rows in sets.items():
        how = "shipped model (never tuned against)" if name == "frozen" else "cross-validated, leave-one-set-out"
        if name != "frozen" and len(training) == 1:
            how = "cross-validated, 5 stratified folds"
        base = baseline_probs(rows, guide)
        out[name] = {"how": how,
                     "mapper": measure(rows, score_rows(rows, probs[name], guide), guide),
                     "baseline": measure(rows, [Scored(p, []) for p in base], guide, baseline=True)}
        if name in probs_dict:  # ablation: the same learning without the TF-IDF part
            out[name]["dictionaries_only"] = measure(rows, score_rows(rows, probs_dict[name], guide), guide)
    out["speed"] = speed(mapper, [r for rows in sets.values() for r in rows])
    return out


HEAD = (("n", "n"), ("top1", "top1%"), ("top3", "top3%"), ("link_top1", "link1%"), ("hard_top1", "hard1%"),
        ("false_alarm", "FA%"), ("recall", "recall%"), ("recall_same_link", "r.same%"),
        ("recall_other_link", "r.other%"), ("recall_not_in_link", "r.notin%"), ("ece", "ECE"), ("nll", "NLL"))


def _print(report: dict) -> None:
    """Report -> tables on stdout."""
    print(f"SCENE_CONTENT_MISMATCH: another scene's calibrated probability beats the declared one's by >= "
          f"{report['margin']} (shipped rule); baseline: declared scene outside the rapidfuzz top 3")
    print("FA = false alarms on correctly declared lines; recall on wrongly declared lines, per kind")
    print("dictionaries_only = the same learning without the TF-IDF part (cross-validated the same way)")
    print(f"{'':28}" + "".join(f"{h:>9}" for _, h in HEAD))
    for name in ("frozen", "dev", "old"):
        if name not in report:
            continue
        for label in ("mapper", "dictionaries_only", "baseline"):
            if label not in report[name]:
                continue
            fig = report[name][label]
            print(f"{name + ' / ' + label:28}" + "".join(f"{fig.get(k)!s:>9}" for k, _ in HEAD))
    for name in ("frozen", "dev", "old"):
        if name not in report:
            continue
        fig = report[name]["mapper"]
        print(f"\n{name} ({report[name]['how']}): wrong kinds n = same_link {fig['n_same_link']}, other_link "
              f"{fig['n_other_link']}, not_in_link {fig['n_not_in_link']} (any SCENE_* rule on not_in_link: "
              f"{fig['recall_not_in_link_any_scene_rule']} %); false alarms {fig['false_alarms']}/"
              f"{fig['correct_declared']}; highest score {fig['max_score']}")
        print("  reliability (top-1 score bin: n, mean score, accuracy): " + "; ".join(
            f"{b['bin']}: {b['n']}, {b['mean_score']}, {b['accuracy']}" for b in fig["reliability"] if b["n"]))
        print("  confusions: " + "; ".join(f"{a} -> {b} ({m})" for a, b, m in fig["confusions"]))
    s = report["speed"]
    print(f"\nspeed after loading: mapper {s['mapper_per_s']} instances/s wall ({s['mapper_cpu_per_s']}/s of CPU "
          f"time), baseline {s['baseline_per_s']}/s ({s['instances']} predictions, load average "
          f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())})")


def main(argv: list[str] | None = None) -> int:
    """CLI entry: report or --json."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    args = ap.parse_args(argv)
    guide = load_guide("2023")
    sets = {k: load_rows(SETS[k]) for k in args.sets if SETS[k].exists()}
    report = evaluate(sets, guide)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
