import codecs

import pytest

from pipeline.readers import ReadError, ReadSettings
from pipeline.readers.txt import TextReader, decode, display_width, split_pipe_row, text_lines

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


def test_filler_lines_of_bare_pipes_are_dropped():
    lines = text_lines("标题\na | 1 |\n|\n| | |\nb | 2 |\n正文")
    assert [line.raw for line in lines] == ["标题", "a | 1 |", "b | 2 |", "正文"]
    assert [c.raw for c in lines[1].cells] == ["a", "1"]


BOX = """\
┌──────────────┬────────┬──────┐
│信息内容      │本年制发│      │
│              │件数    │      │
├──────────────┼────────┼──────┤
│行政规范性文件│69      │      │
└──────────────┴────────┴──────┘
"""


def test_box_drawn_cells_keep_their_drawn_columns():
    lines = text_lines(BOX)
    assert [line.raw for line in lines] == ["信息内容 本年制发", "件数", "行政规范性文件 69"]
    assert all(line.ruled for line in lines)
    header, wrapped, row = lines
    # a cell spans its box, whatever its text: the wrapped header word and the number share it
    assert (header.cells[1].x0, header.cells[1].x1) == (wrapped.cells[0].x0, wrapped.cells[0].x1)
    assert (row.cells[1].x0, row.cells[1].x1) == (header.cells[1].x0, header.cells[1].x1)


def test_aligned_columns_by_display_width():
    assert (
        display_width("规章") == 4 and display_width("（一）") == 6 and display_width("“三”") == 4
    )  # ambiguous-width quotes are narrow, as w3m draws them
    lines = text_lines("信息内容          本年制发件数\n规章              0\n行政规范性文件    69\n" * 2)
    zero, sixty_nine = lines[1].cells[1], lines[2].cells[1]
    assert zero.x0 == sixty_nine.x0 == lines[0].cells[1].x0  # same display column, not same character


def test_one_text_node_per_line_has_no_positions():
    lines = text_lines("行政许可\n2629\n行政处罚\n1330\n")
    assert all(c.x0 is None for line in lines for c in line.cells)
