"""The case library: FTS trigram search, 2-character terms, filters, upsert, confirmations, near duplicates."""

from __future__ import annotations

import sqlite3

import pytest

from library.store import SCHEMA_VERSION, CaseLibrary, LibraryError
from library.text import region_of
from model import Instance, Source, Submission
from model.submission import Fields, Prediction

COPIED = (
    "本项目建设了覆盖全厂的工业互联网平台，实现设备数据的实时采集与边缘计算。"
    "通过数字孪生模型对产线进行仿真优化，使换型时间缩短了百分之三十以上。"
)


def _sub(
    sid, company, year=2023, decl="示范工厂", address="广东省佛山市顺德区", sha=None, instances=None, **fields
):
    instances = (
        instances
        if instances is not None
        else [
            Instance(
                index=1,
                declared_link="生产作业",
                declared_scene="人机协同制造",
                name="焊接机器人工作站",
                description="采用六轴焊接机器人与视觉引导，完成车架焊接。",
                predicted=Prediction(link="生产作业", scene="人机协同制造", score=0.9),
            ),
            Instance(
                index=2,
                declared_link="质量管控",
                declared_scene="在线智能检测",
                name="质检",
                description="基于机器视觉的表面缺陷在线检测。",
            ),
        ]
    )
    return Submission(
        submission_id=sid,
        year=year,
        declaration_type=decl,
        source=Source(path=f"/in/{sid}.pdf", sha256=((sha or sid) * 64)[:64], pages=10),
        fields=Fields(company_name=company, credit_code=f"91{sid}", factory_address=address, **fields),
        instances=instances,
        status="needs_review",
    )


@pytest.fixture
def lib(tmp_path):
    library = CaseLibrary(tmp_path / "library.db")
    library.index(_sub("a1", "甲汽车零部件有限公司"))
    library.index(
        _sub(
            "b1",
            "乙钢铁有限公司",
            year=2022,
            decl="优秀场景",
            address="江苏省南京市",
            instances=[
                Instance(
                    index=1,
                    declared_link="能源管理",
                    declared_scene="能耗数据监测",
                    name="能源管控中心",
                    description="建设能源管控中心，实时监测水电气消耗。",
                )
            ],
        )
    )
    return library


def test_search_three_or_more_characters_uses_full_text(lib):
    hits = lib.search("焊接机器人")
    assert [(h["submission_id"], h["instance_index"], h["name"]) for h in hits] == [
        ("a1", 1, "焊接机器人工作站")
    ]
    assert "【焊接机器人】" in hits[0]["snippet"]


def test_two_character_query_finds_its_case(lib):
    assert {h["submission_id"] for h in lib.search("质检")} == {"a1"}
    assert {h["submission_id"] for h in lib.search("能源")} == {"b1"}


def test_terms_separated_by_spaces_must_all_occur(lib):
    assert [h["instance_index"] for h in lib.search("焊接 视觉")] == [1]
    assert lib.search("焊接 能源") == []


def test_filters_by_link_scene_year_and_region(lib):
    assert {h["submission_id"] for h in lib.search("", link="能源管理")} == {"b1"}
    assert [h["instance_index"] for h in lib.search("", scene="在线智能检测")] == [2]
    assert {h["submission_id"] for h in lib.search("", year=2022)} == {"b1"}
    assert {h["submission_id"] for h in lib.search("", region="广东")} == {"a1"}
    assert lib.search("焊接", region="江苏") == []


def test_indexing_the_same_submission_twice_changes_nothing(lib, tmp_path):
    before = lib.stats()
    lib.index(_sub("a1", "甲汽车零部件有限公司"))
    assert lib.stats() == before
    assert len(lib.search("焊接机器人")) == 1


def test_reindexing_changed_content_replaces_the_old_passages(lib):
    lib.index(
        _sub(
            "a1",
            "甲汽车零部件有限公司",
            sha="b",
            instances=[
                Instance(index=1, declared_link="仓储物流", declared_scene="智能仓储", name="立体仓库")
            ],
        )
    )
    assert lib.search("焊接机器人") == []
    assert len(lib.search("立体仓库")) == 1


def test_confirmations_survive_reindexing_the_same_file_but_not_a_changed_one(lib):
    lib.confirm("a1", 1, "人机协同制造")
    assert lib.confirmed_examples()[0][1] == "人机协同制造"
    assert "焊接机器人工作站" in lib.confirmed_examples()[0][0]
    lib.index(_sub("a1", "甲汽车零部件有限公司"))
    assert len(lib.confirmed_examples()) == 1
    lib.index(_sub("a1", "甲汽车零部件有限公司", sha="c"))
    assert lib.confirmed_examples() == []


def test_confirming_an_unknown_instance_is_a_chinese_error(lib):
    with pytest.raises(LibraryError, match="没有提交"):
        lib.confirm("a1", 9, "人机协同制造")


def test_confirmed_scene_is_searchable_as_a_filter(lib):
    lib.confirm("a1", 2, "产品质量优化")
    assert [h["instance_index"] for h in lib.search("", scene="产品质量优化")] == [2]


def test_demo_factory_holders_are_earlier_declarations_and_official_lists(lib):
    assert lib.demo_factory_holders(before_year=2024) == [("91a1", "甲汽车零部件有限公司")]
    assert lib.demo_factory_holders(before_year=2023) == []  # the same year is the batch under review
    lib.add_demo_factory_holder("91X", "丙重工有限公司", 2021, source="2021年示范工厂揭榜单位名单")
    assert lib.demo_factory_holders(before_year=2023) == [("91X", "丙重工有限公司")]
    assert lib.demo_factory_holders(before_year=2024, declared=False) == [("91X", "丙重工有限公司")]


def test_without_a_year_only_official_lists_count_so_a_rerun_never_flags_itself(lib):
    assert lib.demo_factory_holders() == []
    lib.add_demo_factory_holder("91X", "丙重工有限公司", 2021)
    assert lib.demo_factory_holders() == [("91X", "丙重工有限公司")]


def test_similar_passages_finds_a_paragraph_copied_by_another_enterprise(lib):
    lib.index(_sub("c1", "丙电子有限公司", company_intro="公司成立于2008年。" + COPIED))
    mine = (
        "我们的做法如下。" + COPIED.replace("三十", "二十") + "其余内容与他人不同，讲的是售后服务的远程运维。"
    )
    [hit] = lib.similar_passages(mine, exclude_company="甲汽车零部件有限公司", min_chars=60)
    assert hit["company"] == "丙电子有限公司" and hit["kind"] == "intro"
    assert hit["similarity"] >= 0.9 and hit["chars"] >= 60
    assert "数字孪生模型" in hit["matched"]


def test_similar_passages_ignores_the_enterprise_itself_and_short_text(lib):
    lib.index(_sub("c1", "丙电子有限公司", company_intro=COPIED))
    assert lib.similar_passages(COPIED, exclude_company="丙电子有限公司") == []
    assert lib.similar_passages("太短的文字。", exclude_company="甲") == []


def test_library_written_by_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(LibraryError, match="升级"):
        CaseLibrary(path).search("焊接")


def test_region_is_the_province_named_by_the_address_or_recommender():
    assert region_of("广东省佛山市顺德区") == "广东省"
    assert region_of("佛山市顺德区", "广东省工业和信息化厅") == "广东省"
    assert region_of("新疆生产建设兵团第八师石河子市") == "新疆生产建设兵团"
    assert region_of("某地") is None
