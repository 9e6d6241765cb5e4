"""One 2019+ report written as pipe text, web page, Word and PDF (tests/report2019.py) gives
identical statistics rows, metadata and six sections in every format, and no findings."""

import pytest
from report2019 import WRITERS

import pipeline


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report2019")
    out = {}
    for suffix, write in WRITERS.items():
        path = folder / f"report{suffix}"
        write(path)
        out[suffix] = pipeline.process(path, folder)
    return out


def _rows(result):
    return [(s.table, s.indicator_id, s.column, s.value) for s in result.statistics]


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_same_statistics_as_pipe_text(results, suffix):
    text, other = results[".txt"], results[suffix]
    assert other.status.value == "ok", other.error
    assert sorted(_rows(other)) == sorted(_rows(text))


def test_the_text_rendering(results):
    r = results[".txt"]
    assert r.status.value == "ok" and r.findings == []
    assert (
        r.metadata.organization,
        r.metadata.report_year,
        r.metadata.published_date,
        r.metadata.template,
    ) == ("测试市人民政府", 2023, "2024-01-20", "2019")
    tables = {s.table for s in r.statistics}
    assert tables == {"active_disclosure", "requests", "review_litigation"}
    assert sum(1 for s in r.statistics if s.table == "requests") == 25 * 7
    assert all(s.indicator_id for s in r.statistics)


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_metadata_sections_and_findings(results, suffix):
    r = results[suffix]
    assert r.findings == []
    assert (r.metadata.organization, r.metadata.report_year, r.metadata.template) == (
        "测试市人民政府",
        2023,
        "2019",
    )
    top = [s.category for s in r.sections if s.level == 1]
    assert top == [
        "overview",
        "proactive_disclosure",
        "requests",
        "review_litigation",
        "shortcomings",
        "other",
    ]
