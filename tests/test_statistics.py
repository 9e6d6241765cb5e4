"""Values placed in columns, and how: by order, by grid position, by the table's identities; what
stays ambiguous is an empty value and a finding."""

from pipeline.layout import lay_out
from pipeline.model import Cell, Document, Line, Table
from pipeline.normalize import normalize_document
from pipeline.readers import ReadSettings
from pipeline.readers.txt import TextReader
from pipeline.statistics import extract_statistics, parse_value

HEADER = "申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"
CARRIED = "二、上年结转政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n"


def test_parse_value():
    assert parse_value("42").value == 42
    v = parse_value("0.5万元")
    assert (v.value, v.unit, v.flags) == (0.5, "万元", ("unit_in_value",))
    assert parse_value("+12").value == 12 and parse_value("-3").value == -3
    assert parse_value("1,234").value == 1234
    assert parse_value("42余").flags == ("approximate",)
    assert parse_value("").value is None and parse_value("").flags == ()
    assert parse_value("—").flags == ("not_a_number",) and parse_value("无").value is None


def _stats(text: str):
    doc = normalize_document(TextReader().read(text.encode(), ReadSettings()))
    return extract_statistics(lay_out(doc).tables)


def _grid(rows: list[list[str]]):
    lines = [Line(" | ".join(row), [Cell(t, x0=i, x1=i + 1) for i, t in enumerate(row)]) for row in rows]
    doc = normalize_document(Document([Table(lines)], "html"))
    return extract_statistics(lay_out(doc).tables)


def _cells(rows, indicator):
    return {r.column: r.value for r in rows if r.indicator_id == indicator}


def test_navigation_bar_is_not_a_statistics_table():
    assert _grid([["使用帮助", "联系我们", "隐私保护"]]) == ([], [])


def test_one_value_per_column_is_placed_by_order():
    rows, findings = _stats(HEADER + "一、本年新收政府信息公开申请数量\n5\n1\n0\n0\n2\n0\n8\n" + CARRIED)
    assert findings == []
    assert _cells(rows, "requests.new_received") == {
        "natural_person": 5,
        "commercial_enterprise": 1,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 2,
        "other_org": 0,
        "total": 8,
    }
    assert all("by_order" in r.flags for r in rows)


def test_legal_person_subtotal_column_from_the_header():
    rows, findings = _grid(
        [
            ["申请人情况"],
            ["自然人", "法人或其他组织", "总计"],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计"],
            ["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "2", "0", "3", "8"],
        ]
    )
    assert findings == []
    assert _cells(rows, "requests.new_received")["legal_person_subtotal"] == 3
    assert _cells(rows, "requests.new_received")["total"] == 8


def test_signed_changes_and_amounts_in_active_disclosure():
    rows, _ = _grid(
        [
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "396", "+12", "181"],
            ["行政处罚", "2648", "-3", "430"],
            ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", "135", "4432.52元"],
        ]
    )
    got = {(r.indicator_id, r.column): (r.value, r.unit) for r in rows}
    assert got[("active_disclosure.licensing", "change")] == (12, "件")
    assert got[("active_disclosure.penalty", "change")] == (-3, "件")
    assert got[("active_disclosure.procurement", "amount")] == (4432.52, "元")


def test_blank_cells_of_a_grid_are_placed_by_the_header_position():
    rows, findings = _grid(
        [
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "", "2", ""],
        ]
    )
    assert findings == []
    assert _cells(rows, "active_disclosure.regulations") == {"issued": None, "repealed": 2, "in_force": None}
    assert [r.flags for r in rows if r.value is not None] == [["by_grid"]]


def _requests_table(cells: dict[str, str]) -> str:
    """Table 3 of the 2021 format, one text node per line; rows not given are all zeros."""
    from pipeline.catalogue import indicators

    lines = [HEADER]
    for row in indicators():
        if row.table == "requests" and row.kind != "group" and "2021" in row.versions:
            if row.indicator_id == "requests.results.other":
                continue  # a heading in the 2021 format
            lines.append(row.label + "\n" + cells.get(row.indicator_id, "0\n" * 7))
    return "".join(lines)


