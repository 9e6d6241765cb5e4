"""Where the article body starts: after the title and the page furniture under it."""

import pytest
from conftest import REAL, processed

from pipeline.body import body_span
from pipeline.model import Document, Paragraph
from pipeline.normalize import normalize_document


def _doc(*lines: str) -> Document:
    return normalize_document(Document([Paragraph(line) for line in lines], "txt"))


def test_page_furniture_under_the_title_is_not_body():
    doc = _doc(
        "青山市2021年政府信息公开工作年度报告",
        "来源：青山市人民政府办公室时间：2022-02-08 16:34",
        "微信 微博 QQ空间",
        "• 全真版",
        "相关链接：",
        "根据《条例》要求,编制本报告。",
        "一、总体情况",
    )
    assert body_span(doc)[0] == 5


def test_a_short_first_sentence_is_body():
    doc = _doc("青山市2021年政府信息公开工作年度报告", "来源于群众,服务群众。", "一、总体情况")
    assert body_span(doc)[0] == 1


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus-real is absent in this clone")
@pytest.mark.parametrize(
    "relative",
    ["txt/80613.lines.txt", "txt/80613.w3m.txt", "html/105587.html", "txt/80576.layout.txt", "pdf/80576.pdf"],
)
def test_real_preamble_starts_after_furniture_and_wrapped_titles(relative):
    preamble = processed(relative).sections[0]
    assert preamble.level == 0 and preamble.text.startswith(("根据", "本报告根据")), preamble.text[:40]
