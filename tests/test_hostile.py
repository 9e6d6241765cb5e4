"""Hostile documents stay cheap: each form of `hostile.py` and mutated real files finish within the
batch's own time and memory limits with a plain row, and `process()` never raises."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, REAL, SEED, read_csv
from hostile import HOSTILE, MUTATIONS, docx_long_vmerge, docx_with_body, mutate, w_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.model import Status
from pipeline.readers import ReadSettings
from pipeline.readers.docx import table_grid
from pipeline.readers.html import table_grid as html_table_grid

# The batch's per-document limits stand for the bounds (10 s, 500 MB) with room for a
# loaded CI machine; the benchmark gives the measured figures.
_TIMEOUT, _MEMORY_MB = 20.0, 600
_LIMIT_ERRORS = ("took longer than the time limit", "ran out of memory", "the worker processing it died")
_UNEXPECTED = "unexpectedly"

# What each hostile file's row must say (its status and the start of its error; "" = none).
_EXPECTED = {
    "rects.pdf": ("failed", "page 1 has over 50,000 drawing objects"),
    "segments.pdf": ("failed", "page 1 has over 50,000 drawing objects"),
    "million-characters.pdf": ("failed", "page 1 has 1,001,998 characters (the limit is 50,000)"),
    "499-pages.pdf": ("skipped", "not a report"),  # read up to the document's character limit
    "grid-span.docx": ("ok", ""),
    "vmerge.docx": ("skipped", "not a report"),
    "spans.html": ("partial", "a web page table row has more than 200 columns: cut there"),
    "50mb.html": ("skipped", "not a report"),
    "one-line.txt": ("failed", "over 300,000 characters"),
    "numeral.txt": ("ok", ""),
}


def _batch(folder: Path, out: Path, *options: str) -> dict[str, dict[str, str]]:
    """A command-line run: its workers fork from a small driver, so the memory cap is theirs alone
    (forked from this test process they would inherit its memory)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(folder),
            "--out",
            str(out),
            "--quiet",
            "--no-summary",
            "--timeout",
            str(_TIMEOUT),
            "--max-memory",
            str(_MEMORY_MB),
            *options,
        ],
        cwd=PROJECT,
        check=True,
    )
    return {row["source_path"]: row for row in read_csv(out / "reports.csv")}


