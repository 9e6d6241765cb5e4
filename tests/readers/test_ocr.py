"""Scanned PDFs: real reports made image-only, with their tables pasted as pictures, or with fonts
that lost their Unicode maps (tests/scans.py), read by OCR, give what the text layer of the real
PDF gives. One command-line run over all of them (~50 s on two cores) feeds the comparisons."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, REAL, processed, read_csv, real_file
from scans import agreement, image_only_pdf, tables_as_pictures

import pipeline
from pipeline.cli import main
from pipeline.readers import ReadSettings, ocr
from pipeline.readers.ocr import _close_gaps, _image_rules, _simplified, available
from pipeline.readers.pdfgeometry import Box, Char, PageGeometry, _Drawing, _unread_regions

needs_ocr = pytest.mark.skipif(not available(), reason="the ocr extra (rapidocr) is not installed")

# Both templates and three agencies: 87885 (2019+), 80613 (2021 form; OCR drops the brackets of its
# vertical group labels), 80576 (underlined numbers: two `7` read as `1`, flagged), 80445 (pre-2019
# 统计表), 洪泽区 2023 (an agency's own layout).
SCANNED = ["87885.pdf", "80613.pdf", "80576.pdf", "80445.pdf", "hzq2023_working.pdf"]
PICTURED = ["hzq2024_working.pdf", "80716.pdf"]  # PDFs whose pages keep their text when edited
UNMAPPED = ["80678.pdf"]


def _unmapped(data: bytes) -> bytes:
    """The PDF with its fonts' Unicode maps gone: the text layer is glyph codes."""
    return data.replace(b"/ToUnicode", b"/ToUnicodX")


FORMS = {
    "scan": (SCANNED, image_only_pdf),
    "pictures": (PICTURED, tables_as_pictures),
    "unmapped": (UNMAPPED, _unmapped),
}
CASES = [f"{form}-{name}" for form, (names, _) in FORMS.items() for name in names]


@pytest.fixture(scope="module")
def ocr_run(tmp_path_factory):
    """(corpus, agreement by file) of `ogi run` over every case."""
    if not REAL.exists():
        pytest.skip("../shared/corpus-real is absent in this clone")
    corpus = tmp_path_factory.mktemp("scans")
    for form, (names, make) in FORMS.items():
        for name in names:
            (corpus / f"{form}-{name}").write_bytes(make(real_file(f"pdf/{name}").read_bytes()))
    out = corpus.parent / "scan_outputs"
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--no-summary", "--jobs", "2"]) == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["ocr_pages"] == sum(int(r["ocr_pages"]) for r in read_csv(out / "reports.csv")) > 30
    references = {case: processed(f"pdf/{case.split('-', 1)[1]}") for case in CASES}
    return corpus, agreement(out, references)


@needs_ocr
@pytest.mark.parametrize("case", CASES)
def test_ocr_gives_the_text_layers_metadata_sections_and_values(ocr_run, case):
    found = ocr_run[1][case]
    assert found.status == "ok"
    assert found.organization and found.report_year and found.sections
    assert found.values >= 0.98 * found.expected > 0
    assert found.flagged  # every value read by OCR says so
    assert found.silent == 0  # a value read otherwise than printed is flagged ocr_low_score


@needs_ocr
def test_ocr_reads_99_percent_of_the_values_as_the_text_layer_does(ocr_run):
    found = ocr_run[1].values()
    assert sum(a.values for a in found) >= 0.99 * sum(a.expected for a in found)


@needs_ocr
def test_ocr_pages_count_what_ocr_read(ocr_run):
    found = ocr_run[1]
    assert found["scan-87885.pdf"].ocr_pages == 5  # every page
    assert found["pictures-80716.pdf"].ocr_pages == 5  # every page has a table or a ruled block
    assert found["unmapped-80678.pdf"].ocr_pages == 5


@needs_ocr
def test_ocr_off_fails_the_scan_and_says_why(ocr_run, tmp_path):
    corpus, _ = ocr_run
    one = tmp_path / "corpus"
    one.mkdir()
    (one / "scan.pdf").write_bytes((corpus / "scan-87885.pdf").read_bytes())
    assert main(["run", str(one), "--out", str(tmp_path / "out"), "--quiet", "--ocr", "off"]) == 0
    [report] = read_csv(tmp_path / "out" / "reports.csv")
    assert (report["status"], report["error"]) == (
        "failed",
        "no text layer (scanned image); OCR is off (--ocr off)",
    )


@needs_ocr
def test_a_spent_time_budget_leaves_pages_unread_and_names_the_budget(ocr_run):
    scan = ocr_run[0] / "scan-87885.pdf"
    none = pipeline.process(scan, settings=ReadSettings(max_ocr_seconds=0))
    assert (none.status.value, none.error) == (
        "failed",
        "no text layer (scanned image); the OCR time budget (0 s per document) was spent",
    )
    first = pipeline.process(scan, settings=ReadSettings(max_ocr_seconds=0.01))  # page 1 takes longer
    assert (first.status.value, first.ocr_pages) == ("partial", 1)
    assert (
        first.error
        == "scanned pages 2, 3, 4, 5 not read: the OCR time budget (0.01 s per document) was spent"
    )
    assert first.metadata.report_year == 2023


# A page with only a grey box on it (tests/make_fixtures.py): no text layer, nothing to recognise.
SCANNED_FIXTURE = PROJECT / "tests" / "fixtures" / "bad" / "scanned.pdf"


