from pipeline.numbering import parse_numbering


def test_styles_and_levels():
    cases = {
        "一、总体情况": ("cn", 1, 1),
        "(三)不予公开": ("cn_paren", 3, 2),
        "2.重复申请": ("digit", 2, 3),
        "(12)加强": ("digit_paren", 12, 4),
        "十一、其他": ("cn", 11, 1),
        "二是利用广播": ("cn_shi", 2, 0),
        "第三部分 问题": ("part", 3, 1),
    }
    for text, (style, number, level) in cases.items():
        n = parse_numbering(text)
        assert (n.style, n.number, n.level) == (style, number, level), text


def test_not_numbering():
    assert parse_numbering("2016年,在县委") is None
    assert parse_numbering("0.5万元") is None
