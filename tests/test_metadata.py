from pipeline.metadata import clean_organization, extract_metadata, parse_date, title_match
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


# One test per failure class of metadata seen on other agencies' pages (issue 9); the examples
# are written in the forms those pages take, with invented names.


def test_organization_from_cue_phrases_of_the_first_sentences():
    published = _doc("政府信息公开年报", "现公布青山市人民政府2017年政府信息公开工作年度报告。", "一、概述")
    assert extract_metadata(published).organization == "青山市人民政府"
    compiled = extract_metadata(_doc("年度报告", "本报告由河包镇人民政府编制,全文包括概述、…", "一、概述"))
    assert compiled.organization == "河包镇人民政府"
    law = extract_metadata(
        _doc("东城区民政局根据《中华人民共和国政府信息公开条例》要求,编制本报告。", "一、概述")
    )
    assert law.organization == "东城区民政局"


def test_titles_with_the_year_first_after_work_wrapped_or_without_it():
    first = extract_metadata(_doc("2012年青山市卫生局政府信息公开工作年度报告", "一、概述"))
    assert (first.organization, first.report_year) == ("青山市卫生局", 2012)
    after = extract_metadata(_doc("青山市水利局政府信息公开工作2010年度报告", "一、概述"))
    assert (after.organization, after.report_year) == ("青山市水利局", 2010)
    wrapped = extract_metadata(_doc("青山市水利局2010年政府信息公开", "工作年度报告", "一、概述"))
    assert (wrapped.organization, wrapped.report_year) == ("青山市水利局", 2010)
    stop = extract_metadata(_doc("青山市水利局2010年政府信息公开工作年度报告。", "一、概述"))
    assert (stop.organization, stop.report_year) == ("青山市水利局", 2010)
    no_year = extract_metadata(
        _doc("青山市水利局政府信息公开工作年度报告", "本报告统计期限为2024年1月1日至12月31日。")
    )
    assert (no_year.organization, no_year.report_year) == ("青山市水利局", 2024)


def test_title_with_pinyin_glosses():
    meta = extract_metadata(_doc("青山市水利局2010年政府信息公开工作年度報(bào)告", "一、概述"))
    assert (meta.organization, meta.report_year) == ("青山市水利局", 2010)


def test_field_names_and_page_furniture_are_cleaned_from_the_name():
    for raw in ("名称青山市", "标题:青山街道办事处", "文号:关键字:青山区", "Page8-青山市水利局"):
        assert clean_organization(raw) in ("青山市", "青山街道办事处", "青山区", "青山市水利局"), raw
    assert clean_organization("标题:") == "" and clean_organization("Page8-") == ""
    meta = extract_metadata(_doc("标题:青山街道办事处2016年政府信息公开工作年度报告", "一、概述"))
    assert meta.organization == "青山街道办事处"


def test_full_name_from_the_signature():
    meta = extract_metadata(
        _doc("河包镇2019年政府信息公开工作年度报告", "正文。", "重庆市荣昌区河包镇人民政府", "2020年1月20日")
    )
    assert (meta.organization, meta.organization_full) == ("河包镇", "重庆市荣昌区河包镇人民政府")


def test_web_date_fields_in_their_forms():
    for lines in (
        ("发文日期 | 2018-02-28 |",),
        ("成文日期: | 2018-02-28",),
        ("生成日期/有效期: | 2018/2/28",),
        ("发布日期:", "2018-02-28"),
    ):
        meta = extract_metadata(_doc(*lines, "青山市2017年政府信息公开工作年度报告", "一、概述"))
        assert meta.published_date == "2018-02-28", lines


def test_date_in_brackets_under_the_title():
    meta = extract_metadata(_doc("青山市2022年政府信息公开工作年度报告", "(2023年1月31日)", "一、概述"))
    assert meta.published_date == "2023-01-31"


def test_years_stated_in_the_text():
    period = extract_metadata(_doc("年度报告", "本报告统计期限从2010年1月1日起至12月31日止。"))
    assert period.report_year == 2010
    hall = extract_metadata(_doc("年度报告", "2011年度政务大厅信息公开工作情况如下。"))
    assert hall.report_year == 2011
    wrapped = extract_metadata(_doc("年度报告", "本报告统计期限自2011", "年1月1日起。"))
    assert wrapped.report_year == 2011


def test_traditional_text_with_the_year_mid_line():
    meta = extract_metadata(
        _doc("青山市水利局政府信息公開工作年度報告", "本報告所列數據統計期限為2024年1月1日至12月31日。")
    )
    assert (meta.organization, meta.report_year) == ("青山市水利局", 2024)
