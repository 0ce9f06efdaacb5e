"""compare_paper_online: normalisation, instance alignment, OCR noise tolerance, real edits with spans."""

from __future__ import annotations

import random

from checks_factory import make_factory_submission, make_instance, ref2023

from checks.paper_vs_online import compare_paper_online
from checks.textdiff import diff_long_text
from model.submission import Location, Source

LONG = ("本项目以数字化转型为主线，建设覆盖计划、生产、质量、设备的一体化管控平台。2022年3月完成MES系统上线，"
        "实现工单、物料与质量数据的实时采集；同年9月引入APS高级排程，订单准时交付率由82.5%提升至96.3%。"
        "通过机器视觉在线检测，产品不良率由1.2%降至0.4%，每年节约质量损失约860万元。下一步将推进数字孪生工厂建设，"
        "并把成熟方案向上下游12家配套企业复制推广，带动产业链整体提升。")


def _online_copy(paper):
    return paper.model_copy(update={"submission_id": "online-x", "source": Source(path="online.json", sha256="")},
                            deep=True)


def _set(sub, **fields):
    return sub.model_copy(update={"fields": sub.fields.model_copy(update=fields)})


def test_identical_records_have_no_mismatch():
    paper = make_factory_submission()
    assert compare_paper_online(paper, _online_copy(paper)) == []


def test_formatting_variants_are_the_same_value():
    paper = make_factory_submission(company_name="湖北华晟（武汉）精密机械有限公司", task_investment=1234.5,
                                    factory_address="武汉市，东西湖区；金山大道1号")
    online = _set(_online_copy(paper), company_name="湖北华晟(武汉)精密机械有限公司 ",
                  factory_address="武汉市,东西湖区;金山大道1号")
    assert compare_paper_online(paper, online) == []
    from checks.normalize import same_value
    assert same_value("1,234.50", 1234.5) and same_value("30%", 30) and same_value("2022年3月", "2022-03")
    assert same_value("自建", "自 建") and same_value("是", True)
    assert not same_value("2022年3月", "2022-04") and not same_value("1,234.50", 1234.6)


def test_changed_company_name_is_error_with_paper_page():
    paper = make_factory_submission()
    online = _set(_online_copy(paper), company_name="湖北华盛精工机械股份有限公司")
    [m] = compare_paper_online(paper, online)
    assert (m.field, m.kind, m.severity, m.page) == ("fields.company_name", "changed", "error", 2)
    assert m.paper == "湖北华晟精密机械有限公司" and m.online == "湖北华盛精工机械股份有限公司"


def test_changed_metric_and_financial_cell_are_errors():
    paper = make_factory_submission()
    online = _online_copy(paper)
    online.fields.metrics["生产效率提升"] = 36.0
    online.fields.financials["2022"].revenue = 25001.0
    fields = sorted(m.field for m in compare_paper_online(paper, online))
    assert fields == ["fields.financials.2022.revenue", "fields.metrics.生产效率提升"]


def test_value_only_online_is_missing_in_paper_and_reverse():
    paper = make_factory_submission()
    paper = _set(paper, task_subsector="汽车零部件")
    online = _set(_online_copy(paper), task_subsector=None)
    online.fields.contact.phone = "027-88886666"
    got = {(m.field, m.kind) for m in compare_paper_online(paper, online)}
    assert got == {("fields.contact.phone", "missing_in_paper"), ("fields.task_subsector", "missing_online")}


def test_dropped_instance_is_reported_and_others_still_align():
    paper = make_factory_submission()
    online = _online_copy(paper)
    extra = make_instance(ref2023(), 8, 14, name="供应链协同计划")
    online = online.model_copy(update={"instances": [*online.instances[:3], extra, *online.instances[3:]]})
    [m] = compare_paper_online(paper, online)
    assert (m.kind, m.severity, m.field) == ("missing_in_paper", "error", "instances")
    assert "供应链协同计划" in m.online
    # and the reverse: the paper lists an instance the online record lacks
    [m] = compare_paper_online(online, paper)
    assert (m.kind, m.field) == ("missing_online", "instances[3]")


def test_reordered_instances_are_a_warning_not_a_content_change():
    paper = make_factory_submission()
    online = _online_copy(paper)
    insts = list(online.instances)
    insts[1], insts[5] = insts[5], insts[1]
    found = compare_paper_online(paper, online.model_copy(update={"instances": insts}))
    assert found and all(m.field.endswith(".index") and m.severity == "warning" for m in found)


def test_renamed_instance_is_matched_by_content_and_name_change_reported():
    paper = make_factory_submission()
    online = _online_copy(paper)
    online.instances[2].name = "完全不同的名字"
    [m] = compare_paper_online(paper, online)
    assert (m.field, m.kind, m.severity) == ("instances[2].name", "changed", "error")


