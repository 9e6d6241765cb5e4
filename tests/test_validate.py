from pipeline.model import StatRow
from pipeline.validate import check_identities, check_narrative


def _row(indicator_id, value):
    return StatRow(
        "pre2019_stats", 1, indicator_id, "", "value", "件", value, "" if value is None else str(value)
    )


def test_parts_that_do_not_add_up():
    rows = [
        _row("pre2019.appeals", 3),
        _row("pre2019.appeals.upheld", 1),
        _row("pre2019.appeals.corrected", 1),
        _row("pre2019.appeals.other", 0),
    ]
    (finding,) = check_identities(rows)
    assert (finding.rule, finding.expected, finding.actual) == ("sum_children", "2", "3")


def test_blank_parts_are_not_zero():
    rows = [
        _row("pre2019.appeals", 3),
        _row("pre2019.appeals.upheld", 1),
        _row("pre2019.appeals.corrected", None),
        _row("pre2019.appeals.other", None),
    ]
    assert check_identities(rows) == []
    rows[0] = _row("pre2019.appeals", 0)
    assert check_identities(rows)[0].message.endswith("(some cells blank)")


def test_narrative_mismatch():
    rows = [_row("pre2019.requests.received", 5)]
    (finding,) = check_narrative("全年共收到政府信息公开申请7件。", rows)
    assert (finding.rule, finding.expected, finding.actual) == ("text_table_mismatch", "5", "7")
