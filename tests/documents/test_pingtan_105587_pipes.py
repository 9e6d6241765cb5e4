"""txt/105587.pipes.txt: 2025 report, 2021 format with the three-row (六)其他处理."""

from conftest import processed, value_of


def test_requests_table_2021():
    r = processed("txt/105587.pipes.txt")
    assert r.metadata.report_year == 2025
    assert r.metadata.published_date == "2026-03-10"
    assert value_of(r, "requests.new_received", "natural_person") == 151
    assert value_of(r, "requests.new_received", "total") == 154
    assert value_of(r, "requests.results.other.no_supplement", "total") == 8
    assert value_of(r, "requests.results.other.fee_unpaid", "total") == 2
    assert value_of(r, "requests.results.other.other", "total") == 1
    assert value_of(r, "requests.carried_forward", "commercial_enterprise") == 2
    assert value_of(r, "review_litigation.review", "upheld") == 25
    assert value_of(r, "review_litigation.review", "total") == 36
    assert not [
        s for s in r.statistics if s.table == "requests" and s.indicator_id == "requests.results.other"
    ]
