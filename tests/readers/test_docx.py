"""The official blank template (docx/政务公开年报模版.docx) and generated Word files."""

import io

import docx
from conftest import real_file
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.model import Paragraph, Table
from pipeline.readers import ReadSettings
from pipeline.readers.docx import DocxReader


def _read(data: bytes):
    return DocxReader().read(data, ReadSettings())


def _grid(table: Table) -> list[list[tuple[str, int, int]]]:
    return [[(c.raw, c.x0, c.x1) for c in row.cells] for row in table.rows]


def test_template_tables_in_body_order_with_merged_cells_once():
    doc = _read(real_file("docx/政务公开年报模版.docx").read_bytes())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.index("Table") == 4  # after 二、主动公开政府信息情况, not at the end
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    widths = [max(c.x1 for row in t.rows for c in row.cells) for t in tables]
    assert [len(t.rows) for t in tables] == [14, 28, 4] and widths == [4, 10, 15]
    active, requests, review = (_grid(t) for t in tables)
    assert active[0] == [("第二十条第（一）项", 0, 4)]  # gridSpan: one cell over four columns
    assert [text for text, _, _ in active[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    # vMerge: `自然人` and `总计` continue from the row above, so this row holds the five in between
    assert requests[2] == [
        ("商业企业", 4, 5),
        ("科研机构", 5, 6),
        ("社会公益组织", 6, 7),
        ("法律服务机构", 7, 8),
        ("其他", 8, 9),
    ]
    assert requests[7][:2] == [("（三）不予公开", 1, 2), ("1.属于国家秘密", 2, 3)]
    assert requests[7][2:] == [("", column, column + 1) for column in range(3, 10)]  # blank cells kept
    assert requests[27][0] == ("四、结转下年度继续办理", 0, 3)
    assert review[1][5] == ("未经复议直接起诉", 5, 10) and review[2][0] == ("结果维持", 5, 6)


def test_list_numbering_restored():
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [
        ("总体情况", 0),
        ("主动公开情况", 1),
        ("依申请公开情况", 1),
        ("主动公开政府信息情况", 0),
    ]:
        p = word.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    out = io.BytesIO()
    word.save(out)
    texts = [b.raw for b in _read(out.getvalue()).blocks if isinstance(b, Paragraph)]
    assert texts == ["一、总体情况", "（一）主动公开情况", "（二）依申请公开情况", "二、主动公开政府信息情况"]