def test_every_hostile_form_finishes_within_the_limits_with_a_plain_row(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, make in HOSTILE.items():
        (folder / name).write_bytes(make())
    rows = _batch(folder, tmp_path / "out")
    assert set(rows) == set(HOSTILE) == set(_EXPECTED)
    for name, (status, error) in _EXPECTED.items():
        assert (rows[name]["status"], rows[name]["error"][: len(error)]) == (status, error), name
    # a file that is no report still says which limit its reading hit
    assert "over 300,000 characters by page" in rows["499-pages.pdf"]["error"]
    assert (
        "the web page has 5,000,006 tags (the limit is 300,000): read up to there"
        in rows["50mb.html"]["error"]
    )


def _word_table(data: bytes):
    """The first table element of a .docx's body."""
    import io

    import docx
    from docx.oxml.ns import qn

    return docx.Document(io.BytesIO(data)).element.body.find(qn("w:tbl"))


def test_a_million_column_span_is_capped_at_the_tables_own_grid():
    row = "<w:tr>" + w_cell("收到申请数", '<w:gridSpan w:val="1000000"/>') + w_cell("5") + "</w:tr>"
    grid = '<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>'
    table = _word_table(docx_with_body(f"<w:tbl>{grid}{row}</w:tbl>"))
    (line,) = table_grid(table, ReadSettings(), []).rows
    assert [(c.raw, c.x0, c.x1) for c in line.cells] == [("收到申请数", 0, 3), ("5", 3, 4)]


def test_cells_past_the_column_limit_are_cut_with_a_note():
    # no `w:tblGrid`: 5,000 cells spanning 200 columns each would walk a million grid columns
    row = "<w:tr>" + w_cell("收到申请数", '<w:gridSpan w:val="200"/>') * 5000 + "</w:tr>"
    warnings: list[str] = []
    table = table_grid(_word_table(docx_with_body(f"<w:tbl>{row}{row}</w:tbl>")), ReadSettings(), warnings)
    assert [len(line.cells) for line in table.rows] == [1, 1]
    assert warnings == ["a Word table row has more than 200 columns: cut there"]


def test_a_long_vertical_merge_is_one_cell_and_rows_past_the_limit_are_cut():
    warnings: list[str] = []
    rows = table_grid(_word_table(docx_long_vmerge(rows=30)), ReadSettings(max_table_rows=20), warnings).rows
    assert len(rows) == 20 and warnings == ["a Word table has more than 20 rows: cut there"]
    assert [c.raw for c in rows[0].cells] == ["申请", "1"]
    assert all([c.raw for c in row.cells] == ["2"] for row in rows[1:])  # the merged cell once


def test_web_page_spans_are_capped_at_the_tables_rows_and_the_column_limit():
    import lxml.html

    page = '<table><tr><td colspan="999999" rowspan="999999">a</td><td>1</td></tr><tr><td>2</td></tr></table>'
    table = lxml.html.fromstring(page)
    warnings: list[str] = []
    rows = html_table_grid(table, ReadSettings(max_table_columns=50), warnings).rows
    assert [(c.raw, c.x0, c.x1) for c in rows[0].cells] == [("a", 0, 50)]  # `1` falls off the grid
    assert rows[1].cells == []  # row 2 lies under the row span, which ends with the table
    assert warnings == ["a web page table row has more than 50 columns: cut there"]


_SEEDS = [SEED, SEED.with_suffix(".docx"), SEED.with_suffix(".pdf")]
# and one real report of each format, where ../shared is present
_REAL = ["html/80445.html", "docx/87885.docx", "pdf/87885.pdf", "txt/80576.layout.txt", "txt/80506.trad.txt"]
_SOURCES = _SEEDS + [REAL / name for name in _REAL if (REAL / name).exists()]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    derandomize=True,
)
@given(path=st.sampled_from(_SOURCES), kind=st.sampled_from(MUTATIONS), seed=st.integers(0, 2**32 - 1))
def test_process_never_raises_and_says_what_happened_in_plain_words(path, kind, seed):
    data = mutate(path.read_bytes(), random.Random(seed), kind)
    target = Path(f"/tmp/ogi-fuzz-{path.stem}{path.suffix}")
    target.write_bytes(data)
    try:
        result = pipeline.process(target, settings=ReadSettings(max_ocr_seconds=2))
    finally:
        target.unlink()
    assert isinstance(result.status, Status)
    if result.status in (Status.FAILED, Status.PARTIAL, Status.SKIPPED):
        assert result.error and _UNEXPECTED not in result.error, result.error


@pytest.mark.fuzz
def test_mutated_real_files_stay_within_the_batch_limits(tmp_path):
    rng = random.Random(13)
    folder = tmp_path / "mutants"
    folder.mkdir()
    for n in range(36):
        source = _SOURCES[n % len(_SOURCES)]
        (folder / f"m{n:02d}{source.suffix}").write_bytes(mutate(source.read_bytes(), rng))
    # OCR of a PDF whose text the mutation destroyed costs what a scan costs (~600 MB, 2 s a page,
    # bounded by --ocr-seconds): bench/fuzz.py measures it; here the reading itself is bounded
    rows = _batch(folder, tmp_path / "out", "--ocr", "off")
    assert len(rows) == 36
    for name, row in rows.items():
        assert row["status"] in {"ok", "partial", "failed", "skipped"}, name
        assert not row["error"].startswith(_LIMIT_ERRORS) and _UNEXPECTED not in row["error"], (name, row)
