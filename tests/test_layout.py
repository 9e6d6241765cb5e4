"""Paragraphs from lines: wrapped lines joined where the text is wrapped, text nodes cut apart by a
web page's inline markup joined everywhere, separate paragraphs left separate."""

from pipeline.layout import paragraphs
from pipeline.readers.txt import text_lines


def _paragraphs(text: str) -> list[str]:
    return [p.raw for p in paragraphs(text_lines(text))]


def test_wrapped_text_is_joined_at_its_right_margin():
    # `w3m -dump`: paragraphs wrapped at one width, a blank line between paragraphs
    wrapped = (
        "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理，均在法定期限内答\n复。\n"
    )
    text = "一、总体情况\n\n" + wrapped * 4 + "\n二、主动公开政府信息情况\n"
    got = _paragraphs(text)
    assert got[0] == "一、总体情况" and got[-1] == "二、主动公开政府信息情况"
    # a line that ends at the margin goes on below; a short last line ends the paragraph
    assert got[1:-1] == [wrapped.replace("\n", "")] * 4


def test_indented_lines_start_paragraphs_in_wrapped_text():
    body = "2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大精神，\n"
    text = (
        "   一、总体情况\n"
        + body * 3
        + "   （一）主动公开情况。2024年，市政府网站主动公开信息5500余条，全年\n"
        + body
    )
    got = _paragraphs(text)
    assert got[0] == "一、总体情况"
    assert got[2].startswith("（一）主动公开情况。")


def test_text_nodes_cut_apart_by_inline_markup_are_joined():
    # one text node per line: a heading's number, the year's digits and a particle on lines of their own
    text = "五\n、\n存在\n的\n主要问题和改进措施\n201\n5\n年全区未收到有关政府信息公开申请\n。\n（\n二\n）\n改进措施\n"
    assert _paragraphs(text) == [
        "五、存在的主要问题和改进措施",
        "2015年全区未收到有关政府信息公开申请。",
        "（二）改进措施",
    ]


def test_paragraphs_one_per_line_stay_apart():
    # a scrape that writes every paragraph on a line of its own, of any length, is not wrapped
    lines = [
        "一、总体情况",
        "全年主动公开信息" + "很多" * 40 + "。",
        "二、主动公开政府信息情况",
        "正文" * 90 + "。",
    ]
    assert _paragraphs("\n".join(lines)) == lines
