from pipeline.model import StatRow
from pipeline.validate import check_identities, check_narrative


def _row(indicator_id, value):
    return StatRow(
        "pre2019_stats", 1, indicator_id, "", "value", "件", value, "" if value is None else str(value)
    )


def test_parts_that_do_not_add_up():
    rows = [
        _row("pre2019.appeals", 3),
        _row("pre2019.appeals.upheld", 1),
        _row("pre2019.appeals.corrected", 1),
        _row("pre2019.appeals.other", 0),
    ]
    (finding,) = check_identities(rows)
    assert (finding.rule, finding.expected, finding.actual) == ("sum_children", "2", "3")


def test_blank_parts_are_not_zero():
    rows = [
        _row("pre2019.appeals", 3),
        _row("pre2019.appeals.upheld", 1),
        _row("pre2019.appeals.corrected", None),
        _row("pre2019.appeals.other", None),
    ]
    assert check_identities(rows) == []
    rows[0] = _row("pre2019.appeals", 0)
    assert check_identities(rows)[0].message.endswith("(some cells blank)")


def test_narrative_mismatch():
    rows = [_row("pre2019.requests.received", 5)]
    (finding,) = check_narrative("全年共收到政府信息公开申请7件。", rows)
    assert (finding.rule, finding.expected, finding.actual) == ("text_table_mismatch", "5", "7")


def _request(indicator_id, column, value):
    return StatRow("requests", 1, indicator_id, "", column, "件", value, str(value))


def test_requests_balance_and_outcome_total():
    rows = [
        _request("requests.new_received", "total", 10),
        _request("requests.carried_over", "total", 2),
        _request("requests.results.granted", "total", 6),
        _request("requests.results.other", "total", 3),
        _request("requests.results.total", "total", 9),
        _request("requests.carried_forward", "total", 2),
    ]
    (finding,) = check_identities(rows)
    assert (finding.rule, finding.expected, finding.actual) == ("requests_balance", "11", "12")


def test_outcome_total_uses_the_three_other_rows_of_2021():
    rows = [
        _request("requests.results.granted", "total", 6),
        _request("requests.results.partially_granted", "total", 0),
        _request("requests.results.denied.state_secret", "total", 0),
        _request("requests.results.unable.not_held", "total", 0),
        _request("requests.results.not_processed.petition", "total", 0),
        _request("requests.results.other.no_supplement", "total", 1),
        _request("requests.results.other.other", "total", 2),
        _request("requests.results.total", "total", 10),
    ]
    (finding,) = check_identities(rows)
    assert (finding.rule, finding.expected, finding.actual) == ("requests_results_total", "9", "10")


def test_row_total_is_the_six_applicant_columns():
    columns = [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
    ]
    rows = [_request("requests.new_received", c, 1) for c in columns] + [
        _request("requests.new_received", "total", 7)
    ]
    (finding,) = check_identities(rows)
    assert (finding.rule, finding.indicator_id, finding.expected, finding.actual) == (
        "requests_row_total",
        "requests.new_received",
        "6",
        "7",
    )


def test_expected_and_actual_are_plain_numbers_for_every_rule():
    import pytest
    from conftest import REAL

    import pipeline

    if not REAL.exists():
        pytest.skip("../shared/corpus-real is absent in this clone")
    findings = [f for path in sorted(REAL.glob("txt/*.txt")) for f in pipeline.process(path).findings]
    assert {f.rule for f in findings} >= {"text_table_approximate", "cells_unplaced"}
    for finding in findings:
        float(finding.expected), float(finding.actual)  # raises for a phrase