def _ocr_noise(text: str, rng: random.Random, n_errors: int) -> str:
    """Simulated OCR: confusables, lost punctuation, broken lines, a few random character errors."""
    text = text.replace("已", "己").replace("0", "O", 2).replace("1", "l", 1)
    text = text.replace("，", "", 2).replace("。", "\n", 2)
    chars = list(text)
    for _ in range(n_errors):
        k = rng.randrange(len(chars))
        if not chars[k].isascii():
            chars[k] = rng.choice("的一是了在人有中大")
    for k in sorted(rng.sample(range(len(chars)), 3), reverse=True):
        chars.insert(k, "\n")
    return "".join(chars)


def test_ocr_noise_alone_is_not_reported():
    rng = random.Random(7)
    for _ in range(30):
        assert diff_long_text(_ocr_noise(LONG, rng, 4), LONG) == []


def test_edited_number_in_ocr_text_is_error_with_spans():
    rng = random.Random(3)
    paper = _ocr_noise(LONG, rng, 3).replace("96.3", "98.3")
    diffs = diff_long_text(paper, LONG)
    assert [d.numeric for d in diffs] == [True]
    assert "98.3" in diffs[0].paper.replace("【", "").replace("】", "")
    assert "96.3" in diffs[0].online.replace("【", "").replace("】", "")


def test_added_or_removed_sentence_is_a_wording_warning():
    sentence = "同时建立了覆盖全厂的能源管理中心。"
    paper = make_factory_submission()
    online = _online_copy(paper)
    online.instances[4].narrative = paper.instances[4].narrative + sentence
    [m] = compare_paper_online(paper, online)
    assert (m.field, m.severity, m.page) == ("instances[4].narrative", "warning", paper.instances[4].narrative_page)
    assert m.spans and "能源管理中心" in m.spans[0][1] and "【】" in m.spans[0][0]


def test_changed_name_inside_long_text_is_reported():
    paper = LONG.replace("MES系统", "西门子MES系统")
    assert diff_long_text(paper, LONG)


def test_ocr_noise_in_short_field_is_tolerated_only_on_ocr_pages():
    paper = make_factory_submission(company_name="湖北华晟精密机械有跟公司")
    online = _set(_online_copy(paper), company_name="湖北华晟精密机械有限公司")
    assert [m.field for m in compare_paper_online(paper, online)] == ["fields.company_name"]
    scanned = paper.model_copy(update={"source": paper.source.model_copy(update={"kind": "scanned",
                                                                                  "ocr_pages": [2]})})
    assert compare_paper_online(scanned, online) == []


def test_digit_change_in_short_field_is_reported_even_on_ocr_pages():
    paper = make_factory_submission()
    paper = paper.model_copy(update={"source": paper.source.model_copy(update={"kind": "scanned"}),
                                     "provenance": {**paper.provenance, "fields.contact.phone": Location(page=2)}})
    paper.fields.contact.phone = "027-87654321"
    online = _online_copy(paper)
    online.fields.contact.phone = "027-87654329"
    assert [m.field for m in compare_paper_online(paper, online)] == ["fields.contact.phone"]


def _guide_text(ref, rng: random.Random, n: int) -> str:
    """Catalog guide summaries shuffled into an n-character narrative-like text with numbers."""
    parts = [f"{s.summary}，{s.name}项目投资{rng.randrange(100, 9999)}万元，效率提升{rng.randrange(5, 60)}.{rng.randrange(10)}%。"
             for s in ref.guide.scenes]
    rng.shuffle(parts)
    return "".join(parts * 3)[:n]


def test_one_percent_random_ocr_noise_on_long_texts_is_not_reported_but_edits_are():
    ref = ref2023()
    rng = random.Random(11)
    pool = [ch for s in ref.guide.scenes for ch in s.summary]
    for _ in range(15):
        text = _guide_text(ref, rng, 2500)
        chars = list(text)
        for k, ch in enumerate(chars):
            if rng.random() < 0.01 and not ch.isdigit():
                chars[k] = rng.choice(["", rng.choice(pool), ch + rng.choice(pool)])
        noisy = "".join(chars)
        assert diff_long_text(noisy, text) == []
        at = rng.randrange(100, 2000)
        edited = noisy[:at] + "并新增了一条全自动包装生产线" + noisy[at:]
        assert diff_long_text(edited, text)


def _scanned(sub):
    return sub.model_copy(update={"source": sub.source.model_copy(update={"kind": "scanned",
                                                                          "ocr_pages": list(range(1, 61))})})


