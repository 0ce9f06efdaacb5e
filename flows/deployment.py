"""The flow a Prefect deployment runs (prefect.yaml): a batch submitted to a standing cluster.

    prefect deployment run review_submitted/review-on-cluster -p inputs='["/srv/shared/2023/申报材料"]' \
        -p out=/srv/shared/2023/审核结果 -p online=/srv/shared/2023/平台导出.xlsx

A Prefect worker of the work pool `shenbao` picks the run up and calls `review_submitted`, which reviews the
batch exactly as `shenbao review` does (the `review_batch` flow, here a subflow), its documents on the Dask
scheduler named by `dask_address`. Paths are the shared folder's paths, the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.config import RunConfig
from flows.review_batch import run_review


@flow(name="review_submitted", log_prints=True, persist_result=False)
def review_submitted(inputs: list[str], out: str, online: str | None = None, year: int | None = None,
                     catalog: str | None = None, dask_address: str | None = None, workers: int = 1,
                     memory_limit_gb: float = 3.0, recommender: str = "", recommender_kind: str | None = None,
                     priority: str | None = None) -> dict[str, int]:
    """Review one batch given as shared-folder paths -> counts by status (the outputs are under `out`)."""
    cfg = RunConfig(inputs=[Path(p) for p in inputs], out=Path(out), online=Path(online) if online else None,
                    year=year, catalog=Path(catalog) if catalog else None, dask_address=dask_address,
                    workers=workers, memory_limit_gb=memory_limit_gb, recommender=recommender,
                    recommender_kind=recommender_kind, priority=Path(priority) if priority else None)
    result, warnings = run_review(cfg)
    totals = {s: sum(x.status == s for x in result.subs) for s in ("pass", "needs_review", "fail", "error")}
    print(f"共 {len(result.subs)} 份：通过 {totals['pass']}，待复核 {totals['needs_review']}，不通过 {totals['fail']}，"
          f"无法处理 {totals['error']}。结果在 {cfg.out}。")
    for w in warnings:
        print(f"名额提醒：{w}")
    return totals
