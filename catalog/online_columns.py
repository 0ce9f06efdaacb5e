"""The platform's XLSX export columns (catalog/data/online_columns.yaml) as a validated model."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from catalog.reference import DATA_DIR, CatalogError


class OnlineColumns(BaseModel):
    """Sheet names, join keys and Chinese header -> Submission path maps of the online export."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edition: str
    join_keys: list[str]
    submission_sheet: str
    instance_sheet: str
    submission_columns: dict[str, str]
    metric_column_pattern: str
    financial_columns: dict[str, str]
    instance_columns: dict[str, str]


@cache
def load_online_columns(data_dir: Path = DATA_DIR) -> OnlineColumns:
    """online_columns.yaml -> OnlineColumns (a bad file raises CatalogError naming it)."""
    path = data_dir / "online_columns.yaml"
    try:
        return OnlineColumns.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogError(f"参考数据文件 {path} 有误：{exc}") from exc
