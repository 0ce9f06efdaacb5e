"""The Prefect server of one batch on a local cluster, started beside the cluster instead of before it.

With `--workers N` and no PREFECT_API_URL, every worker must report to one server (Prefect's ephemeral server
would start again in each worker). Prefect's own `SubprocessASGIServer` works, but importing it loads the
whole server application into this process (≈ 6 s here) and `start()` waits until the server answers
(≈ 9 s more) before the Dask workers are even asked for. Here the same uvicorn command is started as a child
process right away; the local cluster starts while the server boots, and `wait_ready` is called only when the
flow needs the API. The server's output goes to OUT/.cache/prefect-server.log.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ServerError(RuntimeError):
    """The batch's Prefect server did not come up; `message_zh` says so in Chinese."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


def free_port() -> int:
    """-> a TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(api_url: str, process: subprocess.Popen, timeout_s: float) -> bool:
    """Prefect API address + the server's process -> True once it answers /health; False when the process
    exits or timeout_s passes first."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


class LocalServer:
    """A `prefect server` child process on 127.0.0.1 (no UI), its API address and readiness."""

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        import prefect

        self.port = port or free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("ab")
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(  # the command prefect.server.api.server.SubprocessASGIServer runs
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout_s: float) -> None:
        """Block until the server answers /health (ServerError when it exits or takes longer than timeout_s)."""
        if not wait_healthy(self.api_url, self.process, timeout_s):
            raise ServerError(f"本批次的 Prefect 服务器（127.0.0.1:{self.port}）未能在 {timeout_s:.0f} 秒内启动"
                              "（详情见输出目录 .cache/prefect-server.log）。可改用 --no-prefect 运行，"
                              "或先运行 `prefect server start` 并设置 PREFECT_API_URL。")

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 5 s) and close its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def drain_clients(timeout_s: float = 30.0) -> None:
    """Send what this process's Prefect events and API-log workers still hold, to the server each was made for.
    Called before that server stops: events left queued for a stopped server are retried at exit (and by
    prefect_test_harness) for ever."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        try:
            worker.drain_all(timeout=timeout_s)
        except Exception:
            continue


@contextmanager
def local_server(log_path: Path) -> Iterator[LocalServer]:
    """-> a LocalServer booting in the background; on exit the clients are drained and the server stopped."""
    server = LocalServer(log_path)
    try:
        yield server
    finally:
        drain_clients()
        server.stop()
