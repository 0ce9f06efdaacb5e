"""Dask for `shenbao review`: a local cluster of worker processes (`--workers N`) or an existing scheduler
(`--dask-address tcp://HOST:8786`), the checks made before a batch is sent to it, and the sending itself.

Each worker is one process with one document slot and one OCR thread (OpenVINO, OpenCV and BLAS limited to
one thread each, flows/worker_plugin.py): on a machine, one worker per core. The worker's memory is capped
(`--memory-limit`: distributed's nanny kills a worker past 95 % of it and starts a new one). `in_window` sends
each worker only the document it works on, and a document whose worker died while running it is sent once more
and then reported as an error submission (`lost_document`): a worker that dies takes only its document. Inputs
and outputs must be paths every worker sees (a shared folder): `preflight` checks this, the code version, the
document slots and the Prefect server from every worker before any work is sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from flows.config import RunConfig, code_version
from model import Submission

T = TypeVar("T")
F = TypeVar("F")
ATTEMPTS = 2  # a document whose worker died while running it is tried once more, then reported
MAX_SUBMISSIONS = 4  # ... and sent at most this often (a worker killed under a waiting document costs it nothing)
# Every worker offers one "document" slot and every task takes it: two documents never share one process's
# OCR engine, whatever --nthreads a remote worker was started with.
RESOURCES = {"document": 1}


class ClusterError(Exception):
    """The cluster cannot take the batch; `message_zh` says why and what to do."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


def uses_cluster(cfg: RunConfig, n_files: int) -> bool:
    """Whether a batch runs on Dask (an address given, or several workers for several files)."""
    return cfg.dask_address is not None or (cfg.workers > 1 and n_files > 1)


def _worker_facts(paths: list[str], out: str, api_url: str | None) -> dict[str, Any]:
    """Run on every worker: its code version, which of the paths it sees, whether it can write OUT and reach
    the Prefect server."""
    import tempfile
    import urllib.request

    from flows.config import code_version as worker_code_version

    facts: dict[str, Any] = {"version": worker_code_version(), "missing": [p for p in paths if not os.path.exists(p)]}
    try:
        Path(out).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".worker-check-"):
            facts["writable"] = True
    except OSError:
        facts["writable"] = False
    facts["prefect"] = True
    if api_url:
        try:
            with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=10) as resp:
                facts["prefect"] = resp.status == 200
        except OSError:
            facts["prefect"] = False
    return facts


def preflight(client: Any, cfg: RunConfig, paths: list[Path], api_url: str | None = None,
              ready: Callable[[], None] = lambda: None) -> int:
    """Connected Dask client -> number of document slots (one per worker), after checking that every worker can
    do the batch (ClusterError). `ready` waits for the batch's Prefect server: called once the workers are set
    up and warmed (flows.worker_plugin), before they are asked whether they reach it."""
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    if not workers:
        raise ClusterError(f"Dask 调度器 {cfg.dask_address or ''} 上没有工作节点。请先在各台机器上运行 "
                           "`dask worker 调度器地址 --nworkers 核数 --nthreads 1`，再提交这批申报书。")
    slotless = sorted(a for a, w in workers.items() if not w.get("resources", {}).get("document"))
    if slotless:
        raise ClusterError(f"工作节点 {'、'.join(slotless)} 没有声明 document 资源，shenbao 的任务不会分给它们。"
                           "请用 `dask worker 调度器地址 --nworkers 核数 --nthreads 1 --resources document=1` 重启这些节点。")
    from flows.worker_plugin import ShenbaoWorker

    client.register_plugin(ShenbaoWorker())
    ready()
    probe = sorted({str(p) for p in paths[:1]} | ({str(cfg.online)} if cfg.online else set()))
    facts = client.run(_worker_facts, probe, str(cfg.out.resolve()), api_url)
    mine = code_version()
    for addr, f in sorted(facts.items()):
        if f["version"] != mine:
            raise ClusterError(f"工作节点 {addr} 上的 shenbao 与本机版本不同（{f['version']} / {mine}）。"
                               "请在每台机器上安装同一版本后重启 dask worker。")
        if f["missing"]:
            raise ClusterError(f"工作节点 {addr} 看不到 {'、'.join(f['missing'])}。输入和 --out 必须是每台机器上路径相同的"
                               "共享文件夹（如 NFS/SMB 挂载到同一路径）。")
        if not f["writable"]:
            raise ClusterError(f"工作节点 {addr} 不能写入 {cfg.out}。请确认共享文件夹在该机器上可写。")
        if not f["prefect"]:
            raise ClusterError(f"工作节点 {addr} 连不上 Prefect 服务器 {api_url}。请用各机器都能访问的地址启动 "
                               "`prefect server start --host 0.0.0.0`，并把 PREFECT_API_URL 设为 http://该机器:4200/api。")
    return sum(int(w["resources"]["document"]) for w in workers.values())


