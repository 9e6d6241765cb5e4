"""txt/80506.trad.txt: the 2017 report converted to traditional characters (as mirror sites publish)."""

from conftest import processed, value_of


def test_traditional_text_gives_simplified_metadata():
    r = processed("txt/80506.trad.txt")
    assert r.status.value == "ok"
    assert r.metadata.organization == "平潭综合实验区"
    assert r.metadata.report_year == 2017
    assert r.metadata.published_date == "2018-01-23"


def test_traditional_labels_match_the_catalogue():
    r = processed("txt/80506.trad.txt")
    assert value_of(r, "pre2019.proactive.items") == 2122
    assert value_of(r, "pre2019.proactive.items", "cumulative") == 10037
    row = next(s for s in r.statistics if s.indicator_id == "pre2019.requests.received")
    assert row.label_raw == "受理政府信息依申請公開總數"  # kept as written
    assert all(s.indicator_id for s in r.statistics)


def test_same_facts_as_the_simplified_page():
    trad, simp = processed("txt/80506.trad.txt"), processed("txt/80506.pipes.txt")
    assert [(s.indicator_id, s.column, s.value) for s in trad.statistics] == [
        (s.indicator_id, s.column, s.value) for s in simp.statistics
    ]
    assert [(s.level, s.category) for s in trad.sections] == [(s.level, s.category) for s in simp.sections]
