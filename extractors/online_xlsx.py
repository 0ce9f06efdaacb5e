"""Online records from the platform's XLSX export (sheets 申报主体 and 场景实例) -> Submissions.

Headers are the form's Chinese labels as listed in catalog/data/online_columns.yaml; financial
columns are "<year>年<label>", metric columns "<metric key>（<unit>）". Instance rows join their
submission row by 统一社会信用代码 + 申报类型. Rows become the same records the JSON reader takes.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from catalog.online_columns import OnlineColumns, load_online_columns
from catalog.reference import load_form
from extractors.online_json import OnlineReadError, records_to_submissions, to_int
from model.submission import Submission
from model.text import normalize_text
from model.values import plain_code

log = logging.getLogger(__name__)
_FIN = re.compile(r"^(\d{4})年(.+)$")


def _header(value: Any) -> str:
    """Header cell -> NFKC label without spaces and without the form's required-field stars."""
    return "".join((normalize_text(str(value)) or "").split()).lstrip("*") if value is not None else ""


def _cell(value: Any, number_format: str = "General") -> Any:
    """Cell value (+ its number format) -> JSON-like value: dates as ISO text (month only when the format
    shows no day), a number formatted as a percentage as the percent figure (0.35 -> 35), blank as None."""
    fmt = (number_format or "General").lower()
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d" if "d" in fmt or fmt == "general" else "%Y-%m")
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 6)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _values(row: tuple[Any, ...]) -> list[Any]:
    """Row of openpyxl cells -> JSON-like values."""
    return [_cell(getattr(c, "value", None), getattr(c, "number_format", "General")) for c in row]


def _put(record: dict[str, Any], path: str, value: Any) -> None:
    """Record + dotted path ("fields.industry.category") -> value stored in nested dicts."""
    parts = path.split(".")
    node = record
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _metric_columns(cols: OnlineColumns) -> dict[str, str]:
    """Export column edition -> {header: metric key} for every metric of the form."""
    form = load_form(cols.edition)
    out = {}
    for metric in [*form.metrics, *form.supply_chain_metrics]:
        out[_header(cols.metric_column_pattern.format(key=metric.key, unit=metric.unit))] = metric.key
    return out


def _rows(ws: Any, path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Worksheet -> (headers, data rows without blank rows)."""
    rows = [_values(r) for r in ws.iter_rows()]
    if not rows:
        raise OnlineReadError(f"网上填报数据 {path} 的工作表「{ws.title}」是空的。请重新从平台导出后再试。")
    headers = [_header(h) for h in rows[0]]
    return headers, [tuple(r) for r in rows[1:] if any(v is not None for v in r)]


def _submission_record(headers: list[str], row: tuple[Any, ...], cols: OnlineColumns,
                       metrics: dict[str, str]) -> dict[str, Any]:
    """One 申报主体 row -> a JSON-shaped record."""
    plain = {_header(k): v for k, v in cols.submission_columns.items()}
    fins = {_header(k): v for k, v in cols.financial_columns.items()}
    record: dict[str, Any] = {"fields": {}, "instances": []}
    for header, value in zip(headers, row, strict=False):
        if header in plain:
            _put(record, plain[header], value)
        elif header in metrics:
            record["fields"].setdefault("metrics", {})[metrics[header]] = value
        elif (m := _FIN.match(header)) and m.group(2) in fins:
            record["fields"].setdefault("financials", {}).setdefault(m.group(1), {})[fins[m.group(2)]] = value
        elif header:
            log.warning("online xlsx: unknown column %r ignored", header)
    return record


def _key(code: Any, dtype: Any) -> tuple[str, str]:
    """Join values -> normalised (credit code, declaration type)."""
    return (plain_code(str(code or "")), _header(dtype))


def read_online_xlsx(path: Path, *, year: int | None = None) -> list[Submission]:
    """XLSX export (申报主体 + 场景实例) -> Submissions, instances joined by credit code + declaration type."""
    from openpyxl import load_workbook  # lazy: only XLSX runs pay for it

    cols = load_online_columns()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException for bad files
        raise OnlineReadError(f"网上填报数据 {path} 不是可读取的 XLSX 文件（{type(exc).__name__}）。"
                              f"请重新从平台导出后再试。") from exc
    try:
        if cols.submission_sheet not in wb.sheetnames:
            raise OnlineReadError(f"网上填报数据 {path} 缺少工作表「{cols.submission_sheet}」（现有：{'、'.join(wb.sheetnames)}）。"
                                  f"请使用平台导出的原始文件。")
        if cols.instance_sheet not in wb.sheetnames:
            raise OnlineReadError(f"网上填报数据 {path} 缺少工作表「{cols.instance_sheet}」（现有：{'、'.join(wb.sheetnames)}），"
                                  "场景实例无法比对。请使用平台导出的原始文件。")
        headers, rows = _rows(wb[cols.submission_sheet], path)
        _require_headers(headers, cols.join_keys, cols.submission_sheet, path)
        metrics = _metric_columns(cols)
        records = [_submission_record(headers, row, cols, metrics) for row in rows]
        by_key = {_key(r["fields"].get("credit_code"), r.get("declaration_type")): r for r in records}
        _attach_instances(wb[cols.instance_sheet], path, cols, by_key)
    finally:
        wb.close()
    return records_to_submissions(records, path, year=year)


def _attach_instances(ws: Any, path: Path, cols: OnlineColumns, by_key: dict[tuple[str, str], dict[str, Any]]) -> None:
    """场景实例 sheet -> instances appended to their submission records (sorted by 序号)."""
    headers, rows = _rows(ws, path)
    _require_headers(headers, cols.join_keys, cols.instance_sheet, path)
    mapping = {_header(k): v for k, v in cols.instance_columns.items()}
    for n, row in enumerate(rows, start=2):
        values = {mapping[h]: v for h, v in zip(headers, row, strict=False) if h in mapping}
        key = _key(values.pop("fields.credit_code", None), values.pop("declaration_type", None))
        record = by_key.get(key)
        if record is None:
            raise OnlineReadError(f"网上填报数据 {path} 工作表「{cols.instance_sheet}」第{n}行（统一社会信用代码 {key[0]}，"
                                  f"申报类型 {key[1]}）在「{cols.submission_sheet}」中没有对应的申报主体。请核对后重新导入。")
        record["instances"].append(values)
    for record in by_key.values():
        record["instances"].sort(key=_order)


def _order(inst: dict[str, Any]) -> float:
    """Instance row -> its 序号 as a number for sorting (「一」 is 1; a 序号 that is no number sorts last)."""
    raw = inst.get("index")
    n = to_int(raw) if raw is not None else 0
    return float(n) if n is not None else float("inf")


def _require_headers(headers: list[str], wanted: list[str], sheet: str, path: Path) -> None:
    """A sheet's headers + the join columns it must have -> OnlineReadError naming the missing ones."""
    missing = [h for h in wanted if _header(h) not in headers]
    if missing:
        found = "、".join(h for h in headers if h) or "无"
        raise OnlineReadError(f"网上填报数据 {path} 工作表「{sheet}」第1行缺少列「{'」「'.join(missing)}」"
                              f"（现有列：{found}）。表头可能被改名，请使用平台导出的原始表头后重新导入。")
