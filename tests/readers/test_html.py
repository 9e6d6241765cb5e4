from pipeline.model import Paragraph, Table
from pipeline.readers import ReadSettings
from pipeline.readers.html import HtmlReader

PAGE = """<html><head><meta charset="gbk"><meta name="ArticleTitle" content="某县2020年政府信息公开工作年度报告">
<meta name="PubDate" content="2021-01-20 10:00"></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><a>政府信息公开年报</a></div>
<div class="x"><p>本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2020年1月1日起至2020年12月31日止。</p>
<p>一、总体情况</p><p>2020年，本县认真贯彻落实政府信息公开条例，全面推进政务公开工作，成效明显。</p>
<table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>7</td></tr>
<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr></table></div>
<div class="footer">版权所有：某县人民政府 网站标识码 123</div></body></html>"""


def _read(html: str, encoding: str = "gbk"):
    return HtmlReader().read(html.encode(encoding), ReadSettings())


def test_declared_encoding_meta_hints_and_article_only():
    doc = _read(PAGE)
    assert doc.encoding == "gb18030"
    assert doc.page_title == "某县2020年政府信息公开工作年度报告"
    assert doc.page_date == "时间：2021-01-20 10:00"
    texts = [b.raw for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts[1] == "一、总体情况"
    assert not any("首页" in t or "版权所有" in t for t in texts)


def test_merged_cells_once_with_their_columns():
    (table,) = [b for b in _read(PAGE).blocks if isinstance(b, Table)]
    assert [[(c.raw, c.x0, c.x1) for c in row.cells] for row in table.rows] == [
        [("三、本年度办理结果", 0, 1), ("（一）予以公开", 1, 3), ("7", 3, 4)],
        [("（三）不予公开", 1, 2), ("1.属于国家秘密", 2, 3), ("0", 3, 4)],  # column 0 covered by the rowspan
    ]


def test_control_characters_in_a_page_are_dropped_not_an_internal_error():
    # found by fuzzing: lxml parses them, then refuses them when a dropped <script> moves its tail
    body = "<p>本机关认真贯彻落实政府信息公开条例。</p>" * 20
    page = (
        f"<html><body><div>{body}<p>2016年\x0b报告</p><script>x</script>\x0b工作年度报告</div></body></html>"
    )
    texts = [p.raw for p in HtmlReader().read(page.encode("utf-8"), ReadSettings()).paragraphs]
    assert texts[-2:] == ["2016年报告", "工作年度报告"]
