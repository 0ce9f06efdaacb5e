"""Load and validate the reference data under catalog/data (guides, yearly rules, forms, rule ids).

A bad file fails at load time with a Chinese message that names the file, the key and the line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from catalog.forms import Form, SourceRef
from catalog.forms import field_label as form_field_label
from model.submission import register_declaration_types

DATA_DIR = Path(__file__).parent / "data"


class CatalogError(ValueError):
    """A reference data file is missing or invalid (message in Chinese)."""


class _Ref(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Aspect(_Ref):
    """One of the guide's aspects (方面)."""

    number: int
    name: str
    links: list[int]


class Link(_Ref):
    """One link (环节) of the guide."""

    number: int
    name: str
    aspect: int
    supply_chain: bool = False
    aliases: list[str] = Field(default_factory=list)


class Scene(_Ref):
    """One scene (场景) of the guide, with our keywords and synonyms."""

    number: int
    name: str
    link: int
    summary: str
    keywords: list[str] = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)


class Guide(_Ref):
    """A scene guide edition (智能制造典型场景参考指引)."""

    edition: str
    title: str
    source: SourceRef
    checked_on: str
    aspects: list[Aspect]
    links: list[Link]
    scenes: list[Scene]
    cross_edition_aliases: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Guide:
        """Links and scenes are numbered 1..n without gaps and every scene sits in a known link."""
        for what, numbers in (("links", [x.number for x in self.links]), ("scenes", [s.number for s in self.scenes])):
            if numbers != list(range(1, len(numbers) + 1)):
                raise ValueError(f"{what} 编号必须从 1 连续编号，实际为 {numbers}")
        link_numbers = {x.number for x in self.links}
        for s in self.scenes:
            if s.link not in link_numbers:
                raise ValueError(f"场景 {s.number}「{s.name}」所属环节 {s.link} 不存在")
        scene_names = {s.name for s in self.scenes}
        for alias, target in self.cross_edition_aliases.items():
            if target not in scene_names:
                raise ValueError(f"别名「{alias}」指向的场景「{target}」不存在")
        return self

    def link(self, number: int) -> Link:
        """Link number -> Link."""
        return self.links[number - 1]

    def scene_by_name(self, name: str) -> Scene | None:
        """Exact scene name -> Scene, or None."""
        return next((s for s in self.scenes if s.name == name), None)

    def link_by_name(self, name: str) -> Link | None:
        """Exact link name -> Link, or None."""
        return next((x for x in self.links if x.name == name), None)

    def scenes_of(self, link_number: int) -> list[Scene]:
        """Link number -> its scenes in guide order."""
        return [s for s in self.scenes if s.link == link_number]


class SupplyChainRule(_Ref):
    """The 智慧供应链 rule: instance minimum and which links count as supply chain."""

    min_instances: int
    links: list[int]
    min_supply_chain_links: int


class ProcessOnly(_Ref):
    """A metric that only some sectors may fill."""

    applies_to_sectors: list[str]


class CallWindow(_Ref):
    """Dates of the call (ISO, or YYYY-MM when the notice gives only a month)."""

    opens: str | None = None
    online_deadline: str | None = None
    recommend_deadline: str | None = None


class Band(_Ref):
    """A revenue band (万元)."""

    min: float | None = None
    max: float | None = None


