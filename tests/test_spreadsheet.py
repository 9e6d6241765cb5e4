"""`--format xlsx`: Excel workbooks whose ids and text stay text, numbers numbers, blanks empty,
with a frozen header, set widths and wrapped long text (read back with openpyxl)."""

from __future__ import annotations

import itertools
import shutil
import subprocess

import pytest
from conftest import SEED, read_csv

from pipeline.cli import main
from pipeline.files import report_id_of

openpyxl = pytest.importorskip("openpyxl")


def _digits_report(text: str) -> bytes:
    """`text` plus a note chosen so that the file's report_id has only digits."""
    for n in itertools.count():
        data = (text + f"\n备注{n}\n").encode("utf-8")
        if report_id_of(data).isdigit():
            return data
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("xlsx")
    corpus = root / "corpus"
    corpus.mkdir()
    # a title a spreadsheet would run as a formula, and a contact it would turn into a number
    text = SEED.read_text(encoding="utf-8").replace("联系人及电话:8222458", "联系人及电话:+8222458")
    text = "=1+1\n" + text
    (corpus / "report.txt").write_bytes(_digits_report(text))
    assert main(["run", str(corpus), "--out", str(root / "out"), "--format", "xlsx", "--quiet"]) == 0
    return root / "out"


def test_every_table_has_a_workbook_beside_its_csv(workbooks):
    names = ["reports", "sections", "statistics", "findings", "statistics_wide", "panel"]
    assert all((workbooks / f"{name}.xlsx").exists() for name in names)
    sheet = openpyxl.load_workbook(workbooks / "statistics.xlsx").active
    assert sheet.max_row == len(read_csv(workbooks / "statistics.csv")) + 1


def test_ids_and_text_stay_text_and_a_formula_is_not_run(workbooks):
    sheet = openpyxl.load_workbook(workbooks / "reports.xlsx").active
    header = [c.value for c in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    csv_row = read_csv(workbooks / "reports.csv")[0]
    assert row["report_id"].data_type == "s" and row["report_id"].value == csv_row["report_id"]
    assert row["report_id"].value.isdigit()  # all digits, yet text
    assert (row["contact"].data_type, row["contact"].value) == ("s", "+8222458")  # no `'` here
    assert row["n_values"].data_type == "n" and row["n_values"].value == 12
    assert row["report_year"].value == 2016


def test_header_frozen_widths_set_long_text_wrapped_blank_is_empty(workbooks):
    sheet = openpyxl.load_workbook(workbooks / "sections.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    header = [c.value for c in sheet[1]]
    text = openpyxl.utils.get_column_letter(header.index("text") + 1)
    assert sheet.column_dimensions[text].width >= 60 and sheet[f"{text}2"].alignment.wrap_text
    stats = openpyxl.load_workbook(workbooks / "statistics.xlsx").active
    header = [c.value for c in stats[1]]
    values = [row[header.index("value")] for row in stats.iter_rows(min_row=2, values_only=True)]
    raws = [row[header.index("value_raw")] for row in stats.iter_rows(min_row=2, values_only=True)]
    assert None in values and 42 in values  # blank cells stay empty cells; numbers are numbers
    assert all(v is None for v, raw in zip(values, raws, strict=True) if raw is None)


def test_a_later_csv_only_run_removes_the_workbooks(workbooks, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(workbooks, out)
    corpus = workbooks.parent / "corpus"
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--force"]) == 0
    assert not list(out.glob("*.xlsx")) and (out / "reports.csv").exists()


def test_libreoffice_opens_the_workbook_with_the_id_as_text(workbooks, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [
            soffice,
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(workbooks / "reports.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = (tmp_path / "reports.csv").read_text(encoding="utf-8", errors="replace")
    assert read_csv(workbooks / "reports.csv")[0]["report_id"] in converted
