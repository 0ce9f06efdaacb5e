"""Per-file limits of the extraction (catalog/data/limits.yaml) as a validated model."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from catalog.reference import DATA_DIR, CatalogError


class Span(BaseModel):
    """A closed range of allowed values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: float = Field(gt=0)
    max: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        """min never above max."""
        if self.min > self.max:
            raise ValueError(f"min {self.min} 大于 max {self.max}")
        return self


class Limits(BaseModel):
    """How much one file may ask of the extraction: pages, bytes, seconds, page size and pixels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pages_per_file: int = Field(gt=0)
    bytes_per_file: int = Field(gt=0)
    seconds_per_file: float = Field(gt=0)
    page_box_pt: Span
    render_pixels: int = Field(gt=10_000)
    image_pixels: int = Field(gt=10_000)
    chars_per_page: int = Field(gt=100)


@cache
def load_limits(data_dir: Path = DATA_DIR) -> Limits:
    """limits.yaml -> Limits (a bad file raises CatalogError naming it)."""
    path = data_dir / "limits.yaml"
    try:
        return Limits.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogError(f"参考数据文件 {path} 有误：{exc}") from exc
