"""Rule-based tags of technologies, systems, equipment and quantified results."""

from classifiers.tagging import get_nlp, tag_text

TEXT = ("冲压车间部署基于机器视觉和深度学习的在线检测系统，MES与WMS集成，AGV自动配送，"
        "漏检率由3%降至0.2%，检测效率提升40%，年节约成本120万元。")


def test_tags_technologies_systems_equipment_and_results():
    tags = tag_text(TEXT)
    assert set(tags) == {"technology", "system", "equipment", "result"}
    assert {"机器视觉", "深度学习"} <= set(tags["technology"])
    assert {"MES", "WMS"} <= set(tags["system"])
    assert "AGV" in tags["equipment"]
    assert "漏检率由3%降至0.2%" in tags["result"]
    assert any("提升40%" in r for r in tags["result"])


def test_lower_case_and_full_width_abbreviations_are_tagged():
    assert "MES" in tag_text("上线ｍｅｓ系统")["system"]


def test_empty_text_gives_empty_lists():
    assert tag_text("") == {"technology": [], "system": [], "equipment": [], "result": []}


def test_pipeline_is_a_blank_chinese_spacy_model_with_rules():
    nlp = get_nlp()
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["entity_ruler", "result_spans"]


def test_abbreviation_inside_a_latin_word_is_not_tagged():
    tags = tag_text("研发数据统一由Teamcenter管理")
    assert "EAM" not in tags["system"]
