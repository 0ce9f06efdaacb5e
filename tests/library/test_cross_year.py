"""The library API the review uses across years: near-duplicate passages (MinHash), 揭榜 holders,
confirmed examples and finding decisions; and NEAR_DUPLICATE_TEXT against a library of earlier years."""

from __future__ import annotations

import pytest
from library_factory import make_sub

from checks.library_rules import check_library_near_duplicates, long_texts
from flows.batch_outputs import index_into_library
from flows.steps import BatchResult
from library.store import CaseLibrary
from model import Instance

PASSAGE = ("我们以工业互联网平台为底座，构建了覆盖研发、采购、生产、仓储、销售和服务全流程的数字化运营体系。"
           "通过边缘计算网关实时采集一千二百余台设备的运行参数，结合大数据分析模型对能耗异常、设备故障和质量波动进行预警。"
           "形成从感知、分析、决策到执行的闭环管理，使企业整体运营效率显著提升。"
           "项目建成后，设备综合效率由百分之六十八提高到百分之八十五，订单交付周期缩短三成，单位产品能耗下降一成以上。")


def _with_intro(sid, company, year, intro, **kw):
    return make_sub(sid, company, year=year, company_intro=intro, **kw)


@pytest.fixture
def year1(tmp_path):
    lib = CaseLibrary(tmp_path / "library.db")
    first = [_with_intro("y1a", "甲精密机械有限公司", 2022, "甲公司成立于1998年。" + PASSAGE),
             _with_intro("y1b", "乙纺织有限公司", 2022, "乙公司主要生产纺织品，拥有员工八百人。" * 6)]
    index_into_library(BatchResult(subs=first), lib.db_path)
    return lib


def test_similar_passages_finds_another_enterprises_text_of_an_earlier_year(year1):
    mine = "丙公司是行业龙头企业。" + PASSAGE.replace("一千二百", "一千三百") + "今后将继续推广。"
    [hit] = year1.similar_passages(mine, exclude_credit_code="91y2c", min_chars=80)
    assert (hit["company"], hit["year"], hit["kind"]) == ("甲精密机械有限公司", 2022, "intro")
    assert hit["similarity"] >= 0.9 and hit["chars"] >= 80 and "边缘计算网关" in hit["passage"]
    assert year1.similar_passages(mine, exclude_credit_code="91y1a", min_chars=80) == []


def test_short_or_unrelated_text_has_no_similar_passage(year1):
    assert year1.similar_passages("太短。", exclude_credit_code="x") == []
    other = "本公司专注于食品包装的柔性生产线改造，引入视觉分拣与自动码垛设备，实现包装环节无人化。" * 2
    assert year1.similar_passages(other, exclude_credit_code="x") == []


def test_year_two_review_gets_a_cross_year_finding_naming_the_case_and_year(year1):
    sub = _with_intro("y2c", "丙电子科技有限公司", 2023, "丙公司是行业龙头企业。" + PASSAGE.replace("，", ","))
    lookups = {path: year1.similar_passages(text, exclude_credit_code=sub.fields.credit_code, min_chars=80)
               for path, text, _ in long_texts(sub)}
    [f] = check_library_near_duplicates(sub, lookups)
    case = year1.search("甲精密机械")[0]["case_id"]
    assert f.rule == "NEAR_DUPLICATE_TEXT" and f.field == "fields.company_intro"
    assert "「甲精密机械有限公司」2022年" in f.message and f"案例 {case}" in f.message
    assert "边缘计算网关" in str(f.value) and "边缘计算网关" in str(f.limit)


def test_a_library_hit_of_the_same_enterprise_is_not_a_finding(year1):
    sub = _with_intro("y1a", "甲精密机械有限公司", 2023, "甲公司成立于1998年。" + PASSAGE)
    lookups = {path: year1.similar_passages(text, min_chars=80) for path, text, _ in long_texts(sub)}
    assert lookups["fields.company_intro"] and check_library_near_duplicates(sub, lookups) == []


def test_demo_factory_holders_from_official_lists_and_marked_records(year1):
    year1.add_demo_factory_holder("91X", "丁重工有限公司", 2021, source="2021年名单")
    year1.mark_demo_factory(year1.search("乙纺织")[0]["case_id"])
    assert year1.demo_factory_holders(before_year=2023, declared=False) == [("91X", "丁重工有限公司"),
                                                                             ("91y1b", "乙纺织有限公司")]
    assert year1.demo_factory_holders(before_year=2022, declared=False) == [("91X", "丁重工有限公司")]


def test_confirmed_examples_and_finding_decisions_for_the_next_review(year1):
    case = year1.search("甲精密机械")[0]["case_id"]
    year1.confirm(case, 2, "产品质量优化")
    year1.decide_finding(case, year1.case(case)["findings"][0]["key"], "accepted")
    assert year1.confirmed_examples() == [(year1.case(case)["passages"][1]["text"], "产品质量优化")]
    assert [(d["rule"], d["decision"]) for d in year1.finding_decisions(year1.case(case)["sha256"])] == [
        ("SEAL_MISSING", "accepted")]


def test_among_many_texts_written_from_one_template_the_copied_one_comes_first(tmp_path):
    lib = CaseLibrary(tmp_path / "big.db")
    subs = []
    for i in range(300):
        text = f"第{i}号企业建设了第{i}条自动化产线，配置{i % 17 + 3}台工业机器人和{i % 11 + 2}套视觉检测设备。" * 3
        subs.append(make_sub(f"s{i:03d}", f"企业{i:03d}有限公司", instances=[
            Instance(index=1, declared_link="生产作业", declared_scene="人机协同制造", name=f"产线{i}", description=text)]))
    from library.store import Entry

    lib.index_many([Entry(s) for s in subs])
    query = subs[123].instances[0].description
    hits = lib.similar_passages(query, exclude_credit_code="none", min_chars=80)
    assert hits[0]["company"] == "企业123有限公司" and hits[0]["similarity"] == 1.0


def test_the_review_of_year_two_reports_text_copied_from_a_year_one_case_in_the_library(year1, tmp_path):
    from flows.config import RunConfig
    from flows.steps import finish_batch

    copy = _with_intro("y2c", "丙电子科技有限公司", 2023, "丙公司是行业龙头企业。" + PASSAGE.replace("，", ","))
    other = _with_intro("y2d", "丁食品有限公司", 2023, "丁公司生产速冻食品，年产量十万吨，销往全国。" * 5)
    cfg = RunConfig(inputs=[tmp_path], out=tmp_path / "out", catalog=year1.db_path)
    done = {s.submission_id: s for s in finish_batch([copy, other], cfg).subs}
    found = [f for f in done["y2c"].findings if f.rule == "NEAR_DUPLICATE_TEXT"]
    assert len(found) == 1 and "「甲精密机械有限公司」2022年" in found[0].message
    assert not [f for f in done["y2d"].findings if f.rule == "NEAR_DUPLICATE_TEXT"]


def test_a_rerun_of_the_same_year_does_not_report_the_batch_against_its_own_library_copy(year1, tmp_path):
    from flows.config import RunConfig
    from flows.steps import finish_batch

    again = _with_intro("y1b", "乙纺织有限公司", 2022, "乙公司主要生产纺织品，拥有员工八百人。" * 6)
    cfg = RunConfig(inputs=[tmp_path], out=tmp_path / "out", catalog=year1.db_path)
    [done] = finish_batch([again], cfg).subs
    assert not [f for f in done.findings if f.rule == "NEAR_DUPLICATE_TEXT"]
