"""Search that fits Chinese: 1-, 2- and 3+-character terms ranked together, the query syntax, filters and facets."""

from __future__ import annotations

import random

import pytest
from library_factory import make_sub

from library.store import CaseLibrary
from library.tokens import parse_query
from model import Instance


def _inst(index, name, text, link="生产作业", scene="人机协同制造"):
    return Instance(index=index, declared_link=link, declared_scene=scene, name=name, description=text)


@pytest.fixture
def lib(tmp_path):
    library = CaseLibrary(tmp_path / "library.db")
    library.index(make_sub("a1", "甲汽车零部件有限公司", instances=[
        _inst(1, "焊接机器人工作站", "采用六轴焊接机器人与机器视觉引导，完成车架焊接。焊接质量数据实时上传。"),
        _inst(2, "智能排产", "基于APS高级排产系统实现订单自动排产，排产时间由4小时缩短到10分钟。", "计划调度", "生产计划优化"),
    ]))
    library.index(make_sub("b1", "乙钢铁有限公司", year=2022, address="江苏省南京市", decl="优秀场景", instances=[
        _inst(1, "能源管控中心", "建设能源管控中心，实时监测水电气消耗数据。", "能源管理", "能耗数据监测"),
        _inst(2, "视觉质检", "利用视觉检测设备识别钢板表面缺陷。", "质量管控", "在线智能检测"),
    ]))
    return library


def test_two_character_terms_are_ranked_like_longer_ones(lib):
    assert lib.find("视觉")["total"] == 2
    assert lib.search("焊接")[0]["score"] > 0
    found = lib.search("排产 OR 焊接 OR 能源管控")  # 2-, 2- and 4-character terms in one bm25 ranking
    assert found[0]["name"] == "智能排产"  # 排产 four times in a short passage
    assert {r["name"] for r in found} == {"智能排产", "焊接机器人工作站", "能源管控中心"}


def test_one_character_term_finds_it_also_at_the_end_of_a_run(lib):
    assert lib.find("焊")["total"] == 1
    assert lib.find("据")["total"] == 2  # 数据 ends a run before punctuation in both texts


def test_terms_are_separated_by_spaces_and_chinese_commas(lib):
    assert lib.find("视觉 焊接")["total"] == 1
    assert lib.find("视觉，焊接")["total"] == 1
    assert lib.find("视觉、钢板")["total"] == 1
    assert lib.find("焊接 能源")["total"] == 0


def test_quoted_phrase_must_occur_as_written(lib):
    assert lib.find('"机器视觉"')["total"] == 1
    assert lib.find("“视觉检测”")["total"] == 1
    assert lib.find('"视觉机器"')["total"] == 0


def test_minus_excludes_and_or_accepts_either(lib):
    assert [r["name"] for r in lib.search("视觉 -焊接")] == ["视觉质检"]
    assert lib.find("-数据")["total"] == 2
    assert {r["name"] for r in lib.search("排产 OR 能源")} == {"智能排产", "能源管控中心"}


def test_latin_words_and_digits_are_found(lib):
    assert [r["name"] for r in lib.search("aps")] == ["智能排产"]
    assert [r["name"] for r in lib.search("APS 排产")] == ["智能排产"]


def test_company_names_are_searchable(lib):
    assert {r["company"] for r in lib.search("钢铁")} == {"乙钢铁有限公司"}


def test_snippet_marks_every_hit_near_the_first(lib):
    [r] = lib.search("排产")
    assert r["snippet"].count("【排产】") >= 3
    assert ("排产", True) in r["snippet_parts"]


def test_snippet_shows_chinese_punctuation_as_written_not_as_stored():
    from library.text import snippet

    shown = snippet("公司成立于2010年,主营轮胎(乘用车);年产能1,000万条", ["主营"])
    assert shown == "公司成立于2010年，【主营】轮胎（乘用车）；年产能1,000万条"


def test_filters_narrow_and_facets_count_the_hits(lib):
    found = lib.find("数据")
    assert dict(found["facets"]["year"]) == {2022: 1, 2023: 1}
    assert dict(found["facets"]["region"]) == {"广东省": 1, "江苏省": 1}
    assert dict(found["facets"]["type"]) == {"示范工厂": 1, "优秀场景": 1}
    only = lib.find("数据", region="江苏", type="优秀场景", year=2022, industry="制造", status="待复核")
    assert only["total"] == 1 and only["results"][0]["company"] == "乙钢铁有限公司"
    assert lib.find("", link="计划调度")["total"] == 1
    assert lib.find("", scene="能耗数据监测")["total"] == 1
    assert lib.find("数据", sector="钢铁")["total"] == 0


