"""The declaration form as data (catalog/data/forms/<edition>.yaml): its types, labels, headings, columns and
seal places, validated at load time, and the one field path -> Chinese label function every stage uses.

The extractors read every printed word they look for from a Form; none is written in their code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

T = TypeVar("T")


class _Ref(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(_Ref):
    """Which seed and official document a data file was taken from."""

    seed: str
    document: str


class MetricDef(_Ref):
    """One cell of the 整体建设成效 grid."""

    key: str
    unit: str
    required: bool = False
    process_only: bool = False
    printed: dict[str, str] = Field(default_factory=dict)  # declaration type -> whole label as printed


class ColumnDef(_Ref):
    """One column of the 附1 table."""

    key: str
    label: str


class AnnexDef(_Ref):
    """One of 附3–附7: its number, title and header labels per column key."""

    number: int
    title: str
    columns: dict[str, list[str]]

    @model_validator(mode="after")
    def _name_column(self) -> AnnexDef:
        """Every annex list has a name column (a row without a name is skipped)."""
        if "name" not in self.columns:
            raise ValueError("columns 必须包含 name 列")
        return self


class Annex1Example(_Ref):
    """The 示例 row the form prints under the 附1 header: its 序号 text and its instance name."""

    marker: str = Field(min_length=1)
    name: str = Field(min_length=4)


class TypeDef(_Ref):
    """What one declaration type's form prints."""

    title: str
    markers: list[str] = Field(default_factory=list)
    sections: list[str]
    annexes: list[str] = Field(default_factory=list)
    supply_chain: bool = False


class Annex2(_Ref):
    """附2: the row that opens an instance's block, and the lists (first column label first)."""

    instance_label: str
    lists: dict[str, dict[str, str]]

    @model_validator(mode="after")
    def _named(self) -> Annex2:
        """Every list has a name column."""
        for key, cols in self.lists.items():
            if "name" not in cols:
                raise ValueError(f"附2 清单 {key} 必须包含 name 列")
        return self


class PageNumber(_Ref):
    """How a page number is printed: 第 N 页 (共 M 页)."""

    before: str
    after: str
    total: str


class Headings(_Ref):
    """Heading numerals, the annex prefix and the hint paragraphs under headings."""

    numerals: str = Field(min_length=10, max_length=10)
    annex_prefix: str
    annex_range: str
    hint_starts: list[str]
    page_number: PageNumber


class InstanceSection(_Ref):
    """The scene-instance narrative section and its per-instance sub-headings."""

    heading: str
    subheading_word: str
    cut_marker: str


class Cover(_Ref):
    """The cover's labels (field -> label), the labels that find the cover page, the （盖章） word."""

    labels: dict[str, str]
    page_markers: list[str] = Field(min_length=1)
    stamp_word: str = Field(min_length=2)


class SealPlace(_Ref):
    """A required seal or signature: the page it is on, the labels that mark its place, its report name."""

    page: Literal["cover", "promise"]
    labels: list[str] = Field(min_length=1)
    display: str


class SupplyChainFlag(_Ref):
    """The 示范工厂 yes/no line for 智慧供应链: its label and the word after which the ticks stand."""

    label: str
    after: str


class People(_Ref):
    """Words around people and organisations in integrator and provider cells."""

    contact_words: list[str]
    name_label: str
    label_suffixes: list[str]
    organisation_endings: list[str]
    organisation_lists: list[str] = Field(default_factory=list)


class LabelDef(_Ref):
    """How one field's label is printed (see the comment above `labels:` in the form file)."""

    variants: list[str] = Field(min_length=1)
    printed: dict[str, str] = Field(default_factory=dict)
    layout: Literal["beside", "header"] = "beside"
    prefix: str | None = None
    contained: int | None = None
    inline: bool = True


class LabelGroup(_Ref):
    """A label printed over member labels (所属行业 over 行业门类 / 行业大类 / 行业中类)."""

    label: str
    printed: dict[str, str] = Field(default_factory=dict)
    layout: Literal["header_row"]
    members: list[str] = Field(min_length=1)


class TemplateDef(_Ref):
    """One year's declaration template: its annex number on the cover and its titles (title -> the type it
    names, or None when the type is printed apart)."""

    year: int
    annexes: list[str] = Field(min_length=1)
    titles: dict[str, str | None] = Field(min_length=1)


class Recognition(_Ref):
    """How a file is recognised as a declaration of this programme, and which year's template it follows."""

    first_pages: int = Field(3, ge=1)
    annex_word: str = Field(min_length=1)
    title_match: int = Field(88, ge=50, le=100)
    min_text: int = Field(ge=0)
    min_labels: int = Field(ge=1)
    min_headings: int = Field(ge=1)
    templates: list[TemplateDef] = Field(min_length=1)

    @property
    def titles(self) -> list[str]:
        """Every template title, longest first."""
        return sorted({t for tpl in self.templates for t in tpl.titles}, key=len, reverse=True)


