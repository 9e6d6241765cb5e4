"""txt/80445.pipes.txt: 平潭 2015 web page as pipe text; Fujian provincial table with 历年累计."""

from conftest import processed, value_of


def test_metadata_from_web_page():
    r = processed("txt/80445.pipes.txt")
    assert r.status.value == "ok"
    assert r.metadata.organization == "平潭综合实验区"
    assert r.metadata.report_year == 2015
    assert r.metadata.published_date == "2016-01-12"  # page's 时间：2016-01-12 16:08; no closing date
    assert r.metadata.title == "平潭综合实验区2015年度政府信息公开工作年度报告"


def test_provincial_table_value_and_cumulative():
    r = processed("txt/80445.pipes.txt")
    assert value_of(r, "pre2019.proactive.items") == 2949
    assert value_of(r, "pre2019.proactive.items", "cumulative") == 81916
    assert value_of(r, "pre2019.proactive.channels.website", "cumulative") == 81916  # 其中：1、政府网站公开数
    assert value_of(r, "pre2019.requests.received.letter_fax", "cumulative") == 1
    assert value_of(r, "pre2019.requests.answered.other_type") == 0
    fees = next(s for s in r.statistics if s.indicator_id == "pre2019.fees_waived" and s.column == "value")
    assert fees.unit == "元"  # as written, not the catalogue's 万元


def test_site_menus_are_not_sections():
    r = processed("txt/80445.pipes.txt")
    assert r.sections[0].category == "preamble"
    assert r.sections[0].text.startswith("根据《中华人民共和国政府信息公开条例》")
    top = [(s.heading, s.category) for s in r.sections if s.level == 1]
    assert top == [
        ("概述", "overview"),
        ("主动公开政府信息情况", "proactive_disclosure"),
        ("政府信息依申请公开工作情况", "requests"),
        ("政府信息公开的收费及减免情况", "fees"),
        ("因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
        ("主要问题和改进措施", "shortcomings"),
        ("平潭综合实验区政府信息公开情况统计表", "attachment"),
    ]
    assert "扫一扫" not in r.sections[-1].text
