"""Every file under ../shared/corpus-real is read: ok or partial, never failed; reports have their
organization, year and table rows. The blank official template and the corpus's SOURCES.md are
not reports: `skipped`, with the reason, and nothing of them in the dataset."""

import pytest
from conftest import REAL, processed

NOT_REPORTS = ("docx/政务公开年报模版.docx", "SOURCES.md")
FILES = (
    sorted(
        p.relative_to(REAL).as_posix()
        for p in REAL.rglob("*")
        if p.is_file() and p.relative_to(REAL).as_posix() not in NOT_REPORTS
    )
    if REAL.exists()
    else []
)


@pytest.mark.skipif(not FILES, reason="../shared/corpus-real is absent in this clone")
@pytest.mark.parametrize("relative", FILES)
def test_every_real_file_is_read(relative):
    r = processed(relative)
    assert r.status.value in ("ok", "partial"), r.error
    assert r.statistics, "no table rows"
    assert all(s.table != "other" for s in r.statistics)
    assert r.metadata.organization and r.metadata.report_year


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus-real is absent in this clone")
@pytest.mark.parametrize("relative", NOT_REPORTS)
def test_files_that_are_not_reports_are_skipped_with_a_reason(relative):
    r = processed(relative)
    assert r.status.value == "skipped" and r.error.startswith("not a report")
    assert not r.statistics and not r.sections
