"""The one Submission model that flows through every stage (DESIGN.md §4).

Field names are the contract's English keys; every description carries the form's Chinese label
(the XLSX headers of the online export use those labels, see `LABELS`). This module imports
nothing of ours, so every package can depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = "1.0"

Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "needs_review", "fail", "error"]
# Where the known declaration types come from: catalog.reference registers the types its rule files declare
# (rules/<year>.yaml declaration_types), so a new type is added by a data file, never here.
_TYPE_SOURCES: list[Callable[[], Collection[str]]] = []


def register_declaration_types(source: Callable[[], Collection[str]]) -> None:
    """Add a source of known declaration types; a Submission's declaration_type must be in every source."""
    if source not in _TYPE_SOURCES:
        _TYPE_SOURCES.append(source)


def _known_type(value: str) -> str:
    """Declaration type -> itself, when every registered source knows it."""
    for source in _TYPE_SOURCES:
        known = source()
        if value not in known:
            raise ValueError(f"申报类型「{value}」不在规则文件声明的申报类型中（{'、'.join(known)}）")
    return value


DeclarationType = Annotated[str, StringConstraints(min_length=1), AfterValidator(_known_type)]
SourceKind = Literal["digital", "scanned", "mixed"]
SealRole = Literal["applicant", "recommender", "company", "legal_rep"]
MismatchKind = Literal["changed", "missing_in_paper", "missing_online"]
# ISO date or month only ("2023-05" when the form gives only a month).
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]
BBox = Annotated[list[float], Field(min_length=4, max_length=4)]


