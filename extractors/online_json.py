"""Online records (网上填报数据) from the platform's JSON export -> Submissions.

The JSON is a list of objects {"declaration_type", "year", "fields": {...}, "instances": [...]} shaped
like review.json's `fields` and `instances`. Values are coerced the way the paper copy is read
(DESIGN.md §4), with the parsers of model/values.py: "1,234.5" and "30%" become numbers ("1.2亿元" 12000
where the field is in 万元), "2022年3月" becomes "2022-03", 是/否 booleans, "二级" the level 2, texts NFKC
with whitespace folded. Unknown keys are dropped and logged, so one
extra column in a platform export does not stop a batch. The XLSX reader builds the same records.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from model.submission import Fields, Instance, Integrator, Source, Submission
from model.text import normalize_text
from model.values import parse_date, parse_number, parse_yes_no, unit_in_label

log = logging.getLogger(__name__)
_LEVELS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "五级": 5}
TYPES = ("优秀场景", "示范工厂")
_CONTACT = re.compile(r"^(.*)（([^（）]*)）$")


class OnlineReadError(ValueError):
    """The online export cannot be read; the message (Chinese) says which file, which record and what to do."""


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Field annotation -> (the non-None type, whether it is an ISO date string)."""
    is_date = False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next((a for a in args if a is not type(None)), annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        meta = typing.get_args(annotation)[1:]
        is_date = any("pattern" in repr(m) and r"\d{4}" in repr(m) for m in meta)
        annotation = typing.get_args(annotation)[0]
    return annotation, is_date


def _to_int(value: Any) -> int | None:
    """"二级" / "2" / 2.0 -> 2."""
    if value is None or isinstance(value, int):
        return value
    text = normalize_text(str(value)) or ""
    if text in _LEVELS:
        return _LEVELS[text]
    n = parse_number(text)
    return int(n) if n is not None else None


def _to_float(value: Any, unit: str | None = None) -> float | None:
    """"1,234.50" / "30%" / 7 -> float ("1.2亿元" -> 12000 when `unit` is 万元)."""
    return parse_number(value if isinstance(value, int | float) else str(value), unit=unit)


def _to_text(value: Any) -> str | None:
    """Any value -> NFKC text with whitespace folded (None when blank)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)) or None


def parse_integrators(value: Any) -> list[dict[str, Any]]:
    """"甲公司（张三 027-1234）；乙公司" or a list of names/dicts -> [{"name", "contact", "phone"}]."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [x for x in str(value).replace(";", "；").split("；")]
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(coerce(Integrator, item, "integrators"))
            continue
        text = normalize_text(str(item)) or ""
        if not text:
            continue
        text = text.replace("(", "（").replace(")", "）")
        m = _CONTACT.match(text)
        # The trailing （…） holds 联系人 and 电话 only when it has a digit or a space: "西门子（中国）有限公司" is a name.
        if m and (any(c.isdigit() for c in m.group(2)) or " " in m.group(2).strip()):
            contact, _, phone = m.group(2).strip().partition(" ")
            out.append({"name": m.group(1).strip(), "contact": contact or None, "phone": phone.strip() or None})
        else:
            out.append({"name": text, "contact": None, "phone": None})
    return out


def _coerce_value(annotation: Any, value: Any, where: str, unit: str | None = None) -> Any:
    """Model annotation + raw value (+ the unit the field's description prints) -> a value pydantic accepts."""
    base, is_date = _unwrap(annotation)
    origin = typing.get_origin(base)
    if value is None or value == "":
        return None if origin not in (list, dict) else ([] if origin is list else {})
    if isinstance(base, type) and issubclass(base, BaseModel):
        return coerce(base, value, where) if isinstance(value, dict) else value
    if origin is dict:
        inner = typing.get_args(base)[1]
        return {str(k): _coerce_value(inner, v, f"{where}.{k}") for k, v in dict(value).items()}
    if origin is list:
        inner = typing.get_args(base)[0]
        if inner is Integrator:
            return parse_integrators(value)
        if not isinstance(value, list):
            value = [value]
        return [_coerce_value(inner, v, where) for v in value]
    if base is bool:
        return parse_yes_no(value)
    if base is int:
        return _to_int(value)
    if base is float:
        return _to_float(value, unit)
    if is_date:
        return parse_date(value if hasattr(value, "isoformat") else str(value))
    if base is str:
        return _to_text(value)
    return value


def coerce(model: type[BaseModel], data: dict[str, Any], where: str) -> dict[str, Any]:
    """Raw dict + the model it should become -> coerced dict (unknown keys dropped and logged)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is None:
            log.warning("online record %s: unknown key %r dropped", where, key)
            continue
        out[key] = _coerce_value(info.annotation, value, f"{where}.{key}", unit_in_label(info.description))
    return out


def file_sha256(path: Path) -> str:
    """File -> hex SHA-256 of its bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def online_id(credit_code: str | None, n: int, declaration_type: str | None, taken: set[str]) -> str:
    """Credit code (or record number) + type -> "online-<code or n>-<type>", unique within the export."""
    base = f"online-{(credit_code or '').strip() or n}-{declaration_type or '未知类型'}"
    sid, k = base, 2
    while sid in taken:
        sid, k = f"{base}-{k}", k + 1
    taken.add(sid)
    return sid


def record_to_submission(record: dict[str, Any], n: int, source: Source, taken: set[str],
                         year: int | None = None) -> Submission:
    """One online record (JSON object) + its 1-based number -> Submission; raises OnlineReadError when invalid."""
    where = f"第{n}条记录"
    if not isinstance(record, dict):
        raise OnlineReadError(f"网上填报数据 {source.path} {where}不是对象（{{...}}）。请检查导出文件格式。")
    dtype = _to_text(record.get("declaration_type"))
    if dtype is not None and dtype not in TYPES:
        raise OnlineReadError(f"网上填报数据 {source.path} {where}的申报类型「{dtype}」无法识别，应为"
                              f"{'或'.join(TYPES)}。请更正后重新导入。")
    try:
        fields = Fields.model_validate(coerce(Fields, record.get("fields") or {}, f"{n}.fields"))
        instances = []
        for k, raw in enumerate(record.get("instances") or []):
            data = coerce(Instance, raw, f"{n}.instances[{k}]")
            if not data.get("index"):
                data["index"] = k + 1
            instances.append(Instance.model_validate(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise OnlineReadError(f"网上填报数据 {source.path} {where}的字段 {key} 无法读取（{err['msg']}）。"
                              f"请检查该栏内容后重新导入。") from exc
    raw_year = record.get("year")
    rec_year = year if year is not None else (_to_int(raw_year) if raw_year is not None else None)
    return Submission(
        submission_id=online_id(fields.credit_code, n, dtype, taken), year=rec_year,
        declaration_type=dtype,  # type: ignore[arg-type]
        source=source, fields=fields, instances=instances, status="needs_review",
    )


def records_to_submissions(records: list[Any], path: Path, *, year: int | None = None) -> list[Submission]:
    """Online records (dicts) read from `path` -> Submissions with ids "online-<code or n>-<type>"."""
    source = Source(path=str(path), sha256=file_sha256(path) if path.is_file() else "", kind="digital")
    taken: set[str] = set()
    return [record_to_submission(rec, n, source, taken, year) for n, rec in enumerate(records, start=1)]


def read_online_json(path: Path, *, year: int | None = None) -> list[Submission]:
    """JSON export (a list of records, or {"records": [...]}) -> Submissions."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OnlineReadError(f"网上填报数据 {path} 不是可读取的 JSON 文件（{type(exc).__name__}）。"
                              f"请重新从平台导出后再试。") from exc
    if isinstance(data, dict):
        data = data.get("records", data.get("submissions"))
    if not isinstance(data, list):
        raise OnlineReadError(f"网上填报数据 {path} 的内容应为记录列表（[...]）。请重新从平台导出后再试。")
    return records_to_submissions(data, path, year=year)
