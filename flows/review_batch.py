"""The `review_batch` Prefect flow: thin wiring over the plain functions of flows/steps.py.

One flow run per batch, one `analyse` task per document, then the batch step in this process, then the
`write-outputs` tasks, each writing a chunk of documents (flows.steps.write_chunks: a task run costs about as
much as writing one document, so a 200-document batch has 8 write tasks on 2 workers, not 200). Where the tasks run:
- one file, or `--workers 1`: in this process (Prefect's ephemeral server unless PREFECT_API_URL is set);
- `--workers N`: a local Dask cluster of N worker processes (flows/cluster.py), through prefect-dask;
- `--dask-address tcp://HOST:8786`: the workers of an existing Dask scheduler on other machines.
Every worker reports to the one Prefect server of the run: the one PREFECT_API_URL names, or — for a local
cluster without it — a server this process starts on 127.0.0.1 for the batch (the ephemeral server would be
started again in every worker). A document whose worker dies is retried once by the scheduler and then becomes
an error submission (`flows.cluster.lost_document`); the batch goes on.
`run_review(cfg)` picks the Prefect path or the plain path (`--no-prefect`), which run the same functions on the
same workers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from itertools import count
from pathlib import Path
from typing import Any

from flows.batch_outputs import index_into_library, write_batch_outputs
from flows.cluster import (
    RESOURCES,
    ClusterError,
    in_window,
    lost_document,
    preflight,
    scheduler,
    uses_cluster,
)
from flows.config import RunConfig
from flows.run_lock import out_lock
from flows.steps import (
    BatchResult,
    analyse_one,
    discover_inputs,
    finish_batch,
    write_chunk,
    write_chunks,
    write_outputs,
)
from model import Submission

Progress = Callable[[str, Submission | None], None]   # (event, submission) -> None; events: total:N, done, write
Analyse = Callable[[Path, RunConfig], Submission]     # the per-document step (tests give one whose worker dies)
WriteAll = Callable[[list[Submission]], Iterable[Submission]]  # writes every submission, yields each when written

__all__ = ["ClusterError", "run_plain", "run_prefect", "run_review"]


def _noop(event: str, sub: Submission | None) -> None:
    return None


def _finish(subs: list[Submission], cfg: RunConfig, progress: Progress,
            write_all: WriteAll) -> tuple[BatchResult, list[str]]:
    result = finish_batch(subs, cfg)
    for sub in write_all(result.subs):
        progress("write", sub)
    warnings = write_batch_outputs(result, cfg)
    if cfg.catalog is not None:
        index_into_library(result, cfg.catalog, cfg.out)
    return result, warnings


def _write_here(subs: list[Submission], cfg: RunConfig) -> Iterator[Submission]:
    for sub in subs:
        write_outputs(sub, cfg)
        yield sub


@contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    from distributed import Client

    try:
        client = Client(address, set_as_default=False, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"连不上 Dask 调度器 {address}（{type(exc).__name__}）。请确认已运行 "
                           "`dask scheduler`，地址和端口正确，防火墙放行 8786 端口。") from exc
    with client:
        yield client


def run_plain(cfg: RunConfig, progress: Progress = _noop, *,
              analyse: Analyse = analyse_one) -> tuple[BatchResult, list[str]]:
    """Review a batch without Prefect: the same stage functions, in this process or on Dask workers."""
    paths = discover_inputs(cfg.inputs, cfg.out)
    progress(f"total:{len(paths)}", None)
    if not uses_cluster(cfg, len(paths)):
        subs = []
        for p in paths:
            subs.append(analyse(p, cfg))
            progress("done", subs[-1])
        return _finish(subs, cfg, progress, lambda s: _write_here(s, cfg))

    with scheduler(cfg) as address, _dask_client(address) as client:
        slots = preflight(client, cfg, paths)
        run, sent = uuid.uuid4().hex[:12], count()  # keys are unique on a cluster shared by several runs

        def submit(fn: Callable, arg: Any, name: str) -> Any:
            return client.submit(fn, arg, cfg, pure=False, resources=RESOURCES, key=f"{name}-{run}-{next(sent)}")

        by_path: dict[Path, Submission] = {}
        for p, fut in in_window(paths, lambda p: submit(analyse, p, f"analyse-{p.name}"), slots):
            try:
                by_path[p] = fut.result()
            except Exception as exc:  # the worker died twice (KilledWorker) or the task could not run there
                by_path[p] = lost_document(p, exc, cfg)
            fut.release()
            progress("done", by_path[p])

        def write_all(subs: list[Submission]) -> Iterator[Submission]:
            for chunk, fut in in_window(write_chunks(subs, slots),
                                        lambda c: submit(write_chunk, c, f"write-{c[0].submission_id}"), slots):
                if fut.status != "finished":  # a worker lost while writing: write them here
                    write_chunk(chunk, cfg)
                fut.release()
                yield from chunk

        return _finish([by_path[p] for p in paths], cfg, progress, write_all)


@contextmanager
def _prefect_api(cfg: RunConfig, distributed: bool) -> Iterator[tuple[str | None, Callable[[], None]]]:
    """-> (the Prefect API every worker reports to, a call that waits until it answers). None: this process's
    ephemeral server, no workers. For a local cluster without PREFECT_API_URL a server of the batch is started
    here (flows.prefect_server), booting while the cluster starts."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    url = get_current_settings().api.url
    if url or not distributed:
        yield url, lambda: None
        return
    if cfg.dask_address is not None:
        raise ClusterError("使用 --dask-address 时需要一个各机器都能访问的 Prefect 服务器：请在一台机器上运行 "
                           "`prefect server start --host 0.0.0.0`，并在本机和每个工作节点设置 "
                           "PREFECT_API_URL=http://该机器:4200/api（见 README「多机部署」）。")
    from flows.prefect_server import ServerError, local_server

    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))

    with local_server(cfg.out / ".cache" / "prefect-server.log") as server:
        def ready() -> None:
            try:
                server.wait_ready(timeout)
            except ServerError as exc:
                raise ClusterError(exc.message_zh) from exc

        try:
            os.environ["PREFECT_API_URL"] = server.api_url  # the local cluster's worker processes inherit it
            with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
                yield server.api_url, ready
        finally:
            os.environ.pop("PREFECT_API_URL", None)


