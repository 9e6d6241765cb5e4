from pipeline.readers.pdf import tidy


def test_tidy_removes_spaces_next_to_chinese():
    assert tidy("2023 年 1 月 1 日") == "2023年1月1日"
    assert tidy("邮 编 ： 223100 ， 电 话") == "邮编：223100，电话"
    assert tidy("hzzwgk@126.com www.gov.cn") == "hzzwgk@126.com www.gov.cn"


def test_running_headers_and_page_numbers_dropped():
    from pipeline.readers.pdf import _drop_running_lines, _Line, _Placed

    def line(page, top, text):
        return _Placed(page, top, top + 10, 800, line=_Line(text, 50, 500, top, top + 10, 10))

    items = [
        line(p, t, text)
        for p in range(4)
        for t, text in [(20, "某某县人民政府文件"), (400, f"正文第{p}页"), (780, f"第 {p + 1} 页 共 4 页")]
    ]
    kept = [i.line.text for i in _drop_running_lines(items, 4)]
    assert kept == ["正文第0页", "正文第1页", "正文第2页", "正文第3页"]
