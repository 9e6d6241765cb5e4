"""pdf/80678.pdf: a 2011 web page exported by LibreOffice: the prose sits in drawn frames (a table
finder takes every paragraph for a table), the statistics table's label column falls outside its
ruled part and the table runs on to the next page; the closing date comes before the attachment."""

from conftest import processed, value_of

PDF = "pdf/80678.pdf"


def test_prose_in_frames_is_text_with_its_outline():
    r = processed(PDF)
    assert r.status.value == "ok"
    top = [(s.heading, s.category) for s in r.sections if s.level == 1]
    assert top == [
        ("概述", "overview"),
        ("主动公开政府信息情况", "proactive_disclosure"),
        ("政府信息依申请公开工作情况", "requests"),
        ("政府信息公开工作存在的主要问题及改进情况", "shortcomings"),
        ("附件1：平潭综合实验区管委会2011年政府信息公开情况统计表", "attachment"),
    ]
    assert r.metadata.published_date == "2012-02-20"


def test_table_with_its_labels_outside_the_ruling_and_over_two_pages():
    r = processed(PDF)
    assert value_of(r, "pre2019.proactive.items") == 425
    assert value_of(r, "pre2019.proactive.items", "cumulative") == 1516
    assert value_of(r, "pre2019.proactive.channels.website", "cumulative") == 1509
    assert value_of(r, "pre2019.requests.answered.denied") == 0  # 3.否决公开答复数, on the second page
    pages = {s.page for s in r.statistics}
    assert len(pages) == 2
