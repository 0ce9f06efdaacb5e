"""Factory: a clean 2023 优秀场景 and 示范工厂 Submission (no rule broken), built from the catalog."""

from __future__ import annotations

from catalog.reference import Reference, load_reference
from checks.identity import credit_code_check_char
from model.submission import (
    Fields,
    Instance,
    Integrator,
    Location,
    Seal,
    Source,
    Submission,
    YearFinancials,
)

CODE17 = "91420100MA4K3L7Q5"
VALID_CODE = CODE17 + (credit_code_check_char(CODE17) or "")
FACTORY_LINKS = (1, 3, 6, 7, 8, 9, 10, 12)

NARRATIVE = ("公司围绕生产过程数字化开展建设，2022年3月上线MES系统与APS高级排程系统，打通设备、质量与计划数据。"
             "项目实施后，产品不良率由1.2%降至0.4%，生产效率提升35%，运营成本下降18%，设备综合利用率提升12%。"
             "下一步将把成熟经验向上下游企业推广。")


def ref2023() -> Reference:
    """The 2023 reference data."""
    return load_reference(2023)


def make_instance(ref: Reference, i: int, link_no: int, **kw: object) -> Instance:
    """Position + link number -> a clean instance declaring the link's first scene."""
    link = ref.guide.link(link_no)
    scene = ref.guide.scenes_of(link_no)[0]
    data: dict[str, object] = dict(
        index=i + 1, declared_link=link.name, declared_scene=scene.name, name=f"{scene.name}示范应用{i + 1}",
        description=f"建设{scene.name}系统，实现{link.name}环节数据贯通，{scene.summary}。",
        pain_points="人工记录效率低，数据分散，问题追溯困难。", solution="采用自主研发平台与西门子控制系统集成。",
        safeguards="成立专项工作组，制定管理制度。", results="效率提升20%，不良率下降15%。", other="无",
        economics="投资回收期约2.5年，可在行业内推广。", narrative=f"场景{i + 1}：{NARRATIVE}",
        page=20 + i, narrative_page=5 + i,
    )
    data.update(kw)
    return Instance.model_validate(data)


def _fields(dtype: str, **kw: object) -> Fields:
    data: dict[str, object] = dict(
        project_name="智能制造优秀场景项目" if dtype == "优秀场景" else "智能工厂揭榜项目",
        applicant="湖北华晟精密机械有限公司", recommender="湖北省经济和信息化厅", declared_on="2023-08-20",
        company_name="湖北华晟精密机械有限公司", credit_code=VALID_CODE, founded="2005-06-18",
        ownership="民营企业", size="中型企业", sector="装备制造", factory_address="湖北省武汉市东西湖区金山大道1号",
        key_region=False, accident=False, company_intro="公司成立于2005年，主要从事精密零部件制造。",
        metrics={"生产效率提升": 35.0, "资源综合利用率提升": 12.0, "运营成本下降": 18.0, "质量损失率下降": 20.0},
        financials={str(y): YearFinancials(total_assets=30000, debt_ratio=45.5, revenue=rev, profit_margin=8.2)
                    for y, rev in ((2020, 18000.0), (2021, 21000.0), (2022, 25000.5))},
        integrators=[Integrator(name="武汉智造科技有限公司", contact="张伟", phone="027-87654321")],
    )
    if dtype == "示范工厂":
        data.update(task_name="精密零部件智能工厂揭榜任务", task_start="2021-01", task_end="2023-06",
                    task_investment=12000.0, project_summary="建设覆盖八个环节的智能工厂。", maturity_level=3,
                    smart_supply_chain=False)
    else:
        data.update(scene_investment=800.0, scene_start="2022-01", scene_end="2023-05")
    data.update(kw)
    return Fields.model_validate(data)


def _seals() -> list[Seal]:
    return [Seal(page=1, role="applicant", present=True), Seal(page=1, role="recommender", present=True),
            Seal(page=3, role="company", present=True), Seal(page=3, role="legal_rep", present=True)]


def _provenance() -> dict[str, Location]:
    return {"fields.credit_code": Location(page=2), "fields.company_name": Location(page=2),
            "fields.declared_on": Location(page=1), "fields.metrics": Location(page=4),
            "fields.size": Location(page=2), "fields.company_intro": Location(page=2)}


def make_scene_submission(**kw: object) -> Submission:
    """A clean 2023 优秀场景 declaration with two instances (fields overridable by keyword)."""
    ref = ref2023()
    return Submission(
        submission_id="paper-scene", year=2023, declaration_type="优秀场景",
        source=Source(path="scene.pdf", sha256="0" * 64, pages=30), fields=_fields("优秀场景", **kw),
        instances=[make_instance(ref, 0, 3), make_instance(ref, 1, 9)], seals=_seals(), provenance=_provenance(),
    )


def make_factory_submission(**kw: object) -> Submission:
    """A clean 2023 示范工厂 declaration with eight instances on eight links (fields overridable by keyword)."""
    ref = ref2023()
    return Submission(
        submission_id="paper-factory", year=2023, declaration_type="示范工厂",
        source=Source(path="factory.pdf", sha256="1" * 64, pages=60), fields=_fields("示范工厂", **kw),
        instances=[make_instance(ref, i, n) for i, n in enumerate(FACTORY_LINKS)], seals=_seals(),
        provenance=_provenance(),
    )