class Form(_Ref):
    """A declaration form edition: types, labels, headings, columns, seal places, field labels."""

    edition: str
    source: SourceRef
    checked_on: str
    types: dict[str, TypeDef] = Field(min_length=1)
    default_type: str
    choices: dict[str, list[str]]
    metrics: list[MetricDef]
    supply_chain_metrics: list[MetricDef]
    annex1_columns: list[ColumnDef]
    annex1_example: Annex1Example | None = None
    equipment_categories: list[str]
    software_categories: list[str]
    annex2: Annex2
    annexes: dict[str, AnnexDef]
    headings: Headings
    instance_section: InstanceSection
    cover: Cover
    seal_places: dict[str, SealPlace] = Field(alias="seals")
    seal_words: list[str] = Field(min_length=1)
    signature_endings: list[str] = Field(min_length=1)
    supply_chain_flag: SupplyChainFlag
    people: People
    labels: dict[str, LabelDef]
    label_groups: dict[str, LabelGroup] = Field(default_factory=dict)
    required_text: list[str]
    long_text: list[str]
    field_labels: dict[str, str]
    recognition: Recognition
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        """Forms are equal by their data (what `memo` built from it is no part of it)."""
        if not isinstance(other, Form):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def memo(self, key: str, build: Callable[[Form], T]) -> T:
        """What `build` derives from this form (a lookup table, a compiled pattern), built once per form."""
        if key not in self._memo:
            self._memo[key] = build(self)
        value: T = self._memo[key]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Form:
        """Names used across the file point at things the file defines."""
        if self.default_type not in self.types:
            raise ValueError(f"default_type「{self.default_type}」不在 types 中")
        for name, t in self.types.items():
            for key in t.annexes:
                if key not in self.annexes:
                    raise ValueError(f"types.{name}.annexes 中的「{key}」不在 annexes 中")
        for path, label in self.labels.items():
            for dtype in label.printed:
                if dtype not in self.types:
                    raise ValueError(f"labels.{path}.printed 中的类型「{dtype}」不在 types 中")
        for m in [*self.metrics, *self.supply_chain_metrics]:
            for dtype in m.printed:
                if dtype not in self.types:
                    raise ValueError(f"metrics.{m.key}.printed 中的类型「{dtype}」不在 types 中")
        for name, group in self.label_groups.items():
            for member in group.members:
                if member not in self.labels:
                    raise ValueError(f"label_groups.{name}.members 中的「{member}」不在 labels 中")
        for key in ("required_text", "long_text"):
            for path in getattr(self, key):
                if f"fields.{path}" not in self.field_labels:
                    raise ValueError(f"{key} 中的「{path}」不在 field_labels 中")
        for tpl in self.recognition.templates:
            for title, dtype in tpl.titles.items():
                if dtype is not None and dtype not in self.types:
                    raise ValueError(f"recognition.templates 中「{title}」的类型「{dtype}」不在 types 中")
        if not {"ownership", "size", "sector", "maturity"} <= set(self.choices):
            raise ValueError("choices 必须包含 ownership、size、sector、maturity")
        return self

    @property
    def titles(self) -> dict[str, str]:
        """Declaration type -> its cover title."""
        return {name: t.title for name, t in self.types.items()}

    @property
    def sections(self) -> dict[str, list[str]]:
        """Declaration type -> its narrative headings as printed."""
        return {name: t.sections for name, t in self.types.items()}

    @property
    def seals(self) -> dict[str, list[str]]:
        """Page (cover / promise) -> the seal roles required there, in the file's order."""
        out: dict[str, list[str]] = {}
        for role, place in self.seal_places.items():
            out.setdefault(place.page, []).append(role)
        return out

    def annex_key(self, number: int) -> str:
        """Annex number -> the heading key the extractors give it ('附1')."""
        return f"{self.headings.annex_prefix}{number}"

    def printed_label(self, path: str, dtype: str | None) -> str:
        """Label path and declaration type -> the label as that type's official form prints it
        (footnote digits, （系统中下拉选择） hints), else its first variant."""
        label = self.labels[path]
        return label.printed.get(dtype or "", label.variants[0])

    def label_display(self, path: str) -> str:
        """Extractor label path ('company_name') -> the label named in its FIELD_EMPTY message."""
        return self.field_labels.get(f"fields.{path}") or self.labels[path].variants[0]


def any_of(words: list[str]) -> str:
    """Words of a form -> a regex alternation matching any of them literally."""
    return "|".join(re.escape(w) for w in words)


_PART = re.compile(r"([^\[\].]+)(?:\[(\d+)\])?")


def field_label(path: str | None, form: Form, *, sep: str = " ", last: bool = False) -> str:
    """Field path -> its Chinese label from the form's field_labels.

    'instances[2].description' -> '场景实例3 场景实例描述'; 'fields.financials.2022.revenue' ->
    '近三年发展情况 2022年 主营业务收入（万元）'; 'seals.applicant' -> '印章 封面 申报单位盖章'. `sep` joins the
    parts; `last` gives only the last labelled part ('instances.solution' -> '采用的技术方案'). A part with
    no entry (a metric name, a section heading, a dictionary key) is shown as written.
    """
    if not path:
        return ""
    if path == "seals" or path.startswith("seals."):
        place = form.seal_places.get(path.removeprefix("seals."))
        return f"{form.field_labels.get('seals', '')}{sep}{place.display if place else ''}".strip()
    parts = [_PART.fullmatch(p) for p in path.split(".")]
    if not all(parts):
        return path
    out: list[str] = []
    key = ""  # the path so far, without indices and dictionary keys
    for m in parts:
        assert m is not None
        name, idx = m.group(1), m.group(2)
        candidate = f"{key}.{name}" if key else name
        if candidate in form.field_labels or not key or _has_children(form, candidate):
            label = form.field_labels.get(candidate, name)
            key = candidate
        else:  # a dictionary key (a year, a metric, a section heading, an annex list): shown as written
            label = f"{name}年" if name.isdigit() else name
        out.append(label + (f"{int(idx) + 1}" if idx is not None else ""))
    words = [x for x in out if x]
    if last:
        return words[-1] if words else path
    return sep.join(words) or path


def _has_children(form: Form, key: str) -> bool:
    """True when the form labels paths below `key` (it is a model field, not a dictionary key)."""
    prefix = key + "."
    return any(p.startswith(prefix) for p in form.field_labels)
