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


def warm_up() -> None:
    """Import the review's stages and load the default year's scene mapper (≈ 8 s of a worker's first
    document), while the batch's Prefect server is still booting (flows.cluster.preflight). Not the OCR
    engine: ≈ 0.9 GB that only scanned documents need. Any failure here is left to the first document."""
    try:
        from catalog.reference import default_year, load_reference
        from review.document import scene_mapper

        scene_mapper(load_reference(default_year()).guide.edition).predict("预热", "预热")
    except Exception:  # the document's own task reports it
        return


class ShenbaoWorker(WorkerPlugin):
    """One core's worth of worker: single-threaded native libraries; start events for the scheduler."""

    name = "shenbao-worker"

    def setup(self, worker: Any) -> None:
        self._worker = worker
        os.environ.update(WORKER_ENV)  # the OCR engine reads SHENBAO_OCR_THREADS when it loads
        import cv2

        cv2.setNumThreads(1)
        warm_up()

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if finish == "executing":
            self._worker.log_event(START_TOPIC, {"key": str(key)})
