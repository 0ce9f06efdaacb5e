"""`shenbao catalog …` (DESIGN.md §7): search, serve, add, export, confirm, decide and import-holders on the
case library (the package library/). Messages in Chinese; exit 1 with a Chinese message when a command
cannot do its job, 2 on bad usage."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

catalog_app = typer.Typer(no_args_is_help=True, help="案例库：检索、浏览、入库与导出历年申报")
err = Console(stderr=True)
out = Console()
DEFAULT_DB = Path("shenbao-library.db")
Db = Annotated[Path, typer.Option("--db", envvar="SHENBAO_CATALOG", help="案例库文件")]
# a leading "-数据" is an excluded term, not an option
_QUERY_SETTINGS = {"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]错误：[/red]{message}", soft_wrap=True)
    raise typer.Exit(code)


def _need(db: Path) -> None:
    if not db.is_file():
        _fail(f"案例库 {db} 不存在。请先用 shenbao review … --catalog {db} 或 shenbao catalog add 建库，或用 --db 指定。")


def _filters(link: str | None, scene: str | None, year: int | None, region: str | None, industry: str | None,
             sector: str | None, type_: str | None, status: str | None) -> dict[str, object]:
    return {k: v for k, v in {"link": link, "scene": scene, "year": year, "region": region, "industry": industry,
                              "sector": sector, "type": type_, "status": status}.items() if v is not None}


Link = Annotated[str | None, typer.Option(help="环节名称")]
Scene = Annotated[str | None, typer.Option(help="场景名称（申报、预测或人工确认）")]
Year = Annotated[int | None, typer.Option(help="年度")]
Region = Annotated[str | None, typer.Option(help="地区（省份，可只写开头，如 广东）")]
Industry = Annotated[str | None, typer.Option(help="行业门类")]
Sector = Annotated[str | None, typer.Option(help="所属四大行业 / 揭榜行业")]
Type = Annotated[str | None, typer.Option("--type", help="申报类型（示范工厂 / 优秀场景 …）")]
Status = Annotated[str | None, typer.Option(help="审核结论（pass/needs_review/fail 或 通过/待复核/不通过）")]


@catalog_app.command("search", context_settings=_QUERY_SETTINGS)
def catalog_search(
    query: Annotated[list[str] | None, typer.Argument(help="检索词：空格或，、分隔；\"整句\"；-排除；A OR B")] = None,
    link: Link = None, scene: Scene = None, year: Year = None, region: Region = None, industry: Industry = None,
    sector: Sector = None, type_: Type = None, status: Status = None,
    limit: Annotated[int, typer.Option(help="最多显示条数")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 行")] = False,
    db: Db = DEFAULT_DB,
) -> None:
    """在案例库中检索场景实例和正文，显示总条数、摘录（【】标出命中）和分面统计。"""
    from library.cli_text import search_library_cli
    from library.store import LibraryError

    _need(db)
    try:
        text = search_library_cli(db, " ".join(query or []), limit=max(1, limit), as_json=as_json,
                                  **_filters(link, scene, year, region, industry, sector, type_, status))
    except LibraryError as exc:
        _fail(str(exc))
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


@catalog_app.command("serve")
def catalog_serve(
    port: Annotated[int, typer.Option(help="端口")] = 8001,
    db: Db = DEFAULT_DB,
) -> None:
    """在本机浏览器中检索和复核案例（仅监听 127.0.0.1）。"""
    from library.store import LibraryError
    from library.web import serve_library

    _need(db)
    try:
        serve_library(db, port)
    except LibraryError as exc:
        _fail(str(exc))


@catalog_app.command("add")
def catalog_add(
    out_dirs: Annotated[list[Path], typer.Argument(help="审核结果文件夹（含 review.json），可多个")],
    db: Db = DEFAULT_DB,
) -> None:
    """把已有的审核结果（review.json）入库；重复运行不会产生重复记录。"""
    from library.ingest import add_review_outputs
    from library.store import LibraryError

    missing = [d for d in out_dirs if not d.exists()]
    if missing:
        _fail(f"找不到文件夹 {'、'.join(map(str, missing))}。")
    try:
        report = add_review_outputs(db, out_dirs)
    except LibraryError as exc:
        _fail(str(exc))
    for problem in report.problems:
        err.print(f"[yellow]跳过：[/yellow]{problem}", soft_wrap=True)
    if not report.added and not report.problems:
        _fail(f"在 {'、'.join(map(str, out_dirs))} 中没有找到 review.json。请给出 shenbao review 的输出文件夹。")
    out.print(f"已入库 {report.added} 份申报书到 {db}（共 {report.total} 份）。", soft_wrap=True)


@catalog_app.command("export", context_settings=_QUERY_SETTINGS)
def catalog_export(
    query: Annotated[list[str] | None, typer.Argument(help="检索词（不填则导出筛选到的全部）")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（.xlsx 或 .md）")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="xlsx 或 md（默认按文件扩展名）")] = None,
    unmasked: Annotated[bool, typer.Option("--unmasked", help="不遮盖姓名、电话和邮箱")] = False,
    link: Link = None, scene: Scene = None, year: Year = None, region: Region = None, industry: Industry = None,
    sector: Sector = None, type_: Type = None, status: Status = None,
    limit: Annotated[int, typer.Option(help="最多导出条数")] = 10000,
    db: Db = DEFAULT_DB,
) -> None:
    """把检索结果导出为 Excel 或 Markdown；姓名、电话、邮箱默认遮盖。"""
    from library.export import export_search
    from library.store import LibraryError

    _need(db)
    if output is None:
        _fail("请用 -o 指定输出文件，如 -o 结果.xlsx。", 2)
    fmt = (fmt or output.suffix.lstrip(".")).lower()
    if fmt not in ("xlsx", "md"):
        _fail(f"导出格式「{fmt}」无效；可选：xlsx、md。", 2)
    try:
        n = export_search(db, " ".join(query or []), output, fmt=fmt, masked=not unmasked, limit=limit,
                          **_filters(link, scene, year, region, industry, sector, type_, status))
    except (LibraryError, OSError) as exc:
        _fail(f"无法写入 {output}：{exc}")
    out.print(f"已导出 {n} 条到 {output}{'' if unmasked else '（姓名、电话、邮箱已遮盖）'}。", soft_wrap=True)


@catalog_app.command("confirm")
def catalog_confirm(
    case: Annotated[str, typer.Argument(help="案例编号（检索结果第一列）")],
    instance: Annotated[int, typer.Argument(help="场景实例序号")],
    scene: Annotated[str, typer.Argument(help="确认的场景名称")],
    db: Db = DEFAULT_DB,
) -> None:
    """确认或更正一个场景实例的场景（用于场景分类器）。"""
    from library.store import CaseLibrary, LibraryError

    _need(db)
    try:
        CaseLibrary(db).confirm(case, instance, scene)
    except LibraryError as exc:
        _fail(str(exc))
    out.print(f"已确认案例 {case} 的场景实例 {instance} 为「{scene}」。")


@catalog_app.command("import-holders")
def catalog_import_holders(
    file: Annotated[Path, typer.Argument(help="已揭榜单位名单 CSV（列：企业名称、统一社会信用代码、年度）")],
    db: Db = DEFAULT_DB,
) -> None:
    """导入官方公布的示范工厂揭榜单位名单（用于“已经承担揭榜任务的主体不再重复申报”核对）。"""
    from library.holders import read_holders_csv
    from library.store import CaseLibrary

    if not file.exists():
        _fail(f"找不到名单文件 {file}。")
    try:
        holders = read_holders_csv(file)
    except ValueError as exc:
        _fail(str(exc))
    library = CaseLibrary(db)
    for h in holders:
        library.add_demo_factory_holder(h.credit_code, h.company, h.year, source=file.name)
    out.print(f"已导入 {len(holders)} 家揭榜单位到 {db}")
