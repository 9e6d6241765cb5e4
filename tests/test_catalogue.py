import pytest
from conftest import SHARED

from pipeline.catalogue import label_key
from pipeline.template import surface, templates
from pipeline.vocabulary import data_text


def test_catalogue_is_the_spec():
    for name in ("indicators.csv", "columns.csv"):
        spec = SHARED / "spec" / name
        if not spec.exists():
            pytest.skip("../shared/spec is absent in this clone")
        assert data_text(name) == spec.read_text(encoding="utf-8"), (
            f"pipeline/data/{name} differs from the spec"
        )


def test_label_keys():
    assert label_key("其中：1、政府网站公开数") == "政府网站公开数"
    assert label_key("(二)部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert label_key("(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)") == "主动公开政府信息数"
    assert label_key("統 計 指 標") == "统计指标"


def test_repeated_labels_have_several_entries():
    rows = templates()["pre2019_stats"].exact[label_key("(一)维持具体行政行为数")]
    assert {row.indicator_id for row in rows} == {"pre2019.appeals.upheld", "pre2019.complaints.upheld"}


def test_labels_and_header_words_are_known_by_every_prefix():
    requests = templates()["requests"]
    assert {w.column for w in requests.exact[surface("商业企业")]} == {"commercial_enterprise"}
    assert {w.column for w in requests.exact[surface("社会公益 组织")]} == {"social_welfare_org"}
    assert [i.indicator_id for i in requests.prefixes[surface("(三")]] == ["requests.results.denied"]
    assert "requests.results.denied" in {getattr(i, "indicator_id", "") for i in requests.prefixes["不予"]}
    active = templates()["active_disclosure"]
    assert {w.column for w in active.exact[surface("本年收费金额（单位：万元）")]} == {"amount"}
    assert {w.role for w in active.exact[surface("信息内容")]} == {"label"}
