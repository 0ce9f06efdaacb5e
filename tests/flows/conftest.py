"""Fixtures of the flow tests: a small digital batch copied from the committed samples, plus bad files."""

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BATCH = ROOT / "samples" / "batch-2023"


def _digital_docs(n: int) -> list[dict]:
    truth = json.loads((BATCH / "ground_truth.json").read_text(encoding="utf-8"))
    docs = [d for d in truth["documents"] if d["kind"] == "digital"]
    return docs[:n]


@pytest.fixture(scope="session")
def small_batch(tmp_path_factory) -> Path:
    """Three digital declarations, their online records, and one corrupt file, in a temp folder."""
    folder = tmp_path_factory.mktemp("batch")
    docs = _digital_docs(3)
    for d in docs:
        shutil.copy(BATCH / d["file"], folder / d["file"])
    shutil.copy(BATCH / "online.json", folder / "online.json")
    (folder / "损坏的申报书.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage without xref")
    return folder


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness for the whole session (15–20 s)."""
    import os

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    # 30 s by default: a CI machine busy with the other tests can take longer to start the server
    with prefect_test_harness(server_startup_timeout=180):
        yield
