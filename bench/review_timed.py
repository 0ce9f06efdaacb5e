"""One `shenbao review` in its own process, timed by phase (what bench.throughput runs).

    python -m bench.review_timed OUT INPUT... [--online FILE] [--workers N] [--no-prefect] [--budget S]

Prints one JSON line: the phases (seconds since the process started: imports; `total` when the files are known
and the workers are up; first and last `done`, first and last `write`; end), the statuses, files and pages. The
run goes through flows.review_batch.run_review exactly as the command does, with its Prefect server and
cluster.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("inputs", type=Path, nargs="+")
    ap.add_argument("--online", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-prefect", action="store_true")
    ap.add_argument("--budget", type=float, default=600.0)
    args = ap.parse_args(argv)
    from flows.config import RunConfig
    from flows.review_batch import run_review

    marks: dict[str, float] = {"imports": time.perf_counter() - STARTED}

    def progress(event: str, sub: object) -> None:
        now = time.perf_counter() - STARTED
        name = event.split(":", 1)[0]
        marks.setdefault(f"first_{name}", now)
        marks[f"last_{name}"] = now

    cfg = RunConfig(inputs=args.inputs, out=args.out, online=args.online, workers=args.workers,
                    use_prefect=not args.no_prefect, budget_s=args.budget)
    result, _ = run_review(cfg, progress)
    marks["end"] = time.perf_counter() - STARTED
    statuses: dict[str, int] = {}
    for s in result.subs:
        statuses[s.status] = statuses.get(s.status, 0) + 1
    analyse_s = sum(s.timings.get("analyse", 0.0) for s in result.subs)
    print(json.dumps({"phases": marks, "statuses": statuses, "files": len(result.subs),
                      "pages": sum(s.source.pages or 0 for s in result.subs),
                      "sum_analyse_s": round(analyse_s, 2)}), flush=True)


if __name__ == "__main__":
    main()
