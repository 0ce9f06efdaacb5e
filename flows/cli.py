"""The `shenbao` command line (DESIGN.md §7). Parses options, calls package functions, prints in Chinese.

Exit status: 0 the command did its job (findings are results), 1 it could not (Chinese message on stderr),
2 bad usage.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from flows.cli_catalog import catalog_app
from flows.progress import ReviewProgress

app = typer.Typer(add_completion=False, no_args_is_help=True, help="智能制造试点示范申报书审核工具 shenbao")
samples_app = typer.Typer(no_args_is_help=True, help="样例申报书生成器")
app.add_typer(catalog_app, name="catalog")
app.add_typer(samples_app, name="samples")
err = Console(stderr=True)
out = Console()
MAX_PROBLEM_LINES = 20  # reading problems listed on the terminal (all of them are in batch.html and the reports)


def fail(message: str, code: int = 1) -> None:
    """Print a Chinese error on stderr and exit with `code`."""
    err.print(f"[red]错误：[/red]{message}", soft_wrap=True)
    raise typer.Exit(code)


def _write_or_print(text: str, target: Path | None) -> None:
    if target is None:
        sys.stdout.write(text)
    else:
        from flows.outputs import write_text

        write_text(target, text)
        err.print(f"已写入 {target}")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="一份申报书 PDF")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入的 JSON 文件（默认输出到屏幕）")] = None,
    year: Annotated[int | None, typer.Option(help="申报年度（默认按申报日期）")] = None,
) -> None:
    """一份申报书 -> Submission JSON（不做网上比对、不入库）。"""
    from extractors.extract_pdf import ExtractError, extract_submission
    from flows.outputs import review_json_text

    if not file.exists():
        fail(f"文件 {file} 不存在。请检查路径。")
    try:
        sub = extract_submission(file, year=year, strict=True)
    except ExtractError as exc:
        fail(exc.message_zh)
    _write_or_print(review_json_text(sub), output)


@app.command()
def classify(
    text: Annotated[str | None, typer.Argument(help="一段场景实例文字")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="JSONL 输入：每行 {id, name, text, declared_link?, declared_scene?}")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="JSONL 输出文件（默认输出到屏幕）")] = None,
    year: Annotated[int, typer.Option(help="使用哪一年的场景指引")] = 2023,
) -> None:
    """把文字映射到场景指引的环节和场景（前三候选与置信度）。"""
    from catalog.reference import CatalogError, load_reference
    from classifiers.api import classify_records

    if (text is None) == (file is None):
        fail("请给出一段文字，或用 --file 给出 JSONL 文件（二者选一）。", 2)
    try:
        guide = load_reference(year).guide
    except CatalogError as exc:
        fail(str(exc), 2)
    if text is not None:
        (rec,) = classify_records([{"id": "1", "name": "", "text": text}], guide)
        _write_or_print(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", output)
        return
    assert file is not None
    if not file.exists():
        fail(f"文件 {file} 不存在。")
    records = []
    for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                fail(f"{file} 第 {n} 行不是合法的 JSON。每行应为一个对象，如 {{\"id\": \"1\", \"text\": \"…\"}}。")
    lines = [json.dumps(r, ensure_ascii=False) for r in classify_records(records, guide)]
    _write_or_print("\n".join(lines) + "\n", output)


@app.command()
def review(
    inputs: Annotated[list[Path], typer.Argument(help="PDF 文件或文件夹（可多个）")],
    out_dir: Annotated[Path, typer.Option("--out", help="输出目录")],
    online: Annotated[Path | None, typer.Option("--online", help="网上填报数据：JSON、XLSX 或 PDF 文件夹")] = None,
    year: Annotated[int | None, typer.Option(help="申报年度（默认按申报日期）")] = None,
    workers: Annotated[int, typer.Option(help="本机并行的工作进程数（Dask，每个进程一个 OCR 线程；建议等于 CPU 核数）")] = 1,
    dask_address: Annotated[str | None, typer.Option("--dask-address", help="在已有的 Dask 集群上运行，如 tcp://10.0.0.5:8786（输入和输出须是各机器共享的路径）")] = None,
    memory_limit: Annotated[float, typer.Option("--memory-limit", help="每个工作进程的内存上限（GB），超过即终止该文件并报告")] = 3.0,
    catalog: Annotated[Path | None, typer.Option("--catalog", help="案例库文件（SQLite）；给出时核对并入库")] = None,
    priority: Annotated[Path | None, typer.Option("--priority", help="推荐顺序 CSV")] = None,
    recommender: Annotated[str, typer.Option(help="推荐单位名称（写入推荐汇总表）")] = "",
    recommender_kind: Annotated[str | None, typer.Option("--recommender-kind", help="省 / 计划单列市 / 新疆生产建设兵团 / 中央企业 …")] = None,
    budget: Annotated[float, typer.Option(help="单个文件处理时限（秒）")] = 600.0,
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="不启动 Prefect，顺序执行同样的步骤")] = False,
) -> None:
    """审核一批申报书：抽取、场景映射、规则检查、纸网比对、报告与推荐汇总表。"""
    from flows.config import RunConfig
    from flows.review_batch import ClusterError, run_review
    from flows.run_lock import OutError, check_out_folder

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        fail(f"找不到输入：{'、'.join(missing)}。请检查路径。")
    try:
        check_out_folder(out_dir)
    except OutError as exc:
        fail(exc.message_zh, 2)
    same = [str(p) for p in inputs if p.is_dir() and p.resolve() == out_dir.resolve()]
    if same:
        fail(f"--out 与输入文件夹相同（{same[0]}）：审核结果会与申报书混在一起。请给 --out 另选一个文件夹。", 2)
    if online is not None and not online.exists():
        fail(f"找不到网上填报数据 {online}。请检查 --online 的路径。")
    if online is not None and online.is_file():
        from extractors.online import OnlineReadError, read_online

        try:  # a JSON/XLSX export is cheap to read: refuse a bad one before hours of OCR
            read_online(online, year=year)
        except OnlineReadError as exc:
            fail(str(exc))
    try:
        cfg = RunConfig(inputs=inputs, out=out_dir, online=online, year=year, workers=workers, catalog=catalog,
                        priority=priority, recommender=recommender, recommender_kind=recommender_kind,
                        budget_s=budget, use_prefect=not no_prefect, dask_address=dask_address,
                        memory_limit_gb=memory_limit)
    except ValidationError as exc:
        fail("；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()), 2)
    from flows.logs import internal_error_line, native_output_to, reading_problems, start_log

    try:
        log_path = start_log(cfg.out)
    except OSError as exc:
        fail(f"无法在输出目录 {cfg.out} 下写入日志（{exc.strerror or type(exc).__name__}）。请检查 --out 是否为可写的文件夹。")
    try:
        with native_output_to(log_path, err), ReviewProgress(err) as progress:
            result, warnings = run_review(cfg, progress.update)
    except (OutError, ClusterError) as exc:
        fail(exc.message_zh)
    except KeyboardInterrupt:
        fail(f"已中断。已完成的文件结果保留在 {cfg.out}，重新运行同一命令即可继续。", 130)
    except Exception as exc:  # the one boundary of the command: the traceback goes to the log file only
        logging.getLogger("flows.cli").exception("review failed")
        fail(internal_error_line(exc, log_path))
    problems = reading_problems(result.subs, cfg.out)
    for line in problems[:MAX_PROBLEM_LINES]:
        err.print(f"[yellow]读取问题：[/yellow]{line}", soft_wrap=True)
    if len(problems) > MAX_PROBLEM_LINES:
        err.print(f"……另有 {len(problems) - MAX_PROBLEM_LINES} 份文件有读取问题，见 {cfg.out / 'batch.html'}", soft_wrap=True)
    for w in warnings:
        err.print(f"[yellow]名额提醒：[/yellow]{w}", soft_wrap=True)
    for note in result.notes:
        err.print(f"[yellow]提示：[/yellow]{note}", soft_wrap=True)
    for f in result.batch_findings[:5]:
        err.print(f"[yellow]{f.rule}：[/yellow]{f.message}", soft_wrap=True)
    if len(result.batch_findings) > 5:
        err.print(f"……另有 {len(result.batch_findings) - 5} 条批次问题，见 {cfg.out / 'batch.html'}", soft_wrap=True)
    totals = {s: sum(x.status == s for x in result.subs) for s in ("pass", "needs_review", "fail", "error")}
    out.print(f"共 {len(result.subs)} 份：通过 {totals['pass']}，待复核 {totals['needs_review']}，"
              f"不通过 {totals['fail']}，无法处理 {totals['error']}。", soft_wrap=True)
    out.print(f"结果在 {cfg.out}：batch.html、summary.xlsx、推荐汇总表.xlsx/.docx，"
              "每份一个文件夹（review.json、report.html、annotated.pdf）。", soft_wrap=True)


@samples_app.command("generate")
def samples_generate(
    out_dir: Annotated[Path, typer.Argument(help="输出文件夹")],
    seed: Annotated[int, typer.Option(help="随机种子（同一种子结果相同）")] = 2023,
    preset: Annotated[str, typer.Option(help="demo / eval / holdout")] = "demo",
    count: Annotated[int | None, typer.Option(help="份数（默认按预设）")] = None,
) -> None:
    """生成样例申报书（PDF）、网上填报数据和标准答案。"""
    from samples.generate import PRESETS, generate_batch

    if preset not in PRESETS:
        fail(f"预设「{preset}」无效；可选：{'、'.join(PRESETS)}", 2)
    truth = generate_batch(out_dir, seed=seed, preset=preset, count=count)
    out.print(f"已生成样例批次：{out_dir}（标准答案 {truth}）")


@app.command()
def debug(
    file: Annotated[Path, typer.Argument(help="申报书 PDF")],
    page: Annotated[int, typer.Option("--page", help="页码（从 1 开始）")] = 1,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PNG 文件")] = None,
) -> None:
    """画出某页识别到的表格单元格、字段和印章，便于排查。"""
    from extractors.debug import draw_debug
    from extractors.errors import ExtractError

    target = output or Path(f"{file.stem}-p{page}.png")
    try:
        draw_debug(file, page, target)
    except ExtractError as exc:
        fail(exc.message_zh)
    except ValueError as exc:
        fail(str(exc))
    out.print(f"已写入 {target}")


def main() -> None:
    """Entry point of the `shenbao` command: a failure nobody foresaw is one Chinese line, not a traceback
    (set SHENBAO_TRACEBACK=1 to see it; `shenbao review` writes it to OUT/logs/shenbao.log)."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。", soft_wrap=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SHENBAO_TRACEBACK"):
            raise
        err.print(f"[red]错误：[/red]运行中发生内部错误（{type(exc).__name__}: {str(exc)[:200]}）。"
                  "请设置环境变量 SHENBAO_TRACEBACK=1 后重新运行以显示技术细节，并交技术支持人员。", soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
