"""classify_submission (the review flow) and classify_records (`shenbao classify --file`)."""

import json

from classifiers.api import classify_records, classify_submission, instance_text
from model import Instance, Item, Source, Submission


def _submission() -> Submission:
    inst = Instance(
        index=1, name="成品立体库", declared_link="仓储物流", declared_scene="智能仓储", page=5,
        description="建设成品立体仓库，堆垛机自动出入库，WMS管理库位和盘点。",
        equipment=[Item(name="堆垛机", category="智能物流与仓储装备")],
    )
    empty = Instance(index=2)
    return Submission(submission_id="s1", source=Source(path="a.pdf", sha256="0"), instances=[inst, empty])


def test_classify_submission_sets_prediction_and_tags(guide):
    sub = _submission()
    out = classify_submission(sub, guide)
    first = out.instances[0]
    assert first.predicted is not None and first.predicted.scene == "智能仓储"
    assert "WMS" in first.tags["system"]
    assert "堆垛机" in first.tags["equipment"]
    assert sub.instances[0].predicted is None  # the input is not changed


def test_instance_without_text_is_left_alone(guide):
    out = classify_submission(_submission(), guide, with_tags=False)
    assert out.instances[1].predicted is None


def test_instance_text_joins_cells_and_items():
    text = instance_text(_submission().instances[0])
    assert "WMS" in text and "堆垛机" in text


def test_records_without_declared_labels_get_only_a_prediction(guide):
    (rec,) = classify_records([{"id": "1", "name": "APS", "text": "APS高级计划排程，插单重排"}], guide)
    assert rec["id"] == "1"
    assert {"link", "scene", "score", "top3"} <= set(rec["predicted"])
    assert rec["predicted"]["declared_score"] is None
    assert len(rec["predicted"]["top3"]) == 3
    assert "findings" not in rec and "normalized" not in rec


def test_records_with_declared_labels_get_findings_and_normalized(guide):
    records = [
        {"id": "a", "name": "焊点视觉质检", "text": "部署工业相机和深度学习视觉检测，焊点外观在线检测，漏检率降至0.1%。",
         "declared_link": "仓储物流", "declared_scene": "智能仓储"},
        {"id": "b", "name": "立体库", "text": "建设立体库和WMS，自动出入库。", "declared_scene": "智能倉儲系统"},
    ]
    a, b = classify_records(records, guide)
    assert [f["rule"] for f in a["findings"]] == ["SCENE_CONTENT_MISMATCH"]
    assert a["findings"][0]["field"] == "declared_scene"
    assert a["normalized"] == {"link": "仓储物流", "scene": "智能仓储"}
    assert b["findings"] == []
    assert b["normalized"] == {"link": "仓储物流", "scene": "智能仓储"}
    json.dumps(a, ensure_ascii=False)  # the CLI writes these objects as JSONL


def test_record_without_text_has_no_prediction(guide):
    (rec,) = classify_records([{"id": "x", "text": ""}], guide)
    assert rec["predicted"] is None
