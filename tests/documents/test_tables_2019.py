"""Every real 2019+ report, in every rendering: all 15 values of table 4 (review and litigation) and
the whole `总计` column of table 3, as printed (read off the documents; tables_2019.json).

Table 4 order: 行政复议, 未经复议直接起诉, 复议后起诉; each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
"""

import json
from pathlib import Path

import pytest
from conftest import processed

EXPECTED = json.loads((Path(__file__).with_name("tables_2019.json")).read_text(encoding="utf-8"))
CASES = [(report, f) for report, spec in EXPECTED.items() for f in spec["files"]]
BLOCKS = (
    "review_litigation.review",
    "review_litigation.litigation_direct",
    "review_litigation.litigation_after_review",
)
COLUMNS = ("upheld", "corrected", "other", "pending", "total")


@pytest.mark.parametrize("report,relative", CASES)
def test_table4_and_requests_total_column(report, relative):
    r = processed(relative)
    assert r.metadata.template == "2019"
    values = {(s.indicator_id, s.column): s.value for s in r.statistics}
    assert [values.get((b, c)) for b in BLOCKS for c in COLUMNS] == EXPECTED[report]["table4"]
    totals = {
        i: values[(i, "total")]
        for i, _ in values
        if i.startswith("requests.") and (i, "total") in values and values[(i, "total")] is not None
    }
    assert totals == EXPECTED[report]["requests_total"]


def test_inconsistent_review_totals_are_findings_not_fixes():
    r = processed("pdf/hzq2023_working.pdf")
    found = {(f.rule, f.indicator_id, f.expected, f.actual) for f in r.findings if f.severity == "error"}
    assert found == {
        ("review_total", "review_litigation.review", "11", "0"),
        ("review_total", "review_litigation.litigation_after_review", "5", "0"),
    }


def test_consistent_report_has_no_findings():
    # narrative: 受理3119件, 行政复议351件, 行政诉讼46件 (26 + 20): all agree with the tables
    assert processed("pdf/szfgs2024.pdf").findings == []


def test_possible_scope_mismatch_is_a_warning():
    (finding,) = processed("pdf/hzq2024_working.pdf").findings
    assert (finding.rule, finding.severity, finding.expected, finding.actual) == (
        "text_table_mismatch",
        "warning",
        "95",
        "17",
    )
