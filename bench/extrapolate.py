"""bench.throughput results -> Markdown tables and the extrapolation to N machines (docs/BENCHMARKS.md).

    python -m bench.extrapolate [out/bench/throughput.json]

Model, from the measured phases of the largest 2-worker run: a batch of n documents on W worker processes takes
    T(n, W) = fixed + n · p / W + n · s
fixed: start-up (imports, Prefect server, cluster); p: worker-seconds per document (analysis and its outputs,
the two parallel phases times the workers); s: seconds per document of the serial batch step and batch outputs
in the submitting process. Limits: the Prefect server (its CPU per task run, two task runs per document) and the
shared disk (bytes read and written per document at an assumed bandwidth).
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

DISK_MB_S = (110.0, 1000.0)  # a 1 Gbit/s NFS share; a local NVMe or 10 Gbit/s share


def _median(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def costs(run: dict[str, Any]) -> dict[str, float]:
    """One timed run -> fixed seconds, worker-seconds per document (p) and serial seconds per document (s)."""
    ph, n, w = run["phases"], run["files"], run["workers"]
    analyse = ph["last_done"] - ph["first_total"]
    writes = ph["last_write"] - ph["first_write"]
    serial = (ph["first_write"] - ph["last_done"]) + (ph["end"] - ph["last_write"])
    disk = run["disk_bytes"]
    return {"fixed": ph["first_total"], "p": (analyse + writes) * w / n, "s": serial / n,
            "bytes_per_doc": (disk["inputs"] + disk["outputs"] + 2 * disk["cache"]) / n}


def scaling_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| documents | pages | workers | wall (median) | runs | start-up | analysis | batch step | writes | "
             "batch outputs | CPU s (all processes) |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    keyed: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in rows:
        keyed.setdefault((r["size"], r["workers"]), []).append(r)
    for (n, w), group in sorted(keyed.items()):
        r = min(group, key=lambda x: abs(x["wall_s"] - _median(group, "wall_s")))
        ph = r["phases"]
        lines.append(f"| {n} | {r['pages']} | {w} | {_median(group, 'wall_s'):.1f} s | "
                     f"{', '.join(format(x['wall_s'], '.0f') for x in group)} | {ph['first_total']:.1f} | "
                     f"{ph['last_done'] - ph['first_total']:.1f} | {ph['first_write'] - ph['last_done']:.1f} | "
                     f"{ph['last_write'] - ph['first_write']:.1f} | {ph['end'] - ph['last_write']:.1f} | "
                     f"{r['cpu_s']:.0f} |")
    return "\n".join(lines)


def extrapolation(rows: list[dict[str, Any]], server: dict[str, Any] | None,
                  scanned: list[dict[str, Any]] | None) -> str:
    big = max((r for r in rows if r["workers"] == 2), key=lambda r: r["files"])
    c = costs(big)
    lines = [f"From the {big['files']}-document run on 2 workers: start-up {c['fixed']:.1f} s, "
             f"p = {c['p']:.2f} worker-seconds per digital document, s = {1000 * c['s']:.1f} ms per document "
             f"in the submitting process, {c['bytes_per_doc'] / 2**20:.2f} MB read and written per document "
             "(PDF, outputs, the cache written and read).", ""]
    cap_server = None
    if server:
        per_task = server["server_cpu_ms_per_task_run"] / 1000
        cap_server = 1 / (2 * per_task)
        lines.append(f"Prefect server: {1000 * per_task:.1f} ms of server CPU per task run, two task runs per "
                     f"document: one server core carries at most {cap_server:.0f} documents/s.")
    cap_serial = 1 / c["s"] if c["s"] else float("inf")
    lines.append(f"Submitting process (batch step, outputs): at most {cap_serial:.0f} documents/s.")
    for mb in DISK_MB_S:
        lines.append(f"Shared disk at {mb:.0f} MB/s: at most {mb * 2**20 / c['bytes_per_doc']:.0f} documents/s.")
    scan_p = None
    if scanned:
        one = [r for r in scanned if r["label"].startswith("1 process, 1 OCR")]
        if one:
            scan_p = 1 / statistics.median(r["pages_per_s"] for r in one)
            lines.append(f"Scanned pages: {scan_p:.2f} worker-seconds per page (one OCR thread).")
    lines += ["", "| machines × 2 cores | workers | digital docs/s | 1,000 digital docs | 10,000 digital docs | "
              "scanned pages/s | limit |", "|---|---|---|---|---|---|---|"]
    for machines in (1, 2, 4, 8, 16, 32, 64):
        w = 2 * machines
        rate = w / c["p"]
        limits = {"workers": rate, "submitting process": cap_serial, "disk 110 MB/s":
                  DISK_MB_S[0] * 2**20 / c["bytes_per_doc"]}
        if cap_server:
            limits["Prefect server"] = cap_server
        bound, eff = min(limits.items(), key=lambda kv: kv[1])

        def t(n: int, eff: float = eff) -> str:
            return f"{(c['fixed'] + n / eff) / 60:.1f} min"

        scan = f"{w / scan_p:.1f}" if scan_p else "–"
        lines.append(f"| {machines} | {w} | {eff:.1f} | {t(1000)} | {t(10000)} | {scan} | {bound} |")
    return "\n".join(lines)


def report(results: dict[str, Any]) -> str:
    """All results -> the Markdown of docs/BENCHMARKS.md's tables."""
    parts = [f"machine: {json.dumps(results.get('machine_at_start'), ensure_ascii=False)}",
             f"at end: {json.dumps(results.get('machine_at_end'), ensure_ascii=False)}"]
    if results.get("scaling"):
        parts += ["", scaling_table(results["scaling"]), "",
                  extrapolation(results["scaling"], results.get("server"), results.get("scanned"))]
    if results.get("share"):
        lines = ["", "| workers | without Prefect | with Prefect | Prefect's share |", "|---|---|---|---|"]
        for w in (1, 2):
            plain = [r["wall_s"] for r in results["share"] if r["workers"] == w and not r["prefect"]]
            pref = [r["wall_s"] for r in results["share"] if r["workers"] == w and r["prefect"]]
            if plain and pref:
                a, b = statistics.median(plain), statistics.median(pref)
                lines.append(f"| {w} | {a:.1f} s ({', '.join(format(x, '.0f') for x in plain)}) | {b:.1f} s "
                             f"({', '.join(format(x, '.0f') for x in pref)}) | {100 * (b - a) / b:.0f} % |")
        parts.append("\n".join(lines))
    if results.get("scanned"):
        lines = ["", "| scanned batch | pages/s (analysis phase) | per core | pages per CPU-second | runs |",
                 "|---|---|---|---|---|"]
        for label in dict.fromkeys(r["label"] for r in results["scanned"]):
            group = [r for r in results["scanned"] if r["label"] == label]
            rate = statistics.median(r["pages_per_s"] for r in group)
            cores = 2 if label == "2 workers" else 1
            lines.append(f"| {label} | {rate:.3f} | {rate / cores:.3f} | "
                         f"{statistics.median(r['pages_per_cpu_s'] for r in group):.3f} | "
                         f"{', '.join(str(r['pages_per_s']) for r in group)} |")
        parts.append("\n".join(lines))
    if results.get("memory"):
        m = results["memory"]
        parts.append(f"\nmemory: worker peak {m.get('worker_peak_gib')} GiB; processes "
                     f"{json.dumps(m.get('rss'), ensure_ascii=False)}")
    if results.get("pages"):
        parts.append(f"\npages: {json.dumps(results['pages'], ensure_ascii=False)}")
    return "\n".join(parts)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "out" / "bench" / "throughput.json"
    print(report(json.loads(path.read_text(encoding="utf-8"))))
