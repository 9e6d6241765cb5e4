"""The seed report as .txt, .docx and .pdf (tests/make_fixtures.py) gives the same facts."""

import pytest
from conftest import SEED

import pipeline


def _facts(path):
    r = pipeline.process(path, path.parent)
    assert r.status.value == "ok", r.error
    m = r.metadata
    return (
        (m.organization, m.report_year, m.published_date, m.template),
        [(s.level, s.heading, s.category) for s in r.sections],
        [(s.indicator_id, s.column, s.value, s.unit) for s in r.statistics],
    )


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_same_facts_as_the_text(suffix):
    other = SEED.with_suffix(suffix)
    assert other.exists(), "run tests/make_fixtures.py"
    text_meta, text_sections, text_stats = _facts(SEED)
    meta, sections, stats = _facts(other)
    assert meta == text_meta
    assert stats == text_stats
    assert sections == text_sections
