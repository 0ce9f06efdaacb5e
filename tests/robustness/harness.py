"""Running mutated PDFs through the real `shenbao review` and judging what came out.

`review_folder` runs the command in a child process (time limit, peak memory polled from /proc (VmHWM),
stdout/stderr kept); `oracle` says what plain PyMuPDF can do with a file (open it, load and read each page),
which the suite compares with the review: every page PyMuPDF cannot load must be named in a finding, and no
page it reads well may be lost.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from catalog.limits import load_limits
from extractors.triage import triage_text

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Run:
    """One `shenbao review` run: exit code, output, wall and CPU seconds, peak RSS (MB) of the process."""

    rc: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    timed_out: bool = False


def shenbao() -> list[str]:
    """-> the command line that starts the installed `shenbao` of this interpreter."""
    script = Path(sys.executable).with_name("shenbao")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from flows.cli import main; main()"]


def review_folder(folder: Path, out: Path, *, budget_s: float, timeout_s: float) -> Run:
    """Folder of PDFs -> the Run of `shenbao review FOLDER --out OUT --no-prefect --budget B`, killed after
    `timeout_s` (a hang)."""
    cmd = [*shenbao(), "review", str(folder), "--out", str(out), "--no-prefect", "--budget", str(budget_s)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    t0 = time.monotonic()
    err_path, out_path = out.parent / f"{out.name}.stderr", out.parent / f"{out.name}.stdout"
    with err_path.open("wb") as err, out_path.open("wb") as std:
        proc = subprocess.Popen(cmd, stdout=std, stderr=err, env=env)
        timed_out = False
        deadline = t0 + timeout_s
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, vm_hwm_kb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(rc=proc.returncode, stdout=out_path.read_text(encoding="utf-8", errors="replace"),
               stderr=err_path.read_text(encoding="utf-8", errors="replace"), seconds=time.monotonic() - t0,
               cpu_seconds=usage.ru_utime + usage.ru_stime, peak_mb=(peak_kb or usage.ru_maxrss) / 1024,
               timed_out=timed_out)


def vm_hwm_kb(pid: int) -> int:
    """Running process -> its peak resident set (VmHWM, kB) so far; 0 when it has gone.

    Not the kernel's rusage: Linux carries the parent's high-water mark over fork and exec into the child's
    ru_maxrss, so a child of a large pytest worker would report the worker's peak, not its own."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


@dataclass
class Oracle:
    """What plain PyMuPDF makes of a file: opens, its page count, pages that fail to load or read, pages with
    a good text layer (triage "text" within the characters limit)."""

    opens: bool
    pages: int = 0
    failing: set[int] = field(default_factory=set)
    good_text: set[int] = field(default_factory=set)


def oracle(data: bytes) -> Oracle:
    """PDF bytes -> Oracle (never raises)."""
    limits = load_limits()
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
        count = doc.page_count
    except Exception:
        return Oracle(opens=False)
    out = Oracle(opens=True, pages=count)
    if count == 0 or count > limits.pages_per_file or doc.needs_pass:
        return out
    for index in range(count):
        try:
            page = doc.load_page(index)
            text = page.get_text()
        except Exception:
            out.failing.add(index + 1)
            continue
        box = page.rect
        sane = all(limits.page_box_pt.min <= v <= limits.page_box_pt.max for v in (box.width, box.height))
        if sane and len(text) < limits.chars_per_page and triage_text(text, 0.0).kind == "text":
            out.good_text.add(index + 1)
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    return out


def batch_entries(out: Path) -> dict[str, dict]:
    """Output folder -> batch.json's submissions by source file name."""
    batch = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    return {Path(s["source"]).name: s for s in batch["submissions"]}


def cached_timings(out: Path) -> dict[str, dict[str, float]]:
    """Output folder -> the timings of each analysed file (OUT/.cache keeps them; review.json leaves them out),
    by source file name."""
    found = {}
    for path in (out / ".cache").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[Path(data["source"]["path"]).name] = data.get("timings", {})
    return found


def foreign_lines(text: str) -> list[str]:
    """Terminal output -> the lines a Chinese officer could not read: no Chinese character in them (blank lines
    and progress-bar lines of digits and symbols aside)."""
    return [line for line in text.splitlines() if line.strip() and not CJK.search(line)
            and re.search(r"[A-Za-z]{3,}", line)]
