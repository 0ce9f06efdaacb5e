"""The officers' page (FastAPI): search, facets, case page, confirmations and finding decisions."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from library_factory import make_sub

from library.store import CaseLibrary
from library.web import create_app


class Client:
    """A synchronous client over the ASGI app (httpx's ASGI transport; redirects followed)."""

    def __init__(self, app):
        self.app = app

    def _call(self, method, url, **kw):
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", follow_redirects=True) as c:
                return await c.request(method, url, **kw)

        return asyncio.run(go())

    def get(self, url, **kw):
        return self._call("GET", url, **kw)

    def post(self, url, **kw):
        return self._call("POST", url, **kw)


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "library.db"
    lib = CaseLibrary(path)
    report = tmp_path / "report.html"
    report.write_text("<html>审核报告</html>", encoding="utf-8")
    lib.index(make_sub("a1", "甲汽车零部件有限公司"), report_path=str(report))
    lib.index(make_sub("b1", "乙钢铁有限公司", year=2022, address="江苏省南京市"))
    return lib, Client(create_app(path, raw=False))


def test_search_page_is_chinese_with_count_facets_and_highlight(setup):
    _, client = setup
    page = client.get("/", params={"q": "视觉"})
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text
    assert '共 <b id="total">4</b> 条结果' in page.text
    assert "<mark>视觉</mark>" in page.text and "年度" in page.text and "江苏省" in page.text


def test_facet_link_filters_the_results(setup):
    _, client = setup
    page = client.get("/", params={"q": "视觉", "region": "江苏省"})
    assert '共 <b id="total">2</b> 条结果' in page.text and "甲汽车" not in page.text.split("</aside>")[1]


def test_broken_query_syntax_is_a_page_not_an_error(setup):
    _, client = setup
    for q in ['"', "(((", "NEAR(", "*", "-"]:
        assert client.get("/", params={"q": q}).status_code == 200


def test_case_page_shows_fields_instances_findings_and_the_report_link(setup):
    _, client = setup
    page = client.get("/case/1")
    assert page.status_code == 200
    assert "甲汽车零部件有限公司" in page.text and "人机协同制造" in page.text and "缺少申报单位公章" in page.text
    assert "/case/1/report.html" in page.text and "annotated.pdf" not in page.text
    assert "审核报告" in client.get("/case/1/report.html").text
    assert client.get("/case/99").status_code == 404


def test_confirming_a_scene_persists_and_feeds_the_classifier(setup):
    lib, client = setup
    done = client.post("/case/1/confirm", data={"instance_index": 2, "scene": "产品质量优化"})
    assert done.status_code == 200 and "场景确认已保存" in done.text
    assert "产品质量优化" in client.get("/case/1").text
    assert [s for _, s in lib.confirmed_examples()] == ["产品质量优化"]


def test_a_finding_is_dismissed_with_a_reason_and_exposed_by_the_api(setup):
    lib, client = setup
    fid = lib.case(1)["findings"][0]["id"]
    refused = client.post(f"/case/1/finding/{fid}", data={"decision": "dismissed", "reason": ""})
    assert "请填写理由" in refused.text
    client.post(f"/case/1/finding/{fid}", data={"decision": "dismissed", "reason": "公章在附件中"})
    page = client.get("/case/1").text
    assert "已驳回" in page and "公章在附件中" in page
    assert "缺少印章或签章" in page and "SEAL_MISSING" not in page  # the Chinese title, not the raw rule id
    [d] = lib.finding_decisions("a1" * 32)
    assert d["decision"] == "dismissed" and d["reason"] == "公章在附件中"
    assert client.get("/api/case/1").json()["findings"][0]["decision"] == "dismissed"


def test_json_search_api(setup):
    _, client = setup
    found = client.get("/api/search", params={"q": "焊接", "limit": 5}).json()
    assert found["total"] == 2 and found["results"][0]["company"]


def test_bad_addresses_and_incomplete_forms_get_a_chinese_page_not_english_json(setup):
    _, client = setup
    for url in ("/case/abc", "/no-such-page"):
        page = client.get(url)
        assert page.status_code in (400, 404) and "请从检索" in page.text and "detail" not in page.text
    page = client.post("/case/1/confirm", data={"instance_index": "1", "scene": ""})
    assert "请先在下拉列表中选择场景" in page.text
    assert "请选择" in client.get("/case/1").text  # an instance whose scene is not in the guide starts on 请选择
