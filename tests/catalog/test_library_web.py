"""`catalog search` output and the datasette app over the case library."""

from __future__ import annotations

import asyncio
import json

import pytest
from test_library import _sub

from catalog.library import CaseLibrary, LibraryError
from catalog.library_web import build_datasette, search_library_cli


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "library.db"
    CaseLibrary(path).index(_sub("a1", "甲汽车零部件有限公司"))
    return path


def test_search_prints_json_lines_with_snippets(db):
    [line] = search_library_cli(db, "焊接", as_json=True).splitlines()
    row = json.loads(line)
    assert row["company"] == "甲汽车零部件有限公司" and "【焊接】" in row["snippet"]


def test_search_prints_a_chinese_table(db):
    out = search_library_cli(db, "焊接机器人")
    assert "案例库检索结果（1 条）" in out and "甲汽车零部件有限公司" in out


def test_search_without_hits_says_what_to_try(db):
    assert "没有找到匹配的案例" in search_library_cli(db, "不存在的词语")


def test_search_on_a_missing_library_says_how_to_create_it(tmp_path):
    with pytest.raises(LibraryError, match="--catalog"):
        search_library_cli(tmp_path / "none.db", "焊接")
    assert not (tmp_path / "none.db").exists()


def test_datasette_serves_the_library_with_full_text_search(db):
    ds = build_datasette(db)

    async def fetch():
        home = await ds.client.get("/")
        rows = await ds.client.get("/library/passages.json?_search=%22焊接机器人%22&_shape=array")
        return home, rows

    home, rows = asyncio.run(fetch())
    assert home.status_code == 200 and "案例库" in home.text
    assert [r["instance_index"] for r in rows.json()] == [1]


@pytest.mark.slow
def test_serve_library_answers_on_localhost(db, tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = f"from catalog.library_web import serve_library; serve_library({str(db)!r}, {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/library/submissions.json?_shape=array"
                ) as r:
                    rows = json.loads(r.read())
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        assert [r["company"] for r in rows] == ["甲汽车零部件有限公司"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
