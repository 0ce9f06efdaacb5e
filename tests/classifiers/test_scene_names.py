"""Declared link/scene names -> canonical guide names, and the findings about declared labels."""

import pytest

from classifiers.names import judge_declared, normalize_label
from model import Instance, Prediction, ScoredScene


@pytest.mark.parametrize(
    ("declared", "canonical"),
    [
        ("智能仓储", "智能仓储"),
        ("智能倉儲", "智能仓储"),  # traditional characters
        ("ＡＰＳ排产", "车间智能排产"),  # full-width letters, a synonym
        ("智能仓储系统", "智能仓储"),  # suffix 系统
        ("数字孪生工厂建设场景", "数字孪生工厂建设"),  # suffix 场景
        ("（29）智能仓储", "智能仓储"),  # numbering copied from the guide
        ("车间智能排程", "车间智能排产"),  # typo
        ("产品远程维护", "产品远程运维"),  # typo
        ("网络化协同制造", "网络协同制造"),  # other edition
        ("碳资产管理", "碳资产与废弃物管理"),  # other edition
        ("设 备 故 障 诊 断 与 预 测", "设备故障诊断与预测"),  # spaces from a PDF
    ],
)
def test_declared_scene_spellings_normalise_to_the_guide_name(guide, declared, canonical):
    label = normalize_label(None, declared, guide)
    assert label.scene == canonical
    assert 0.7 <= label.scene_score <= 1.0


def test_missing_link_is_taken_from_the_scene(guide):
    label = normalize_label(None, "精准配送", guide)
    assert label.link == "仓储物流"


def test_link_aliases_and_traditional_link_names_normalise(guide):
    assert normalize_label("物流仓储", None, guide).link == "仓储物流"
    assert normalize_label("設備管理", None, guide).link == "设备管理"


def test_other_stays_other_and_raises_nothing(guide):
    label = normalize_label("其它", "其他", guide)
    assert (label.link, label.scene) == ("其他", "其他")
    inst = Instance(index=1, declared_link="其他", declared_scene="其他", page=3)
    assert judge_declared(inst, guide, index0=0) == []


@pytest.mark.parametrize("declared", ["区块链金融", "智能制造", "设备管理"])
def test_names_far_from_every_scene_are_unknown(guide, declared):
    assert normalize_label(None, declared, guide).scene is None


def test_unknown_scene_is_error_naming_the_closest_scenes(guide):
    inst = Instance(index=2, declared_link="仓储物流", declared_scene="区块链金融服务", page=7)
    (finding,) = judge_declared(inst, guide, index0=1)
    assert finding.rule == "SCENE_UNKNOWN"
    assert finding.severity == "error"
    assert finding.field == "instances[1].declared_scene"
    assert finding.page == 7
    assert "区块链金融服务" in finding.message and "最接近" in finding.message


def test_unknown_link_is_reported_on_the_link_field(guide):
    inst = Instance(index=1, declared_link="数字化转型", declared_scene="智能仓储")
    findings = judge_declared(inst, guide, index0=0)
    assert [f.rule for f in findings] == ["SCENE_UNKNOWN"]
    assert findings[0].field == "instances[0].declared_link"


def test_scene_of_another_link_is_scene_not_in_link(guide):
    inst = Instance(index=4, declared_link="安全管控", declared_scene="智能仓储", page=12)
    (finding,) = judge_declared(inst, guide, index0=3)
    assert finding.rule == "SCENE_NOT_IN_LINK"
    assert finding.field == "instances[3].declared_scene"
    assert "仓储物流" in finding.message and "安全管控" in finding.message
    assert finding.limit == "仓储物流"


def test_typo_in_a_correct_pair_raises_nothing(guide):
    inst = Instance(index=1, declared_link="設備管理", declared_scene="设备故障预测与诊断")
    assert judge_declared(inst, guide, index0=0) == []


def _prediction(scene: str, link: str, score: float) -> Prediction:
    top3 = [ScoredScene(link=link, scene=scene, score=score),
            ScoredScene(link="质量管控", scene="产品质量优化", score=0.05),
            ScoredScene(link="质量管控", scene="质量精准追溯", score=0.03)]
    return Prediction(link=link, scene=scene, score=score, top3=top3)


def test_confident_prediction_of_another_scene_is_content_mismatch_warning(guide):
    inst = Instance(index=3, name="焊点视觉质检", declared_link="仓储物流", declared_scene="智能仓储", page=9,
                    predicted=_prediction("智能在线检测", "质量管控", 0.9))
    (finding,) = judge_declared(inst, guide, index0=2)
    assert finding.rule == "SCENE_CONTENT_MISMATCH"
    assert finding.severity == "warning"
    assert "智能在线检测" in finding.message and "智能仓储" in finding.message


def test_weak_prediction_or_declared_scene_close_behind_is_no_mismatch(guide):
    weak = Instance(index=1, declared_link="仓储物流", declared_scene="智能仓储",
                    predicted=_prediction("智能在线检测", "质量管控", 0.2))
    assert judge_declared(weak, guide, index0=0) == []
    close = _prediction("智能在线检测", "质量管控", 0.5)
    close = close.model_copy(update={"top3": [close.top3[0], ScoredScene(link="质量管控", scene="质量精准追溯", score=0.45),
                                              close.top3[1]], "declared_score": 0.45})
    inside = Instance(index=1, declared_link="质量管控", declared_scene="质量精准追溯", predicted=close)
    assert judge_declared(inside, guide, index0=0) == []


def test_bare_guide_numbers_name_their_entries(guide):
    label = normalize_label("环节9", "（29）", guide)
    assert (label.link, label.scene) == ("仓储物流", "智能仓储")
    assert normalize_label(None, "99", guide).scene is None


def test_names_of_the_2025_draft_guide_map_to_2023_scenes(guide):
    assert normalize_label(None, "数字孪生工厂构建", guide).scene == "数字孪生工厂建设"
    assert normalize_label(None, "产品虚拟验证", guide).scene == "虚拟试验与调试"
