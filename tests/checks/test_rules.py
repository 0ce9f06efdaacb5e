"""The other single-document rules: coverage, metrics, eligibility, identity, dates, size, seals, scenes."""

from __future__ import annotations

from checks_factory import VALID_CODE, make_factory_submission, make_instance, make_scene_submission

from catalog.reference import load_reference
from checks.engine import check_submission, resolve_year
from checks.identity import is_valid_credit_code
from model.submission import Seal, YearFinancials


def rules_of(sub, ref):
    return [f.rule for f in check_submission(sub, ref)]


def test_clean_declarations_have_no_findings(scene_sub, factory_sub, ref):
    assert check_submission(scene_sub, ref) == []
    assert check_submission(factory_sub, ref) == []


def test_scene_declaration_without_instances_is_min_instances(scene_sub, ref):
    sub = scene_sub.model_copy(update={"instances": []})
    assert rules_of(sub, ref) == ["MIN_INSTANCES"]


def test_factory_covering_seven_links_is_min_links(factory_sub, ref):
    # eight instances, but two on the same link
    insts = [*factory_sub.instances[:7], make_instance(ref, 7, 1, name="第二个产品设计场景")]
    found = check_submission(factory_sub.model_copy(update={"instances": insts}), ref)
    assert [f.rule for f in found] == ["MIN_LINKS"]
    assert found[0].value == 7 and found[0].limit == 8 and "还差1个" in found[0].message


def test_supply_chain_without_links_14_to_16_is_flagged(ref):
    sub = make_factory_submission(smart_supply_chain=True)
    insts = [*sub.instances, make_instance(ref, 8, 11)]
    found = check_submission(sub.model_copy(update={"instances": insts}), ref)
    assert [f.rule for f in found] == ["SUPPLY_CHAIN_LINK"]
    assert "供应链" in found[0].message


def test_supply_chain_with_nine_instances_and_link_14_passes(ref):
    sub = make_factory_submission(smart_supply_chain=True)
    insts = [*sub.instances, make_instance(ref, 8, 14)]
    assert rules_of(sub.model_copy(update={"instances": insts}), ref) == []


def test_supply_chain_with_eight_instances_is_flagged(ref):
    sub = make_factory_submission(smart_supply_chain=True)
    insts = [*sub.instances[:7], make_instance(ref, 7, 14)]
    assert "SUPPLY_CHAIN_LINK" in rules_of(sub.model_copy(update={"instances": insts}), ref)


def test_empty_required_metric_is_error_with_its_label(ref):
    sub = make_scene_submission(metrics={"生产效率提升": 35.0, "资源综合利用率提升": 12.0, "运营成本下降": 18.0})
    found = check_submission(sub, ref)
    assert [(f.rule, f.field, f.page) for f in found] == [("REQUIRED_METRIC", "fields.metrics.质量损失率下降", 4)]
    assert "质量损失率下降" in found[0].message


def test_an_empty_required_metric_on_a_scanned_page_is_a_warning_to_check_the_original(ref):
    # scans-hard-2: two metric cells the OCR lost were reported as errors «未填写»
    sub = make_scene_submission(metrics={"生产效率提升": 35.0, "资源综合利用率提升": 12.0, "运营成本下降": 18.0})
    sub = sub.model_copy(update={"source": sub.source.model_copy(update={"kind": "mixed", "ocr_pages": [4]})})
    [f] = check_submission(sub, ref)
    assert (f.rule, f.severity, f.page) == ("REQUIRED_METRIC", "warning", 4)
    assert "识别失败" in f.message and "核实" in f.message


def test_process_control_metric_outside_raw_materials_is_not_applicable(ref):
    metrics = {"生产效率提升": 1.0, "资源综合利用率提升": 1.0, "运营成本下降": 1.0, "质量损失率下降": 1.0,
               "先进过程控制投用率": 90.0}
    assert rules_of(make_scene_submission(metrics=metrics), ref) == ["METRIC_NOT_APPLICABLE"]
    assert rules_of(make_scene_submission(metrics=metrics, sector="原材料"), ref) == []


def test_maturity_below_level_two_is_error_for_factories_only(ref):
    assert rules_of(make_factory_submission(maturity_level=1), ref) == ["MATURITY_LEVEL"]
    assert rules_of(make_factory_submission(maturity_level=2), ref) == []


def test_declared_accident_is_error(ref):
    found = check_submission(make_scene_submission(accident=True, accident_name="某爆炸事故"), ref)
    assert [f.rule for f in found] == ["ACCIDENT_DECLARED"] and "某爆炸事故" in found[0].message


def test_credit_code_with_wrong_check_digit_is_error(ref):
    wrong = VALID_CODE[:17] + ("0" if VALID_CODE[17] != "0" else "1")
    found = check_submission(make_scene_submission(credit_code=wrong), ref)
    assert [f.rule for f in found] == ["CREDIT_CODE"]
    assert f"应为「{VALID_CODE[17]}」" in found[0].message and found[0].page == 2


def test_credit_code_check_follows_gb_32100():
    assert is_valid_credit_code("91350100M000100Y43")      # published example
    assert is_valid_credit_code(" 9135 0100 M000 100Y43 ")
    assert not is_valid_credit_code("91350100M000100Y44")
    assert not is_valid_credit_code("91350100M000100Y4")


def test_ocr_letter_o_in_credit_code_is_read_as_zero(ref):
    code = VALID_CODE.replace("0", "O")
    assert rules_of(make_scene_submission(credit_code=code), ref) == []


