"""The mutation suite: ≥ 300 damaged PDFs, made at test time from generated samples, through `shenbao review`.

Per shard (a quarter of the mutants, one `shenbao review` run on a folder): the command finishes within its
time limit with exit code 0, prints no traceback and nothing but Chinese lines, writes valid JSON for every
file, stays under the memory bound; per file: within the per-file time budget, every page plain PyMuPDF
cannot load is named in a finding, no page with a good text layer is lost, and a file that keeps a readable
page is not an error. docs/robustness.md has what is mutated and the figures.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from harness import batch_entries, cached_timings, foreign_lines, oracle, review_folder
from mutations import FAMILIES, plan, shard

from model.submission import Submission

SEED = 2024
SHARDS = 4
BUDGET_S = 30.0         # per-file time budget given to `shenbao review --budget`
FILE_SLACK_S = 30.0     # classification, checks and outputs after the extraction's budget
SHARD_TIMEOUT_S = 900.0  # a shard slower than this hangs
# Peak RSS of one review process, OCR engine included (the engine alone holds 0.9-1.1 GB after a few page
# sizes). Measured by polling VmHWM (harness.vm_hwm_kb): 1.50 GB on shard 0 run alone (2026-12-02).
PEAK_MB = 1700.0

MUTANTS = plan(SEED)


def test_the_plan_has_at_least_300_mutants_covering_every_family() -> None:
    families = Counter(m.family for m in MUTANTS)
    assert len(MUTANTS) >= 300
    assert set(families) == set(FAMILIES)
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)
    assert [m.name for m in plan(SEED)] == [m.name for m in MUTANTS]  # seeded: the same every run


def _lost_pages(sub: Submission) -> dict[int, str | None]:
    """Review -> pages named as lost (page_lost), with the limit named when a limit was the cause."""
    return {f.page: f.limit for f in sub.findings if f.rule == "EXTRACTION_INCOMPLETE" and f.page
            and (f.detail or "").startswith("page_lost")}


def _named_pages(sub: Submission) -> set[int]:
    """Review -> every page some EXTRACTION_INCOMPLETE finding names (from its page to its last page)."""
    pages = set()
    for f in sub.findings:
        if f.rule == "EXTRACTION_INCOMPLETE" and f.page:
            last = f.value if isinstance(f.value, int) and (f.detail or "").startswith("pages_out") else f.page
            pages.update(range(f.page, last + 1))
    return pages


def _judge(name: str, data: bytes, entry: dict, out: Path, timings: dict[str, float]) -> list[str]:
    """One mutant's review against the oracle -> what is wrong with it (empty: nothing)."""
    problems = []
    review = out / entry["submission_id"] / "review.json"
    sub = Submission.model_validate_json(review.read_text(encoding="utf-8"))
    if timings.get("analyse", 0.0) > BUDGET_S + FILE_SLACK_S:
        problems.append(f"took {timings['analyse']:.0f} s")
    if any(not f.message or not any("\u4e00" <= c <= "\u9fff" for c in f.message) for f in sub.findings):
        problems.append("a finding without a Chinese message")
    seen = oracle(data)
    file_level = [f for f in sub.findings if f.rule == "EXTRACTION_INCOMPLETE" and f.page is None]
    if sub.status == "error":
        if not any(name in f.message for f in sub.findings):
            problems.append("error without a finding naming the file")
        if seen.good_text:
            problems.append(f"error although pages {sorted(seen.good_text)} read well in PyMuPDF")
        return problems
    named = _named_pages(sub)
    unnamed = seen.failing - named
    if unnamed and not file_level:
        problems.append(f"pages {sorted(unnamed)} fail to load but no finding names them")
    lost = {p for p, limit in _lost_pages(sub).items() if limit is None}
    if lost & seen.good_text:
        problems.append(f"pages {sorted(lost & seen.good_text)} read well in PyMuPDF but were lost")
    return problems


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("index", range(SHARDS))
def test_a_shard_of_mutated_files_is_reviewed_without_traceback_hang_or_loss(
        index: int, bases: dict[str, bytes], tmp_path: Path) -> None:
    mutants = shard(MUTANTS, index, SHARDS)
    folder = tmp_path / "in"
    folder.mkdir()
    made = {}
    for m in mutants:
        made[f"{m.name}.pdf"] = m.make(bases)
        (folder / f"{m.name}.pdf").write_bytes(made[f"{m.name}.pdf"])
    out = tmp_path / "out"
    run = review_folder(folder, out, budget_s=BUDGET_S, timeout_s=SHARD_TIMEOUT_S)

    assert not run.timed_out, f"shard {index} still running after {SHARD_TIMEOUT_S:.0f} s"
    assert run.rc == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr + run.stdout
    assert foreign_lines(run.stderr + run.stdout) == []
    assert run.peak_mb < PEAK_MB
    assert (out / "logs" / "shenbao.log").exists()
    entries = batch_entries(out)
    assert set(entries) == set(made)
    timings = cached_timings(out)
    problems = {name: p for name, data in made.items()
                if (p := _judge(name, data, entries[name], out, timings.get(name, {})))}
    statuses = Counter(e["status"] for e in entries.values())
    slowest = max(timings.values(), key=lambda t: t.get("analyse", 0.0), default={}).get("analyse", 0.0)
    stats = json.dumps({"shard": index, "files": len(made), "seconds": round(run.seconds, 1),
                        "cpu_seconds": round(run.cpu_seconds, 1), "peak_mb": round(run.peak_mb),
                        "slowest_file_s": slowest, "statuses": statuses, "problems": len(problems)},
                       ensure_ascii=False)
    if os.environ.get("SHENBAO_ROBUSTNESS_STATS"):  # figures for docs/robustness.md
        with open(os.environ["SHENBAO_ROBUSTNESS_STATS"], "a", encoding="utf-8") as fh:
            fh.write(stats + "\n")
    assert problems == {}
