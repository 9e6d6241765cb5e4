import codecs

import pytest

from pipeline.model import Paragraph, Table
from pipeline.readers import ReadError, ReadSettings
from pipeline.readers.txt import TextReader, decode, lines_to_blocks, split_pipe_row

TEXT = "2016年,在县委、县政府的正确领导下。\n一、强化组织领导\n统 计 指 标 | 单位 | 统计数 |\n"


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings(encoding, expected):
    text, used, warnings = decode(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT and used == expected and not warnings


def test_bad_bytes_are_replaced_with_a_warning():
    data = (TEXT * 20).encode() + b"\xff\xfe\xfa" + (TEXT * 20).encode()
    text, _, warnings = decode(data)
    assert "一、强化组织领导" in text and warnings


def test_binary_and_empty_and_huge():
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(256)) * 20)
    with pytest.raises(ReadError, match="empty"):
        decode(codecs.BOM_UTF8 + b"   \n ")
    with pytest.raises(ReadError, match="too large"):
        TextReader().read(b"x" * 101, ReadSettings(max_text_bytes=100))


def test_pipe_rows():
    assert split_pipe_row("一、主动公开情况 | 42 | |") == ["一、主动公开情况", "42", ""]
    assert split_pipe_row("二、回应解读情况 | ||") == ["二、回应解读情况", "", ""]
    assert split_pipe_row("| a | b |") == ["a", "b"]


def test_filler_lines_and_lone_pipes_do_not_break_a_table():
    blocks = lines_to_blocks(["标题", "a | 1 |", "|", "| | |", "b | 2 |", "正文"])
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph]
    assert blocks[1].raw == [["a", "1"], ["b", "2"]]


def test_one_cell_per_pipe_line_is_regrouped():
    lines = ["规章 |", "0 |", "0 |", "0 |", "行政规范性文件 |", "58 |", "45 |", "546 |"]
    (table,) = lines_to_blocks(lines)
    assert table.raw == [["规章", "0", "0", "0"], ["行政规范性文件", "58", "45", "546"]]
