"""The RapidOCR engine of a process, safe to call from several threads at once.

rapidocr_openvino keeps one OpenVINO infer request per model and returns views into its output tensor:
two threads calling it at once (Prefect's thread task runner with --workers 2) overwrite each other's input
and output, and one of them fails ("_is_single_input" / OpenVIONError) or, worse, reads the other's page.
Every call therefore holds one lock for the whole recognition (detection, recognition, post-processing).

Measured (docs/robustness-runs.md): one OpenVINO inference already uses every core, so a lock costs almost
nothing against one engine per thread, which would double the engine's ≈ 0.9 GB.
"""

from __future__ import annotations

import os
import threading
from typing import Any


class LockedEngine:
    """A RapidOCR engine whose calls run one at a time (same call signature as RapidOCR)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """RapidOCR call -> its result, computed while no other thread uses the engine."""
        with self._lock:
            return self._engine(*args, **kwargs)


_LOADING = threading.Lock()
_SHARED: list[LockedEngine] = []


def load_engine() -> LockedEngine:
    """-> a new RapidOCR (openvino) engine behind a lock (≈ 1 s, ≈ 0.9 GB). SHENBAO_OCR_THREADS (set to 1 in
    every Dask worker, flows/cluster.py) limits its inference threads, otherwise OpenVINO takes every core."""
    from rapidocr_openvino import RapidOCR

    threads = int(os.environ.get("SHENBAO_OCR_THREADS", "-1"))
    return LockedEngine(RapidOCR(**{"Global.use_cls": False, "Global.print_verbose": False,
                                    "inference_num_threads": threads}))


def shared_engine() -> LockedEngine:
    """-> the one engine of this process, loaded by the first caller (two threads asking at once get the same)."""
    with _LOADING:
        if not _SHARED:
            _SHARED.append(load_engine())
        return _SHARED[0]
