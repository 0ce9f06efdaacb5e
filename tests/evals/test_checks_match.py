"""The eval's matching of reported against planted items is strict (issue 16 item 8)."""

from evals.checks_match import match, match_online_only, same_place


def test_a_seal_of_one_role_does_not_match_another_role():
    assert not same_place("seals.applicant", "seals.recommender")
    assert same_place("seals.legal_rep", "seals.legal_rep")
    score = match([("SEAL_MISSING", "seals.applicant")], [("SEAL_MISSING", "seals.recommender", "…")], "d")
    assert (score.found, score.missed, score.false_alarms) == (0, 1, 1)


def test_a_finding_without_a_path_matches_nothing_unless_the_rule_is_about_the_document():
    assert match([("CREDIT_CODE", "fields.credit_code")], [("CREDIT_CODE", None, "…")], "d").found == 0
    assert match([("MIN_LINKS", None)], [("MIN_LINKS", None, "…")], "d").found == 1


def test_a_repeated_report_of_one_planted_item_counts_as_a_false_alarm():
    score = match([("LIMIT_FIELD", "fields.intro")],
                  [("LIMIT_FIELD", "fields.intro", "a"), ("LIMIT_FIELD", "fields.intro", "b")], "d")
    assert (score.found, score.matched_reports, score.false_alarms) == (1, 1, 1)


def test_an_instance_item_matches_only_its_own_instance():
    assert same_place("instances[2].scene", "instances[2]")
    assert not same_place("instances[2].scene", "instances[3].scene")


def test_online_only_unpaired_is_matched_by_credit_code_not_by_count():
    planted = [{"credit_code": "91110000MA00000001"}]
    score = match_online_only(planted, ["91440000MA00000009"])
    assert (score.found, score.missed, score.false_alarms) == (0, 1, 1)
    assert match_online_only(planted, ["91110000MA00000001"]).found == 1
