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
import math
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from model.submission import Fields, Finding, Instance, Integrator, Source, Submission
from model.text import normalize_text
from model.values import parse_cn_int, parse_date, parse_number, parse_yes_no, unit_in_label

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




@dataclass
class Problems:
    """What reading one record noticed: values of the wrong kind (path, raw value) and texts cut to
    ONLINE_TEXT_CAP (path, original length)."""

    unreadable: list[tuple[str, Any]] = field(default_factory=list)
    long: list[tuple[str, int]] = field(default_factory=list)

# An online text longer than this is cut to it for the comparison (the longest form cell allows 3000 字; a
# 50 MB text field would cost gigabytes in the text alignment). The full text stays in the export itself.
ONLINE_TEXT_CAP = 30_000


def to_int(value: Any) -> int | None:
    """"二级" / "2" / 2.0 -> 2."""
    if value is None or isinstance(value, int):
        return value
    text = normalize_text(str(value)) or ""
    if text in _LEVELS:
        return _LEVELS[text]
    if (cn := parse_cn_int(text)) is not None:   # 序号 「一」, 「十二」
        return cn
    n = parse_number(text)
    return int(n) if n is not None and math.isfinite(n) else None


def _to_float(value: Any, unit: str | None = None) -> float | None:
    """"1,234.50" / "30%" / 7 -> float ("1.2亿元" -> 12000 when `unit` is 万元); None when no finite number."""
    n = parse_number(value if isinstance(value, int | float) else str(value), unit=unit)
    return n if n is not None and math.isfinite(n) else None


