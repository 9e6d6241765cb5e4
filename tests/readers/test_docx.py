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


def test_template_tables_are_full_grids_in_body_order():
    doc = _read(real_file("docx/政务公开年报模版.docx").read_bytes())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.index("Table") == 4  # after 二、主动公开政府信息情况, not at the end
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [(len(t.raw), {len(r) for r in t.raw}) for t in tables] == [(14, {4}), (28, {10}), (4, {15})]
    active, requests, review = (t.raw for t in tables)
    assert active[0] == ["第二十条第（一）项"] * 4  # gridSpan
    assert active[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert requests[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]  # vMerge
    assert requests[7][:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    assert requests[27][:3] == ["四、结转下年度继续办理"] * 3
    assert review[1][5] == "未经复议直接起诉" and review[2][5] == "结果维持"


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
