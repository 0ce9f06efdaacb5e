"""`catalog search` output and the raw datasette door over the case library."""

from __future__ import annotations

import asyncio
import json

import pytest
from library_factory import make_sub as _sub

from library.cli_text import build_datasette, search_library_cli
from library.store import CaseLibrary, LibraryError


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
    assert "共 1 条" in out and "甲汽车零部件有限公司" in out


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
        rows = await ds.client.get("/library/passages.json?kind=instance&_shape=array")
        return home, rows

    home, rows = asyncio.run(fetch())
    assert home.status_code == 200 and "案例库" in home.text
    assert [r["instance_index"] for r in rows.json()] == [1, 2]


