"""Batch throughput on this machine: whole `shenbao review` runs (Prefect, reports and all) on 1 and 2 worker
processes, Prefect's share, the Prefect server's cost per task, peak memory per worker on a 300-page scan,
scanned throughput per core, and the extrapolation to N machines (docs/BENCHMARKS.md).

    python -m bench.throughput [--sizes 10,100,1000] [--repeats 2] [--skip memory,scanned,...]

Batches are generated under out/bench/ by bench.batches (seeded, not committed) and reused. Every run is a fresh
`--out` (no cached analysis) in its own process (bench.review_timed); CPU seconds are those of the run's whole
process tree (workers and Prefect server included). Figures -> out/bench/throughput.json and the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "out" / "bench"
SEEDS = {10: 41, 20: 31, 100: 42, 200: 44, 1000: 45}


def machine() -> dict[str, Any]:
    """-> what the figures were measured on (CPU, cores, memory, load, date)."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 2**20
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "load": os.getloadavg(),
            "date": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version()}


def batch(kind: str, count: int) -> Path:
    from bench.batches import generate

    return generate(BENCH / f"{kind}-{count}", count, SEEDS.get(count, 50 + count), kind)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_timed(out: Path, inputs: list[Path], online: Path | None = None, workers: int = 1, prefect: bool = True,
              env: dict[str, str] | None = None, budget: float = 600.0, poll_rss: bool = False) -> dict[str, Any]:
    """One fresh review in its own process -> its phases, wall and CPU seconds (and peak RSS per process)."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "bench.review_timed", str(out), *map(str, inputs), "--workers", str(workers),
           "--budget", str(budget)]
    if online:
        cmd += ["--online", str(online)]
    if not prefect:
        cmd.append("--no-prefect")
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peaks: dict[int, dict[str, Any]] = {}
    if poll_rss:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    entry = peaks.setdefault(p.pid, {"cmd": " ".join(p.cmdline()[1:4])[:80], "peak": 0, "samples": []})
                    entry["peak"] = max(entry["peak"], rss)
                    entry["samples"].append(rss)
                except psutil.Error:
                    continue
            time.sleep(0.5)
    stdout, stderr = proc.communicate()
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if proc.returncode != 0:
        raise RuntimeError(f"review failed ({proc.returncode}): {stderr[-3000:]}")
    data = json.loads(stdout.strip().splitlines()[-1])
    data.update(wall_s=round(wall, 2), cpu_s=round(cpu, 2), workers=workers, prefect=prefect)
    if poll_rss:
        data["rss"] = {pid: {"cmd": e["cmd"], "peak_gib": round(e["peak"] / 2**30, 3),
                             "median_gib": round(statistics.median(e["samples"]) / 2**30, 3)}
                       for pid, e in peaks.items() if e["peak"] > 200 * 2**20}
    data["disk_bytes"] = {"inputs": sum(p.stat().st_size for i in inputs for p in ([i] if i.is_file() else i.glob("*.pdf"))),
                          "outputs": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()
                                         and ".cache" not in p.parts),
                          "cache": sum(p.stat().st_size for p in (out / ".cache").rglob("*") if p.is_file())}
    return data


def _brief(r: dict[str, Any]) -> str:
    ph = r["phases"]
    return (f"{r['files']:5d} files {r['pages']:6d} pages, {r['workers']} worker(s){'' if r['prefect'] else ' no Prefect'}: "
            f"wall {r['wall_s']:7.1f} s (imports {ph['imports']:.1f}, start {ph.get('first_total', 0):.1f}, "
            f"analyse to {ph.get('last_done', 0):.1f}, batch step to {ph.get('first_write', 0):.1f}, "
            f"writes to {ph.get('last_write', 0):.1f}, end {ph['end']:.1f}), CPU {r['cpu_s']:.0f} s, "
            f"load {os.getloadavg()[0]:.1f}")


def scaling(sizes: list[int], repeats: int, worker_counts: tuple[int, ...] = (1, 2)) -> list[dict[str, Any]]:
    """Wall time of whole reviews of generated digital batches on 1 and 2 worker processes (Prefect included)."""
    rows = []
    for n in sizes:
        b = batch("digital", n)
        for workers in worker_counts:
            for k in range(repeats if n <= 200 or workers == 2 else 1):
                r = run_timed(BENCH / "runs" / f"d{n}-w{workers}", [b], b / "online.json", workers)
                r.update(size=n, repeat=k)
                rows.append(r)
                print(f"[scaling] {_brief(r)}", flush=True)
    return rows


def prefect_share(repeats: int) -> list[dict[str, Any]]:
    """The same 20-document batch with and without Prefect, on 1 and 2 workers."""
    b = batch("digital", 20)
    rows = []
    for _ in range(repeats):
        for workers in (1, 2):
            for prefect in (False, True):
                r = run_timed(BENCH / "runs" / f"share-w{workers}-{prefect}", [b], b / "online.json", workers, prefect)
                rows.append(r)
                print(f"[prefect share] {_brief(r)}", flush=True)
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cost(n: int = 100) -> dict[str, Any]:
    """A `prefect server start` of our own; the CPU it spends per task run of an n-document batch on 2 workers."""
    import psutil

    home = BENCH / "prefect-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port",
                               str(port), "--no-ui"], env=env, stdout=subprocess.DEVNULL,
                              stderr=(home / "server.log").open("wb"), start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.perf_counter() - t0 > 300:
                    raise RuntimeError("prefect server did not start") from None
                time.sleep(0.5)
        started = time.perf_counter() - t0
        tree = psutil.Process(server.pid)

        def server_cpu() -> float:
            total = 0.0
            for p in [tree, *tree.children(recursive=True)]:
                try:
                    c = p.cpu_times()
                    total += c.user + c.system
                except psutil.Error:
                    continue
            return total

        b = batch("digital", n)
        c0 = server_cpu()
        r = run_timed(BENCH / "runs" / f"server-{n}", [b], b / "online.json", 2,
                      env={"PREFECT_API_URL": url, "PREFECT_HOME": str(home)})
        spent = server_cpu() - c0
        r.update(server_start_s=round(started, 1), server_cpu_s=round(spent, 2), task_runs=2 * r["files"],
                 server_cpu_ms_per_task_run=round(1000 * spent / (2 * r["files"]), 1))
        print(f"[server] start {started:.1f} s; {_brief(r)}; server CPU {spent:.1f} s = "
              f"{r['server_cpu_ms_per_task_run']} ms per task run", flush=True)
        return r
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)


def scan_300() -> Path:
    """-> out/bench/scan-300.pdf: 300 scanned pages (the scanned batch's declarations one after another)."""
    import pymupdf

    target = BENCH / "scan-300.pdf"
    if target.exists():
        return target
    src = sorted(batch("scanned", 8).glob("*.pdf"))
    with pymupdf.open() as big:
        while big.page_count < 300:
            for f in src:
                with pymupdf.open(f) as doc:
                    big.insert_pdf(doc, to_page=min(doc.page_count, 300 - big.page_count) - 1)
                if big.page_count >= 300:
                    break
        big.save(target, garbage=3, deflate=True)
    return target


def memory_300() -> dict[str, Any]:
    """Peak RSS of each worker process while 2 workers review the 300-page scan and a small scanned file."""
    big = scan_300()
    small = sorted(batch("scanned", 8).glob("*优秀场景*.pdf"))[0]
    r = run_timed(BENCH / "runs" / "scan-300", [big, small], None, 2, prefect=False, budget=7200, poll_rss=True)
    workers = {pid: e for pid, e in r["rss"].items() if "spawn" in e["cmd"] or "multiprocessing" in e["cmd"]}
    r["worker_peak_gib"] = max((e["peak_gib"] for e in workers.values()), default=None)
    print(f"[memory] {_brief(r)}; per-process peaks {json.dumps(r['rss'], ensure_ascii=False)}", flush=True)
    return r


def scanned_per_core(repeats: int) -> list[dict[str, Any]]:
    """Scanned pages/s of one process (one OCR thread, and OpenVINO's default) and of 2 worker processes."""
    b = batch("scanned", 8)
    rows = []
    for _ in range(repeats):
        for label, workers, env in (("1 process, 1 OCR thread", 1, {"SHENBAO_OCR_THREADS": "1"}),
                                    ("2 workers", 2, {}), ("1 process, default threads", 1, {})):
            r = run_timed(BENCH / "runs" / f"scan-w{workers}", [b], b / "online.json", workers, prefect=False,
                          env=env, budget=3600)
            ph = r["phases"]
            r.update(label=label, analyse_s=round(ph["last_done"] - ph["first_total"], 1))
            r["pages_per_s"] = round(r["pages"] / r["analyse_s"], 3)
            r["pages_per_cpu_s"] = round(r["pages"] / r["cpu_s"], 3)
            rows.append(r)
            print(f"[scanned] {label}: {r['pages_per_s']} pages/s in the analysis phase, "
                  f"{r['pages_per_cpu_s']} pages per CPU second; {_brief(r)}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description="batch throughput")
    ap.add_argument("--sizes", default="10,100,200,1000")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--workers", default="1,2", help="worker processes of the scaling runs (comma-separated)")
    ap.add_argument("--skip", default="", help="comma-separated: scaling,share,server,memory,scanned,pages")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    out_file = BENCH / "throughput.json"
    BENCH.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = json.loads(out_file.read_text()) if out_file.exists() else {}
    results["machine_at_start"] = machine()
    print(f"[machine] {results['machine_at_start']}", flush=True)

    def save() -> None:
        out_file.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")

    if "pages" not in skip:
        from bench import batch as batch_bench

        results["pages"] = {kind: batch_bench.main(batch(kind, n), repeats=args.repeats)
                            for kind, n in (("digital", 20), ("scanned", 8))}
        save()
    steps = (("share", lambda: prefect_share(args.repeats)), ("server", server_cost),
             ("scanned", lambda: scanned_per_core(args.repeats)), ("memory", memory_300),
             ("scaling", lambda: scaling([int(x) for x in args.sizes.split(",")], args.repeats,
                                          tuple(int(x) for x in args.workers.split(",")))))
    for name, step in steps:
        if name not in skip:
            found = step()
            if name == "scaling" and isinstance(results.get(name), list):  # runs of other sizes stay
                done = {(r["size"], r["workers"]) for r in found}
                found = [r for r in results[name] if (r["size"], r["workers"]) not in done] + found
            results[name] = found
            save()
    results["machine_at_end"] = machine()
    save()
    from bench.extrapolate import report

    print(report(results), flush=True)
    return results


if __name__ == "__main__":
    main()
