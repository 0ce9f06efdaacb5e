"""`shenbao catalog search` and `shenbao catalog serve`: the case library on the terminal and in a browser."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from catalog.library import CaseLibrary, LibraryError

KIND_ZH = {"instance": "场景实例", "intro": "企业简介", "summary": "项目简述", "section": "正文"}

METADATA: dict[str, Any] = {
    "title": "shenbao 智能制造试点示范案例库",
    "description": "历年申报书的场景实例、企业简介和正文。搜索 3 个字及以上的词用全文检索；"
    "2 个字的词请在表格页用“包含”筛选（text contains）。",
    "databases": {
        "{db}": {
            "tables": {
                "submissions": {"title": "申报书", "description": "每个已审核入库的申报书文件一行"},
                "passages": {
                    "title": "文本段落",
                    "description": "场景实例、企业简介、项目简述、正文各部分",
                    "fts_table": "passages_fts",
                    "fts_pk": "id",
                    "searchmode": "raw",
                },
                "confirmations": {"title": "人工确认的场景", "description": "审核人员确认的场景实例归类"},
                "demo_factory_holders": {
                    "title": "示范工厂揭榜单位",
                    "description": "官方公布的揭榜单位名单",
                },
            }
        }
    },
}


def _open_existing(db_path: Path) -> CaseLibrary:
    """Path -> CaseLibrary, or LibraryError when there is no library file there yet."""
    if not Path(db_path).is_file():
        raise LibraryError(
            f"案例库 {db_path} 不存在。请先运行 shenbao review … --catalog {db_path} 将申报书入库。"
        )
    return CaseLibrary(Path(db_path))


def format_results(results: list[dict[str, Any]], *, as_json: bool = False, width: int = 160) -> str:
    """Search results -> JSON lines, or a rich table rendered to text (Chinese column titles)."""
    if as_json:
        return "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in results)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"案例库检索结果（{len(results)} 条）", show_lines=True)
    for title in ("年度", "企业", "类型", "地区", "位置", "环节 / 场景", "摘录"):
        table.add_column(title, overflow="fold")
    for r in results:
        where = KIND_ZH.get(r["kind"], r["kind"])
        if r.get("instance_index"):
            where += f" {r['instance_index']}"
        scene = r.get("confirmed_scene") or r.get("scene") or r.get("predicted_scene") or ""
        label = " / ".join(x for x in (r.get("link") or r.get("predicted_link"), scene) if x)
        table.add_row(
            str(r.get("year") or ""),
            r.get("company") or "",
            r.get("declaration_type") or "",
            r.get("region") or "",
            where,
            label,
            r["snippet"],
        )
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=False, color_system=None).print(table)
    return (
        out.getvalue().rstrip("\n")
        if results
        else "没有找到匹配的案例。可以换一个词，或去掉 --link/--scene/--year/--region 筛选。"
    )


def search_library_cli(
    db_path: Path,
    query: str,
    *,
    link: str | None = None,
    scene: str | None = None,
    year: int | None = None,
    region: str | None = None,
    limit: int = 20,
    as_json: bool = False,
) -> str:
    """Library path + query and filters -> the text `shenbao catalog search` prints (table or JSON lines)."""
    results = _open_existing(db_path).search(
        query, link=link, scene=scene, year=year, region=region, limit=limit
    )
    return format_results(results, as_json=as_json)


def build_datasette(db_path: Path) -> Any:
    """Library path -> a Datasette instance serving it read-only, with Chinese titles."""
    from datasette.app import Datasette

    _open_existing(db_path)
    with CaseLibrary(Path(db_path)).connect():
        pass  # make sure the schema is current before serving it read-only
    metadata = json.loads(json.dumps(METADATA).replace("{db}", Path(db_path).stem))
    return Datasette([str(db_path)], metadata=metadata, settings={"default_page_size": 50})


def serve_library(db_path: Path, port: int = 8001) -> None:
    """Library path + port -> serve it with datasette on http://127.0.0.1:<port>/ until interrupted."""
    import uvicorn

    ds = build_datasette(Path(db_path))
    print(f"案例库已在 http://127.0.0.1:{port}/ 打开，按 Ctrl+C 停止。")
    uvicorn.run(ds.app(), host="127.0.0.1", port=port, log_level="warning")