def test_blank_paper_value_on_an_ocr_page_is_not_missing_in_paper():
    paper = _scanned(make_factory_submission(ownership=None))
    online = _set(_online_copy(paper), ownership="民营企业")
    assert compare_paper_online(paper, online) == []
    digital = make_factory_submission(ownership=None)
    assert [(m.field, m.kind) for m in compare_paper_online(digital, online)] == [("fields.ownership",
                                                                                   "missing_in_paper")]


def test_blank_paper_value_with_extraction_incomplete_is_not_missing_in_paper():
    from model.submission import Finding

    paper = make_factory_submission(ownership=None)
    paper = paper.model_copy(update={"findings": [Finding(rule="EXTRACTION_INCOMPLETE", severity="error",
                                                          message="x", field="fields.ownership")]})
    online = _set(_online_copy(paper), ownership="民营企业")
    assert compare_paper_online(paper, online) == []


def test_label_read_into_the_credit_code_cell_is_not_a_mismatch():
    paper = make_factory_submission()
    code = paper.fields.credit_code
    paper = _set(paper, credit_code=f"{code} 成立时间")
    assert compare_paper_online(paper, _set(_online_copy(paper), credit_code=code)) == []
    from checks.identity import is_valid_credit_code
    assert is_valid_credit_code(f"{code} 成立时间")


def test_ocr_typo_in_declared_link_is_the_same_link_on_scans():
    paper = _scanned(make_factory_submission())
    online = _online_copy(paper)
    paper.instances[0].declared_link = paper.instances[0].declared_link[:2] + "设" + paper.instances[0].declared_link[2:]
    assert compare_paper_online(paper, online) == []


def test_digit_zero_read_for_letter_o_in_a_word_is_noise_but_edited_decimal_is_not():
    assert diff_long_text("通过0EE看板，设备效率提升12.5%", "通过OEE看板，设备效率提升12.5%") == []
    assert diff_long_text("版本V1.0上线，提升l2.5%", "版本V1.0上线，提升12.5%") == []
    assert diff_long_text("通过了1SO14001环境管理体系认证", "通过了ISO14001环境管理体系认证") == []
    assert diff_long_text("通过了1S014001环境管理体系认证", "通过了ISO14001环境管理体系认证") == []
    assert diff_long_text("通过了ISO14001环境管理体系认证", "通过了ISO9001环境管理体系认证")
    # a space read inside a word turns its letters into a "number": 「Windchil 1」 is still Windchill
    assert diff_long_text("基于Windchil 1平台管理图文档", "基于Windchill平台管理图文档") == []
    assert diff_long_text("产能提升11%", "产能提升12%")
    assert diff_long_text("版本V1.0上线，提升12.5%", "版本V1.0上线，提升12.8%")
    assert diff_long_text("产能100台", "产能10台")


def test_two_character_wording_edit_is_reported_on_a_text_layer_only():
    paper = make_factory_submission()
    online = _online_copy(paper)
    online.instances[1].narrative = paper.instances[1].narrative.replace("公司", "企业", 1)
    [m] = compare_paper_online(paper, online)
    assert (m.field, m.severity) == ("instances[1].narrative", "warning")
    assert compare_paper_online(_scanned(paper), online) == []


def test_instance_differing_in_most_cells_is_one_whole_row_mismatch():
    paper = make_factory_submission()
    online = _online_copy(paper)
    other = make_instance(ref2023(), 2, 14)
    online.instances[2] = other.model_copy(update={"name": paper.instances[2].name, "results": "年节约电费120万元。"})
    [m] = compare_paper_online(paper, online)
    assert (m.field, m.kind, m.severity, m.page) == ("instances[2]", "changed", "error", paper.instances[2].page)
    assert len(m.spans) >= 4 and any(a.startswith("场景实例描述：") for a, _ in m.spans)


def test_characters_lost_under_a_seal_on_a_scanned_cover_are_not_a_change():
    paper = _scanned(make_factory_submission(project_name="金威电子电感器件工厂"))
    online = _set(_online_copy(paper), project_name="金威电子电感器件智能制造示范工厂")
    assert compare_paper_online(paper, online) == []
    digital = make_factory_submission(project_name="金威电子电感器件工厂")
    assert [m.field for m in compare_paper_online(digital, online)] == ["fields.project_name"]
    renamed = _set(_online_copy(paper), project_name="华东精工轴承智能工厂")
    assert [m.field for m in compare_paper_online(paper, renamed)] == ["fields.project_name"]


def test_page_number_footer_inside_a_narrative_is_not_a_number_change():
    online = "项目实施后效率提升35%。设备联网率达到95%，年节约成本200万元。"
    assert diff_long_text("项目实施后效率提升35%。设备联网率达到\n- 12 -\n95%，年节约成本200万元。", online) == []
    assert diff_long_text("项目实施后效率提升35%。第 3 页 共 20 页\n设备联网率达到95%，年节约成本200万元。", online) == []


