"""Checks shared by the real 2019+ reports: the six top-level sections and their categories."""

from conftest import processed

SIX_SECTIONS = [
    ("总体情况", "overview"),
    ("主动公开政府信息情况", "proactive_disclosure"),
    ("收到和处理政府信息公开申请情况", "requests"),
    ("政府信息公开行政复议、行政诉讼情况", "review_litigation"),
    ("存在的主要问题及改进情况", "shortcomings"),
    ("其他需要报告的事项", "other"),
]
OVERVIEW_PARTS = ["proactive_disclosure", "requests", "information_management", "platforms", "oversight"]


def check_six_sections(relative: str) -> None:
    r = processed(relative)
    top = [(s.heading, s.category) for s in r.sections if s.level == 1]
    assert top == SIX_SECTIONS
    overview = next(s for s in r.sections if s.level == 1)
    parts = [s.category for s in r.sections if s.parent_no == overview.section_no and s.level == 2]
    assert parts == OVERVIEW_PARTS


def values(relative: str) -> dict[tuple[str, str], float | None]:
    return {(s.indicator_id, s.column): s.value for s in processed(relative).statistics}