class _Model(BaseModel):
    """Base: unknown keys are an error, so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Source(_Model):
    """Where the paper copy came from and how it was read."""

    path: str = Field(description="文件路径")
    sha256: str = Field(description="文件 SHA-256")
    pages: int = Field(0, ge=0, description="页数")
    kind: SourceKind = Field("digital", description="digital 文字版 / scanned 扫描件 / mixed 混合")
    ocr_pages: list[int] = Field(default_factory=list, description="经 OCR 识别的页码（从 1 开始）")
    template_year: int | None = Field(
        None, description="按封面附件编号和标题识别出的申报书模板年度（无法确定时为空）")


class Industry(_Model):
    """所属行业 (GB/T 4754-2017)."""

    category: str | None = Field(None, description="行业门类")
    major: str | None = Field(None, description="行业大类")
    middle: str | None = Field(None, description="行业中类")


class Person(_Model):
    """法人代表/负责人."""

    name: str | None = Field(None, description="姓名")
    phone: str | None = Field(None, description="电话")


class Contact(_Model):
    """联系人 block of the basic-information table."""

    name: str | None = Field(None, description="姓名")
    phone: str | None = Field(None, description="电话")
    title: str | None = Field(None, description="职务")
    mobile: str | None = Field(None, description="手机")
    fax: str | None = Field(None, description="传真")
    email: str | None = Field(None, description="邮箱")


class YearFinancials(_Model):
    """One column of the 近三年发展情况 table."""

    total_assets: float | None = Field(None, description="资产总额（万元）")
    debt_ratio: float | None = Field(None, description="资产负债率（%）")
    revenue: float | None = Field(None, description="主营业务收入（万元）")
    profit_margin: float | None = Field(None, description="利润率（%）")


class Integrator(_Model):
    """系统解决方案供应商 (自建 when built in-house)."""

    name: str = Field(description="系统解决方案供应商名称")
    contact: str | None = Field(None, description="联系人")
    phone: str | None = Field(None, description="联系电话")


class PriorProject(_Model):
    """是否为国家/省级智能制造试点示范项目, 标杆企业 (示范工厂 form)."""

    flag: bool | None = Field(None, description="是/否")
    name: str | None = Field(None, description="项目名称")


class SupplyChain(_Model):
    """（三）智慧供应链建设基本信息."""

    main_products: str | None = Field(None, description="揭榜任务生产的主要产品")
    partners: str | None = Field(None, description="智慧供应链上下游关键企业")
    partner_roles: str | None = Field(None, description="智慧供应链上下游关键企业分工及产品")
    providers: list[Integrator] = Field(default_factory=list, description="智慧供应链解决方案供应商与联系方式")
    metrics: dict[str, float | None] = Field(default_factory=dict, description="供应链建设成效（%）")
    other_metrics: str | None = Field(None, description="（其他成效指标）")


class AnnexRow(_Model):
    """One row of 附3–附7 (key technologies, equipment, software, standards, patents)."""

    name: str = Field(description="名称")
    params: str | None = Field(None, description="关键参数 / 标准号 / 专利号")
    kind: str | None = Field(None, description="类型（标准类型、专利类型）")
    status: str | None = Field(None, description="状态（已发布、草案、审查中）")
    note: str | None = Field(None, description="备注")
    page: int | None = Field(None, description="页码")


class Fields(_Model):
    """Cover page and section 一 of the declaration (both types; type-specific keys stay None)."""

    project_name: str | None = Field(None, description="项目名称")
    applicant: str | None = Field(None, description="申报单位")
    recommender: str | None = Field(None, description="推荐单位")
    declared_on: IsoDate | None = Field(None, description="申报日期")
    company_name: str | None = Field(None, description="企业名称")
    credit_code: str | None = Field(None, description="统一社会信用代码")
    founded: IsoDate | None = Field(None, description="成立时间")
    ownership: str | None = Field(None, description="企业性质")
    size: str | None = Field(None, description="企业类型")
    industry: Industry = Field(default_factory=Industry, description="所属行业")
    sector: str | None = Field(None, description="所属四大行业 / 揭榜行业")
    factory_address: str | None = Field(None, description="工厂地址")
    key_region: bool | None = Field(None, description="是否位于重点区域")
    legal_rep: Person = Field(default_factory=Person, description="法人代表/负责人")
    contact: Contact = Field(default_factory=Contact, description="联系人")
    financials: dict[str, YearFinancials] = Field(default_factory=dict, description="近三年发展情况，按年份")
    accident: bool | None = Field(None, description="近三年是否发生重大安全生产事故、重大环境事故")
    accident_name: str | None = Field(None, description="事故名称")
    company_intro: str | None = Field(None, description="企业简介")
    metrics: dict[str, float | None] = Field(
        default_factory=dict, description="整体建设成效指标（%，去掉 * 的表单标签为键）"
    )
    other_metrics: str | None = Field(None, description="（其他成效指标）")
    # -- 示范工厂 only --
    prior_national_pilot: PriorProject | None = Field(None, description="是否为国家智能制造试点示范项目")
    prior_benchmark: PriorProject | None = Field(None, description="是否为国家智能制造标杆企业")
    prior_provincial_pilot: PriorProject | None = Field(None, description="是否为省级智能制造试点示范项目")
    task_name: str | None = Field(None, description="揭榜任务具体名称")
    task_subsector: str | None = Field(None, description="揭榜任务细分行业")
    task_address: str | None = Field(None, description="揭榜任务建设地址")
    task_start: IsoDate | None = Field(None, description="起止日期（起）")
    task_end: IsoDate | None = Field(None, description="起止日期（止）")
    task_investment: float | None = Field(None, description="揭榜任务总投资（万元）")
    project_summary: str | None = Field(None, description="项目简述")
    maturity_level: int | None = Field(None, ge=1, le=5, description="智能制造能力成熟度（1–5 级）")
    smart_supply_chain: bool | None = Field(None, description="是否申报智慧供应链相关内容")
    supply_chain: SupplyChain | None = Field(None, description="智慧供应链建设基本信息")
    # -- 优秀场景 only --
    scene_investment: float | None = Field(None, description="场景实例建设投资（万元）")
    scene_start: IsoDate | None = Field(None, description="场景实例建设起止日期（起）")
    scene_end: IsoDate | None = Field(None, description="场景实例建设起止日期（止）")
    integrators: list[Integrator] = Field(default_factory=list, description="系统解决方案供应商")
    # -- narrative sections (二–七) and annexes (附3–附7) --
    sections: dict[str, str] = Field(
        default_factory=dict, description="正文各部分（项目总体情况、系统集成方案、先进性与特色…），按标题"
    )
    annexes: dict[str, list[AnnexRow]] = Field(
        default_factory=dict, description="附3–附7 清单：technologies/equipment/software/standards/patents"
    )


class Item(_Model):
    """One row of 附2: equipment, software, process or technology used by an instance."""

    category: str | None = Field(None, description="种类（关键装备种类 / 关键软件种类）")
    name: str = Field(description="名称 / 工艺名称 / 技术名称")
    model: str | None = Field(None, description="规格/型号")
    supplier: str | None = Field(None, description="供应商")
    description: str | None = Field(None, description="应用描述 / 备注")


class ScoredScene(_Model):
    """One candidate scene with its score."""

    link: str = Field(description="环节名称")
    scene: str = Field(description="场景名称")
    score: float = Field(ge=0, le=1, description="置信度 0–1")


class Prediction(ScoredScene):
    """The classifier's answer for one instance: best scene plus the top 3."""

    top3: list[ScoredScene] = Field(default_factory=list, description="前三候选")
    declared_score: float | None = Field(
        None, ge=0, le=1, description="申报场景本身的得分（申报场景为指引中的场景时）"
    )


