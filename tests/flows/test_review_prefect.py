"""The Prefect wiring in this process: one flow run over a small batch under the session's test harness
(the same flow on Dask workers: test_review_dask.py)."""

import pytest

from flows.config import RunConfig
from flows.review_batch import run_review

pytestmark = [pytest.mark.slow, pytest.mark.batch]


def test_prefect_flow_reviews_small_batch_like_the_plain_path(small_batch, tmp_path, prefect_harness):
    cfg = RunConfig(inputs=[small_batch], out=tmp_path / "prefect", online=small_batch / "online.json",
                    use_prefect=True)
    result, _ = run_review(cfg)
    plain, _ = run_review(cfg.model_copy(update={"out": tmp_path / "plain", "use_prefect": False}))
    assert [s.status for s in result.subs] == [s.status for s in plain.subs]
    for sub in result.subs:
        assert (cfg.out / sub.submission_id / "review.json").read_bytes() == \
            (tmp_path / "plain" / sub.submission_id / "review.json").read_bytes()
