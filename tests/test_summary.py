"""summary.html: its sections, the failed files, escaped text, and charts that show in a browser."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
import report2019
from conftest import PROJECT

import pipeline
from pipeline.summary import BAR_COLOR, FAILED_FILES_LISTED, OUTCOME_COLORS, write_summary

SECTIONS = [
    '<h2 id="coverage-year">Coverage by report year</h2>',
    '<h2 id="coverage-level">Coverage by level</h2>',
    '<h2 id="coverage-format">Coverage by source format</h2>',
    '<h2 id="requests">Requests received</h2>',
    '<h2 id="outcomes">Outcomes of requests</h2>',
    '<h2 id="status">Files by status</h2>',
    '<h3 id="failed">',
    '<h2 id="findings">Findings by rule</h2>',
]
BAD_NAME = 'bad <b>&"x".txt'  # a file name that is markup if not escaped


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus (one report as .txt, .docx and .pdf) run into a folder, with its summary."""
    out = tmp_path_factory.mktemp("bundled")
    pipeline.run(PROJECT / "corpus", out)
    write_summary(out)
    return out


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus plus a 2019+ report (its requests table filled in) and a bad file."""
    corpus = tmp_path_factory.mktemp("mixed_corpus")
    for path in (PROJECT / "corpus").iterdir():
        shutil.copy(path, corpus / path.name)
    report2019.write_txt(corpus / "report2019.txt")
    (corpus / BAD_NAME).write_bytes(b"")
    out = tmp_path_factory.mktemp("mixed_out")
    pipeline.run(corpus, out)
    write_summary(out)
    return out


def test_page_has_its_sections(bundled: Path) -> None:
    page = (bundled / "summary.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in page
    assert "3 files, 1 distinct reports" in page  # the three renderings are one report
    assert '<td>2016</td><td class="n">3</td><td class="n">1</td>' in page
    assert '<h3 id="failed">Failed files (0)</h3>\n<p>None.</p>' in page
    # the seed report leaves its requests rows blank: no chart of them, and a sentence that says so
    assert page.count("<svg") == 1
    assert "No report gives the number of requests received." in page
    assert "No report gives the outcomes of its requests." in page


def test_requests_and_outcomes(mixed: Path) -> None:
    page = (mixed / "summary.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3  # reports by year, requests received, outcomes
    assert "5 files, 2 distinct reports" in page
    assert '<td>2023</td><td class="n">1</td><td class="n">211</td>' in page  # requests.new_received
    # 210 handled: granted 10, partly 7, denied 85 (the sum of its eight rows), other 108
    assert '<td>2023</td><td class="n">1</td><td class="n">5%</td><td class="n">3%</td>' in page
    assert '<td class="n">40%</td><td class="n">51%</td>' in page


def test_page_is_self_contained(mixed: Path) -> None:
    page = (mixed / "summary.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert 'href="http' not in page and "<!DOCTYPE svg" not in page
    ids = [part.split('"', 1)[0] for part in page.split(' id="')[1:]]
    assert len(ids) == len(set(ids)), "element ids repeat between the inline charts"


def test_page_is_reproducible(mixed: Path) -> None:
    first = (mixed / "summary.html").read_bytes()
    assert write_summary(mixed).read_bytes() == first


def test_failed_files_are_listed_and_escaped(mixed: Path) -> None:
    page = (mixed / "summary.html").read_text(encoding="utf-8")
    assert '<h3 id="failed">Failed files (1)</h3>' in page
    assert "<li><code>bad &lt;b&gt;&amp;&quot;x&quot;.txt</code>: empty file (0 bytes)</li>" in page
    assert "<b>" not in page


def test_long_failed_list_is_cut(tmp_path: Path) -> None:
    """A folder with only failed files (and tables of an older run, without some columns)."""
    failed = FAILED_FILES_LISTED + 7
    with open(tmp_path / "reports.csv", "w", encoding="utf-8-sig", newline="") as f:
        rows = csv.writer(f, lineterminator="\n")
        rows.writerow(["report_id", "source_path", "source_format", "status", "error", "report_year"])
        rows.writerow(["0" * 16, "'=SUM(1).txt", "txt", "failed", "'-1 bytes", ""])  # the writer's `'`
        rows.writerows(
            [f"{i + 1:016x}", f"f{i:03}.txt", "txt", "failed", "empty file (0 bytes)", ""]
            for i in range(failed - 1)
        )
    (tmp_path / "panel.csv").write_text("organization,report_year,requests_received\n", encoding="utf-8-sig")
    (tmp_path / "findings.csv").write_text("report_id,rule,severity\n", encoding="utf-8-sig")
    page = write_summary(tmp_path).read_text(encoding="utf-8")
    assert f"Failed files ({failed})" in page
    assert page.count("<li><code>") == FAILED_FILES_LISTED
    assert "<p>and 7 more.</p>" in page
    assert "<li><code>=SUM(1).txt</code>: -1 bytes</li>\n<li><code>f000.txt</code>" in page
    assert "No report gives the number of requests received." in page


def test_parquet_only_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    report2019.write_txt(corpus / "report2019.txt")
    pipeline.run(corpus, tmp_path / "out", formats={"parquet"})
    assert not (tmp_path / "out" / "reports.csv").exists()
    page = write_summary(tmp_path / "out").read_text(encoding="utf-8")
    assert "1 files, 1 distinct reports" in page and page.count("<svg") == 3
    assert '<td>2023</td><td class="n">1</td><td class="n">211</td>' in page


def test_no_outputs_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="run the pipeline first"):
        write_summary(tmp_path)


def test_charts_show_in_a_browser(mixed: Path, tmp_path: Path) -> None:
    """Headless Chromium screenshots the page: not blank, and the bars of the charts are drawn."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no `chromium` on PATH (Debian: apt-get install chromium; .ci/run installs it)")
    image_module = pytest.importorskip("PIL.Image", reason="Pillow (a matplotlib dependency) is needed")
    shot = tmp_path / "summary.png"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",  # tests run as root in CI
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",  # the machine's network is closed: no calls home
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        (mixed / "summary.html").as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert shot.exists(), f"Chromium wrote no screenshot: {done.stderr[-2000:]}"
    with image_module.open(shot) as image:
        rgb = image.convert("RGB")
    assert rgb.size == (1200, 2000)
    colors = rgb.getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 50, "the screenshot is blank"
    counts = {color: n for n, color in colors}

    def pixels(hex_color: str) -> int:
        return counts.get(tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5)), 0)

    assert pixels(BAR_COLOR) > 2000, "the bar charts do not show"
    # 2023: granted 5%, denied 40%, other 51% of the bar (a little of the grey is anti-aliased text)
    assert pixels(OUTCOME_COLORS["granted"]) > 100, "the outcome chart does not show granted"
    assert pixels(OUTCOME_COLORS["denied"]) > 1000, "the outcome chart does not show denied"
    assert pixels(OUTCOME_COLORS["other"]) > 1000, "the outcome chart does not show other"