class TextCount(_Model):
    """字数 per DESIGN.md §5: non-whitespace characters, and the WPS/Word style count."""

    chars: int = Field(ge=0, description="字数（非空白字符）")
    wps: int = Field(ge=0, description="WPS/Word 字数（中文字符 + 英文单词）")


class Instance(_Model):
    """One scene instance (场景实例): its 附1 row, its 附2 lists and its narrative."""

    index: int = Field(ge=1, description="序号")
    declared_link: str | None = Field(None, description="环节名称（申报）")
    declared_scene: str | None = Field(None, description="场景名称（申报）")
    name: str | None = Field(None, description="场景实例名称")
    description: str | None = Field(None, description="场景实例描述")
    pain_points: str | None = Field(None, description="解决的痛点问题描述")
    solution: str | None = Field(None, description="采用的技术方案（包括供应商）")
    safeguards: str | None = Field(None, description="保障要素")
    results: str | None = Field(None, description="已实施成效")
    other: str | None = Field(None, description="其他")
    economics: str | None = Field(None, description="经济性和可推广性")
    narrative: str | None = Field(None, description="正文中关于该实例的描述（二/三部分）")
    narrative_count: TextCount | None = Field(None, description="正文字数")
    equipment: list[Item] = Field(default_factory=list, description="关键装备")
    software: list[Item] = Field(default_factory=list, description="关键软件")
    processes: list[Item] = Field(default_factory=list, description="工艺")
    technologies: list[Item] = Field(default_factory=list, description="技术")
    page: int | None = Field(None, ge=1, description="附1 中该行所在页")
    narrative_page: int | None = Field(None, ge=1, description="正文小标题所在页")
    predicted: Prediction | None = Field(None, description="分类器预测")
    tags: dict[str, list[str]] = Field(
        default_factory=dict, description="规则抽取的标签：technology/system/equipment/result"
    )


class Seal(_Model):
    """A required seal or signature place and whether a mark was found there."""

    page: int = Field(ge=1, description="页码")
    bbox: BBox | None = Field(None, description="[x0,y0,x1,y1]，PDF 点，左上角原点")
    role: SealRole = Field(description="applicant 申报单位 / recommender 推荐单位 / company 公章 / legal_rep 法定代表人签章")
    present: bool = Field(description="是否找到印章或签章")
    score: float | None = Field(None, description="检测置信度")


class FindingDecision(_Model):
    """A review officer's decision on a finding, made in the case library and carried into the next review of
    the same file (or of its corrected re-submission)."""

    decision: Literal["accepted", "dismissed"] = Field(description="accepted 已确认 / dismissed 已驳回")
    reason: str | None = Field(None, description="驳回或确认的理由")
    decided_at: str | None = Field(None, description="处理时间（UTC，ISO 8601）")
    earlier_version: bool = Field(False, description="是否是对同一申报上一版本的同一问题作出的处理")


