"""Export a search result to XLSX or Markdown; persons' names, phones and e-mails masked unless asked not to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from library.cli_text import open_existing
from library.search import KIND_ZH, STATUS_ZH

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)|(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
COLUMNS = ("案例", "年度", "企业", "统一社会信用代码", "申报类型", "地区", "行业", "审核结论", "位置", "环节 / 场景",
           "摘录", "联系人", "联系电话", "电子邮箱")


def mask_name(name: str | None) -> str:
    """Person's name -> its first character and * for the rest (张三 -> 张*)."""
    name = (name or "").strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_text(text: str | None) -> str:
    """Text -> phone numbers and e-mail addresses in it masked (138****1234, z***@example.com)."""
    def phone(m: re.Match[str]) -> str:
        if m.group(1):
            return f"{m.group(1)}****{m.group(2)}"
        return f"{m.group(3)}****{m.group(4)}"

    return _EMAIL.sub(lambda m: f"{m.group(1)}***{m.group(2)}", _PHONE.sub(phone, text or ""))


def rows(db_path: Path, query: str, *, masked: bool = True, limit: int = 10000, **filters: Any) -> list[list[Any]]:
    """Library + query and filters -> one row per hit, in COLUMNS order, contacts taken from the contacts table."""
    library = open_existing(db_path)
    found = library.find(query, limit=limit, facets=False, **filters)
    contacts: dict[int, dict[str, Any]] = {}
    with library.connect() as con:
        for r in con.execute("SELECT submission, name, phone, mobile, email FROM contacts WHERE role = 'contact'"):
            contacts.setdefault(r["submission"], dict(r))
    out = []
    for r in found["results"]:
        c = contacts.get(r["case_id"], {})
        name, phone, email = c.get("name") or "", c.get("mobile") or c.get("phone") or "", c.get("email") or ""
        snippet = r["snippet"]
        if masked:
            name, phone, email, snippet = mask_name(name), mask_text(phone), mask_text(email), mask_text(snippet)
        where = KIND_ZH.get(r["kind"], r["kind"]) + (f" {r['instance_index']}" if r.get("instance_index") else "")
        label = " / ".join(x for x in (r.get("eff_link"), r.get("eff_scene")) if x)
        out.append([r["case_id"], r.get("year"), r.get("company"), r.get("credit_code"), r.get("declaration_type"),
                    r.get("region"), r.get("industry"), STATUS_ZH.get(r.get("status") or "", r.get("status")), where,
                    label, snippet, name, phone, email])
    return out


def _md_cell(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def export_search(db_path: Path, query: str, target: Path, *, fmt: str = "xlsx", masked: bool = True,
                  limit: int = 10000, **filters: Any) -> int:
    """Write the hits of a search to `target` (xlsx or md); -> how many rows."""
    data = rows(db_path, query, masked=masked, limit=limit, **filters)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        title = f"# 案例库导出：{query or '全部'}\n\n共 {len(data)} 条{'（姓名、电话、邮箱已遮盖）' if masked else ''}。\n\n"
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in data]
        target.write_text(title + "\n".join(lines) + "\n", encoding="utf-8")
        return len(data)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "检索结果"
    ws.append(list(COLUMNS))
    for row in data:
        ws.append(row)
    for col, width in zip("ABCDEFGHIJKLMN", (6, 6, 28, 20, 10, 10, 12, 8, 10, 24, 60, 8, 14, 22), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(target)
    return len(data)
