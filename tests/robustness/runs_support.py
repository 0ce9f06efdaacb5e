"""Helpers of the run-robustness tests: run `shenbao` as a real process, stop it at a chosen moment, compare
output trees.

`shenbao_cmd(...)` runs the CLI in a child process. With `pause_at=(pattern, n)` the child stops inside the
n-th atomic write whose target path contains `pattern`, after the temporary file is complete and before it is
renamed into place (reports.atomic.write_atomically), writes `ready` and waits for `go` (or for SIGKILL): the
test can kill it while a file is being written, or let it go on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BATCH = ROOT / "samples" / "batch-2023"

_CHILD = r"""
import os, sys, time
from pathlib import Path
pattern, nth, ready, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
if pattern:
    import reports.atomic as atomic
    real_replace, seen = atomic.os.replace, [0]

    class _Os:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def replace(src, dst):
            if pattern in str(dst):
                seen[0] += 1
                if seen[0] == nth:
                    ready.write_text(str(src), encoding="utf-8")
                    while not go.exists():
                        time.sleep(0.05)
            return real_replace(src, dst)

    atomic.os = _Os()
from flows.cli import main
sys.argv = ["shenbao", *sys.argv[5:]]
main()
"""


def child_env(home: Path) -> dict[str, str]:
    """A temporary home -> the environment of a child run: HOME, TMPDIR and Prefect's home inside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PYTEST"))}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), TMPDIR=str(home / "tmp"), PREFECT_HOME=str(home / ".prefect"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONPATH=str(ROOT), DO_NOT_TRACK="1")
    return env


def start(args: list[str], home: Path, pause_at: tuple[str, int] | None = None, cwd: Path | None = None,
          ) -> tuple[subprocess.Popen, Path, Path]:
    """CLI arguments -> (the running child, its `ready` file, its `go` file)."""
    ready, go = home / f"ready-{time.monotonic_ns()}", home / f"go-{time.monotonic_ns()}"
    pattern, nth = pause_at or ("", 0)
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, pattern, str(nth), str(ready), str(go), *args],
                            env=child_env(home), cwd=cwd or home, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)
    return proc, ready, go


def run(args: list[str], home: Path, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """CLI arguments -> the finished child (rc, stdout, stderr)."""
    proc, _, _ = start(args, home, cwd=cwd)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 600) -> None:
    """Wait until `path` exists (the child reached its pause); fail when the child ends first."""
    end = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the child ended (rc {proc.returncode}) before its pause: {proc.stderr.read()}")
        if time.monotonic() > end:
            raise AssertionError("the child never reached its pause")
        time.sleep(0.05)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the child and every process it started."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes | str]:
    """Folder -> {relative path: bytes (or the link target of a symlink)}, names starting with `skip` left out."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(rel.startswith(s) for s in skip):
            continue
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def temp_files(folder: Path) -> list[str]:
    """Folder -> the temporary files left in it (names with .tmp)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".tmp" in p.name)


def batch_ids(out: Path) -> list[str]:
    """Output folder -> the submission ids batch.json lists, in order."""
    return [s["submission_id"] for s in json.loads((out / "batch.json").read_text(encoding="utf-8"))["submissions"]]
