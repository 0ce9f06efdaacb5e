"""Identity, versions, findings, contacts and decisions in the case library store."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from library_factory import make_sub

from library.store import SCHEMA_VERSION, CaseLibrary, LibraryError

FIXTURE = Path(__file__).parent / "fixtures" / "library_v1.db"


@pytest.fixture
def lib(tmp_path):
    return CaseLibrary(tmp_path / "library.db")


def test_the_same_content_under_another_file_name_is_the_same_record(lib):
    first = lib.index(make_sub("a1", "甲公司"))
    renamed = make_sub("a1", "甲公司").model_copy(update={"submission_id": "a1-副本"})
    renamed.source.path = "/in/另一个名字.pdf"
    assert lib.index(renamed) == first
    assert lib.stats()["submissions"] == 1
    assert lib.case(first)["source_path"] == "/in/另一个名字.pdf"


def test_the_same_file_reviewed_for_another_year_keeps_both_years(lib):
    lib.index(make_sub("a1", "甲公司", year=2022))
    lib.index(make_sub("a1", "甲公司", year=2023))
    assert sorted(r["year"] for r in lib.search("焊接机器人")) == [2022, 2023]


def test_a_corrected_resubmission_is_a_new_version_and_the_newest_is_shown(lib):
    old = lib.index(make_sub("a1", "甲公司", sha="1"))
    new = lib.index(make_sub("a1", "甲公司", sha="2"))
    assert new != old
    case = lib.case(new)
    assert case["version"] == 2 and case["supersedes"] == old and case["is_current"] == 1
    assert [v["version"] for v in case["versions"]] == [1, 2]
    assert {r["case_id"] for r in lib.search("焊接机器人")} == {new}
    assert {r["case_id"] for r in lib.search("焊接机器人", all_versions=True)} == {old, new}


def test_removing_the_newest_version_shows_the_previous_one_again(lib):
    old = lib.index(make_sub("a1", "甲公司", sha="1"))
    lib.remove(lib.index(make_sub("a1", "甲公司", sha="2")))
    assert {r["case_id"] for r in lib.search("焊接机器人")} == {old}


def test_batch_ingest_is_one_call_and_repeating_it_changes_nothing(lib):
    from library.store import Entry

    subs = [make_sub(f"s{i}", f"企业{i}有限公司") for i in range(30)]
    lib.index_many([Entry(s) for s in subs])
    before = lib.stats()
    lib.index_many([Entry(s) for s in subs])
    assert lib.stats() == before and before["submissions"] == 30 and before["passages"] == 60
    assert lib.find("焊接")["total"] == 30


def test_industry_city_contacts_findings_and_the_whole_review_are_kept(lib):
    case = lib.case(lib.index(make_sub("a1", "甲公司")))
    assert (case["province"], case["city"]) == ("广东省", "佛山市")
    assert (case["industry_category"], case["industry_major"]) == ("制造业", "汽车制造业")
    assert case["contacts"][0]["mobile"] == "13812345678"
    assert [f["rule"] for f in case["findings"]] == ["SEAL_MISSING"]
    assert lib.review_json(case["id"])["fields"]["company_name"] == "甲公司"


def test_finding_decisions_persist_by_content_and_survive_reindexing(lib):
    case = lib.index(make_sub("a1", "甲公司"))
    finding = lib.case(case)["findings"][0]["id"]
    lib.decide_finding(case, finding, "dismissed", "公章在第4页，已核实")
    lib.index(make_sub("a1", "甲公司"))
    [d] = lib.finding_decisions("a1" * 32)
    assert (d["rule"], d["page"], d["decision"], d["reason"]) == ("SEAL_MISSING", 3, "dismissed", "公章在第4页，已核实")
    assert lib.case(case)["findings"][0]["decision"] == "dismissed"


def test_dismissing_a_finding_needs_a_reason(lib):
    case = lib.index(make_sub("a1", "甲公司"))
    with pytest.raises(LibraryError, match="理由"):
        lib.decide_finding(case, lib.case(case)["findings"][0]["id"], "dismissed", " ")
    with pytest.raises(LibraryError, match="没有这条审核意见"):
        lib.decide_finding(case, 999, "accepted")


def test_records_marked_as_demo_factory_count_as_holders_in_later_years(lib):
    case = lib.index(make_sub("a1", "甲公司", year=2022))
    assert lib.demo_factory_holders(before_year=2023, declared=False) == []
    lib.mark_demo_factory(case)
    assert lib.demo_factory_holders(before_year=2023, declared=False) == [("91a1", "甲公司")]
    assert lib.demo_factory_holders(before_year=2022, declared=False) == []


def test_a_library_written_by_the_old_schema_opens_and_migrates(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    lib = CaseLibrary(path)
    assert lib.stats() == {"submissions": 2, "passages": 4, "confirmations": 1, "demo_factory_holders": 1}
    assert {h["company"] for h in lib.search("焊接")} == {"甲汽车零部件有限公司"}
    assert lib.find("能源")["total"] == 1  # a 2-character term, through the new bigram index
    assert [s for _, s in lib.confirmed_examples()] == ["在线智能检测"]
    assert [h["instance_index"] for h in lib.search("", scene="在线智能检测")] == [2]
    assert lib.demo_factory_holders(before_year=2023, declared=False) == [("91X", "丙重工有限公司")]
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version")] == [2, SCHEMA_VERSION]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not [r for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'v1_%'")]
    con.close()


def test_migrated_library_finds_the_copied_intro_of_the_old_records(tmp_path):
    from library_factory import COPIED

    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    mine = "我们的做法如下。" + COPIED.replace("三十", "二十") + "其余内容讲的是售后服务的远程运维。"
    [hit] = CaseLibrary(path).similar_passages(mine, exclude_credit_code="91zz", min_chars=60)
    assert (hit["company"], hit["year"], hit["kind"]) == ("乙钢铁有限公司", 2022, "intro")


def test_parallel_indexers_queue_instead_of_colliding(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from library.store import Entry

    path = tmp_path / "shared.db"
    CaseLibrary(path).stats()

    def work(k):
        return CaseLibrary(path).index_many([Entry(make_sub(f"p{k}{i}", f"企业{k}{i}")) for i in range(20)])

    with ThreadPoolExecutor(4) as pool:
        ids = [i for batch in pool.map(work, range(4)) for i in batch]
    assert len(set(ids)) == 80 and CaseLibrary(path).stats()["passages"] == 160


def test_a_version_2_library_gets_the_facet_change_log_and_keeps_its_records(tmp_path):
    path = tmp_path / "v2.db"
    lib = CaseLibrary(path)
    lib.index(make_sub("a1", "甲公司"))
    con = sqlite3.connect(path)
    con.execute("DROP TABLE facet_changes")  # as version 2 wrote it
    con.execute("DELETE FROM schema_version WHERE version = 3")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    again = CaseLibrary(path)
    assert again.find("焊接")["total"] == 1
    again.confirm("a1", 2, "产品质量优化")
    assert dict(again.find("")["facets"]["scene"]).get("产品质量优化") == 1
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version")][-1] == 3
    assert con.execute("SELECT count(*) FROM facet_changes").fetchone()[0] >= 1
    con.close()
