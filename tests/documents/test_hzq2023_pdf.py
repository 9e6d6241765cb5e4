"""pdf/hzq2023_working.pdf: 洪泽区 2023 (WPS export); 2019 single-row (六)其他处理; label typo
`2.其他法律行政止公开`; review totals printed 0 beside 10 upheld + 1 corrected; row numbers set a
few points above their labels (a row's numbers and label are one line by their middles)."""

import itertools

from conftest import processed, read_document

from ._six_sections import check_six_sections, values

PDF = "pdf/hzq2023_working.pdf"


def test_metadata():
    r = processed(PDF)
    assert r.status.value == "ok" and r.source_format == "pdf"
    assert (r.metadata.organization, r.metadata.report_year, r.metadata.template) == (
        "洪泽区人民政府",
        2023,
        "2019",
    )
    assert r.metadata.title == "洪泽区人民政府2023年政府信息公开工作年度报告"


def test_sections():
    check_six_sections(PDF)


def test_ruled_rows_are_lines_of_cells():
    lines = [b for b in read_document(PDF).blocks if b.raw.startswith("一、本年新收政府信息公开申请数量")]
    (line,) = lines
    assert [c.raw for c in line.cells] == [
        "一、本年新收政府信息公开申请数量",
        "21",
        "0",
        "0",
        "0",
        "0",
        "0",
        "21",
    ]
    assert line.ruled and line.page == 3
    # each number takes the extent of the drawn cell it sits in: the cells follow each other
    extents = [(c.x0, c.x1) for c in line.cells]
    assert all(a[1] <= b[0] + 0.5 for a, b in itertools.pairwise(extents))


def test_values():
    v = values(PDF)
    assert v[("active_disclosure.normative_documents", "repealed")] == 5
    assert v[("active_disclosure.licensing", "decisions")] == 550
    assert v[("active_disclosure.penalty", "decisions")] == 4119
    assert v[("active_disclosure.coercion", "decisions")] == 195
    assert v[("active_disclosure.admin_fees", "amount")] == 7730.28
    assert v[("requests.new_received", "natural_person")] == 21
    assert v[("requests.new_received", "total")] == 21
    assert v[("requests.results.partially_granted", "total")] == 4
    assert v[("requests.results.unable.not_held", "total")] == 10
    assert v[("requests.results.unable.needs_creation", "total")] == 3
    assert v[("requests.results.other", "total")] == 0
    assert v[("requests.results.total", "total")] == 21
    assert v[("review_litigation.review", "upheld")] == 10
    assert v[("review_litigation.review", "corrected")] == 1
    assert v[("review_litigation.review", "total")] == 0  # as printed
    assert v[("review_litigation.litigation_after_review", "upheld")] == 5


def test_typo_label_matched_and_flagged():
    row = next(
        s for s in processed(PDF).statistics if s.indicator_id == "requests.results.denied.law_prohibited"
    )
    assert row.label_raw == "2.其他法律行政止公开"
    assert "fuzzy_label" in row.flags
