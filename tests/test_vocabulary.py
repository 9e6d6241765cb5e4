"""Numbers written in Chinese, and the limits that keep hostile text cheap."""

from pipeline.model import Document, Paragraph
from pipeline.normalize import normalize_document
from pipeline.outline import extract_sections
from pipeline.vocabulary import chinese_number


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("三", "十二", "二十", "二○一二", "两")] == [3, 12, 20, 2012, 2]
    assert chinese_number("") is None and chinese_number("三x") is None


def test_a_numeral_of_thousands_of_digits_is_not_a_number():
    assert chinese_number("一" * 5000) is None  # int() of it would raise past 4,300 digits
    doc = normalize_document(Document([Paragraph("一" * 5000 + "、标题"), Paragraph("正文。")], "txt"))
    assert extract_sections(doc, 0, len(doc.blocks))
