"""Run settings of `shenbao review`, validated before anything runs."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from catalog.reference import available_years

ROOT = Path(__file__).resolve().parent.parent
# Code whose change must invalidate cached analyses (stages and reference data).
_VERSIONED = ("model", "catalog/data", "extractors", "classifiers", "checks", "review")
_ADDRESS = re.compile(r"^(tcp|tls|ws|wss)://(\[[0-9a-fA-F:]+\]|[^\s/:\[\]]+)(:\d{1,5})?/?$")
RECOMMENDER_KINDS = ("省", "省（累计超过300个）", "计划单列市", "新疆生产建设兵团", "中央企业")


class RunConfig(BaseModel):
    """Everything one batch review needs to know, as given on the command line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    inputs: list[Path] = Field(min_length=1, description="PDF 文件或文件夹")
    out: Path = Field(description="输出目录")
    online: Path | None = Field(None, description="网上填报数据：JSON、XLSX 或 PDF 文件夹")
    year: int | None = Field(None, description="申报年度；不给时按申报日期判断")
    workers: int = Field(1, ge=1, le=64, description="本机的工作进程数（每个一个 OCR 线程，每核一个）")
    dask_address: str | None = Field(None, description="已有 Dask 调度器的地址，如 tcp://10.0.0.5:8786")
    memory_limit_gb: float = Field(3.0, ge=1.0, le=1024.0, description="每个工作进程的内存上限（GB，超过即终止并报告该文件）")
    catalog: Path | None = Field(None, description="案例库 SQLite 文件")
    priority: Path | None = Field(None, description="推荐顺序 CSV")
    recommender: str = Field("", description="推荐单位名称（写入推荐汇总表）")
    recommender_kind: str | None = Field(None, description="推荐单位类别（核对名额）")
    budget_s: float = Field(600.0, gt=0, description="单个文件处理时限（秒）")
    use_prefect: bool = Field(True, description="用 Prefect 编排（否则顺序执行同样的函数）")

    @field_validator("year")
    @classmethod
    def _known_year(cls, year: int | None) -> int | None:
        """A year must have a rule file."""
        if year is not None and year not in available_years():
            years = "、".join(str(y) for y in available_years())
            raise ValueError(f"没有 {year} 年度的规则文件；可选：{years}")
        return year

    @field_validator("dask_address")
    @classmethod
    def _scheduler_address(cls, address: str | None) -> str | None:
        """A scheduler address is tcp://HOST:PORT (or tls://…); HOST:PORT gets tcp://."""
        if address is None:
            return None
        address = address.strip()
        if "://" not in address:
            address = f"tcp://{address}"
        if not _ADDRESS.match(address):
            raise ValueError(f"Dask 调度器地址「{address}」无效；应为 tcp://主机:端口，如 tcp://10.0.0.5:8786")
        return address

    @field_validator("recommender_kind")
    @classmethod
    def _known_kind(cls, kind: str | None) -> str | None:
        """The recommender kind names a quota row of the rule files."""
        if kind is not None and kind not in RECOMMENDER_KINDS:
            raise ValueError(f"推荐单位类别「{kind}」无效；可选：{'、'.join(RECOMMENDER_KINDS)}")
        return kind


@cache
def code_version() -> str:
    """Hash of the stage code and reference data: a cached analysis is reused only with the same version."""
    h = hashlib.sha256()
    for part in _VERSIONED:
        base = ROOT / part
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".txt", ".json"}:
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]
