"""The rendering matrix: every dev report of ../shared/corpus-real, in every form real corpora hold it
(web page, pipe text, one text node per line, w3m, traditional characters, Word and PDF exports,
pdftotext -layout), gives the same statistics rows (indicator, column, value) as its reference
rendering: the web page where there is one, else the PDF. Cells a rendering itself lost are listed
below with the reason; there the value is empty and a finding says so, never a guess."""

from collections import defaultdict

import pytest
from conftest import REAL, processed

# (file, indicator, column) -> what the rendering did to the cell
LOST = {
    ("txt/80506.lines.txt", "pre2019.proactive.channels.website", "value"): (
        "the page splits 2122 and 10037 into the text nodes 2 122 10 037: two numbers from four "
        "pieces fit two ways (2 | 12210037 or 2122 | 10037)"
    ),
    ("txt/80506.lines.txt", "pre2019.proactive.channels.website", "cumulative"): "as above",
}


def _renderings() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    if REAL.exists():
        for path in sorted(REAL.rglob("*")):
            if path.is_file() and path.suffix != ".md":
                groups[path.name.split(".")[0]].append(path.relative_to(REAL).as_posix())
    return {stem: files for stem, files in groups.items() if len(files) > 1}


def _reference(files: list[str]) -> str:
    return (
        next(f for f in files if f.startswith("html/"))
        if any(f.startswith("html/") for f in files)
        else next(f for f in files if f.startswith("pdf/"))
    )


CASES = [
    (_reference(files), other)
    for files in _renderings().values()
    for other in files
    if other != _reference(files)
]


def _cells(relative: str) -> dict[tuple[str, str], float | None]:
    return {(s.indicator_id, s.column): s.value for s in processed(relative).statistics if s.indicator_id}


@pytest.mark.skipif(not CASES, reason="../shared/corpus-real is absent in this clone")
@pytest.mark.parametrize("reference,rendering", CASES)
def test_same_rows_as_the_reference(reference, rendering):
    want, got = _cells(reference), _cells(rendering)
    assert set(got) == set(want), "rows differ"
    lost = {(i, c) for f, i, c in LOST if f == rendering}
    assert {k: got[k] for k in want if k not in lost} == {k: v for k, v in want.items() if k not in lost}
    findings = {f.indicator_id for f in processed(rendering).findings if f.rule == "cells_unplaced"}
    for indicator, column in lost:
        assert got[(indicator, column)] is None and indicator in findings


def test_the_matrix_covers_every_form():
    forms = {f.split("/")[0] if f.count(".") == 1 else f.split(".")[-2] for _, f in CASES}
    if not CASES:
        pytest.skip("../shared/corpus-real is absent in this clone")
    assert forms >= {"docx", "pdf", "pipes", "lines", "w3m", "layout", "trad"}