def _to_text(value: Any) -> str | None:
    """Any value -> NFKC text with whitespace folded (None when blank)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)) or None


def _capped_text(value: Any, where: str, problems: Problems | None) -> str | None:
    """Raw text value -> NFKC text of at most ONLINE_TEXT_CAP characters (a longer one noted with its length)."""
    if isinstance(value, str) and len(value) > ONLINE_TEXT_CAP:
        if problems is not None:
            problems.long.append((where, len(value)))
        value = value[:ONLINE_TEXT_CAP]
    return _to_text(value)


def is_empty(value: Any) -> bool:
    """An export's way of saying "nothing": None, "", whitespace, NaN (a spreadsheet tool's blank cell)."""
    return (value is None or (isinstance(value, str) and not value.strip())
            or (isinstance(value, float) and math.isnan(value)))


def parse_integrators(value: Any, where: str = "fields.integrators", problems: Problems | None = None,
                      ) -> list[dict[str, Any]]:
    """"甲公司（张三 027-1234）；乙公司" or a list of names/dicts -> [{"name", "contact", "phone"}]."""
    if is_empty(value):
        return []
    items = value if isinstance(value, list) else [x for x in str(value).replace(";", "；").split("；")]
    out: list[dict[str, Any]] = []
    for k, item in enumerate(items):
        if isinstance(item, dict):
            out.append(coerce(Integrator, item, f"{where}[{k}]", problems))
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


def _unreadable(problems: Problems | None, where: str, value: Any, empty: Any = None) -> Any:
    """A value of the wrong kind -> noted in `problems` (the comparison then leaves that path alone); `empty`."""
    if problems is not None:
        problems.unreadable.append((where, value))
    return empty


def _scalar(base: Any, is_date: bool, value: Any, unit: str | None) -> Any:
    """Scalar annotation + raw value -> the typed value, or None when the value holds none."""
    if base is bool:
        return parse_yes_no(value)
    if base is int:
        return to_int(value)
    if base is float:
        return _to_float(value, unit)
    if is_date:
        return parse_date(value if hasattr(value, "isoformat") else str(value))
    return _to_text(value) if base is str else value


def _coerce_value(annotation: Any, value: Any, where: str, unit: str | None = None,
                  problems: Problems | None = None) -> Any:
    """Model annotation + raw value (+ the unit the field's description prints) -> a value pydantic accepts.

    A value of the wrong kind (text in a number cell, a list where an object belongs, NaN or ∞ as a number) is
    left empty and noted in `problems` with its path, instead of failing the whole export."""
    base, is_date = _unwrap(annotation)
    origin = typing.get_origin(base)
    empty = [] if origin is list else {} if origin is dict else None
    if is_empty(value):
        return empty
    if isinstance(base, type) and issubclass(base, BaseModel):
        return coerce(base, value, where, problems) if isinstance(value, dict) else _unreadable(problems, where, value)
    if origin is dict:
        if not isinstance(value, dict):
            return _unreadable(problems, where, value, empty)
        inner = typing.get_args(base)[1]
        read = {str(k): _coerce_value(inner, v, f"{where}.{k}", unit, problems) for k, v in value.items()}
        return {k: v for k, v in read.items() if v is not None or not _is_model(inner)}
    if origin is list:
        inner = typing.get_args(base)[0]
        if inner is Integrator:
            return parse_integrators(value, where, problems)
        if isinstance(value, dict):
            return _unreadable(problems, where, value, empty)
        items = value if isinstance(value, list) else [value]
        read = [_coerce_value(inner, v, f"{where}[{k}]", unit, problems) for k, v in enumerate(items)]
        return [v for v in read if v is not None]
    if isinstance(value, dict | list) and base in (str, int, float, bool):
        if base is str and isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            return _to_text("；".join(str(v) for v in value))   # a text cell exported as a list of lines
        return _unreadable(problems, where, value)
    typed = _capped_text(value, where, problems) if base is str and not is_date else _scalar(base, is_date, value, unit)
    if typed is None and (base in (bool, int, float) or is_date):
        return _unreadable(problems, where, value)
    return typed


def coerce(model: type[BaseModel], data: dict[str, Any], where: str, problems: Problems | None = None,
           ) -> dict[str, Any]:
    """Raw dict + the model it should become -> coerced dict (unknown keys dropped and logged, values of the
    wrong kind noted in `problems`)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        info = model.model_fields.get(str(key))
        if info is None:
            log.warning("online record %s: unknown key %r dropped", where, key)
            continue
        read = _coerce_value(info.annotation, value, f"{where}.{key}", unit_in_label(info.description), problems)
        if read is not None or info.is_required():   # an unreadable group keeps the model's default (empty)
            out[str(key)] = read
    return out


def _is_model(annotation: Any) -> bool:
    """Annotation -> True when it is a pydantic model (a group of cells, never None inside a dict)."""
    base = _unwrap(annotation)[0]
    return isinstance(base, type) and issubclass(base, BaseModel)


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


def _instances(raw: Any, problems: Problems) -> list[Instance]:
    """A record's "instances" -> Instances (a list that is no list of objects: noted as one problem, none read)."""
    if is_empty(raw):
        return []
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        problems.unreadable.append(("instances", raw))
        return []
    out = []
    for k, item in enumerate(raw):
        data = coerce(Instance, item, f"instances[{k}]", problems)
        if not data.get("index"):
            data["index"] = k + 1
        out.append(Instance.model_validate(data))
    return out


def record_to_submission(record: dict[str, Any], n: int, source: Source, taken: set[str],
                         year: int | None = None) -> Submission:
    """One online record (JSON object) + its 1-based number -> Submission; raises OnlineReadError when the record
    is no object or its fields are no object. A value of the wrong kind becomes an ONLINE_VALUE_UNREADABLE
    finding on the record (field = its path), the value left empty (see unreadable_summary)."""
    where = f"第{n}条记录"
    if not isinstance(record, dict):
        raise OnlineReadError(f"网上填报数据 {source.path} {where}不是对象（{{...}}），而是{_kind(record)}。"
                              "请重新从平台导出后再试。")
    dtype = _to_text(record.get("declaration_type"))
    if dtype is not None and dtype not in TYPES:
        raise OnlineReadError(f"网上填报数据 {source.path} {where}的申报类型「{_short(dtype)}」无法识别，应为"
                              f"{'或'.join(TYPES)}。请更正后重新导入。")
    raw_fields = record.get("fields")
    if not is_empty(raw_fields) and not isinstance(raw_fields, dict):
        raise OnlineReadError(f"网上填报数据 {source.path} {where}的 fields（申报主体各栏）应为对象（{{...}}），"
                              f"实际是{_kind(raw_fields)}。请重新从平台导出后再试。")
    problems = Problems()
    try:
        fields = Fields.model_validate(coerce(Fields, raw_fields or {}, "fields", problems))
        instances = _instances(record.get("instances"), problems)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise OnlineReadError(f"网上填报数据 {source.path} {where}的字段 {key} 无法读取（{err['msg']}）。"
                              f"请检查该栏内容后重新导入。") from exc
    raw_year = record.get("year")
    rec_year = year if year is not None else to_int(raw_year) if not is_empty(raw_year) else None
    if rec_year is None and not is_empty(raw_year):
        problems.unreadable.append(("year", raw_year))
    findings = [Finding(rule="ONLINE_VALUE_UNREADABLE", severity="warning", field=path, value=_short(value),
                        message=f"网上填报数据{where}的「{field_label(path)}」内容「{_short(value)}」无法按格式读取。")
                for path, value in problems.unreadable]
    findings += [Finding(rule="ONLINE_TEXT_CAPPED", severity="warning", field=path, value=length,
                         limit=ONLINE_TEXT_CAP,
                         message=f"网上填报数据{where}（{source.path}）的「{field_label(path)}」长 {length:,} 字，远超表格字数上限，"
                                 f"只比对了前 {ONLINE_TEXT_CAP:,} 字。请在平台核对该栏内容（全文见网上填报数据文件）。")
                 for path, length in problems.long]
    return Submission(
        submission_id=online_id(fields.credit_code, n, dtype, taken), year=rec_year,
        declaration_type=dtype,  # type: ignore[arg-type]
        source=source, fields=fields, instances=instances, status="needs_review", findings=findings,
    )


def _kind(value: Any) -> str:
    """A raw JSON value -> what it is, in Chinese ("列表", "文字「abc」" …)."""
    if isinstance(value, list):
        return "列表（[...]）"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, str):
        return f"文字「{_short(value)}」"
    return f"{type(value).__name__} 值 {_short(value)}"


