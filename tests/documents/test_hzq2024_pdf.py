"""pdf/hzq2024_working.pdf: 淮安市洪泽区 2024; consistent tables; requests table across two pages."""

from conftest import processed

from ._six_sections import check_six_sections, values

PDF = "pdf/hzq2024_working.pdf"


def test_metadata_and_sections():
    r = processed(PDF)
    assert r.status.value == "ok"
    assert (r.metadata.organization, r.metadata.report_year, r.metadata.template) == (
        "淮安市洪泽区人民政府",
        2024,
        "2019",
    )
    check_six_sections(PDF)


def test_requests_table_read_across_pages():
    r = processed(PDF)
    pages = {s.indicator_id: s.page for s in r.statistics if s.table == "requests"}
    assert pages["requests.new_received"] == 3 and pages["requests.carried_forward"] == 4
    forward = [s.value for s in r.statistics if s.indicator_id == "requests.carried_forward"]
    assert forward == [0] * 7


def test_values():
    v = values(PDF)
    assert v[("active_disclosure.normative_documents", "issued")] == 3
    assert v[("active_disclosure.normative_documents", "in_force")] == 8
    assert v[("active_disclosure.licensing", "decisions")] == 9487
    assert v[("active_disclosure.penalty", "decisions")] == 2776
    assert v[("active_disclosure.admin_fees", "amount")] == 7545
    assert v[("requests.new_received", "total")] == 95
    assert v[("requests.results.granted", "total")] == 50
    assert v[("requests.results.partially_granted", "total")] == 9
    assert v[("requests.results.unable.not_held", "total")] == 31
    assert v[("requests.results.total", "total")] == 95
    assert [
        v[("review_litigation.review", c)] for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [1, 1, 0, 0, 2]
    assert v[("review_litigation.litigation_direct", "total")] == 1
    assert v[("review_litigation.litigation_after_review", "other")] == 1
    assert v[("review_litigation.litigation_after_review", "total")] == 3
