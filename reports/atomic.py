"""Write a report file under a temporary name and rename it, so no half-written file is left."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path

_CALLS = itertools.count(1)  # two threads writing one name at once still get two temporary files


def write_atomically(out_path: Path, write: Callable[[Path], None]) -> Path:
    """Target path + a function writing to a given path -> the target, written completely or not at all.

    The temporary name ".<stem>.<pid>-<n>.tmp<suffix>" is what flows.run_lock removes when a killed run left it."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.stem}.{os.getpid()}-{next(_CALLS)}.tmp{out_path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, out_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return out_path
