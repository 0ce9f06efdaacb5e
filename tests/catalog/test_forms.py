"""The declaration form as data: validation at load time, printed label variants, field labels."""

from pathlib import Path

import pytest
from pydantic import BaseModel

from catalog.forms import field_label
from catalog.reference import CatalogError, load_form, load_reference
from extractors.label_match import match_label
from model.submission import Fields, Instance

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "catalog" / "data" / "forms" / "2023.yaml"


def _bad_form(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the 2023 form file with one text replaced -> its data dir."""
    text = FORM.read_text("utf-8")
    assert old in text, old
    (tmp_path / "forms").mkdir(parents=True)
    (tmp_path / "forms" / "2023.yaml").write_text(text.replace(old, new, 1), "utf-8")
    return tmp_path


def test_form_of_every_year_loads_with_both_2023_types():
    form = load_reference(2023).form
    assert list(form.types) == ["优秀场景", "示范工厂"]
    assert form.sections["示范工厂"][0] == "二、项目总体情况"
    assert form.seals == {"cover": ["applicant", "recommender"], "promise": ["company", "legal_rep"]}
    assert load_reference(2024).form.edition == "2023"  # the rule file's form_fallback


@pytest.mark.parametrize(("old", "new", "key"), [
    ("  company_name: {variants: [企业名称, 申报主体名称, 单位名称]}", "  company_name: {variants: []}",
     r"键 labels\.company_name\.variants"),
    ("  ownership: {variants: [企业性质]}", "  ownership: {variants: [企业性质], layuot: header}",
     r"键 labels\.ownership\.layuot"),
    ("  stamp_word: 盖章", "  stamp_word: 章", r"键 cover\.stamp_word"),
    ("  applicant: {page: cover,", "  applicant: {page: back,", r"键 seals\.applicant\.page"),
])
def test_malformed_form_file_names_the_key_and_line(tmp_path, old, new, key):
    data = _bad_form(tmp_path, old, new)
    with pytest.raises(CatalogError, match=rf"2023\.yaml 第 \d+ 行，{key}"):
        load_form("2023", data)


@pytest.mark.parametrize(("old", "new", "named"), [
    ("    annexes: [technologies, equipment, software, standards, patents]",
     "    annexes: [technologies, gadgets]", "gadgets"),
    ("default_type: 优秀场景", "default_type: 优秀厂景", "优秀厂景"),
    ("    members: [industry.category, industry.major, industry.middle]",
     "    members: [industry.category, industry.minor]", "industry.minor"),
    ("  size: {variants: [企业类型, 企业规模], printed: {优秀场景: 企业类型1,",
     "  size: {variants: [企业类型, 企业规模], printed: {优秀工厂: 企业类型1,", "优秀工厂"),
])
def test_a_name_the_form_does_not_define_is_an_error_naming_it(tmp_path, old, new, named):
    data = _bad_form(tmp_path, old, new)
    with pytest.raises(CatalogError, match=named):
        load_form("2023", data)


def test_labels_as_the_official_form_prints_them_are_recognised():
    """Footnote digits (企业类型1, 所属行业2) and （系统中下拉选择） hints do not hide a label."""
    form = load_form("2023")
    printed = [(path, text) for path, label in form.labels.items() for text in label.printed.values()]
    assert ("size", "企业类型1") in printed and ("size", "企业类型4") in printed
    for path, text in printed:
        assert match_label(text, form) == path, text


def test_industry_is_a_group_label_printed_over_three_column_headers():
    form = load_form("2023")
    group = form.label_groups["industry"]
    assert group.printed == {"优秀场景": "所属行业2", "示范工厂": "所属行业5"}
    assert group.layout == "header_row"
    assert [form.labels[m].layout for m in group.members] == ["header"] * 3
    assert form.labels["industry.category"].printed["优秀场景"] == "行业门类（系统中下拉选择）"


def _paths(model: type[BaseModel], prefix: str) -> list[str]:
    """Model -> dotted paths of its fields and their sub-models' fields (dict values and list items too)."""
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}"
        out.append(path)
        ann = info.annotation
        for cand in (ann, *getattr(ann, "__args__", ())):
            for inner in (cand, *getattr(cand, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    out += _paths(inner, path)
    return out


def test_every_extracted_field_has_a_chinese_label_in_the_form_file():
    form = load_form("2023")
    wanted = _paths(Fields, "fields") + [f"instances.{n}" for n in Instance.model_fields
                                         if n not in ("predicted", "tags")]
    missing = [p for p in wanted if p not in form.field_labels and not p.endswith(".page")]
    assert missing == []


@pytest.mark.parametrize(("path", "label"), [
    ("fields.company_intro", "企业简介"),
    ("instances[2].description", "场景实例3 场景实例描述"),
    ("fields.financials.2022.revenue", "近三年发展情况 2022年 主营业务收入（万元）"),
    ("fields.metrics.生产效率提升", "整体建设成效指标 生产效率提升"),
    ("fields.annexes.standards[0].name", "附3–附7 清单 standards1 名称"),
    ("seals.legal_rep", "印章 承诺书 法定代表人签章"),
    ("declaration_type", "申报类型"),
    ("fields.not_a_field", "not_a_field"),
])
def test_field_label_comes_from_the_form_file(path, label):
    assert field_label(path, load_form("2023")) == label


def test_field_label_follows_an_edited_form_file(tmp_path):
    data = _bad_form(tmp_path, "  fields.company_intro: 企业简介", "  fields.company_intro: 企业基本情况简介")
    form = load_form("2023", data)
    assert field_label("fields.company_intro", form) == "企业基本情况简介"
    assert field_label("instances[0].solution", form, sep=" · ") == "场景实例1 · 采用的技术方案"
    assert field_label("instances.solution", form, last=True) == "采用的技术方案"


def test_a_form_equals_its_reload_after_patterns_were_built_from_it(tmp_path):
    from extractors.document_index import Document
    from extractors.sections import find_headings

    form = load_form("2023")
    find_headings(Document(pages=[]), form, None)  # builds the heading patterns once, on the form
    assert form == load_form("2023", _bad_form(tmp_path, "edition: \"2023\"", "edition: \"2023\""))
