from pipeline.metadata import extract_metadata, parse_date, title_match
from pipeline.model import Document, Paragraph
from pipeline.normalize import normalize_document


def _doc(*lines: str) -> Document:
    return normalize_document(Document([Paragraph(line) for line in lines], "txt"))


def test_dates():
    assert parse_date("2017年2月23日") == "2017-02-23"
    assert parse_date("二○一二年二月二十日") == "2012-02-20"
    assert parse_date("二〇二〇年一月三十一日") == "2020-01-31"
    assert parse_date("2017年2月30日") == ""


def test_title():
    m = title_match("淮安市洪泽区人民政府2024年政府信息公开工作年度报告")
    assert m["org"] == "淮安市洪泽区人民政府" and m.group(2) == "2024"
    assert title_match("当前位置:首页政务公开政府信息公开政府信息公开年报") is None


def test_unit_field_holds_two_fields():
    meta = extract_metadata(_doc("2016年,在县委", "单位名称:微山县科技局联系人及电话:8222458"))
    assert (meta.organization, meta.contact, meta.report_year) == ("微山县科技局", "8222458", 2016)


def test_signature_above_closing_date():
    meta = extract_metadata(
        _doc("2011年度政府信息公开工作年度报告", "正文。", "平潭县人民政府", "二○一二年二月二十日")
    )
    assert (meta.organization, meta.published_date, meta.report_year) == (
        "平潭县人民政府",
        "2012-02-20",
        2011,
    )


def test_split_title_takes_organization_from_line_above():
    meta = extract_metadata(_doc("平潭综合实验区", "2015年度政府信息公开工作年度报告", "一、概述"))
    assert meta.organization == "平潭综合实验区" and meta.report_year == 2015
