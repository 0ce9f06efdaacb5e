"""Declared link/scene names -> the guide's canonical names, and findings about declared labels.

Enterprises type or pick names with typos, full-width or traditional characters, suffixes such as
系统/场景/平台, numbering ("（29）智能仓储") or names from other editions. We clean the string,
look it up among names, synonyms and aliases, and fall back to rapidfuzz's ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from catalog.reference import Guide, load_rule_ids
from classifiers.resources import load_settings
from classifiers.segment import t2s_converter
from model import Finding, Instance
from model.text import normalize_text

OTHER = "其他"
_OTHER_SPELLINGS = frozenset({"其他", "其它", "其他场景", "其它场景", "其他环节", "其它环节", "其他类", "无"})
_NUMBERING = re.compile(r"^(?:场景|环节)?[（(\[【]?\d{1,2}[）)\]】]?[.、．:：\s]*")
_PUNCT = re.compile(r"[\s\W_]+")
_SUFFIXES = ("场景实例", "管理系统", "系统", "场景", "平台", "环节", "建设", "应用")


@dataclass(frozen=True)
class NormalizedLabel:
    """Canonical link/scene (None when unknown or not given) with match scores in [0, 1]."""

    link: str | None
    scene: str | None
    link_score: float
    scene_score: float


def clean_name(text: str) -> str:
    """Declared name -> NFKC, simplified, without numbering, spaces or punctuation, upper-case ASCII."""
    s = normalize_text(text, fold_spaces=False).strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in s):
        s = t2s_converter().convert(s)  # names are short: convert always (rare characters such as 倉 included)
    s = _NUMBERING.sub("", s)
    return _PUNCT.sub("", s).upper()


def _variants(name: str) -> list[str]:
    """Cleaned name -> it and its forms without a trailing 系统/场景/平台… suffix."""
    out = [name]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
    return out


@dataclass(frozen=True)
class _Table:
    """Lookup tables of one guide: cleaned alias -> canonical name."""

    scenes: dict[str, str]
    links: dict[str, str]


class GuideKey:
    """Hashable stand-in for a Guide (pydantic models holding lists are not hashable) for caches."""

    def __init__(self, guide: Guide):
        """Guide -> key over its edition, names, synonyms and aliases."""
        self.guide = guide
        self.key = (
            guide.edition,
            tuple((s.name, tuple(s.synonyms)) for s in guide.scenes),
            tuple((x.name, tuple(x.aliases)) for x in guide.links),
            tuple(sorted(guide.cross_edition_aliases.items())),
        )

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GuideKey) and other.key == self.key


def _tables(guide: Guide) -> _Table:
    """Guide -> alias tables for scenes (names, synonyms, cross-edition aliases) and links."""
    return _build_tables(GuideKey(guide))


@lru_cache(maxsize=16)
def _build_tables(key: GuideKey) -> _Table:
    """Cached worker of _tables."""
    guide = key.guide
    scenes: dict[str, str] = {}
    for s in guide.scenes:
        for label in (*s.synonyms, s.name):  # official names win over a shared synonym
            scenes[clean_name(label)] = s.name
    for alias, target in guide.cross_edition_aliases.items():
        scenes.setdefault(clean_name(alias), target)
    links: dict[str, str] = {}
    for x in guide.links:
        for label in (*x.aliases, x.name):
            links[clean_name(label)] = x.name
    return _Table(scenes, links)


def _match(text: str, table: dict[str, str], prefer: set[str] | None = None) -> tuple[str | None, float]:
    """Declared text + alias table -> (canonical name, score 0–1); `prefer` breaks near ties."""
    cleaned = clean_name(text)
    if not cleaned:
        return None, 0.0
    best: list[tuple[float, str]] = []
    for v in _variants(cleaned):
        if v in table:
            return table[v], 1.0
        for alias, score, _ in process.extract(v, list(table), scorer=fuzz.ratio, limit=5):
            s = score / 100.0
            # A declared name that contains a whole official name (智能仓储系统建设) is that name.
            if len(alias) >= 4 and alias in v:
                s = max(s, 0.9)
            best.append((s, table[alias]))
    if not best:
        return None, 0.0
    best.sort(key=lambda x: -x[0])
    top_score = best[0][0]
    if prefer:
        for s, name in best:
            if name in prefer and s >= top_score - 0.05:
                return name, s
    return best[0][1], top_score


_ONLY_NUMBER = re.compile(r"^\s*(?:场景|环节)?\s*[（(\[【]?\s*(\d{1,2})\s*[）)\]】]?\s*$")


def _by_number(text: str, names: list[str]) -> tuple[str, float] | None:
    """A bare guide number ("29", "（29）", "场景29") -> (that entry's name, 0.9), else None."""
    m = _ONLY_NUMBER.match(normalize_text(text, fold_spaces=False))
    if m and 1 <= int(m.group(1)) <= len(names):
        return names[int(m.group(1)) - 1], 0.9
    return None


def closest_names(text: str, names: list[str], limit: int = 3) -> list[str]:
    """Declared text + official names -> the `limit` closest official names."""
    cleaned = clean_name(text) or text
    return [m for m, _, _ in process.extract(cleaned, names, scorer=fuzz.ratio, limit=limit)]


def normalize_label(link: str | None, scene: str | None, guide: Guide) -> NormalizedLabel:
    """Declared link/scene strings -> canonical names of the guide (其他 stays 其他).

    A name scoring below the tuned threshold becomes None; a missing link is taken from the scene.
    """
    threshold = load_settings().name_min_score
    tables = _tables(guide)
    link_name, link_score = None, 0.0
    if link and link.strip():
        if clean_name(link) in _OTHER_SPELLINGS:
            link_name, link_score = OTHER, 1.0
        else:
            link_name, link_score = _by_number(link, [x.name for x in guide.links]) or _match(link, tables.links)
            if link_score < threshold:
                link_name = None
    scene_name, scene_score = None, 0.0
    if scene and scene.strip():
        if clean_name(scene) in _OTHER_SPELLINGS:
            scene_name, scene_score = OTHER, 1.0
        else:
            prefer = None
            found = guide.link_by_name(link_name) if link_name else None
            if found is not None:
                prefer = {s.name for s in guide.scenes_of(found.number)}
            scene_name, scene_score = (_by_number(scene, [x.name for x in guide.scenes])
                                       or _match(scene, tables.scenes, prefer))
            cleaned = clean_name(scene)
            if cleaned in tables.links and cleaned not in tables.scenes:
                scene_score = 0.0  # a link name typed into the scene column names no scene
            if scene_score < threshold:
                scene_name = None
    if link_name is None and not (link and link.strip()) and scene_name and scene_name != OTHER:
        hit = guide.scene_by_name(scene_name)
        if hit is not None:
            link_name, link_score = guide.link(hit.link).name, scene_score
    return NormalizedLabel(link_name, scene_name, round(link_score, 4), round(scene_score, 4))


def _where(instance: Instance) -> str:
    """Instance -> "场景实例3「名称」（第12页）" for messages."""
    name = f"「{instance.name}」" if instance.name else ""
    page = f"（第{instance.page}页）" if instance.page else ""
    return f"场景实例{instance.index}{name}{page}"


def _finding(rule: str, message: str, field: str, instance: Instance, **kw: object) -> Finding:
    """Rule id + message -> Finding with the rule's default severity from rule_ids.yaml."""
    severity = load_rule_ids()[rule].severity
    return Finding(rule=rule, severity=severity, message=message, field=field, page=instance.page, **kw)  # type: ignore[arg-type]


def judge_declared(instance: Instance, guide: Guide, *, index0: int) -> list[Finding]:
    """Instance + guide -> SCENE_UNKNOWN / SCENE_NOT_IN_LINK from the declared names and
    SCENE_CONTENT_MISMATCH from instance.predicted (another scene beats the declared one by the margin)."""
    findings: list[Finding] = []
    label = normalize_label(instance.declared_link, instance.declared_scene, guide)
    where, edition = _where(instance), guide.edition
    link_field, scene_field = f"instances[{index0}].declared_link", f"instances[{index0}].declared_scene"
    if instance.declared_link and instance.declared_link.strip() and label.link is None:
        near = "」「".join(closest_names(instance.declared_link, [x.name for x in guide.links]))
        findings.append(_finding(
            "SCENE_UNKNOWN",
            f"{where}申报的环节「{instance.declared_link}」不在{edition}年版《智能制造典型场景参考指引》的16个环节中，"
            f"最接近的是「{near}」。请按指引改为正确的环节名称。",
            link_field, instance, value=instance.declared_link, limit=near.split("」「")[0],
            detail=f"best link score {label.link_score}"))
    if instance.declared_scene and instance.declared_scene.strip() and label.scene is None:
        near = "」「".join(closest_names(instance.declared_scene, [s.name for s in guide.scenes]))
        findings.append(_finding(
            "SCENE_UNKNOWN",
            f"{where}申报的场景「{instance.declared_scene}」不在{edition}年版《智能制造典型场景参考指引》中，"
            f"最接近的是「{near}」。请改为指引中的场景名称；确属指引以外的场景请填写“其他”。",
            scene_field, instance, value=instance.declared_scene, limit=near.split("」「")[0],
            detail=f"best scene score {label.scene_score}"))
    scene = guide.scene_by_name(label.scene) if label.scene and label.scene != OTHER else None
    link = guide.link_by_name(label.link) if label.link and label.link != OTHER else None
    if scene is not None and link is not None and scene.link != link.number:
        real = guide.link(scene.link).name
        options = "、".join(s.name for s in guide.scenes_of(link.number))
        findings.append(_finding(
            "SCENE_NOT_IN_LINK",
            f"{where}申报的场景「{scene.name}」属于环节「{real}」，但申报的环节是「{link.name}」。"
            f"请把环节改为「{real}」，或在「{link.name}」下改选场景（{options}）。",
            scene_field, instance, value=instance.declared_scene, limit=real))
    from classifiers.mismatch import content_mismatch  # the mapper imports this module: import late

    findings += content_mismatch(instance, scene.name if scene is not None else None, guide, where, scene_field)
    return findings