def test_dropped_empty_cells_placed_where_the_identities_leave_one_way():
    # one text node per line, empty cells gone: `5` `5` under seven columns. The row total (six
    # applicant columns) fixes the total; the column identities (the outcome rows add up to the
    # results total, column by column) fix which applicant column the other 5 stands in.
    five = "5\n0\n0\n0\n0\n0\n5\n"
    text = _requests_table(
        {
            "requests.new_received": five,
            "requests.results.granted": "5\n5\n",  # natural_person 5, the others blank
            "requests.results.total": five,
        }
    )
    rows, findings = _stats(text)
    granted = _cells(rows, "requests.results.granted")
    assert granted == {
        "natural_person": 5,
        "commercial_enterprise": None,
        "research_institution": None,
        "social_welfare_org": None,
        "legal_service_org": None,
        "other_org": None,
        "total": 5,
    }
    assert {r.column for r in rows if "by_identity" in r.flags} == {"natural_person", "total"}
    assert findings == []


def test_what_the_identities_leave_open_stays_empty():
    # the same, but the new requests and the results total dropped their empty cells too: the
    # identities then hold with the 5 in any one applicant column, so only the totals are certain
    five = "5\n5\n"
    text = _requests_table(
        {"requests.new_received": five, "requests.results.granted": five, "requests.results.total": five}
    )
    rows, findings = _stats(text)
    for row in ("requests.new_received", "requests.results.granted", "requests.results.total"):
        cells = _cells(rows, row)
        assert cells["total"] == 5 and cells["natural_person"] is None
    assert {f.indicator_id for f in findings} == {
        "requests.new_received",
        "requests.results.granted",
        "requests.results.total",
    }


def test_identities_never_invent_a_number():
    # the same rendering, but it lost a non-zero cell: `70` of 64 + 2 + 4 is left, the 4 is gone.
    # No placement fits the row total, so nothing is placed and nothing is computed: a finding.
    rows, findings = _stats(HEADER + "一、本年新收政府信息公开申请数量\n64\n0\n0\n2\n0\n70\n" + CARRIED)
    assert all(v is None for v in _cells(rows, "requests.new_received").values())
    (finding,) = findings
    assert (finding.rule, finding.indicator_id, finding.expected, finding.actual) == (
        "cells_unplaced",
        "requests.new_received",
        "7",
        "6",
    )
    assert "64 0 0 2 0 70" in finding.message


def test_numbers_cut_into_text_nodes_are_joined_only_when_one_way_fits():
    header = "指标名称\n计量单位\n本年度\n历年累计\n"
    rows, findings = _stats(
        header + "主动公开文件数\n条\n2122\n10\n037\n其中：1、政府网站公开数\n条\n2\n122\n10\n037\n"
    )
    assert _cells(rows, "pre2019.proactive.items") == {
        "value": 2122,
        "cumulative": 10037,
    }  # `037` cannot stand alone
    assert _cells(rows, "pre2019.proactive.channels.website") == {"value": None, "cumulative": None}
    assert [f.indicator_id for f in findings] == ["pre2019.proactive.channels.website"]


def test_value_in_the_unit_column_of_the_old_table():
    rows, _ = _stats(
        "统 计 指 标 | 单位 | 统计数 |\n一、主动公开情况 | 42 | |\n(一)主动公开政府信息数 | 条 | 20 |\n"
    )
    (proactive,) = [r for r in rows if r.indicator_id == "pre2019.proactive"]
    assert (proactive.value, proactive.flags) == (42, ["by_order", "value_in_unit_column"])
    assert _cells(rows, "pre2019.proactive.items") == {"value": 20}


def test_table4_with_dropped_cells_placed_by_its_block_totals():
    # 行政复议: 结果维持 1, 其他结果 2, 总计 3, the other two cells empty and dropped; the two
    # litigation blocks all 0. Only the review block can have lost two cells (its total is 1 + 2),
    # but which two of its four parts the totals cannot say: the total is placed, the 1 and the 2
    # are left empty, with a finding.
    header = "行政复议\n行政诉讼\n未经复议直接起诉\n复议后起诉\n"
    rows, findings = _stats(header + "1\n2\n3\n" + "0\n" * 10)
    review = _cells(rows, "review_litigation.review")
    assert review == {"upheld": None, "corrected": None, "other": None, "pending": None, "total": 3}
    assert set(_cells(rows, "review_litigation.litigation_direct").values()) == {0}
    assert set(_cells(rows, "review_litigation.litigation_after_review").values()) == {0}
    assert [f.rule for f in findings] == ["cells_unplaced"]
