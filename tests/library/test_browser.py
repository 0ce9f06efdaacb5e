"""The officers' page in headless Chromium (Debian's chromium driven by playwright; no browser download).

Skipped when /usr/bin/chromium is missing (.ci/run installs it with apt-get). Screenshots go to
/tmp/library-*.png for a person to look at.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from library_factory import make_sub

from library.store import CaseLibrary
from model import Instance

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")]


def _library(path: Path) -> None:
    lib = CaseLibrary(path)
    lib.index(make_sub("a1", "甲汽车零部件有限公司"))
    lib.index(make_sub("b1", "乙钢铁有限公司", year=2022, address="江苏省南京市", decl="优秀场景", instances=[
        Instance(index=1, declared_link="质量管控", declared_scene="在线智能检测", name="钢板表面视觉检测",
                 description="利用机器视觉识别钢板表面缺陷，缺陷检出率达到百分之九十九。")]))


@pytest.fixture
def server(tmp_path):
    db = tmp_path / "library.db"
    _library(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = f"from library.web import serve_library; serve_library({str(db)!r}, {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=5).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "server did not start") from None
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_officer_searches_filters_opens_a_case_and_confirms_a_scene(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server + "/")
        page.fill("input[name=q]", "视觉")
        page.click("form.search button")
        page.wait_for_selector("#total")
        assert page.inner_text("#total") == "3"
        assert page.locator("mark", has_text="视觉").count() >= 3
        page.screenshot(path="/tmp/library-search.png", full_page=True)

        page.click("ul[data-facet=region] >> text=江苏省")
        page.wait_for_url("**region=**")
        assert page.inner_text("#total") == "1"
        page.screenshot(path="/tmp/library-facet.png", full_page=True)

        page.click("a.case-link")
        page.wait_for_selector("#company")
        assert "乙钢铁有限公司" in page.inner_text("#company")
        findings = page.inner_text("css=.finding >> nth=0")
        assert "缺少印章或签章" in findings and "SEAL_MISSING" not in findings  # titles, not rule ids
        form = page.locator("#instance-1 form.confirm")
        form.locator("select").select_option("产品质量优化")
        form.locator("button").click()
        page.wait_for_selector("#saved")
        page.reload()
        assert "产品质量优化" in page.inner_text("#instance-1 .confirmed")
        page.screenshot(path="/tmp/library-case.png", full_page=True)

        page.goto(server + "/raw/")
        assert "案例库" in page.content()
        browser.close()
