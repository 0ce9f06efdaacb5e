"""Load the classifier's data files (catalog/data/dictionaries) into typed, cached objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from catalog.reference import DATA_DIR, CatalogError, Guide

DICT_DIR = DATA_DIR / "dictionaries"


@dataclass(frozen=True)
class Settings:
    """Classifier settings that are set by hand (the learned ones are in the model file)."""

    name_min_score: float


@dataclass(frozen=True)
class SceneProfile:
    """Our text about one scene: the guide paragraph and the phrases enterprises use."""

    number: int
    name: str
    description: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Terms:
    """Phrase lists for segmentation and tagging."""

    technology: tuple[str, ...]
    system: tuple[str, ...]
    equipment: dict[str, tuple[str, ...]]
    result: tuple[str, ...]


def _read(path: Path) -> dict:
    """YAML file -> dict, with a Chinese error naming the file."""
    if not path.exists():
        raise CatalogError(f"分类器数据文件 {path} 不存在。")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError(f"分类器数据文件 {path} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"分类器数据文件 {path} 顶层应为映射。")
    return data


@cache
def load_settings(path: Path = DICT_DIR / "classifier.yaml") -> Settings:
    """classifier.yaml -> Settings."""
    raw = _read(path)
    try:
        return Settings(name_min_score=float(raw["name_min_score"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"分类器数据文件 {path} 缺少或写错了键：{exc}") from exc


@cache
def load_terms(path: Path = DICT_DIR / "terms.yaml") -> Terms:
    """terms.yaml -> Terms."""
    raw = _read(path)
    try:
        return Terms(
            technology=tuple(str(x) for x in raw["technology"]),
            system=tuple(str(x) for x in raw["system"]),
            equipment={str(k): tuple(str(x) for x in v) for k, v in raw["equipment"].items()},
            result=tuple(str(x) for x in raw["result"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise CatalogError(f"分类器数据文件 {path} 缺少或写错了键：{exc}") from exc


def load_profiles(guide: Guide, path: Path | None = None) -> dict[int, SceneProfile]:
    """Guide -> {scene number: SceneProfile}; a missing file gives empty profiles (names still work)."""
    path = path or DICT_DIR / "scene_profiles.yaml"
    return dict(_load_profiles(guide.edition, path, tuple(s.name for s in guide.scenes)))


@cache
def _load_profiles(edition: str, path: Path, names: tuple[str, ...]) -> tuple[tuple[int, SceneProfile], ...]:
    """Cached worker of load_profiles; checks every profile's name against the guide."""
    if not path.exists():
        return ()
    raw = _read(path)
    if str(raw.get("edition")) != edition:
        return ()
    out = []
    for number, entry in (raw.get("scenes") or {}).items():
        n = int(number)
        if not 1 <= n <= len(names) or entry.get("name") != names[n - 1]:
            raise CatalogError(f"分类器数据文件 {path}：场景 {number} 的名称「{entry.get('name')}」与 {edition} 年版指引不一致。")
        out.append((n, SceneProfile(n, names[n - 1], str(entry.get("description", "")),
                                    tuple(str(c) for c in entry.get("cues") or ()))))
    return tuple(out)
