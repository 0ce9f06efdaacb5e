"""pair_records and unpaired_findings: credit code + type, OCR-damaged codes, fuzzy names, UNPAIRED both ways."""

from __future__ import annotations

from checks_factory import VALID_CODE, make_factory_submission, make_scene_submission

from checks.pairing import pair_records, unpaired_findings


def _online(sub, sid, **fields):
    return sub.model_copy(update={"submission_id": sid, "fields": sub.fields.model_copy(update=fields)})


def test_pairs_by_credit_code_and_type():
    scene, factory = make_scene_submission(), make_factory_submission()   # same enterprise, two types
    online = [_online(factory, "o-f"), _online(scene, "o-s")]
    p = pair_records([scene, factory], online)
    assert [(a.submission_id, b.submission_id) for a, b in p.pairs] == [("paper-scene", "o-s"),
                                                                          ("paper-factory", "o-f")]
    assert p.unpaired_paper == [] and p.unpaired_online == []


def test_ocr_damaged_code_still_pairs_when_the_name_agrees():
    paper = make_scene_submission(credit_code=VALID_CODE[:5] + "8" + VALID_CODE[6:])
    p = pair_records([paper], [_online(make_scene_submission(), "o")])
    assert len(p.pairs) == 1


def test_unreadable_code_pairs_by_company_name():
    paper = make_scene_submission(credit_code=None)
    p = pair_records([paper], [_online(make_scene_submission(), "o")])
    assert len(p.pairs) == 1


def test_different_enterprise_stays_unpaired_on_both_sides_with_findings():
    paper = make_scene_submission()
    other = _online(make_scene_submission(), "o-other", credit_code="91110000100000000X",
                    company_name="北京远望化工集团有限公司", applicant="北京远望化工集团有限公司",
                    project_name="炼化一体化智能工厂")
    p = pair_records([paper], [other])
    assert p.pairs == [] and p.unpaired_paper == [paper] and p.unpaired_online == [other]
    per_paper, batch = unpaired_findings(p)
    [f] = per_paper["paper-scene"]
    assert f.rule == "UNPAIRED" and f.severity == "error" and "网上填报" in f.message and f.page == 2
    [g] = batch
    assert g.rule == "UNPAIRED" and "北京远望化工集团有限公司" in g.message and "纸质" in g.message


def test_same_code_with_the_other_type_pairs_and_the_type_is_a_mismatch():
    from checks.paper_vs_online import compare_paper_online

    paper = make_scene_submission()
    online = _online(make_scene_submission(), "o").model_copy(update={"declaration_type": "示范工厂"})
    p = pair_records([paper], [online])
    assert len(p.pairs) == 1
    assert [(m.field, m.paper, m.online) for m in compare_paper_online(paper, online)] == [
        ("declaration_type", "优秀场景", "示范工厂")]


def test_enterprise_with_both_types_online_pairs_each_paper_with_its_own_type():
    scene, factory = make_scene_submission(), make_factory_submission()
    p = pair_records([factory], [_online(scene, "o-s"), _online(factory, "o-f")])
    assert [b.submission_id for _, b in p.pairs] == ["o-f"] and [r.submission_id for r in p.unpaired_online] == ["o-s"]
