"""Distributed runs: a local Dask cluster of 2 worker processes against a real `prefect server start`."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from flows.config import RunConfig
from flows.prefect_server import drain_clients, wait_healthy
from flows.review_batch import run_plain, run_review
from flows.steps import write_chunks

pytestmark = [pytest.mark.slow, pytest.mark.batch]

ROOT = Path(__file__).resolve().parents[2]
BATCH = ROOT / "samples" / "batch-2023"
# two digital files and two mixed ones (scanned cover and promise page): OCR runs in both worker processes at once
FILES = ("01_优秀场景_广东汇峰轮胎_digital.pdf", "05_优秀场景_湖北宇诚化工_mixed.pdf",
         "06_示范工厂_福建明宏纺织_mixed.pdf", "09_优秀场景_辽宁诚瑞纺织_digital.pdf")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """`prefect server start` on 127.0.0.1 and a free port, its home in a temp folder -> its API URL."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    with (home / "server.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                 "--port", str(port), "--no-ui"], env=env, stdout=subprocess.DEVNULL,
                                stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    if not wait_healthy(url, proc, 180):
        proc.kill()
        pytest.fail(f"prefect server did not start: {(home / 'server.log').read_text(errors='replace')[-2000:]}")
    yield url
    drain_clients()  # events queued for this server must go before it stops: drained later they never end
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask-batch")
    for name in FILES:
        shutil.copy(BATCH / name, folder / name)
    shutil.copy(BATCH / "online.json", folder / "online.json")
    return folder


def _task_runs(url: str) -> list[dict]:
    import json

    req = urllib.request.Request(f"{url}/task_runs/filter", data=b"{}", method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_two_worker_processes_on_one_prefect_server_give_the_single_process_review_json(
        mixed_batch, tmp_path, prefect_server, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    single = RunConfig(inputs=[mixed_batch], out=tmp_path / "single", online=mixed_batch / "online.json",
                       use_prefect=False)
    plain, _ = run_review(single)
    monkeypatch.setenv("PREFECT_API_URL", prefect_server)
    with temporary_settings(updates={PREFECT_API_URL: prefect_server}):
        cfg = single.model_copy(update={"out": tmp_path / "dask", "use_prefect": True, "workers": 2})
        result, _ = run_review(cfg)
    assert [s.submission_id for s in result.subs] == [s.submission_id for s in plain.subs]
    assert [s.status for s in result.subs] == [s.status for s in plain.subs]
    assert "error" not in {s.status for s in result.subs}
    for sub in result.subs:
        a = (single.out / sub.submission_id / "review.json").read_bytes()
        assert (cfg.out / sub.submission_id / "review.json").read_bytes() == a, sub.submission_id
        assert (cfg.out / sub.submission_id / "annotated.pdf").is_file()
    assert (cfg.out / "batch.json").read_bytes() == (single.out / "batch.json").read_bytes()
    # every task ran against the one server: one analyse task run per document, one write task run per chunk
    # (this small batch: one document per chunk), all completed
    runs = _task_runs(prefect_server)
    names = sorted(r["name"].split("-", 1)[0] for r in runs)
    assert len(write_chunks(result.subs, 2)) == len(FILES)
    assert names == ["analyse"] * len(FILES) + ["write"] * len(FILES)
    assert {r["state_type"] for r in runs} == {"COMPLETED"}


def test_a_worker_killed_by_its_memory_cap_costs_only_its_document(mixed_batch, tmp_path):
    import dying_workers

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(mixed_batch / FILES[0], folder / "a.pdf")
    shutil.copy(mixed_batch / FILES[3], folder / "hog.pdf")
    shutil.copy(mixed_batch / FILES[3], folder / "once.pdf")
    cfg = RunConfig(inputs=[folder], out=tmp_path / "out", use_prefect=False, workers=2, memory_limit_gb=1.0)
    cfg.out.mkdir()
    result, _ = run_plain(cfg, analyse=dying_workers.dies_on_some)
    by_name = {Path(s.source.path).name: s for s in result.subs}
    assert by_name["a.pdf"].status != "error"
    assert by_name["once.pdf"].status != "error"  # its worker died once: sent again, reviewed
    hog = by_name["hog.pdf"]
    assert hog.status == "error" and hog.findings[0].rule == "EXTRACTION_INCOMPLETE"
    assert "《hog.pdf》" in hog.findings[0].message and "1 GB" in hog.findings[0].message
    assert "KilledWorker" in (hog.findings[0].detail or "")
    assert (cfg.out / hog.submission_id / "review.json").is_file()
    assert "exceeded 95% memory budget" in (cfg.out / ".cache" / "dask.log").read_text(encoding="utf-8")
