"""evals/classify.py reports the mapper and the rapidfuzz baseline per set, with the shipped mismatch rule."""

import numpy as np

from evals.classify import KINDS, Scored, judge, measure, reliability, wrong_kind


def test_reliability_table_and_ece_of_a_perfectly_calibrated_bin():
    conf = np.asarray([0.95, 0.95, 0.55, 0.55])
    ece, table = reliability(conf, np.asarray([1.0, 1.0, 1.0, 0.0]))
    assert len(table) == 10
    assert table[9]["n"] == 2 and table[5]["accuracy"] == 0.5
    assert ece == round((2 * 0.05 + 2 * 0.05) / 4, 4)


def test_wrong_kinds_are_derived_from_the_declared_labels(guide):
    row = {"scene": "智能仓储", "link": "仓储物流"}
    assert wrong_kind({**row, "declared_link": "仓储物流", "declared_scene": "智能仓储"}, guide) is None
    assert wrong_kind({**row, "declared_link": "仓储物流", "declared_scene": "精准配送"}, guide) == "same_link"
    assert wrong_kind({**row, "declared_link": "质量管控", "declared_scene": "智能在线检测"}, guide) == "other_link"
    assert wrong_kind({**row, "declared_link": "质量管控", "declared_scene": "精准配送"}, guide) == "not_in_link"


def test_mismatch_figures_come_from_the_shipped_rule(guide, mapper):
    text = "在焊装线部署工业相机和深度学习视觉检测，焊点外观在线检测，缺陷自动剔除，漏检率降至0.1%。"
    rows = [{"name": "焊点视觉质检", "text": text, "scene": "智能在线检测", "link": "质量管控",
             "declared_link": ln, "declared_scene": sc, "hard": False}
            for ln, sc in (("质量管控", "智能在线检测"), ("仓储物流", "智能仓储"))]
    probs = [np.asarray(mapper.probabilities(text, "焊点视觉质检"))] * 2
    from classifiers.scene_mapper import to_prediction

    scored = [Scored(p, judge(r, to_prediction(list(p), guide, r["declared_scene"]), guide))
              for r, p in zip(rows, probs, strict=True)]
    fig = measure(rows, scored, guide)
    assert fig["top1"] == 100.0 and fig["false_alarm"] == 0.0 and fig["recall"] == 100.0
    assert fig["recall_other_link"] == 100.0 and {f"recall_{k}" for k in KINDS} <= set(fig)
    assert 0.0 <= fig["ece"] <= 1.0
