"""Read an official list of 示范工厂揭榜单位 (CSV exported from the yearly 公示名单) for the case library."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

_COLUMNS = {"company": ("企业名称", "揭榜单位名称", "单位名称"), "credit_code": ("统一社会信用代码", "信用代码"),
            "year": ("年度", "年份", "批次")}


@dataclass(frozen=True)
class Holder:
    """One enterprise of an official list."""

    company: str
    credit_code: str
    year: int | None


def read_holders_csv(path: Path) -> list[Holder]:
    """CSV (UTF-8 or GBK, headers 企业名称 / 统一社会信用代码 / 年度) -> holders; a missing column raises ValueError."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else _decode(raw)
    rows = list(csv.DictReader(text.splitlines()))
    header = rows[0].keys() if rows else []
    cols = {k: next((c for c in names if c in header), None) for k, names in _COLUMNS.items()}
    if cols["company"] is None and cols["credit_code"] is None:
        raise ValueError(f"{path.name} 缺少“企业名称”或“统一社会信用代码”列，无法导入。请检查表头。")
    holders = []
    for row in rows:
        year = (row.get(cols["year"]) or "").strip()[:4] if cols["year"] else ""
        holders.append(Holder(company=(row.get(cols["company"]) or "").strip() if cols["company"] else "",
                              credit_code=(row.get(cols["credit_code"]) or "").strip() if cols["credit_code"] else "",
                              year=int(year) if year.isdigit() else None))
    return [h for h in holders if h.company or h.credit_code]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")
