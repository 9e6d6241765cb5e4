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


def test_requests_with_a_legal_person_subtotal_column():
    tables = _table(
        [
            ["申请人情况"],
            ["自然人", "法人或其他组织", "总计"],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计"],
            ["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "2", "0", "3", "8"],
        ]
    )
    rows, findings = extract_statistics(tables)
    assert findings == []
    got = {r.column: r.value for r in rows}
    assert got == {
        "natural_person": 5,
        "commercial_enterprise": 1,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 2,
        "other_org": 0,
        "legal_person_subtotal": 3,
        "total": 8,
    }


def test_signed_changes_and_amounts_in_active_disclosure():
    tables = _table(
        [
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "396", "+12", "181"],
            ["行政处罚", "2648", "-3", "430"],
            ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", "135", "4432.52元"],
        ]
    )
    rows, _ = extract_statistics(tables)
    got = {(r.indicator_id, r.column): (r.value, r.unit) for r in rows}
    assert got[("active_disclosure.licensing", "change")] == (12, "件")
    assert got[("active_disclosure.penalty", "change")] == (-3, "件")
    assert got[("active_disclosure.procurement", "amount")] == (4432.52, "元")
