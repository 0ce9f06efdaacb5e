"""The scene-instance section is split into one text per instance, whatever the heading style."""

from __future__ import annotations

import pytest

from extractors.document_index import TextLine
from extractors.narrative import split_narrative
from model.submission import Instance
from model.text import count_chars


def _lines(texts: list[str]) -> list[TextLine]:
    return [TextLine(3 + i // 4, (70, 100 + 20 * i, 500, 112 + 20 * i), t, []) for i, t in enumerate(texts)]


@pytest.mark.parametrize("fmt", ["（{cn}）场景实例{i}：{name}", "{i}. {name}", "场景实例{cn} {name}", "{i}、{name}"])
def test_each_instance_gets_the_text_under_its_heading(fmt: str) -> None:
    names = ["柔性加工单元", "焊缝在线检测"]
    texts = []
    for i, name in enumerate(names, start=1):
        texts.append(fmt.format(i=i, cn="一二"[i - 1], name=name))
        texts += [f"第{i}段正文第一行，", f"第{i}段正文第二行。"]
    instances = [Instance(index=i, name=n) for i, n in enumerate(names, start=1)]
    out, missing = split_narrative(_lines(texts), instances)
    assert missing == []
    assert [x.narrative for x in out] == ["第1段正文第一行,第1段正文第二行。", "第2段正文第一行,第2段正文第二行。"]
    assert out[0].narrative_count is not None
    assert out[0].narrative_count.chars == count_chars(out[0].narrative)
    assert out[1].narrative_page == 3


def test_instance_without_heading_is_reported_missing() -> None:
    out, missing = split_narrative(_lines(["（一）柔性加工单元", "正文。"]),
                                   [Instance(index=1, name="柔性加工单元"), Instance(index=2, name="无此标题")])
    assert missing == ["无此标题"]
    assert out[1].narrative is None


@pytest.mark.parametrize("head", ["（八）VOCs废气治理智能监控", "8、VOCs废气治理智能监控", "场景实例8：VOCs废气治理智能监控"])
def test_an_instance_whose_name_was_not_read_gets_the_text_under_its_numbered_heading(head: str) -> None:
    texts = ["（七）水电气能耗数据采集", "第七段正文。", head, "第八段正文，", "第二行。"]
    instances = [Instance(index=7, name="水电气能耗数据采集"), Instance(index=8, name=None)]
    out, missing = split_narrative(_lines(texts), instances)
    assert missing == []
    assert [x.narrative for x in out] == ["第七段正文。", "第八段正文,第二行。"]


def test_a_numbered_line_of_running_text_is_not_taken_for_a_nameless_instance_heading() -> None:
    texts = ["（一）柔性加工单元", "正文。", "（二）第二阶段完成了全部设备的联网改造，并在此基础上建设了数据平台，实现了生产过程透明化"]
    out, missing = split_narrative(_lines(texts), [Instance(index=1, name="柔性加工单元"), Instance(index=2)])
    assert missing == ["实例2"] and out[1].narrative is None
