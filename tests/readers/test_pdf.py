from pipeline.readers.pdf import tidy


def test_tidy_removes_spaces_next_to_chinese():
    assert tidy("2023 年 1 月 1 日") == "2023年1月1日"
    assert tidy("邮 编 ： 223100 ， 电 话") == "邮编：223100，电话"
    assert tidy("hzzwgk@126.com www.gov.cn") == "hzzwgk@126.com www.gov.cn"
