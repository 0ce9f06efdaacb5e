"""Per-document steps for the Dask tests whose worker process dies (imported by the workers by name: the test
folder is on their sys.path, copied from the parent by multiprocessing's spawn)."""

import os
import time

from flows.steps import analyse_one


def dies_on_some(path, cfg):
    """A file named *hog* allocates until the worker's memory cap kills it; *once* kills its worker the first
    time only (a marker under OUT); every other file is analysed as usual."""
    if "hog" in path.name:
        chunks = []
        while True:
            chunks.append(b"x" * (64 << 20))
            time.sleep(0.01)
    if "once" in path.name:
        marker = cfg.out / f".{path.name}.tried"
        if not marker.exists():
            marker.write_text("1", encoding="utf-8")
            time.sleep(1.0)  # let the worker's start event reach the scheduler, as a real crash would
            os._exit(3)
    return analyse_one(path, cfg)