class Rules(_Ref):
    """One call year's rules. A None value means the seeds do not state it (no check is made)."""

    year: int
    title: str
    source: SourceRef
    checked_on: str
    guide_edition: str
    guide_fallback: str | None = None
    form_edition: str | None
    form_fallback: str | None = None
    declaration_types: list[str] = Field(min_length=1)
    factory_types: list[str] = Field(default_factory=list)
    scene_description_limit: int | None
    field_limits: dict[str, int] | None
    field_limits_note: str | None = None
    min_instances: dict[str, int | None] | None
    min_links_factory: int | None
    supply_chain: SupplyChainRule | None
    required_metrics: list[str] | None
    process_only_metrics: dict[str, ProcessOnly] | None
    maturity_min: int | None
    prerequisite_level: str | None = None
    accident_disqualifies: bool | None
    financial_years: list[int]
    call_window: CallWindow
    quotas: dict[str, dict[str, int]] | None
    quotas_note: str | None = None
    no_repeat_demo_factory: bool | None
    size_revenue_bands: dict[str, Band]

    @model_validator(mode="after")
    def _types_known(self) -> Rules:
        """Every type named by a per-type table is one of the year's declaration types."""
        known = set(self.declaration_types)
        named = [("factory_types", t) for t in self.factory_types]
        named += [("min_instances", t) for t in self.min_instances or {}]
        named += [(f"quotas.{k}", t) for k, row in (self.quotas or {}).items() for t in row]
        for key, t in named:
            if t not in known:
                raise ValueError(f"{key} 中的申报类型「{t}」不在 declaration_types 中")
        if self.form_edition is None and self.form_fallback is None:
            raise ValueError("form_edition 为空时必须给出 form_fallback")
        return self

    def is_factory(self, declaration_type: str | None) -> bool:
        """True for a type that declares a whole factory (揭榜任务): the link, maturity, supply-chain and
        no-repeat rules of this year apply to it."""
        return declaration_type in self.factory_types


class RuleId(_Ref):
    """A finding rule id with its default severity and Chinese title."""

    severity: str
    title: str


class Reference(_Ref):
    """Everything one review year needs: its rules, the guide it uses, the form it reads."""

    rules: Rules
    guide: Guide
    form: Form
    rule_ids: dict[str, RuleId]
    guide_is_fallback: bool = False


