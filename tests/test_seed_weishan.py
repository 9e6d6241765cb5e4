"""The seed report: 微山县科技局2016年政府信息公开工作年度报告.txt (pipe-row 统计表, national 2014 table)."""

from __future__ import annotations

from conftest import value_of

from pipeline.catalogue import indicators
from pipeline.model import Status


def test_metadata(seed):
    assert seed.status is Status.OK
    assert seed.metadata.organization == "微山县科技局"
    assert seed.metadata.report_year == 2016
    assert seed.metadata.published_date == "2017-02-23"
    assert seed.metadata.template == "pre2019"
    assert seed.metadata.contact == "8222458"
    assert seed.encoding == "utf-8"


def test_sections_outline_and_categories(seed):
    got = [(s.level, s.heading, s.category) for s in seed.sections if s.level in (1, 2)]
    assert got[:6] == [
        (1, "强化组织领导,有效推进政府信息公开。", "organization"),
        (1, "多形式搭建平台,主动公开政府信息", "platforms"),
        (1, "突出重点,扎实推进政府信息公开工作", "key_points"),
        (1, "存在的不足和下一步工作思路", "shortcomings"),
        (2, "存在的问题和不足", "shortcomings"),
        (2, "改进措施", "improvements"),
    ]
    assert seed.sections[0].category == "preamble" and seed.sections[0].level == 0
    assert seed.sections[0].text.startswith("2016年,在县委、县政府的正确领导下")
    by_heading = {s.heading: s for s in seed.sections}
    assert by_heading["改进措施"].parent_no == by_heading["存在的不足和下一步工作思路"].section_no
    assert any(s.category == "attachment" for s in seed.sections)


def test_value_written_in_unit_column(seed):
    row = next(s for s in seed.statistics if s.indicator_id == "pre2019.proactive")
    assert (row.value, row.value_raw, row.unit) == (42, "42", "条")
    assert "value_in_unit_column" in row.flags


def test_value_with_unit_in_unit_column(seed):
    row = next(s for s in seed.statistics if s.indicator_id == "pre2019.capacity")
    assert (row.value, row.unit, row.value_raw) == (0.5, "万元", "0.5万元")
    assert {"value_in_unit_column", "unit_in_value"} <= set(row.flags)


def test_blank_cell_is_missing_not_zero(seed):
    row = next(s for s in seed.statistics if s.indicator_id == "pre2019.proactive.channels.weibo")
    assert row.value is None and row.value_raw == ""
    assert value_of(seed, "pre2019.requests.received") is None


def test_note_in_parentheses_is_not_a_value(seed):
    row = next(s for s in seed.statistics if s.indicator_id == "pre2019.proactive.items")
    assert row.label_raw.startswith("(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)")
    assert row.value == 20


def test_which_of_rows_are_children(seed):
    assert value_of(seed, "pre2019.proactive.items.normative_docs") == 6
    assert value_of(seed, "pre2019.capacity.staff.part_time") == 2
    assert value_of(seed, "pre2019.training.trainees") == 2
    # every row of the national table that has cells is present once, blank or not; a heading
    # row with empty cells (`二、回应解读情况 | ||`) is not
    ids = [s.indicator_id for s in seed.statistics]
    national = [
        i.indicator_id
        for i in indicators()
        if i.table == "pre2019_stats"
        and i.versions == "2014-2018"
        and i.indicator_id
        not in ("pre2019.response", "pre2019.response.channels", "pre2019.requests", "pre2019.training")
    ]
    assert ids == national
    assert "" not in ids


def test_narrative_number_against_table(seed):
    finding = next(f for f in seed.findings if f.indicator_id == "pre2019.proactive")
    assert finding.rule == "text_table_approximate"
    # expected and actual are plain numbers for every rule; the phrase is in the message
    assert (finding.expected, finding.actual) == ("42", "42")
    assert "42余条" in finding.message


def test_channels_add_up(seed):
    assert not [f for f in seed.findings if f.rule == "sum_children"]


def _values(result) -> list[tuple[str, float | None]]:
    return [(s.indicator_id, s.value) for s in result.statistics]


def test_written_with_full_width_digits_and_bars_it_gives_the_same_values(seed, tmp_path):
    from conftest import SEED

    import pipeline

    text = SEED.read_text(encoding="utf-8")
    wide = text.replace("|", "｜").translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert wide != text
    (tmp_path / "wide.txt").write_text(wide, encoding="utf-8")
    result = pipeline.process(tmp_path / "wide.txt")
    assert _values(result) == _values(seed) and sum(v is not None for _, v in _values(result)) == 12
    assert {s.value_raw for s in result.statistics} >= {"２０", "４２"}  # the raw text is kept


def test_encoded_in_big5_it_falls_through_to_big5_and_gives_the_same_values(seed, tmp_path):
    import opencc
    from conftest import SEED

    import pipeline

    traditional = opencc.OpenCC("s2tw").convert(SEED.read_text(encoding="utf-8"))
    # GB18030 decodes these bytes too, into unassigned code points: it must not stop there
    (tmp_path / "big5.txt").write_bytes(traditional.encode("big5"))
    result = pipeline.process(tmp_path / "big5.txt")
    assert (result.status, result.encoding) == (Status.OK, "big5")
    assert (result.metadata.organization, result.metadata.report_year) == ("微山县科技局", 2016)
    assert _values(result) == _values(seed)
