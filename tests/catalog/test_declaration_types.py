"""Declaration types are data: a rule file declares its types, and a Submission of one of them gets that
year's rules (the 2024 卓越级智能工厂 call is added by catalog/data/rules/2024.yaml alone)."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from catalog.reference import CatalogError, known_declaration_types, load_reference, load_rules
from checks.engine import check_submission, resolve_year
from model.submission import Fields, Source, Submission
from reports.reco_order import quota_warnings

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "catalog" / "data"
EXCELLENT = "卓越级智能工厂"
SRC_PDF = Source(path="x.pdf", sha256="0")


def _data_dir(tmp_path: Path, rules_2024: str) -> Path:
    """A catalog with the real guides and forms, the 2023 rules and the given 2024 rule file."""
    data = tmp_path / "data"
    for sub in ("guides", "forms", "rules"):
        (data / sub).mkdir(parents=True)
    for sub in ("guides", "forms"):
        for f in (SRC / sub).glob("*.yaml"):
            (data / sub / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (data / "rules" / "2023.yaml").write_text((SRC / "rules" / "2023.yaml").read_text("utf-8"), "utf-8")
    (data / "rules" / "2024.yaml").write_text(rules_2024, "utf-8")
    return data


def test_a_2024_rule_file_adds_its_type_to_the_catalog(tmp_path):
    data = _data_dir(tmp_path, (SRC / "rules" / "2024.yaml").read_text("utf-8"))
    rules = load_rules(2024, data)
    assert rules.declaration_types == [EXCELLENT] and rules.is_factory(EXCELLENT)
    assert known_declaration_types(data) == ("优秀场景", "示范工厂", EXCELLENT)


def test_a_quota_for_an_undeclared_type_is_an_error_naming_it(tmp_path):
    text = (SRC / "rules" / "2024.yaml").read_text("utf-8").replace("省: {卓越级智能工厂: 20}", "省: {领航级智能工厂: 20}")
    data = _data_dir(tmp_path, text)
    with pytest.raises(CatalogError, match="领航级智能工厂"):
        load_rules(2024, data)


def test_a_type_the_named_form_does_not_print_is_an_error(tmp_path):
    text = (SRC / "rules" / "2024.yaml").read_text("utf-8").replace(
        "form_edition: null ", 'form_edition: "2023"')
    data = _data_dir(tmp_path, text)
    with pytest.raises(CatalogError, match=rf"申报类型「{EXCELLENT}」不在 2023 年版表单"):
        load_rules(2024, data)


def test_a_submission_of_the_2024_type_validates_and_gets_the_2024_rules():
    sub = Submission(submission_id="x", source=SRC_PDF, declaration_type=EXCELLENT, fields=Fields(declared_on="2024-11-20"))
    year = resolve_year(sub, None)
    assert year == 2024
    ref = load_reference(year)
    assert ref.rules.quotas is not None and ref.rules.quotas["省"] == {EXCELLENT: 20}
    check_submission(sub, ref)  # the year's checks run on it


def test_the_2024_quota_applies_to_submissions_of_that_type():
    subs = [Submission(submission_id=f"s{n}", source=SRC_PDF, year=2024, declaration_type=EXCELLENT, status="pass") for n in range(21)]
    warnings = quota_warnings(subs, load_rules(2024), "省")
    assert len(warnings) == 1 and f"推荐{EXCELLENT}上限为20个，本批共21个" in warnings[0]


def test_a_type_no_rule_file_declares_is_rejected():
    with pytest.raises(ValidationError, match="申报类型「优秀厂景」不在规则文件声明的申报类型中"):
        Submission(submission_id="x", source=SRC_PDF, declaration_type="优秀厂景")


@pytest.mark.parametrize("dtype", ["优秀场景", "示范工厂"])
def test_the_2023_types_keep_their_exact_names(dtype):
    assert Submission(submission_id="x", source=SRC_PDF, declaration_type=dtype).declaration_type == dtype
    assert dtype in load_rules(2023).declaration_types and dtype in load_reference(2023).form.types
