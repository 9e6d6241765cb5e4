"""`pipeline.load(out)`: the tables of a run as typed DataFrames (ids text, years Int64, enums
categorical, blank missing), from the CSV files or the Parquet copies alike."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from conftest import SEED

import pipeline
from pipeline.files import report_id_of


def _all_digit_variant() -> bytes:
    """The seed with a trailing note chosen so that its report_id has only digits (pandas and
    spreadsheets would read such an id as a number and lose it)."""
    text = SEED.read_bytes()
    for n in itertools.count():
        data = text + f"\n备注{n}\n".encode()
        if report_id_of(data).isdigit():
            return data
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "digits.txt").write_bytes(_all_digit_variant())
    (corpus / "empty.txt").write_bytes(b"")
    pipeline.run(corpus, root / "out", jobs=1, formats={"csv", "parquet"}, summary_page=False)
    return root / "out"


@pytest.mark.parametrize("source", ["csv", "parquet"])
def test_ids_stay_text_years_are_integers_and_blank_is_missing(run_folder, source, tmp_path):
    if source == "csv":  # only the CSV files
        import shutil

        shutil.copytree(run_folder, tmp_path / "out", ignore=shutil.ignore_patterns("*.parquet"))
        folder = tmp_path / "out"
    else:
        folder = run_folder
    data = pipeline.load(folder)
    reports = data.reports.set_index("source_path")
    digits = report_id_of((run_folder.parent / "corpus" / "digits.txt").read_bytes())
    assert digits.isdigit() and reports.loc["digits.txt", "report_id"] == digits
    assert str(reports["report_id"].dtype) == "string"
    assert str(reports["report_year"].dtype) == "Int64" and reports.loc["digits.txt", "report_year"] == 2016
    assert pd.isna(reports.loc["empty.txt", "report_year"])
    assert isinstance(reports["status"].dtype, pd.CategoricalDtype)
    assert set(reports["status"].cat.categories) == {"ok", "failed"}
    stats = data.statistics
    assert stats["value"].dtype == "float64" and stats["value"].isna().any()  # blank cells
    assert (stats["value"].dropna() >= 0).all() and stats["report_id"].eq(digits).all()
    assert str(data.panel["report_year"].dtype) == "Int64"
