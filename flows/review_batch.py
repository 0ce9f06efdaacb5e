"""The `review_batch` Prefect flow: thin wiring over the plain functions of flows/steps.py.

One flow run per batch (the ephemeral server's start-up, ≈ 10 s here, is paid once), one task per document.
Retries only on the output-writing task (I/O); the analysis is deterministic and catches its own errors.
`run_review(cfg)` picks the Prefect path or the plain path (`--no-prefect`), which run the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from flows.batch_outputs import index_into_library, write_batch_outputs
from flows.config import RunConfig
from flows.run_lock import out_lock
from flows.steps import BatchResult, analyse_one, discover_inputs, finish_batch, write_outputs
from model import Submission

Progress = Callable[[str, Submission | None], None]   # (event, submission) -> None; events: total:N, done, write


def _noop(event: str, sub: Submission | None) -> None:
    return None


def _finish(subs: list[Submission], cfg: RunConfig, progress: Progress,
            write: Callable[[Submission], Path]) -> tuple[BatchResult, list[str]]:
    result = finish_batch(subs, cfg)
    for sub in result.subs:
        write(sub)
        progress("write", sub)
    warnings = write_batch_outputs(result, cfg)
    if cfg.catalog is not None:
        index_into_library(result, cfg.catalog, cfg.out)
    return result, warnings


def run_plain(cfg: RunConfig, progress: Progress = _noop) -> tuple[BatchResult, list[str]]:
    """Review a batch without Prefect (same stage functions; processes when workers > 1)."""
    paths = discover_inputs(cfg.inputs, cfg.out)
    progress(f"total:{len(paths)}", None)
    by_path: dict[Path, Submission] = {}
    if cfg.workers > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=cfg.workers) as pool:
            futures = {pool.submit(analyse_one, p, cfg): p for p in paths}
            for fut in as_completed(futures):
                by_path[futures[fut]] = fut.result()
                progress("done", by_path[futures[fut]])
    else:
        for p in paths:
            by_path[p] = analyse_one(p, cfg)
            progress("done", by_path[p])
    return _finish([by_path[p] for p in paths], cfg, progress, lambda s: write_outputs(s, cfg))


def run_prefect(cfg: RunConfig, progress: Progress = _noop) -> tuple[BatchResult, list[str]]:
    """Review a batch as one Prefect flow run (ephemeral server unless PREFECT_API_URL is set)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # the ephemeral server takes ≈ 10 s on an idle machine; Prefect gives up after 20 s, which a busy
    # office PC (or CI) can exceed
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect import flow, task
    from prefect.futures import as_completed as prefect_completed
    from prefect.task_runners import ThreadPoolTaskRunner

    analyse_task = task(analyse_one, name="analyse", task_run_name="analyse-{path.name}")
    write_task = task(write_outputs, name="write-outputs", retries=2, retry_delay_seconds=1)

    @flow(name="review_batch", task_runner=ThreadPoolTaskRunner(max_workers=cfg.workers), log_prints=False)
    def review_batch(cfg: RunConfig) -> tuple[BatchResult, list[str]]:
        paths = discover_inputs(cfg.inputs, cfg.out)
        progress(f"total:{len(paths)}", None)
        futures = {analyse_task.submit(p, cfg): p for p in paths}
        by_path: dict[Path, Submission] = {}
        for fut in prefect_completed(list(futures)):
            by_path[futures[fut]] = fut.result()
            progress("done", by_path[futures[fut]])
        return _finish([by_path[p] for p in paths], cfg, progress, lambda s: write_task(s, cfg))

    return review_batch(cfg)


def run_review(cfg: RunConfig, progress: Progress = _noop) -> tuple[BatchResult, list[str]]:
    """RunConfig -> finished batch and quota warnings, through Prefect or the plain path as configured.

    The output folder is held for the whole run (flows.run_lock: a second run on it raises OutBusy, stale
    temporary files of killed runs are removed first)."""
    with out_lock(cfg.out):
        return run_prefect(cfg, progress) if cfg.use_prefect else run_plain(cfg, progress)
