from pipeline.normalize import tidy


def test_tidy_removes_spaces_next_to_chinese():
    assert tidy("2023 年 1 月 1 日") == "2023年1月1日"
    assert tidy("邮 编 ： 223100 ， 电 话") == "邮编：223100，电话"
    assert tidy("hzzwgk@126.com www.gov.cn") == "hzzwgk@126.com www.gov.cn"


def test_running_headers_dropped():
    from pipeline.model import Line
    from pipeline.readers.pdf import _drop_running_lines, _PageLine

    def line(page, top, text):
        return _PageLine(Line(text, [], page, 50, 500, top, top + 10, 10), 800)

    items = [
        line(p, t, text)
        for p in range(4)
        for t, text in [(20, "某某县人民政府文件"), (400, f"正文第{p}页"), (780, f"第 {p + 1} 页 共 4 页")]
    ]
    kept = [i.raw for i in _drop_running_lines(items, 4)]
    assert kept == ["正文第0页", "正文第1页", "正文第2页", "正文第3页"]


def test_words_cut_at_ruling_lines_and_given_their_cell():
    from pipeline.readers.pdf import _words
    from pipeline.readers.pdfgeometry import Char

    def char(text, x0, width=14.0):
        return Char(text, x0, x0 + width, 100.0, 114.0, 14.0)

    # `掌握相关政` and `22` nearly touch, but a ruling line at x=252 runs between them
    chars = [char(t, 178.7 + 14.35 * i) for i, t in enumerate("掌握相关政")] + [
        char("2", 253.8, 8.9),
        char("2", 262.7, 8.9),
    ]
    words = _words(chars, [146.0, 252.0, 298.0])
    assert [(w.raw, w.x0, w.x1) for w in words] == [("掌握相关政", 146.0, 252.0), ("22", 252.0, 298.0)]
    assert [w.raw for w in _words(chars, [])] == ["掌握相关政22"]