def test_ocr_losses_on_scans_are_tolerated_but_a_dropped_legal_form_word_is_not():
    from checks.paper_vs_online import same_short_text

    assert same_short_text("泉州鑫力流体机", "泉州鑫力流体机械股份有限公司", noisy=True)        # truncated by a seal
    assert same_short_text("滁州隆达乳业有限责任公司（盖章）".replace("（盖章）", ""), "滁州隆达乳业有限责任公司",
                           noisy=True)
    assert not same_short_text("泉州鑫力流体机械有限公司", "泉州鑫力流体机械股份有限公司", noisy=True)
    assert not same_short_text("泉州鑫力流体机械有限公司", "泉州鑫力流体机械股份有限公司", noisy=False)


def test_seal_label_read_into_the_applicant_is_not_a_change():
    paper = _scanned(make_factory_submission(applicant="湖北华晟精密机械有限公司（盖章）"))
    online = _set(_online_copy(paper), applicant="湖北华晟精密机械有限公司")
    assert compare_paper_online(paper, online) == []


def test_table_rule_read_as_a_lone_one_is_noise_but_a_changed_count_is_not():
    assert diff_long_text("该方案由达索1 系统(上海)信息技术有限公司实施", "该方案由达索系统(上海)信息技术有限公司实施") == []
    # a count printed with a space before its measure word is a number, not a rule, when the other has it
    assert diff_long_text("主导或参与制定国家及行业标准1 项。公司主导产品", "主导或参与制定国家及行业标准1项。公司主导产品") == []
    assert diff_long_text("主导或参与制定国家及行业标准1 项。公司主导产品", "主导或参与制定国家及行业标准2项。公司主导产品")
    [d] = diff_long_text("共建设备 1 台", "共建设备 2 台")
    assert d.numeric and "1" in d.paper and "2" in d.online


def test_two_ocr_misreads_in_a_long_name_are_noise_unless_they_touch_the_legal_form():
    from checks.paper_vs_online import same_short_text

    assert same_short_text("鑫宏半等集成电路封装智能制造示范工厂", "鑫宏半导体集成电路封装智能制造示范工厂", noisy=True)
    assert not same_short_text("鑫宏半等集成电路封装智能制造示范工厂", "鑫宏半导体集成电路封装智能制造示范工厂", noisy=False)
    assert not same_short_text("湖北华晟精密机械设备有限公司", "湖北华晟精密机械设备股份有限公司", noisy=True)
    assert not same_short_text("湖北华晟精密机械设备股份有限公司", "湖北华晟精密机械设备有限公司", noisy=True)


def test_a_two_character_edit_on_a_scan_is_only_a_tentative_warning_for_the_second_reading():
    paper = _scanned(make_factory_submission(company_intro=LONG))
    online = _set(_online_copy(paper), company_intro=LONG.replace("下一步将推进", "下一步将加快"))
    assert compare_paper_online(paper, online) == []
    [m] = compare_paper_online(paper, online, tentative=True)
    assert m.status == "tentative" and m.severity == "warning" and m.field == "fields.company_intro"
    digital = make_factory_submission(company_intro=LONG)
    [d] = compare_paper_online(digital, _set(_online_copy(digital), company_intro=online.fields.company_intro),
                               tentative=True)
    assert d.detail is None


def test_a_one_character_change_of_the_company_name_on_a_scan_goes_to_the_second_reading():
    # scans-hard-1: 盛鸿 -> 晟鸿 online was taken for OCR noise (one character in 12) and never reported
    paper = _scanned(_set(make_factory_submission(), company_name="福州盛鸿精密机械有限责任公司"))
    online = _set(_online_copy(paper), company_name="福州晟鸿精密机械有限责任公司")
    assert compare_paper_online(paper, online) == []
    [m] = compare_paper_online(paper, online, tentative=True)
    assert (m.field, m.status, m.severity) == ("fields.company_name", "tentative", "warning")
    assert m.paper == "福州盛鸿精密机械有限责任公司" and "【盛】" in m.spans[0][0] and "【晟】" in m.spans[0][1]


def test_a_one_character_difference_in_other_short_fields_stays_ocr_noise_on_a_scan():
    # a second reading confirms a consistent misreading (选代 for 迭代) as readily as an edit
    paper = _scanned(_set(make_factory_submission(), project_name="基于运行数据的精密主轴设计选代优化工厂"))
    online = _set(_online_copy(paper), project_name="基于运行数据的精密主轴设计迭代优化工厂")
    assert compare_paper_online(paper, online, tentative=True) == []
