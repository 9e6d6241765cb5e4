"""Every file under ../shared/corpus-real is read: ok or partial, never failed; reports have their
organization, year and table rows (the blank official template has tables but no organization)."""

import pytest
from conftest import REAL, processed

FILES = (
    sorted(p.relative_to(REAL).as_posix() for p in REAL.rglob("*") if p.is_file() and p.suffix != ".md")
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
    if not relative.startswith("docx/"):
        assert r.metadata.organization and r.metadata.report_year
