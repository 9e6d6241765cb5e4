"""txt/80678.pipes.txt: 2011 report; closing date in Chinese numerals (二○一二年二月二十日)."""

from conftest import processed, value_of


def test_chinese_numeral_closing_date():
    r = processed("txt/80678.pipes.txt")
    assert r.metadata.published_date == "2012-02-20"
    assert r.metadata.report_year == 2011
    assert r.metadata.organization == "平潭综合实验区"


def test_2011_provincial_table():
    r = processed("txt/80678.pipes.txt")
    assert value_of(r, "pre2019.proactive.items") == 425  # 主动公开信息数
    assert value_of(r, "pre2019.proactive.items", "cumulative") == 1516
    assert value_of(r, "pre2019.proactive.channels.website") == 418  # 其中：1.网站公开
    assert value_of(r, "pre2019.requests.received.email") == 0
    assert value_of(r, "pre2019.requests.received.other") == 0  # 6.其它形式申请数
    assert value_of(r, "pre2019.requests.answered.denied") == 0  # 3.否决公开答复数
    assert value_of(r, "pre2019.petitions") == 0  # 行政申诉数
