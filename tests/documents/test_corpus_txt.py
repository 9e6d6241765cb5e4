"""Every text file of ../shared/corpus-real/txt is read: ok or partial, organization and year found."""

import pytest
from conftest import REAL, processed

TXT = sorted(p.name for p in (REAL / "txt").glob("*.txt")) if (REAL / "txt").exists() else []


@pytest.mark.skipif(not TXT, reason="../shared/corpus-real/txt is absent in this clone")
@pytest.mark.parametrize("name", TXT)
def test_every_text_report_is_read(name):
    r = processed(f"txt/{name}")
    assert r.status.value in ("ok", "partial"), r.error
    assert r.metadata.organization
    assert r.metadata.report_year
    assert r.statistics, "no table rows"
    assert all(s.table != "other" for s in r.statistics)
