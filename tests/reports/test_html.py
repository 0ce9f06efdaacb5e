"""report.html and batch.html: parsed back, they carry every finding, difference and instance."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from report_fixtures import make_submission

from model import Finding
from reports.html import write_batch_html, write_report_html
from reports.summary_xlsx import BatchRow


class _Text(HTMLParser):
    """Collects the visible text and every external reference of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.refs: list[str] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_mark = tag == "mark"
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append(value)
        if tag in ("link", "script", "img", "iframe"):
            self.refs.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks.append(data)


def _parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_report_lists_every_finding_with_its_chinese_rule_title_and_page(tmp_path, sub):
    page = _parse(write_report_html(sub, tmp_path / "report.html"))
    text = " ".join(page.text)
    for f in sub.findings:
        assert f.message in text
    assert "示范工厂覆盖环节不足" in text  # MIN_LINKS title from rule_ids.yaml
    assert "表格栏目超过字数上限" in text
    assert "甲机械制造有限公司" in text and "不通过" in text


def test_report_is_self_contained_with_no_external_assets(tmp_path, sub):
    page = _parse(write_report_html(sub, tmp_path / "report.html"))
    assert not [
        r for r in page.refs if re.match(r"(https?:)?//", r) or r in ("link", "script", "img", "iframe")
    ]
    assert "<style>" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_report_highlights_the_differing_fragments_side_by_side(tmp_path, sub):
    page = _parse(write_report_html(sub, tmp_path / "report.html"))
    assert "协作机器人" in page.marks and "工业机器人" in page.marks  # from the mismatch's spans
    assert "8" in page.marks and "9" in page.marks  # short values are diffed here
    assert "（纸质版无此内容）" in " ".join(page.text)


def test_report_shows_declared_scene_beside_predicted_top3_with_scores(tmp_path, sub):
    text = " ".join(_parse(write_report_html(sub, tmp_path / "report.html")).text)
    assert "多机协同的发动机壳体柔性加工与检测" in text
    assert "柔性生产制造（0.61）" in text
    assert "与系统判断不一致" in text  # instance 2 declared 智能仓储, predicted 智能物流


def test_report_flags_character_counts_over_the_year_limit(tmp_path, sub):
    html = write_report_html(sub, tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.search(r'class="num over">\s*400 / 300', html)


def test_report_escapes_markup_in_extracted_text(tmp_path):
    sub = make_submission(
        findings=[Finding(rule="LIMIT_FIELD", severity="warning", message="<script>x</script>")]
    )
    html = write_report_html(sub, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_report_renders_without_year_or_reference_data(tmp_path):
    sub = make_submission(
        year=None, declaration_type=None, instances=[], seals=[], mismatches=[], findings=[], status="pass"
    )
    text = " ".join(_parse(write_report_html(sub, tmp_path / "r.html")).text)
    assert "通过" in text and "没有发现问题" in text


def test_batch_page_links_each_report_and_lists_batch_findings(tmp_path, sub):
    broken = make_submission(
        submission_id="bad-1",
        status="error",
        instances=[],
        mismatches=[],
        findings=[
            Finding(
                rule="EXTRACTION_INCOMPLETE",
                severity="error",
                message="《乙.pdf》已损坏，无法读取。请索取完好的文件。",
            )
        ],
    )
    rows = [BatchRow.from_submission(sub), BatchRow.from_submission(broken)]
    unpaired = Finding(rule="UNPAIRED", severity="error", message="网上填报记录「丙公司」没有对应的纸质版。")
    page = _parse(write_batch_html(rows, [unpaired], tmp_path / "batch.html"))
    assert f"{sub.submission_id}/report.html" in page.refs
    text = " ".join(page.text)
    assert unpaired.message in text and "《乙.pdf》已损坏" in text and "无法处理" in text


def test_yes_no_differences_read_as_chinese(tmp_path):
    from model import Mismatch

    sub = make_submission(
        mismatches=[Mismatch(field="fields.accident", paper=False, online=True, kind="changed")]
    )
    page = _parse(write_report_html(sub, tmp_path / "r.html"))
    assert {"否", "是"} <= set(page.marks)
    assert "近三年是否发生重大安全生产事故、重大环境事故" in " ".join(page.text)


def test_comparer_spans_with_context_mark_the_edit_and_the_gap(tmp_path):
    from model import Mismatch

    paper = "建立工艺知识库，工艺路线由CAPP系统结构化生成。"
    online = "建立工艺知识库，工艺路线由并引入了数字孪生技术，CAPP系统结构化生成。"
    m = Mismatch(
        field="instances[0].description",
        paper=paper,
        online=online,
        kind="changed",
        page=17,
        spans=[
            ["…识库，工艺路线由【】CAPP系统结构…", "…识库，工艺路线由【并引入了数字孪生技术】，CAPP系统结…"]
        ],
    )
    html = write_report_html(make_submission(mismatches=[m]), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<mark>并引入了数字孪生技术</mark>" in html
    assert '工艺路线由<mark class="gap"' in html


def test_values_that_are_comparer_excerpts_show_their_marked_part(tmp_path):
    from model import Mismatch

    span = ["…其中技术【】", "…其中技术【研发人员673人】，拥有…"]
    m = Mismatch(field="fields.company_intro", paper=span[0], online=span[1], kind="changed", spans=[span])
    html = write_report_html(make_submission(mismatches=[m]), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<mark>研发人员673人</mark>" in html and "【" not in html.split("三、纸质版")[1].split("四、")[0]


def test_short_values_that_differ_throughout_are_marked_whole(tmp_path):
    from model import Mismatch

    m = Mismatch(field="fields.contact.mobile", paper="18661458620", online="13912345678", kind="changed")
    html = write_report_html(make_submission(mismatches=[m]), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<mark>18661458620</mark>" in html and "<mark>13912345678</mark>" in html