class Finding(_Model):
    """One result of a rule check or of reading the file (DESIGN.md §4 rule ids)."""

    rule: str = Field(description="规则编号")
    severity: Severity = Field(description="error 错误 / warning 警告 / info 提示")
    message: str = Field(description="给审核人员看的中文说明")
    field: str | None = Field(None, description="字段路径，如 fields.company_name、instances[2].description")
    page: int | None = Field(None, ge=1, description="页码")
    value: str | float | int | bool | None = Field(None, description="实际值")
    limit: str | float | int | None = Field(None, description="规则限值或期望值")
    bbox: BBox | None = Field(None, description="页面位置（已知时）")
    detail: str | None = Field(None, description="技术细节（英文，供日志使用）")
    decision: FindingDecision | None = Field(
        None, description="审核人员的处理（案例库中已确认或已驳回；已驳回的问题不计入审核结论）")


class Mismatch(_Model):
    """A difference between the paper copy and the online record."""

    field: str = Field(description="字段路径")
    paper: str | float | int | bool | None = Field(None, description="纸质版内容")
    online: str | float | int | bool | None = Field(None, description="网上填报内容")
    kind: MismatchKind = Field(description="changed 不一致 / missing_in_paper 纸质版缺失 / missing_online 网上缺失")
    severity: Severity = Field("error", description="严重程度")
    page: int | None = Field(None, ge=1, description="纸质版页码")
    spans: list[list[str]] = Field(
        default_factory=list, description="长文本差异片段 [[纸质版片段, 网上片段], …]"
    )
    detail: str | None = Field(None, description="技术细节（英文，如扫描件二次识别的结果）")
    # A two-character wording edit on an OCR page is "tentative" until a second reading of the scan confirms it
    # (checks.ocr_verify); only "reported" mismatches reach review.json, so the field is not written there.
    status: Literal["reported", "tentative"] = Field("reported", exclude=True, description="reported 已报告 / "
                                                     "tentative 待二次识别确认（不写入 review.json）")


class Reading(_Model):
    """A value read again by a check (e.g. a credit code failing its check digit on a scan, read a second time):
    the first reading stays with the extraction's provenance; which value the review uses is decided in one
    place (review.readings)."""

    field: str = Field(description="字段路径")
    first: str = Field(description="首次识别结果")
    value: str = Field(description="二次识别得到的值")
    how: str = Field(description="获得方式（英文，如 ocr_reread: 5 次逐行二次识别中 4 次一致）")
    page: int | None = Field(None, ge=1, description="页码")
    bbox: BBox | None = Field(None, description="所在区域 [x0, y0, x1, y1]（PDF 点）")


class Location(_Model):
    """Where an extracted value was read: page, (when known) its box and, for a value read by OCR, how sure the
    OCR was of it."""

    page: int = Field(ge=1, description="页码")
    bbox: BBox | None = Field(None, description="所在区域 [x0, y0, x1, y1]（PDF 点）")
    confidence: float | None = Field(
        None, ge=0, le=1, description="OCR 置信度：该栏文字中得分最低的字符的得分（0–1；文字版页面为空）")
    under_seal: bool | None = Field(None, description="该栏是否被印章覆盖（仅扫描页；文字版页面为空）")


class Submission(_Model):
    """One declaration as it moves through extract → classify → check → compare → report."""

    schema_version: str = Field(SCHEMA_VERSION, description="review.json 格式版本")
    submission_id: str = Field(description="提交编号（每个输入文件唯一，重复运行稳定）")
    year: int | None = Field(None, description="申报年度")
    declaration_type: DeclarationType | None = Field(None, description="申报类型")
    source: Source
    fields: Fields = Field(default_factory=Fields)
    instances: list[Instance] = Field(default_factory=list)
    seals: list[Seal] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    mismatches: list[Mismatch] = Field(default_factory=list)
    corrections: list[Reading] = Field(
        default_factory=list, description="检查中二次识别得到的更正值（含首次识别结果与来源）"
    )
    status: Status = Field("needs_review", description="pass 通过 / needs_review 待复核 / fail 不通过 / error 无法处理")
    provenance: dict[str, Location] = Field(
        default_factory=dict, description="字段路径 → 读取位置（页码、框）"
    )
    timings: dict[str, float] = Field(default_factory=dict, description="各阶段耗时（秒）")


def review_schema() -> dict[str, object]:
    """Submission -> the JSON Schema written to schema/review.schema.json."""
    schema = Submission.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "shenbao review.json"
    return schema