@contextmanager
def scheduler(cfg: RunConfig) -> Iterator[str]:
    """RunConfig -> the address of the Dask scheduler to use: the given one, or a local cluster of
    `cfg.workers` processes started here and stopped on exit."""
    import dask
    import distributed  # noqa: F401  (it installs its terminal log handler on import; _dask_log takes it off)

    # the scheduler gives up on a task at the first death of its worker; in_window decides whether to send again
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), _dask_log(cfg.out / ".cache" / "dask.log"):
        if cfg.dask_address is not None:
            yield cfg.dask_address
            return
        from distributed import LocalCluster

        from flows.worker_plugin import WORKER_ENV

        # everything on 127.0.0.1 and free ports: nothing listens on the network, two runs never collide
        with LocalCluster(n_workers=cfg.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          memory_limit=f"{cfg.memory_limit_gb}GiB", dashboard_address=None,
                          scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                          resources=dict(RESOURCES), env={**WORKER_ENV, **_prefect_env()},
                          silence_logs=logging.ERROR) as cluster:
            yield cluster.scheduler_address


class _FileLog(logging.Handler):
    """Log records -> lines of a file (not a StreamHandler: distributed resets those to its own level)."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self._file = path.open("a", encoding="utf-8")
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._file.write(self.format(record) + "\n")
            self._file.flush()
        except (OSError, ValueError):
            return

    def close(self) -> None:
        self._file.close()
        super().close()


@contextmanager
def _dask_log(path: Path) -> Iterator[None]:
    """Dask's own log lines in this process (English: restarts, memory, lost workers) -> OUT/.cache/dask.log,
    not the terminal; the local worker processes print errors only (silence_logs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("distributed")
    handler = _FileLog(path)
    saved = logger.level, logger.propagate, list(logger.handlers)
    for h in saved[2]:
        logger.removeHandler(h)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        for h in saved[2]:
            logger.addHandler(h)


def _prefect_env() -> dict[str, str]:
    """-> the Prefect variables of this process that local workers must share (the one API, its home)."""
    return {k: v for k, v in os.environ.items() if k in ("PREFECT_API_URL", "PREFECT_HOME", "PREFECT_API_KEY")}


def lost_document(path: Path, exc: BaseException, cfg: RunConfig) -> Submission:
    """A document whose worker died twice (memory cap, crash, killed) -> an error submission saying so."""
    from extractors.pdf_open import file_sha256
    from flows.steps import error_submission

    try:
        sha = file_sha256(path)
    except OSError:
        sha = ""
    killed = type(exc).__name__ == "KilledWorker"
    why = (f"处理它的工作进程两次意外退出（内存超过每个进程 {cfg.memory_limit_gb:g} GB 的上限、崩溃或被终止）"
           if killed else f"处理时发生内部错误（{type(exc).__name__}）")
    return error_submission(path, f"《{path.name}》{why}，已重试一次仍未完成，本文件未审核。请单独审核该文件"
                                  "（可加大 --memory-limit），或人工核对。", repr(exc)[:2000], sha)


def in_window(items: list[T], submit: Callable[[T], F], slots: int,
              raw: Callable[[F], Any] = lambda f: f) -> Iterator[tuple[T, F]]:
    """Submit items -> (item, future) as each finishes, with at most `slots` submitted and unfinished at once.

    One slot per worker: a worker is sent only the document it works on. A document whose worker died is sent
    again until it has been running on ATTEMPTS dying workers (start events of flows.worker_plugin); then its
    future, failed with KilledWorker, is yielded. `raw` gives the distributed.Future of a submitted future
    (prefect-dask wraps them)."""
    from distributed import KilledWorker, as_completed

    from flows.worker_plugin import START_TOPIC

    it = iter(items)
    pending: dict[Any, tuple[T, F, list[str]]] = {}

    def send(item: T, keys: list[str]) -> Any:
        fut = submit(item)
        pending[raw(fut)] = (item, fut, [*keys, str(raw(fut).key)])
        return raw(fut)

    for item in islice(it, max(slots, 1)):
        send(item, [])
    if not pending:
        return
    client = next(iter(pending)).client
    done = as_completed(list(pending), loop=client.loop)
    for finished in done:
        item, fut, keys = pending.pop(finished)
        if finished.status == "error" and isinstance(finished.exception(), KilledWorker) \
                and len(keys) < MAX_SUBMISSIONS:
            started = sum(1 for _, msg in client.get_events(START_TOPIC) if msg.get("key") in keys)
            if started < ATTEMPTS:
                done.add(send(item, keys))
                continue
        yield item, fut
        for item in islice(it, 1):
            done.add(send(item, []))
