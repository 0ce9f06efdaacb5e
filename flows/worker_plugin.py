"""The Dask worker plugin of shenbao (registered by flows.cluster.preflight, given again to every restarted
worker): one thread for OCR, OpenCV and BLAS in the worker, and an event each time a task begins to run, so that
a document is charged only with the deaths of workers it was running on (flows.cluster.in_window)."""

from __future__ import annotations

import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

START_TOPIC = "shenbao-start"  # worker event: a task began to run on this worker, {"key": its key}
WORKER_ENV = {"SHENBAO_OCR_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}


class ShenbaoWorker(WorkerPlugin):
    """One core's worth of worker: single-threaded native libraries; start events for the scheduler."""

    name = "shenbao-worker"

    def setup(self, worker: Any) -> None:
        self._worker = worker
        os.environ.update(WORKER_ENV)  # the OCR engine reads SHENBAO_OCR_THREADS when it loads
        import cv2

        cv2.setNumThreads(1)

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if finish == "executing":
            self._worker.log_event(START_TOPIC, {"key": str(key)})
