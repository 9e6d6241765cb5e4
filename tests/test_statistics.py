from pipeline.model import Document, Table
from pipeline.normalize import normalize_document
from pipeline.statistics import classify_table, extract_statistics, parse_value


def test_parse_value():
    assert parse_value("42").value == 42
    v = parse_value("0.5万元")
    assert (v.value, v.unit, v.flags) == (0.5, "万元", ["unit_in_value"])
    assert parse_value("+12").value == 12 and parse_value("-3").value == -3
    assert parse_value("1,234").value == 1234
    assert parse_value("42余").flags == ["approximate"]
    assert parse_value("").value is None and parse_value("").flags == []
    assert parse_value("—").flags == ["not_a_number"] and parse_value("无").value is None


def _table(rows):
    doc = normalize_document(Document([Table(rows)], "txt"))
    return doc.tables


def test_requests_row_with_too_few_cells_is_a_finding_not_a_guess():
    tables = _table(
        [
            ["申请人情况"],
            ["自然人", "法人或其他组织", "总计"],
            ["一、本年新收政府信息公开申请数量", "5", "0", "5"],
            ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
        ]
    )
    assert classify_table(tables[0]) == "requests"
    rows, findings = extract_statistics(tables)
    new = [r for r in rows if r.indicator_id == "requests.new_received"]
    assert len(new) == 7 and all(r.value is None for r in new)
    assert findings[0].rule == "cells_unplaced" and findings[0].actual == "3"
    carried = [r for r in rows if r.indicator_id == "requests.carried_over"]
    assert [r.value for r in carried] == [0] * 7


def test_navigation_bar_is_not_a_statistics_table():
    assert classify_table(_table([["使用帮助", "联系我们", "隐私保护"]])[0]) is None
