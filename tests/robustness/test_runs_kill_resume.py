"""A batch killed with SIGKILL at any moment, then run again with the same command, loses nothing.

Three moments: in the middle of the analyses (a cached analysis being written), while a submission's
annotated.pdf is being written (the temporary file complete, not yet renamed), and while the batch's
summary.xlsx is being written (after every review.json, before the case library). After the rerun: the same
files as an uninterrupted run, every review.json, report.html and batch.json byte-identical, no temporary
file left, each submission once in batch.json, summary.xlsx and the case library.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from openpyxl import load_workbook
from runs_support import BATCH, batch_ids, kill, run, start, temp_files, tree, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.batch]

FILES = ("01_优秀场景_广东汇峰轮胎_digital.pdf", "02_示范工厂_内蒙古联凯医疗科技_digital.pdf",
         "09_优秀场景_辽宁诚瑞纺织_digital.pdf")
# outputs that differ between two honest runs or only hold the run's own bookkeeping
BOOKKEEPING = (".cache", ".shenbao", "library.db")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill") / "申报材料"
    folder.mkdir()
    for name in FILES:
        shutil.copy(BATCH / name, folder / name)
    shutil.copy(BATCH / "online.json", folder.parent / "online.json")
    return folder


def _args(batch, out):
    return ["review", str(batch), "--online", str(batch.parent / "online.json"), "--out", str(out),
            "--catalog", str(out / "library.db"), "--no-prefect"]


@pytest.fixture(scope="module")
def uninterrupted(batch):
    out = batch.parent / "uninterrupted"
    done = run(_args(batch, out), batch.parent / "home")
    assert done.returncode == 0, done.stderr
    return out


def _library_ids(db):
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT submission_id FROM submissions ORDER BY submission_id")]


def _summary_rows(path):
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(c for c in row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.mark.parametrize(("pattern", "nth"), [
    ("/.cache/", 2),          # the second document's cached analysis being written
    ("annotated.pdf", 2),     # the second submission's annotated.pdf being written
    ("summary.xlsx", 1),      # the batch summary being written, the case library not yet indexed
], ids=["during-analysis", "writing-annotated-pdf", "writing-summary"])
def test_a_killed_batch_run_again_gives_the_uninterrupted_outputs(batch, uninterrupted, tmp_path, pattern, nth):
    out = tmp_path / "审核 结果"
    home = tmp_path / "home"
    proc, ready, _go = start(_args(batch, out), home, pause_at=(pattern, nth))
    wait_for(ready, proc)
    kill(proc)
    assert temp_files(out), "the kill should leave the temporary file it interrupted"

    again = run(_args(batch, out), home)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert temp_files(out) == []
    want, got = tree(uninterrupted, BOOKKEEPING), tree(out, BOOKKEEPING)
    assert sorted(got) == sorted(want)
    for name in want:
        if name.endswith(("review.json", "report.html", "batch.json")):
            assert got[name] == want[name], name
    ids = batch_ids(out)
    assert len(ids) == len(set(ids)) == len(FILES)
    assert _summary_rows(out / "summary.xlsx") == _summary_rows(uninterrupted / "summary.xlsx")
    assert _library_ids(out / "library.db") == _library_ids(uninterrupted / "library.db") == sorted(ids)
