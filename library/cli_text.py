"""What `shenbao catalog search` prints, and the raw Datasette door behind the officers' page."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from library.search import FACET_ZH, KIND_ZH, STATUS_ZH
from library.store import CaseLibrary, LibraryError

METADATA: dict[str, Any] = {
    "title": "shenbao 案例库（原始数据）",
    "description": "案例库的原始表格，供需要直接写 SQL 的人员使用。日常检索请用案例库检索页。",
    "databases": {"{db}": {"tables": {
        "submissions": {"title": "申报书", "description": "每份申报书（按文件内容和年度）一行"},
        "passages": {"title": "文本段落", "description": "场景实例、企业简介、项目简述、正文各部分"},
        "confirmations": {"title": "人工确认的场景", "description": "审核人员确认的场景实例归类"},
        "findings": {"title": "审核意见", "description": "每份申报书的审核意见"},
        "finding_decisions": {"title": "审核意见处理", "description": "确认属实或驳回（附理由）"},
        "demo_factory_holders": {"title": "示范工厂揭榜单位", "description": "官方公布的揭榜单位名单"},
    }}},
}


def open_existing(db_path: Path) -> CaseLibrary:
    """Path -> CaseLibrary, or LibraryError when there is no library file there yet."""
    if not Path(db_path).is_file():
        raise LibraryError(
            f"案例库 {db_path} 不存在。请先运行 shenbao review … --catalog {db_path} 或 shenbao catalog add 建库。"
        )
    return CaseLibrary(Path(db_path))


def _label(r: dict[str, Any]) -> str:
    return " / ".join(x for x in (r.get("eff_link"), r.get("eff_scene")) if x)


def format_results(found: dict[str, Any], *, as_json: bool = False, width: int = 160) -> str:
    """search() answer -> JSON lines, or a count line and a rich table rendered to text (Chinese titles)."""
    results = found["results"]
    if as_json:
        rows = [{k: v for k, v in r.items() if k != "snippet_parts"} for r in results]
        return "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    if not results:
        return "没有找到匹配的案例。可以换一个词，或去掉 --link/--scene/--year/--region 等筛选。"
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"案例库检索结果：共 {found['total']} 条，显示 {len(results)} 条", show_lines=True)
    for title in ("案例", "年度", "企业", "类型", "地区", "位置", "环节 / 场景", "摘录"):
        table.add_column(title, overflow="fold")
    for r in results:
        where = KIND_ZH.get(r["kind"], r["kind"])
        if r.get("instance_index"):
            where += f" {r['instance_index']}"
        table.add_row(str(r["case_id"]), str(r.get("year") or ""), r.get("company") or "",
                      r.get("declaration_type") or "", r.get("region") or "", where, _label(r), r["snippet"])
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=False, color_system=None).print(table)
    lines = [out.getvalue().rstrip("\n")]
    if found.get("fallback"):
        lines.insert(0, "（检索式无法解析，已按普通文字检索）")
    facets = found.get("facets") or {}
    for name, counts in facets.items():
        if counts:
            shown = "，".join(f"{STATUS_ZH.get(v, v) if name == 'status' else v} {n}" for v, n in counts[:8])
            lines.append(f"{FACET_ZH[name]}：{shown}")
    return "\n".join(lines)


def search_library_cli(db_path: Path, query: str, *, as_json: bool = False, limit: int = 20,
                       **filters: Any) -> str:
    """Library path + query and filters -> the text `shenbao catalog search` prints."""
    found = open_existing(db_path).find(query, limit=limit, facets=not as_json, **filters)
    return format_results(found, as_json=as_json)


def build_datasette(db_path: Path, base_url: str = "/") -> Any:
    """Library path -> a Datasette instance serving it read-only, with Chinese titles (under base_url)."""
    from datasette.app import Datasette

    with open_existing(db_path).connect():
        pass  # make sure the schema is current before serving it read-only
    metadata = json.loads(json.dumps(METADATA).replace("{db}", Path(db_path).stem))
    return Datasette([str(db_path)], metadata=metadata, settings={"default_page_size": 50, "base_url": base_url})