def test_end_before_start_is_date_order(ref):
    found = check_submission(make_factory_submission(task_start="2023-05", task_end="2022-12"), ref)
    assert [f.rule for f in found] == ["DATE_ORDER"] and "2022-12" in found[0].message


def test_month_only_dates_in_the_same_month_are_in_order(ref):
    assert rules_of(make_scene_submission(scene_start="2023-05", scene_end="2023-05-20"), ref) == []


def test_declared_on_after_the_call_deadline_is_date_order(ref):
    found = check_submission(make_scene_submission(declared_on="2023-10-08"), ref)
    assert [f.rule for f in found] == ["DATE_ORDER"] and found[0].field == "fields.declared_on"
    assert rules_of(make_scene_submission(declared_on="2023-09"), ref) == []


def test_large_enterprise_with_small_revenue_is_size_inconsistent(ref):
    fin = {"2022": YearFinancials(revenue=1500.0)}
    found = check_submission(make_scene_submission(size="大型企业", financials=fin), ref)
    assert [f.rule for f in found] == ["SIZE_INCONSISTENT"] and "小型企业" in found[0].message


def test_revenue_at_a_band_boundary_belongs_to_the_upper_band(ref):
    fin = {"2022": YearFinancials(revenue=40000.0)}
    assert rules_of(make_scene_submission(size="大型企业", financials=fin), ref) == []
    assert rules_of(make_scene_submission(size="中型企业", financials=fin), ref) == ["SIZE_INCONSISTENT"]


def test_seal_recorded_absent_is_seal_missing_with_page(scene_sub, ref):
    seals = [*scene_sub.seals[:3], Seal(page=3, role="legal_rep", present=False)]
    found = check_submission(scene_sub.model_copy(update={"seals": seals}), ref)
    assert [(f.rule, f.page) for f in found] == [("SEAL_MISSING", 3)] and "法定代表人" in found[0].message


def test_scene_from_another_link_is_scene_not_in_link(scene_sub, ref):
    inst = scene_sub.instances[0].model_copy(update={"declared_scene": "智能仓储"})
    found = check_submission(scene_sub.model_copy(update={"instances": [inst]}), ref)
    assert [f.rule for f in found] == ["SCENE_NOT_IN_LINK"]


def test_unknown_scene_name_is_scene_unknown(scene_sub, ref):
    inst = scene_sub.instances[0].model_copy(update={"declared_scene": "元宇宙营销直播带货"})
    assert "SCENE_UNKNOWN" in rules_of(scene_sub.model_copy(update={"instances": [inst]}), ref)


def test_year_comes_from_option_then_declared_on_then_newest(scene_sub):
    assert resolve_year(scene_sub, 2022) == 2022
    assert resolve_year(scene_sub, None) == 2023
    undated = scene_sub.model_copy(update={"fields": scene_sub.fields.model_copy(update={"declared_on": None}),
                                           "year": None})
    assert resolve_year(undated, None) == 2023   # newest year whose rules know 优秀场景


def test_rules_set_to_none_are_skipped(scene_sub):
    ref2024 = load_reference(2024)
    sub = scene_sub.model_copy(update={"instances": []})
    assert "MIN_INSTANCES" not in rules_of(sub, ref2024)


def test_every_rule_id_used_exists_in_rule_ids(ref):
    import pathlib
    import re

    used = set()
    for path in pathlib.Path("checks").glob("*.py"):
        used |= set(re.findall(r'"([A-Z][A-Z0-9_]{5,})"', path.read_text(encoding="utf-8")))
    assert used and used <= set(ref.rule_ids)


def test_rule_on_a_field_the_extractor_could_not_read_is_left_to_extraction_incomplete(ref):
    from model.submission import Finding

    sub = make_scene_submission(metrics={})
    assert [f.rule for f in check_submission(sub, ref)] == ["REQUIRED_METRIC"] * 4
    unread = Finding(rule="EXTRACTION_INCOMPLETE", severity="error", message="第4页 指标表无法读取", field="fields.metrics")
    assert check_submission(sub.model_copy(update={"findings": [unread]}), ref) == []


def test_scene_declaration_dated_in_2024_is_checked_against_the_2023_call(scene_sub, ref):
    late = scene_sub.model_copy(update={"fields": scene_sub.fields.model_copy(update={"declared_on": "2024-01-05"})})
    assert resolve_year(late, None) == 2023
    assert [f.rule for f in check_submission(late, ref)] == ["DATE_ORDER"]
    early = scene_sub.model_copy(update={"fields": scene_sub.fields.model_copy(update={"declared_on": "2022-10-20"})})
    assert resolve_year(early, None) == 2022


def test_seal_place_not_located_is_a_warning_to_check_by_hand(scene_sub, ref):
    found = check_submission(scene_sub.model_copy(update={"seals": scene_sub.seals[:3]}), ref)
    assert [(f.rule, f.severity, f.field) for f in found] == [("SEAL_MISSING", "warning", "seals.legal_rep")]
    assert "人工核对" in found[0].message
    [f] = check_submission(scene_sub.model_copy(update={"seals": []}), ref)
    assert (f.rule, f.severity, f.field) == ("SEAL_MISSING", "warning", "seals")


def test_a_table_rule_read_into_a_wrapped_credit_code_is_not_part_of_it(ref):
    # crosschain-scans-5: the cell's rule after the first line of a wrapped code was read as a bar
    assert rules_of(make_scene_submission(credit_code=f"{VALID_CODE[:12]}| {VALID_CODE[12:]}"), ref) == []
    assert rules_of(make_scene_submission(credit_code=f"{VALID_CODE[:12]}丨{VALID_CODE[12:]}"), ref) == []