def _mark_crashed(task_run_id: object, message: str) -> None:
    """A task run whose worker died stays 'Running' on the server: set it Crashed (best effort)."""
    try:
        from prefect.client.orchestration import get_client
        from prefect.states import Crashed

        with get_client(sync_client=True) as client:
            client.set_task_run_state(task_run_id, Crashed(message=message), force=True)
    except Exception:  # only the Prefect UI's view of the lost task is at stake
        return


# The running flow's progress callback, per-document step and document slots: module state, so that the flow
# function (which Prefect serialises with every task it sends to a worker) holds no terminal and no closure.
_CURRENT: dict[str, Any] = {}


def _report(event: str, sub: Submission | None) -> None:
    _CURRENT.get("progress", _noop)(event, sub)


@cache
def _tasks(analyse: Analyse = analyse_one) -> tuple[Any, Any]:
    """-> the Prefect tasks `analyse` and `write-outputs` (of module-level functions: workers unpickle them by
    reference)."""
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    # our own cache (OUT/.cache) keeps analyses; Prefect keeps no results of its own
    opts = {"cache_policy": NO_CACHE, "persist_result": False}
    return (task(analyse, name="analyse", task_run_name="analyse-{path.name}", **opts),
            task(write_chunk, name="write-outputs", task_run_name="write-{label}", retries=2,
                 retry_delay_seconds=1, **opts))


def _chunk_label(chunk: list[Submission]) -> str:
    """A chunk of submissions -> its name in Prefect: the first id, and how many there are when more than one."""
    first = chunk[0].submission_id
    return first if len(chunk) == 1 else f"{first}-等{len(chunk)}份"


