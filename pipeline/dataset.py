"""`pipeline.load(out)`: the tables of a run as typed pandas DataFrames, in one call.

Types come from the run's own `datapackage.json`, so they follow the writer: `string` columns
become pandas strings (ids stay text: `report_id` `0123456789012345` is not a number), `integer`
columns nullable `Int64` (a blank year stays missing), `number` columns floats (blank is NaN, not 0),
`date` columns datetimes, and columns with a closed vocabulary (status, template, level, category,
...) categoricals. The CSV's neutralising `'` before `= + - @` is taken off again.

    import pipeline
    data = pipeline.load("outputs")
    data.panel.groupby("report_year")["requests_received"].sum()
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Columns whose values come from a small closed set: categoricals.
CATEGORICAL = {
    "status",
    "source_format",
    "template",
    "level",
    "category",
    "table",
    "column",
    "unit",
    "rule",
    "severity",
    "province",
}
_NEUTRALISED = r"^'(?=[=+\-@\t\r])"  # what writer._Sink puts before text a spreadsheet would run


@dataclass
class Dataset:
    """The tables of one output folder (see CODEBOOK.md for every column)."""

    reports: pd.DataFrame
    sections: pd.DataFrame
    statistics: pd.DataFrame
    findings: pd.DataFrame
    statistics_wide: pd.DataFrame
    panel: pd.DataFrame


def load(out: str | Path = "outputs") -> Dataset:
    """Every table of the run in `out`, typed by its `datapackage.json`."""
    out = Path(out)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"]["fields"] for r in package["resources"]}
    return Dataset(**{name: _table(out, name, schemas[name]) for name in Dataset.__dataclass_fields__})


def _table(out: Path, name: str, fields: list[dict]) -> pd.DataFrame:
    import pandas as pd

    parquet = out / f"{name}.parquet"
    if parquet.exists():  # exact text, typed already (pandas reads a nullable integer as float)
        frame = pd.read_parquet(parquet)
        kinds = {"integer": "Int64", "number": "float64", "string": "string", "date": "datetime64[ns]"}
        frame = frame.astype({f["name"]: kinds[f["type"]] for f in fields if f["type"] in kinds})
    else:
        frame = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for field in fields:
            frame[field["name"]] = _typed(frame[field["name"]], field["type"])
    for column in CATEGORICAL & set(frame.columns):
        frame[column] = frame[column].astype("category")
    return frame


def _typed(column: pd.Series, kind: str) -> pd.Series:
    import pandas as pd

    missing = column == ""
    if kind == "integer":
        return pd.to_numeric(column.mask(missing)).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column.mask(missing)).astype("float64")
    if kind == "date":
        return pd.to_datetime(column.mask(missing), format="%Y-%m-%d")
    return column.str.replace(_NEUTRALISED, "", regex=True).mask(missing).astype("string")