def test_scene_facet_follows_a_confirmation(lib):
    lib.confirm("b1", 2, "产品质量优化", link="质量管控")
    facets = dict(lib.find("视觉")["facets"]["scene"])
    assert facets == {"产品质量优化": 1, "人机协同制造": 1}
    assert [r["name"] for r in lib.search("", scene="产品质量优化")] == ["视觉质检"]


def test_limit_and_offset_page_through_the_hits(lib):
    assert len(lib.search("", limit=3)) == 3
    first, rest = lib.search("", limit=2), lib.search("", limit=10, offset=2)
    assert {r["passage_id"] for r in first}.isdisjoint(r["passage_id"] for r in rest)


@pytest.mark.parametrize("query", ['"', '"""', "(", ")", "*", "NEAR(", "a AND", "OR", "-", "--", "^", "'; DROP",
                                   "视觉\"", "col:视觉", "{}", "\\", "%", "_", "视觉 NOT", "AND AND", "\x00"])
def test_any_input_is_safe(lib, query):
    found = lib.find(query)
    assert found["total"] >= 0


def test_random_punctuation_never_raises(lib):
    rng = random.Random(7)
    alphabet = [*'"“”「」()*:^-+,，、;；OR AND NEAR视觉焊接%_\\\'', " "]
    for _ in range(300):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        assert lib.find(query)["total"] >= 0, query


def test_parser_keeps_quoted_phrases_exclusions_and_alternatives():
    q = parse_query('“数字孪生” -焊接 排产 OR 调度，视觉')
    assert q.groups == [["数字孪生"], ["排产", "调度"], ["视觉"]] and q.excluded == ["焊接"]


def test_filter_values_without_letters_match_nothing_instead_of_failing(lib):
    assert lib.find("视觉", region="！！")["total"] == 0
    assert lib.find("", region="%")["total"] == 0


def test_filters_apply_to_the_text_only_not_to_the_filter_tokens(lib):
    assert lib.find("u")["total"] == 0  # "upass"-like filter tokens are not searchable text
    assert lib.find("y2023")["total"] == 0


def test_facet_counts_stay_right_while_other_connections_write(lib, tmp_path):
    """The reader's in-memory facet codes follow new cases, confirmations, re-indexing, removal and reused ids."""

    def both(query=""):
        fresh = CaseLibrary(tmp_path / "library.db")  # its first search reads every facet row
        warm, cold = lib.find(query), fresh.find(query)
        fresh.close()
        assert warm["facets"] == cold["facets"] and warm["total"] == cold["total"]
        return warm["facets"]

    both()
    writer = CaseLibrary(tmp_path / "library.db")  # another connection, as the review flow would be
    writer.index(make_sub("c1", "丙电子有限公司", year=2021, address="浙江省杭州市"))
    assert dict(both()["year"])[2021] == 2
    writer.confirm("b1", 2, "产品质量优化", link="质量管控")
    assert dict(both("视觉")["scene"]).get("产品质量优化") == 1
    writer.index(make_sub("c1", "丙电子有限公司", year=2021, address="浙江省杭州市"))  # refreshed: new ids
    writer.remove("c1")  # the highest ids go; the next case reuses them with other values
    assert 2021 not in dict(both()["year"])
    writer.index(make_sub("d1", "丁化工有限公司", year=2020, address="山东省济南市", decl="优秀场景"))
    assert dict(both()["region"])["山东省"] == 2 and 2021 not in dict(both()["year"])


def test_a_new_thread_starts_from_the_freshest_facet_index_and_reads_only_what_changed(lib, monkeypatch):
    import threading

    from library.facets import FacetIndex

    assert lib.find("数据")["total"] == 2  # this thread's index: every passage read
    lib.index(make_sub("c1", "丙电子有限公司", address="江苏省苏州市", instances=[
        _inst(1, "数据中台", "建设数据中台，汇聚生产数据。", "计划调度", "生产计划优化")]))
    applied: list[int] = []
    original = FacetIndex._apply
    monkeypatch.setattr(FacetIndex, "_apply", lambda self, rows: (applied.append(len(rows)), original(self, rows)))
    found: dict = {}
    worker = threading.Thread(target=lambda: found.update(lib.find("数据")))
    worker.start()
    worker.join()
    fresh = CaseLibrary(lib.db_path).find("数据")
    assert found["total"] == fresh["total"] == 3 and found["facets"] == fresh["facets"]
    assert dict(found["facets"]["region"]) == {"广东省": 1, "江苏省": 2}
    assert applied[0] < applied[-1]  # the new thread read the new case's passages, the fresh library all