def _short(value: Any, width: int = 30) -> str:
    """Raw value -> at most `width` characters of its text (a 50 MB cell is not quoted whole)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)[:width + 1]
    return text if len(text) <= width else text[:width] + "…"


def field_label(path: str) -> str:
    """Record path -> the form's words for it: "fields.financials.2020.revenue" -> "近三年发展情况 2020 主营业务收入（万元）"."""
    model: Any = Submission
    words = []
    for part in re.split(r"\.|\[", path):
        part = part.rstrip("]")
        info = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if info is None:
            words.append(f"第{int(part) + 1}个" if part.isdigit() and words and words[-1] == "场景实例" else part)
            continue
        if part != "fields":
            words.append("场景实例" if part == "instances" else re.split(r"（%，|，", info.description or part)[0])
        model = _unwrap(info.annotation)[0]
        while typing.get_origin(model) in (list, dict):
            model = typing.get_args(model)[-1]
    return " ".join(words)


def unreadable_summary(online: Submission, n_shown: int = 5) -> Finding | None:
    """Online record -> one ONLINE_VALUE_UNREADABLE finding for the paper copy it is paired with (None when every
    value was read): how many cells, which (the first few with their content), that they were not compared."""
    bad = [f for f in online.findings if f.rule == "ONLINE_VALUE_UNREADABLE"]
    if not bad:
        return None
    shown = "；".join(f"「{field_label(f.field or '')}」为「{f.value}」" for f in bad[:n_shown])
    more = "……" if len(bad) > n_shown else ""
    who = online.fields.company_name or online.fields.credit_code or online.submission_id
    return Finding(rule="ONLINE_VALUE_UNREADABLE", severity="warning", field="online",
                   value=len(bad), detail="; ".join(f.field or "" for f in bad),
                   message=f"网上填报数据（{who}）有 {len(bad)} 处栏目内容无法按格式读取（如数字栏填了文字）：{shown}{more}。"
                           "这些栏目未做纸质版与网上填报比对。请在平台核对这些栏目后重新导出。")


def record_findings(online: Submission) -> list[Finding]:
    """Online record -> what the paper copy paired with it (or the batch) is told about its reading: one
    ONLINE_VALUE_UNREADABLE summary, one ONLINE_TEXT_CAPPED per text cut for the comparison."""
    summary = unreadable_summary(online)
    return [*([summary] if summary else []), *(f for f in online.findings if f.rule == "ONLINE_TEXT_CAPPED")]


def unreadable_paths(online: Submission) -> frozenset[str]:
    """Online record -> the paths whose value could not be read (the comparison leaves them alone)."""
    return frozenset(f.field for f in online.findings if f.rule == "ONLINE_VALUE_UNREADABLE" and f.field)


def records_to_submissions(records: list[Any], path: Path, *, year: int | None = None) -> list[Submission]:
    """Online records (dicts) read from `path` -> Submissions with ids "online-<code or n>-<type>"."""
    source = Source(path=str(path), sha256=file_sha256(path) if path.is_file() else "", kind="digital")
    taken: set[str] = set()
    return [record_to_submission(rec, n, source, taken, year) for n, rec in enumerate(records, start=1)]


def read_online_json(path: Path, *, year: int | None = None) -> list[Submission]:
    """JSON export (a list of records, or {"records": [...]}) -> Submissions."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OnlineReadError(f"网上填报数据 {path} 无法读取为 UTF-8 文本（{type(exc).__name__}）。"
                              f"请重新从平台导出后再试。") from exc
    if not text.strip():
        raise OnlineReadError(f"网上填报数据 {path} 是空文件。请重新从平台导出后再试。")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OnlineReadError(f"网上填报数据 {path} 不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）。"
                              f"请重新从平台导出后再试。") from exc
    except RecursionError as exc:   # "[[[[…" nested deeper than the parser's stack
        raise OnlineReadError(f"网上填报数据 {path} 的 JSON 嵌套层数过深，不是平台导出的格式。请重新从平台导出后再试。") from exc
    del text
    if isinstance(data, dict):
        data = data.get("records", data.get("submissions"))
    if not isinstance(data, list):
        raise OnlineReadError(f"网上填报数据 {path} 的内容应为记录列表（[...]）。请重新从平台导出后再试。")
    return records_to_submissions(data, path, year=year)