def test_without_the_ocr_extra_a_scan_names_what_would_read_it(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = pipeline.process(SCANNED_FIXTURE)
    assert (scan.status.value, scan.error) == (
        "failed",
        "no text layer (scanned image); the OCR extra would read it (pip install '.[ocr]'; make installs it)",
    )


def test_a_page_ocr_fails_on_is_named(monkeypatch):
    def fail(page, regions):
        raise MemoryError("bad allocation")

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_read_page", fail)
    scan = pipeline.process(SCANNED_FIXTURE)
    assert (scan.status.value, scan.error) == (
        "failed",
        "no text layer (scanned image); OCR failed (MemoryError: bad allocation)",
    )


@needs_ocr
def test_a_page_with_ink_but_no_text_says_ocr_found_none():
    scan = pipeline.process(SCANNED_FIXTURE)
    assert (scan.status.value, scan.error) == (
        "failed",
        "no text layer (scanned image); OCR found no text on it",
    )


# --- what OCR reads, and where --------------------------------------------------------------


def _geometry(chars: list[Char]) -> PageGeometry:
    return PageGeometry(1, 842.0, chars, [])


_TEXT = [Char("年", 60 + 12 * i, 72 + 12 * i, 100, 112, 12) for i in range(30)]


def test_a_page_without_text_is_read_whole_when_it_has_ink():
    assert _unread_regions(_geometry([]), _Drawing([], [Box(0, 595, 0, 842)], 1), 595) is None
    assert _unread_regions(_geometry([]), _Drawing([], [], 0), 595) == []  # a blank page


def test_a_text_layer_of_codes_without_text_is_read_whole():
    codes = [Char("\x0f", 60 + 12 * i, 72 + 12 * i, 100, 112, 12) for i in range(5)]
    assert _unread_regions(_geometry(_TEXT + codes), _Drawing([], [], 0), 595) is None
    assert _unread_regions(_geometry(_TEXT), _Drawing([], [], 0), 595) == []


def test_pictures_the_text_layer_does_not_cover_are_read():
    table = Box(60, 540, 200, 600)
    seal = Box(400, 520, 650, 770)  # a seal or a logo is too narrow to hold a table
    searchable = Box(60, 540, 90, 120)  # a scan under its own text layer is covered
    drawing = _Drawing([], [table, seal, searchable], 3)
    assert _unread_regions(_geometry(_TEXT), drawing, 595) == [table]


def test_gaps_inside_a_detected_line_close_up_to_a_characters_size():
    chars = [
        Char("三", 59, 70, 0, 14, 14, 1.0),
        Char("、", 70, 76, 0, 14, 14, 1.0),
        Char("收", 82, 96, 0, 14, 14, 1.0),
    ]
    assert [c.x1 for c in _close_gaps(chars)] == [70, 82, 96]
    far = [Char("1", 0, 5, 0, 14, 14, 1.0), Char("2", 40, 45, 0, 14, 14, 1.0)]
    assert _close_gaps(far) == far


class _Recogniser:
    """Stands for RapidOCR on a second look at one line: gives `text` with `score`."""

    def __init__(self, text: str, score: float) -> None:
        self.txts, self.scores = (text,), (score,)

    def __call__(self, *args, **kwargs):
        return self


def test_a_second_look_that_reads_otherwise_leaves_the_number_flagged(monkeypatch):
    import numpy as np

    gray = np.full((100, 100), 255, dtype=np.uint8)
    box = [(10, 10), (30, 10), (30, 40), (10, 40)]
    first = [Char("1", 2.4, 7.2, 2.4, 9.6, 7.2, 0.85)]  # an underlined `7` read as `1` (80576.pdf)
    monkeypatch.setattr(ocr, "_engine", lambda: _Recogniser("7", 0.6))
    [kept] = ocr._second_look(gray, 300 / 72, (0.0, 0.0), box, 0.85, first)
    assert (kept.text, kept.score) == ("1", 0.6)  # the better reading, doubted: flagged under 0.8
    monkeypatch.setattr(ocr, "_engine", lambda: _Recogniser("7", 0.95))
    [better] = ocr._second_look(gray, 300 / 72, (0.0, 0.0), box, 0.85, first)
    assert (better.text, better.score) == ("7", 0.85)
    monkeypatch.setattr(ocr, "_engine", lambda: _Recogniser("1", 0.95))
    assert ocr._second_look(gray, 300 / 72, (0.0, 0.0), box, 0.85, first) == first  # the same reading


def test_variant_forms_the_recogniser_gives_are_simplified():
    # `別` for `别` (read so from a scan of 80678.pdf's heading 主动公开政府信息的主要类别)
    chars = [Char(ch, 10 * i, 10 * i + 10, 0, 10, 10, 0.99) for i, ch in enumerate("主要类別")]
    assert "".join(c.text for c in _simplified(chars)) == "主要类别"


def test_ruling_lines_come_from_long_ink_runs_not_from_character_strokes():
    import numpy as np

    gray = np.full((1000, 600), 255, dtype=np.uint8)
    gray[100:900, 300:302] = 0  # a drawn line, two pixels wide
    gray[200:240, 100] = 0  # a stroke of the character below
    scale, left, top = 300 / 72, 10.0, 20.0  # the image's corner on the page, in points
    box = (90 / scale + left, 110 / scale + left, 195 / scale + top, 245 / scale + top)
    stroke_of = Char("十", *box, 50 / scale, 1.0)
    [rule] = _image_rules(gray, scale, (left, top), [stroke_of], shortest=30)
    assert rule.x == pytest.approx(300.5 / scale + 10)
    assert (rule.top, rule.bottom) == pytest.approx((100 / scale + 20, 900 / scale + 20))
