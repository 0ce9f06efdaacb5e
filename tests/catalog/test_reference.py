"""Reference data: the 2023 guide, the yearly rule files and their validation."""

import re
from pathlib import Path

import pytest

from catalog.reference import CatalogError, available_years, load_guide, load_reference, load_rules

ROOT = Path(__file__).resolve().parents[2]

# The 45 official scene names of the 2023 guide (seed 002, 附件1), by link.
OFFICIAL = {
    "产品设计": ["产品数字化研发与设计", "虚拟试验与调试", "数据驱动产品设计优化"],
    "工艺设计": ["工艺数字化设计", "可制造性设计"],
    "质量管控": ["智能在线检测", "质量精准追溯", "产品质量优化"],
    "营销管理": ["销售驱动业务优化", "大规模个性化定制"],
    "售后服务": ["产品远程运维", "主动客户服务", "数据驱动服务"],
    "工厂建设": ["工厂数字化设计", "数字孪生工厂建设", "工业技术软件化应用", "数字基础设施集成", "数据治理与流通"],
    "计划调度": ["生产计划优化", "车间智能排产", "资源动态配置"],
    "生产作业": ["产线柔性配置", "精益生产管理", "工艺动态优化", "先进过程控制", "智能协同作业", "人机协同制造",
             "网络协同制造"],
    "仓储物流": ["智能仓储", "精准配送"],
    "设备管理": ["在线运行监测", "设备故障诊断与预测", "设备运行优化"],
    "安全管控": ["安全风险实时监测与应急处置", "危险作业自动化"],
    "能源管理": ["能耗数据监测", "能效平衡与优化"],
    "环保管控": ["污染监测与管控", "碳资产与废弃物管理"],
    "供应链计划": ["供应链计划协同优化", "产供销一体化"],
    "供应链采购与交付": ["供应链采购动态优化", "供应链智能配送与动态优化"],
    "供应链服务": ["供应商数字化管理", "供应链风险预警与弹性管控"],
}


def test_2023_guide_has_16_links_and_45_scenes_numbered_without_gaps():
    guide = load_guide("2023")
    assert [x.number for x in guide.links] == list(range(1, 17))
    assert [s.number for s in guide.scenes] == list(range(1, 46))
    assert len({a.name for a in guide.aspects}) == 3


def test_2023_guide_names_are_the_official_ones_in_order():
    guide = load_guide("2023")
    assert [x.name for x in guide.links] == list(OFFICIAL)
    for link in guide.links:
        assert [s.name for s in guide.scenes_of(link.number)] == OFFICIAL[link.name]


def test_every_scene_has_keywords_and_belongs_to_one_link():
    guide = load_guide("2023")
    for s in guide.scenes:
        assert len(s.keywords) >= 5, s.name
        assert sum(s.number in [x.number for x in guide.scenes_of(link.number)] for link in guide.links) == 1


def test_supply_chain_links_are_14_to_16():
    guide = load_guide("2023")
    assert [x.number for x in guide.links if x.supply_chain] == [14, 15, 16]
    assert load_rules(2023).supply_chain.links == [14, 15, 16]


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_every_rule_file_loads_with_its_guide(year):
    ref = load_reference(year)
    assert ref.rules.year == year
    assert len(ref.guide.scenes) == 45


def test_2023_limits_come_from_the_seed():
    rules = load_rules(2023)
    assert rules.scene_description_limit == 3000
    assert rules.field_limits["instances.safeguards"] == 200
    assert rules.field_limits["fields.company_intro"] == 500
    assert rules.min_links_factory == 8
    assert rules.quotas["省"] == {"优秀场景": 30, "示范工厂": 15}


def test_unknown_year_lists_the_years_that_exist():
    with pytest.raises(CatalogError, match="现有年度：2021、2022、2023、2024"):
        load_rules(1999)


def test_bad_rule_file_names_file_key_and_line(tmp_path):
    data = tmp_path / "data"
    for sub in ("guides", "forms", "rules"):
        (data / sub).mkdir(parents=True)
    src = ROOT / "catalog" / "data"
    (data / "guides" / "2023.yaml").write_text((src / "guides" / "2023.yaml").read_text("utf-8"), "utf-8")
    (data / "forms" / "2023.yaml").write_text((src / "forms" / "2023.yaml").read_text("utf-8"), "utf-8")
    text = (src / "rules" / "2023.yaml").read_text("utf-8")
    (data / "rules" / "2023.yaml").write_text(text.replace("links: [14, 15, 16]", "links: [14, 15, 17]"), "utf-8")
    with pytest.raises(CatalogError, match=r"第 \d+ 行：环节 17 不在"):
        load_rules(2023, data)
    (data / "rules" / "2023.yaml").write_text(text.replace("maturity_min: 2", "maturity_min: 二级"), "utf-8")
    load_rules.cache_clear()
    with pytest.raises(CatalogError, match=r"第 \d+ 行，键 maturity_min"):
        load_rules(2023, data)
    load_rules.cache_clear()


def test_every_rule_id_of_design_table_is_in_rule_ids_file():
    from catalog.reference import load_rule_ids

    design_ids = {"LIMIT_SCENE_3000", "LIMIT_FIELD", "MIN_LINKS", "SUPPLY_CHAIN_LINK", "MIN_INSTANCES",
                  "REQUIRED_METRIC", "METRIC_NOT_APPLICABLE", "MATURITY_LEVEL", "ACCIDENT_DECLARED", "CREDIT_CODE",
                  "SEAL_MISSING", "SCENE_UNKNOWN", "SCENE_NOT_IN_LINK", "SCENE_CONTENT_MISMATCH", "DATE_ORDER",
                  "SIZE_INCONSISTENT", "ALREADY_DEMO_FACTORY", "NEAR_DUPLICATE_TEXT", "UNPAIRED",
                  "EXTRACTION_INCOMPLETE"}
    assert design_ids <= set(load_rule_ids())


def test_rule_ids_used_in_code_exist_in_rule_ids_file():
    from catalog.reference import load_rule_ids

    known = set(load_rule_ids())
    used = set()
    for pkg in ("checks", "classifiers", "extractors", "flows", "reports"):
        for path in (ROOT / pkg).rglob("*.py"):
            used |= set(re.findall(r"rule=\"([A-Z_0-9]+)\"", path.read_text("utf-8")))
    assert used <= known, used - known


def test_years_available():
    assert available_years() == [2021, 2022, 2023, 2024]


def test_rules_doc_is_generated_from_the_rule_files():
    from tools.rules_doc import OUT, render

    assert OUT.read_text(encoding="utf-8") == render(), "run: python tools/rules_doc.py"