def _completed(items: list[Any], submit: Callable[[Any], Any]) -> Iterator[tuple[Any, Any]]:
    """Items -> (item, Prefect future) as each finishes: on Dask one per document slot at a time, each taking
    a worker's slot; in this process all submitted at once to the one-thread runner."""
    slots = _CURRENT.get("slots")
    if slots:
        import dask

        def take_slot(item: Any) -> Any:
            with dask.annotate(resources=RESOURCES):
                return submit(item)

        yield from in_window(items, take_slot, slots, raw=lambda f: f.wrapped_future)
        return
    from prefect.futures import as_completed

    futures = {submit(item): item for item in items}
    for fut in as_completed(list(futures)):
        yield futures[fut], fut


def _review_batch(cfg: RunConfig, paths: list[Path]) -> tuple[BatchResult, list[str]]:
    """The body of the `review_batch` flow: analyse tasks, the batch step here, write tasks."""
    analyse_task, write_task = _tasks(_CURRENT.get("analyse", analyse_one))
    _report(f"total:{len(paths)}", None)
    by_path: dict[Path, Submission] = {}
    for p, fut in _completed(paths, lambda p: analyse_task.submit(p, cfg)):
        try:
            by_path[p] = fut.result()
        except Exception as exc:  # the worker died twice (KilledWorker) or the task could not run there
            by_path[p] = lost_document(p, exc, cfg)
            _mark_crashed(fut.task_run_id, by_path[p].findings[0].message)
        _report("done", by_path[p])

    def write_all(subs: list[Submission]) -> Iterator[Submission]:
        chunks = write_chunks(subs, _CURRENT.get("slots") or 1)
        for chunk, fut in _completed(chunks, lambda c: write_task.submit(c, cfg, _chunk_label(c))):
            try:
                fut.result()
            except Exception:  # a worker lost while writing: write them here
                write_chunk(chunk, cfg)
            yield from chunk

    return _finish([by_path[p] for p in paths], cfg, _report, write_all)


def run_prefect(cfg: RunConfig, progress: Progress = _noop, *,
                analyse: Analyse = analyse_one) -> tuple[BatchResult, list[str]]:
    """Review a batch as one Prefect flow run, its tasks in this process or on Dask workers."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # the ephemeral server takes ≈ 10 s on an idle machine; Prefect gives up after 20 s, which a busy
    # office PC (or CI) can exceed
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect import flow
    from prefect.task_runners import ThreadPoolTaskRunner

    paths = discover_inputs(cfg.inputs, cfg.out)
    distributed = uses_cluster(cfg, len(paths))
    _CURRENT.update(progress=progress, analyse=analyse)
    try:
        with _prefect_api(cfg, distributed) as (api_url, ready):
            if not distributed:
                return flow(_review_batch, name="review_batch", task_runner=ThreadPoolTaskRunner(max_workers=1),
                            log_prints=False, persist_result=False)(cfg, paths)
            from prefect_dask import DaskTaskRunner

            with scheduler(cfg) as address:  # the workers start while the batch's Prefect server boots
                with _dask_client(address) as client:
                    _CURRENT["slots"] = preflight(client, cfg, paths, api_url, ready)
                return flow(_review_batch, name="review_batch", task_runner=DaskTaskRunner(address=address),
                            log_prints=False, persist_result=False)(cfg, paths)
    finally:
        _CURRENT.clear()


def run_review(cfg: RunConfig, progress: Progress = _noop) -> tuple[BatchResult, list[str]]:
    """RunConfig -> finished batch and quota warnings, through Prefect or the plain path as configured
    (ClusterError when the Dask cluster or its Prefect server cannot take the batch).

    The output folder is held for the whole run (flows.run_lock: a second run on it raises OutBusy, stale
    temporary files of killed runs are removed first)."""
    with out_lock(cfg.out):
        return run_prefect(cfg, progress) if cfg.use_prefect else run_plain(cfg, progress)