def _line_of(path: Path, text: str, loc: tuple[Any, ...]) -> int | None:
    """YAML text + a pydantic error location -> the 1-based line of that key, when found."""
    node: Any = yaml.compose(text)
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if found is None:
                break
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _load(path: Path, model: type[BaseModel]) -> Any:
    """Read one YAML file into `model`, raising CatalogError with file, key and line."""
    if not path.exists():
        raise CatalogError(f"参考数据文件 {path} 不存在。")
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise CatalogError(f"参考数据文件 {path} {where}不是合法的 YAML：{exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        line = _line_of(path, text, loc)
        key = ".".join(str(x) for x in loc) or "（顶层）"
        where = f"第 {line} 行，" if line else ""
        raise CatalogError(f"参考数据文件 {path} {where}键 {key} 有误：{err['msg']}") from exc


def available_years(data_dir: Path = DATA_DIR) -> list[int]:
    """The call years that have a rule file."""
    return sorted(int(p.stem) for p in (data_dir / "rules").glob("*.yaml") if p.stem.isdigit())


def available_guides(data_dir: Path = DATA_DIR) -> list[str]:
    """The guide editions in the catalog."""
    return sorted(p.stem for p in (data_dir / "guides").glob("*.yaml"))


@cache
def load_guide(edition: str, data_dir: Path = DATA_DIR) -> Guide:
    """Guide edition -> validated Guide."""
    path = data_dir / "guides" / f"{edition}.yaml"
    if not path.exists():
        raise CatalogError(f"场景指引 {edition} 年版不在目录中；现有版本：{'、'.join(available_guides(data_dir))}。")
    guide: Guide = _load(path, Guide)
    return guide


@cache
def load_form(edition: str, data_dir: Path = DATA_DIR) -> Form:
    """Form edition -> validated Form."""
    form: Form = _load(data_dir / "forms" / f"{edition}.yaml", Form)
    return form


@cache
def load_rule_ids(data_dir: Path = DATA_DIR) -> dict[str, RuleId]:
    """The rule id table (rule_ids.yaml)."""
    path = data_dir / "rule_ids.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return {k: RuleId.model_validate(v) for k, v in raw["rules"].items()}
    except (ValidationError, KeyError, TypeError) as exc:
        raise CatalogError(f"参考数据文件 {path} 有误：{exc}") from exc


@cache
def load_rules(year: int, data_dir: Path = DATA_DIR) -> Rules:
    """Call year -> validated Rules (an unknown year lists those that exist)."""
    path = data_dir / "rules" / f"{year}.yaml"
    if not path.exists():
        years = "、".join(str(y) for y in available_years(data_dir))
        raise CatalogError(f"没有 {year} 年度的规则文件；现有年度：{years}。请用 --year 指定其中之一。")
    rules: Rules = _load(path, Rules)
    _check_rules_against_guide(path, rules, data_dir)
    return rules


def _check_rules_against_guide(path: Path, rules: Rules, data_dir: Path) -> None:
    """Links and metrics named in a rule file must exist in its guide and form."""
    edition = rules.guide_edition if rules.guide_edition in available_guides(data_dir) else rules.guide_fallback
    if edition is None:
        raise CatalogError(f"参考数据文件 {path}：场景指引 {rules.guide_edition} 不在目录中，且未给出 guide_fallback。")
    guide = load_guide(edition, data_dir)
    text = path.read_text(encoding="utf-8")
    if rules.supply_chain:
        for n in rules.supply_chain.links:
            if not 1 <= n <= len(guide.links):
                line = _line_of(path, text, ("supply_chain", "links"))
                raise CatalogError(f"参考数据文件 {path} 第 {line} 行：环节 {n} 不在 {edition} 年版指引中。")
    if rules.form_edition:
        form = load_form(rules.form_edition, data_dir)
        for t in rules.declaration_types:
            if t not in form.types:
                line = _line_of(path, text, ("declaration_types",))
                raise CatalogError(f"参考数据文件 {path} 第 {line} 行：申报类型「{t}」不在 {form.edition} 年版表单的 types 中。")
        known = {m.key for m in form.metrics}
        for key, names in (("required_metrics", rules.required_metrics or []),
                           ("process_only_metrics", list(rules.process_only_metrics or {}))):
            for name in names:
                if name not in known:
                    line = _line_of(path, text, (key,))
                    raise CatalogError(f"参考数据文件 {path} 第 {line} 行：指标「{name}」不在 {form.edition} 年版表单中。")


@cache
def load_reference(year: int, data_dir: Path = DATA_DIR) -> Reference:
    """Call year -> its rules, the guide and form they name (falling back as the rule file says)."""
    rules = load_rules(year, data_dir)
    fallback = rules.guide_edition not in available_guides(data_dir)
    guide = load_guide(rules.guide_fallback if fallback and rules.guide_fallback else rules.guide_edition, data_dir)
    form = load_form(rules.form_edition or rules.form_fallback or "", data_dir)
    return Reference(rules=rules, guide=guide, form=form, rule_ids=load_rule_ids(data_dir), guide_is_fallback=fallback)


@cache
def known_declaration_types(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """Every declaration type some year's rule file declares (a new type is added by a rule file alone)."""
    out: list[str] = []
    for year in available_years(data_dir):
        out += [t for t in load_rules(year, data_dir).declaration_types if t not in out]
    return tuple(out)


@cache
def default_year(data_dir: Path = DATA_DIR) -> int:
    """The year read when a declaration names none: the latest whose rule file names its own form edition."""
    years = [y for y in available_years(data_dir) if load_rules(y, data_dir).form_edition]
    if not years:
        raise CatalogError(f"参考数据目录 {data_dir} 中没有给出 form_edition 的规则文件。")
    return years[-1]


def reference_for(year: int | None, data_dir: Path = DATA_DIR) -> Reference:
    """Year (None or one without a rule file: the default year) -> its Reference."""
    if year is None or year not in available_years(data_dir):
        year = default_year(data_dir)
    return load_reference(year, data_dir)


def default_form() -> Form:
    """The form of the default year (for a stage called before the year is known)."""
    return reference_for(None).form


def field_label(path: str | None, *, year: int | None = None, sep: str = " ", last: bool = False) -> str:
    """Field path -> the Chinese label of the year's form (see catalog.forms.field_label)."""
    return form_field_label(path, reference_for(year).form, sep=sep, last=last)


register_declaration_types(known_declaration_types)
