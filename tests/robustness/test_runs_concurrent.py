"""Two `shenbao review` runs on one --out at once: the second stops with a Chinese message and the first's
results are whole; stale temporary files are removed when a run takes the folder (that a killed run's lock never blocks the next
run is shown by test_runs_kill_resume)."""

from __future__ import annotations

import json
import shutil

import pytest
from runs_support import BATCH, batch_ids, run, start, wait_for
from typer.testing import CliRunner

from flows.cli import app
from flows.run_lock import OutBusy, out_lock, remove_stale_temps


def test_a_held_output_folder_refuses_a_second_holder_with_a_chinese_message(tmp_path):
    with out_lock(tmp_path / "out"), pytest.raises(OutBusy) as busy, out_lock(tmp_path / "out"):
        pass
    assert "正由进程" in busy.value.message_zh and "换一个 --out" in busy.value.message_zh
    with out_lock(tmp_path / "out"):   # released: the next run gets it
        pass


def test_taking_the_folder_removes_only_the_temporary_files_of_earlier_runs(tmp_path):
    out = tmp_path / "out"
    (out / "a-1").mkdir(parents=True)
    (out / ".cache" / "pages").mkdir(parents=True)
    stale = [out / "a-1" / ".annotated.4242.tmp.pdf", out / "a-1" / ".review.77-3.tmp.json",
             out / ".cache" / "pages" / "tmpab12cd.tmp", out / ".summary.9.tmp.xlsx"]
    kept = [out / "a-1" / "review.json", out / "a-1" / "annotated.pdf", out / "notes.tmp.txt"]
    for p in stale + kept:
        p.write_text("x", encoding="utf-8")
    assert sorted(remove_stale_temps(out)) == sorted(stale)
    assert all(p.exists() for p in kept) and not any(p.exists() for p in stale)


@pytest.mark.slow
@pytest.mark.batch
def test_a_second_run_on_the_same_out_stops_and_the_first_run_keeps_all_its_results(tmp_path):
    first_in, second_in = tmp_path / "第一批", tmp_path / "第二批"
    first_in.mkdir()
    second_in.mkdir()
    shutil.copy(BATCH / "01_优秀场景_广东汇峰轮胎_digital.pdf", first_in)
    shutil.copy(BATCH / "02_示范工厂_内蒙古联凯医疗科技_digital.pdf", first_in)
    shutil.copy(BATCH / "09_优秀场景_辽宁诚瑞纺织_digital.pdf", second_in)
    out, home = tmp_path / "out", tmp_path / "home"
    first, ready, go = start(["review", str(first_in), "--out", str(out), "--no-prefect"], home,
                             pause_at=("review.json", 1))
    wait_for(ready, first)
    second = run(["review", str(second_in), "--out", str(out), "--no-prefect"], home)
    assert second.returncode == 1
    assert "正由进程" in second.stderr and "换一个 --out" in second.stderr and "Traceback" not in second.stderr
    go.write_text("", encoding="utf-8")
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    ids = batch_ids(out)
    assert len(ids) == 2 and all("辽宁诚瑞" not in i for i in ids)
    assert json.loads((out / "batch.json").read_text(encoding="utf-8"))["totals"]["error"] == 0


def test_an_out_that_is_a_file_or_the_input_folder_itself_is_refused_in_chinese(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (tmp_path / "结果.txt").write_text("我是文件", encoding="utf-8")
    runner = CliRunner()
    for out, words in ((tmp_path / "结果.txt", "是一个已存在的文件"), (tmp_path / "结果.txt" / "子目录", "是一个已存在的文件"),
                       (src, "与输入文件夹相同")):
        result = runner.invoke(app, ["review", str(src), "--out", str(out), "--no-prefect"])
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
