"""LIMIT_SCENE_3000 and LIMIT_FIELD at limit−1, limit and limit+1 (DESIGN.md §5 counting)."""

from __future__ import annotations

import pytest
from checks_factory import make_instance

from checks.engine import check_submission
from checks.limits import check_field_limits, check_scene_limit


def _with_narrative(sub, ref, text):
    inst = make_instance(ref, 0, 3, narrative=text, narrative_page=12)
    return sub.model_copy(update={"instances": [inst, *sub.instances[1:]]})


@pytest.mark.parametrize(("extra", "flagged"), [(-1, False), (0, False), (1, True)])
def test_scene_description_over_year_limit_is_error(scene_sub, ref, extra, flagged):
    limit = ref.rules.scene_description_limit
    sub = _with_narrative(scene_sub, ref, "智" * (limit + extra))
    found = check_scene_limit(sub, ref)
    assert bool(found) is flagged
    if flagged:
        f = found[0]
        assert (f.rule, f.severity, f.field, f.page, f.value, f.limit) == (
            "LIMIT_SCENE_3000", "error", "instances[0].narrative", 12, limit + 1, limit)
        assert f.message.startswith("第12页 场景实例1")
        assert f"共{limit + 1}字" in f.message and "多1字" in f.message and "WPS" in f.message


def test_whitespace_does_not_count_towards_the_scene_limit(scene_sub, ref):
    limit = ref.rules.scene_description_limit
    text = "智" * limit + " \n\t " * 50
    assert check_scene_limit(_with_narrative(scene_sub, ref, text), ref) == []


def test_punctuation_and_latin_letters_each_count_one(scene_sub, ref):
    limit = ref.rules.scene_description_limit
    text = "智" * (limit - 4) + "MES，。"   # 3 letters + 2 marks = 5 -> limit + 1
    assert check_scene_limit(_with_narrative(scene_sub, ref, text), ref)


@pytest.mark.parametrize(("extra", "flagged"), [(-1, False), (0, False), (1, True)])
def test_annex1_cell_over_its_printed_limit_is_flagged(scene_sub, ref, extra, flagged):
    limit = ref.rules.field_limits["instances.safeguards"]
    inst = scene_sub.instances[1].model_copy(update={"safeguards": "保" * (limit + extra)})
    sub = scene_sub.model_copy(update={"instances": [scene_sub.instances[0], inst]})
    found = check_field_limits(sub, ref)
    assert bool(found) is flagged
    if flagged:
        assert found[0].field == "instances[1].safeguards"
        assert found[0].severity == "warning"
        assert "保障要素" in found[0].message and f"{limit}字" in found[0].message
        assert found[0].page == inst.page


@pytest.mark.parametrize(("extra", "flagged"), [(-1, False), (0, False), (1, True)])
def test_company_intro_over_500_is_flagged_with_its_label(factory_sub, ref, extra, flagged):
    limit = ref.rules.field_limits["fields.company_intro"]
    sub = factory_sub.model_copy(update={"fields": factory_sub.fields.model_copy(
        update={"company_intro": "企" * (limit + extra)})})
    found = check_field_limits(sub, ref)
    assert bool(found) is flagged
    if flagged:
        assert found[0].field == "fields.company_intro" and "企业简介" in found[0].message
        assert found[0].page == 2


def test_year_without_field_limits_checks_none(scene_sub):
    from catalog.reference import load_reference

    ref2022 = load_reference(2022)
    inst = scene_sub.instances[0].model_copy(update={"safeguards": "保" * 900})
    sub = scene_sub.model_copy(update={"instances": [inst], "year": 2022})
    assert not [f for f in check_submission(sub, ref2022) if f.rule == "LIMIT_FIELD"]
