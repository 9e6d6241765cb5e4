from pipeline.normalize import compact, fold


def test_full_width_forms_and_spaces():
    assert fold("（一）主动公开\u3000情况") == "(一)主动公开 情况"
    assert fold("１２３\u00a0条") == "123 条"
    assert fold("a\u200bb\ufeff") == "ab"


def test_traditional_to_simplified():
    assert fold("受理政府信息依申請公開總數") == "受理政府信息依申请公开总数"
    assert fold("平潭綜合實驗區") == "平潭综合实验区"


def test_compact():
    assert compact("统 计 指 标") == "统计指标"
