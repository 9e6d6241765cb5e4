"""Corrupt, truncated, encrypted, scanned and mislabelled files: a plain error row each, never a crash."""

import pytest
from conftest import PROJECT

import pipeline

BAD = PROJECT / "tests" / "fixtures" / "bad"
EXPECTED = {
    "encrypted.pdf": ("failed", "encrypted PDF"),
    "truncated.pdf": ("failed", "corrupt or truncated PDF"),
    "scanned.pdf": ("failed", "no text layer (scanned image)"),
    "truncated.docx": ("failed", "corrupt or truncated Word file"),
    "garbage.docx": ("failed", "corrupt or truncated Word file"),
    "garbage.html": ("failed", "binary content"),
    "word-named.pdf": ("ok", ""),  # really a Word file: read as one
    "page-named.doc": ("ok", ""),  # really a web page
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file(name):
    result = pipeline.process(BAD / name, BAD)
    status, error = EXPECTED[name]
    assert result.status.value == status
    assert result.error.startswith(error), result.error
    assert "\n" not in result.error


def test_mislabelled_files_report_their_real_format():
    assert pipeline.process(BAD / "word-named.pdf").source_format == "docx"
    assert pipeline.process(BAD / "page-named.doc").source_format == "html"
