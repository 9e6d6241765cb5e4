from pipeline.model import Document, Paragraph
from pipeline.normalize import normalize_document
from pipeline.outline import classify_heading, extract_sections


def test_categories_from_vocabulary():
    assert classify_heading("存在的不足和下一步工作思路") == "shortcomings"
    assert classify_heading("因政府信息公开申请行政复议、提起行政诉讼的情况") == "review_litigation"
    assert classify_heading("政府信息公开的收费及减免情况") == "fees"
    assert classify_heading("其他需要报告的事项") == "other"
    assert classify_heading("基本做法") == ""


def test_inline_heading_ends_at_first_full_stop_and_parents():
    doc = normalize_document(
        Document(
            [
                Paragraph("前言。"),
                Paragraph("一、总体情况"),
                Paragraph("（一）主动公开情况。2024年，全年主动公开信息100条。"),
                Paragraph("一是加强领导。二是完善制度。"),
                Paragraph("（二）基本情况"),
                Paragraph("二、存在的主要问题及改进情况"),
            ],
            "txt",
        )
    )
    got = [(s.section_no, s.level, s.parent_no, s.heading, s.category, s.text) for s in extract_sections(doc)]
    assert got == [
        (1, 0, None, "", "preamble", "前言。"),
        (2, 1, None, "总体情况", "overview", ""),
        (3, 2, 2, "主动公开情况。", "proactive_disclosure", "2024年，全年主动公开信息100条。"),
        (4, 3, 3, "加强领导。", "organization", "二是完善制度。"),
        (5, 2, 2, "基本情况", "overview", ""),
        (6, 1, None, "存在的主要问题及改进情况", "shortcomings", ""),
    ]


def test_top_level_heading_that_lost_its_number():
    doc = normalize_document(
        Document(
            [
                Paragraph("一、总体情况"),
                Paragraph("全年主动公开信息100条。"),
                Paragraph("收到和处理政府信息公开申请情况"),  # `三、` lost in extraction
                Paragraph("（一）予以公开情况。本年度..."),
                Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
            ],
            "txt",
        )
    )
    got = [(s.level, s.heading, s.category, s.parent_no) for s in extract_sections(doc)]
    assert got == [
        (1, "总体情况", "overview", None),
        (1, "收到和处理政府信息公开申请情况", "requests", None),
        (2, "予以公开情况。", "requests", 2),
        (1, "政府信息公开行政复议、行政诉讼情况", "review_litigation", None),
    ]
    assert extract_sections(doc)[0].text == "全年主动公开信息100条。"


def test_headings_that_lost_their_line_break():
    # a Word or PDF export that ran the next heading into the paragraph above, and a heading into
    # its own first sentence
    doc = normalize_document(
        Document(
            [
                Paragraph("一、总体情况2024年，本区认真贯彻落实《条例》，全年主动公开信息100条。"),
                Paragraph("全区共受理申请12件。二、主动公开政府信息情况"),
                Paragraph("三、收到和处理政府信息公开申请情况"),
            ],
            "txt",
        )
    )
    got = [(s.level, s.heading, s.category, s.text) for s in extract_sections(doc)]
    assert got == [
        (
            1,
            "总体情况",
            "overview",
            "2024年，本区认真贯彻落实《条例》，全年主动公开信息100条。\n全区共受理申请12件。",
        ),
        (1, "主动公开政府信息情况", "proactive_disclosure", ""),
        (1, "收到和处理政府信息公开申请情况", "requests", ""),
    ]
