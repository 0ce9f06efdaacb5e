"""ALREADY_DEMO_FACTORY and NEAR_DUPLICATE_TEXT."""

from __future__ import annotations

from checks_factory import make_factory_submission, make_scene_submission

from checks.library_rules import check_already_demo_factory, check_near_duplicates

PASSAGE = ("我们以工业互联网平台为底座，构建了覆盖研发、采购、生产、仓储、销售和服务全流程的数字化运营体系，"
           "通过边缘计算网关实时采集一千二百余台设备的运行参数，结合大数据分析模型对能耗异常、设备故障和质量波动"
           "进行预警，形成从感知、分析、决策到执行的闭环管理，使企业整体运营效率显著提升。"
           "项目建成后，设备综合效率由百分之六十八提高到百分之八十五，订单交付周期缩短三成，单位产品能耗下降一成以上。")


def test_enterprise_already_holding_a_demo_factory_is_flagged(factory_sub):
    [f] = check_already_demo_factory(factory_sub, [("x", "别的公司"), (factory_sub.fields.credit_code, "旧名称")])
    assert f.rule == "ALREADY_DEMO_FACTORY" and f.severity == "error" and "不再重复申报" in f.message


def test_holder_matched_by_company_name_when_codes_differ(factory_sub):
    assert check_already_demo_factory(factory_sub, [("", "湖北华晟精密机械有限公司")])


def test_new_enterprise_and_scene_declarations_are_not_flagged(factory_sub, scene_sub):
    assert check_already_demo_factory(factory_sub, [("91110000100000000X", "北京远望化工集团有限公司")]) == []
    assert check_already_demo_factory(scene_sub, [(scene_sub.fields.credit_code, "x")]) == []


def _with_intro(sub, sid, code, name, intro):
    return sub.model_copy(update={"submission_id": sid, "instances": [], "fields": sub.fields.model_copy(
        update={"credit_code": code, "company_name": name, "company_intro": intro})})


def test_passage_copied_between_two_enterprises_is_flagged_on_both():
    a = _with_intro(make_scene_submission(), "a", "A1", "甲公司", "甲公司成立于1998年。" + PASSAGE)
    b = _with_intro(make_factory_submission(), "b", "B2", "乙公司", "乙公司是行业龙头。" + PASSAGE.replace("，", ","))
    c = _with_intro(make_scene_submission(), "c", "C3", "丙公司", "丙公司主要生产纺织品，拥有员工八百人。" * 6)
    found = check_near_duplicates([a, b, c])
    assert [f.field for f in found["a"]] == ["fields.company_intro"]
    assert [f.field for f in found["b"]] == ["fields.company_intro"]
    assert found["c"] == [] and "乙公司" in found["a"][0].message


def test_same_enterprise_repeating_itself_is_not_a_near_duplicate():
    a = _with_intro(make_scene_submission(), "a", "A1", "甲公司", PASSAGE)
    b = _with_intro(make_factory_submission(), "b", "A1", "甲公司", PASSAGE)
    assert check_near_duplicates([a, b]) == {"a": [], "b": []}


def test_copied_passage_read_by_ocr_is_still_found():
    noisy = PASSAGE.replace("已", "己").replace("，", "")[:60] + "\n" + PASSAGE.replace("，", "")[60:].replace("平台", "平合")
    a = _with_intro(make_scene_submission(), "a", "A1", "甲公司", PASSAGE)
    b = _with_intro(make_factory_submission(), "b", "B2", "乙公司", noisy)
    found = check_near_duplicates([a, b])
    assert found["a"] and found["b"]
