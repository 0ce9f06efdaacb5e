"""Speed of the scene classifier: load time (fresh process) and instances/s after loading, against a
plain rapidfuzz baseline measured in the same run. `python -m bench.classify` (or `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "classify_eval.jsonl"
DEV = ROOT / "tests" / "data" / "classify_dev.jsonl"

_LOAD = """
import time, json
t0 = time.perf_counter()
from classifiers.scene_mapper import get_mapper
t1 = time.perf_counter()
m = get_mapper("2023")
m.predict("建设立体库", "立体库")
t2 = time.perf_counter()
from classifiers.tagging import tag_text
tag_text("部署MES")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "mapper_s": t2 - t1, "load_s": t2 - t0, "tagging_load_s": t3 - t2}))
"""


def load_times() -> dict[str, float]:
    """Fresh interpreter -> seconds to import, build the mapper (first prediction included) and the tagger."""
    out = subprocess.run([sys.executable, "-c", _LOAD], cwd=ROOT, capture_output=True, text=True, check=True)
    return {k: round(v, 3) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def throughput(min_items: int = 2000) -> dict[str, float]:
    """Eval texts (repeated to `min_items`) -> instances/s of predict, tag_text, normalize_label and the baseline."""
    from rapidfuzz import fuzz

    from catalog.reference import load_guide
    from classifiers.names import normalize_label
    from classifiers.scene_mapper import get_mapper
    from classifiers.tagging import tag_text

    rows = [json.loads(x) for path in (DATA, DEV) if path.exists()
            for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    items = (rows * (min_items // len(rows) + 1))[:min_items]
    guide = load_guide("2023")
    mapper = get_mapper("2023")
    tag_text("预热")
    names = [s.name for s in guide.scenes]

    def rate(fn, n: int) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        for r in items[:n]:
            fn(r)
        return round(n / (time.perf_counter() - start), 1)

    from classifiers.scene_mapper import SceneMapper

    examples = [(f"{r['name']} {r['text']} {i}", r["scene"]) for i in range(8) for r in rows]
    started = time.perf_counter()
    learned = SceneMapper(guide, examples)
    build_s = round(time.perf_counter() - started, 2)
    with_examples = rate(lambda r: learned.predict(r["text"], r["name"]), min(1000, len(items)))
    long_items = ["".join(r["text"] for r in items[i:i + 8])[:1000] for i in range(0, 800, 8)]
    start = time.perf_counter()
    for text in long_items:
        mapper.predict(text, "场景实例")
    long_rate = round(len(long_items) / (time.perf_counter() - start), 1)
    return {
        "examples": len(examples),
        "mapper_with_examples_build_s": build_s,
        "predict_with_examples_per_s": with_examples,
        "predict_1000_chars_per_s": long_rate,
        "chars_per_instance": round(sum(len(r["text"]) for r in items) / len(items), 1),
        "predict_per_s": rate(lambda r: mapper.predict(r["text"], r["name"]), len(items)),
        "baseline_per_s": rate(lambda r: max(names, key=lambda s: fuzz.token_set_ratio(r["text"], s)), len(items)),
        "tag_text_per_s": rate(lambda r: tag_text(r["text"]), min(500, len(items))),
        "normalize_label_per_s": rate(lambda r: normalize_label(r["declared_link"], r["declared_scene"], guide), len(items)),
    }


def main() -> None:
    """Print load times and throughput as JSON lines."""
    print(json.dumps({"load": load_times()}, ensure_ascii=False))
    print(json.dumps({"throughput": throughput()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
