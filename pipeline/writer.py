"""Write the dataset of OUTPUT.md: CSV tables (UTF-8 with BOM, `\\n`), the Data Package, run.json.

Every table is written to a temporary file and renamed into place, so a run that dies leaves the
previous outputs whole. Rows come in input order (sorted paths), so re-runs are byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import catalogue
from .model import ReportResult
from .vocabulary import data_rows, data_text


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


REPORT_FIELDS = [
    Field("report_id", "string", "first 16 hex digits of the SHA-256 of the file's bytes"),
    Field("source_path", "string", "path relative to the corpus folder, /-separated"),
    Field("source_format", "string", "format found from the file's content: txt, docx, pdf, html, doc, ..."),
    Field("status", "string", "ok, partial (read, but some part could not be parsed) or failed"),
    Field("error", "string", "empty when ok; else what went wrong, in plain words"),
    Field("title", "string", "the report's title as written"),
    Field("organization", "string", "the reporting agency, in simplified characters"),
    Field("report_year", "integer", "the year the report covers"),
    Field("published_date", "date", "date printed at the report's end, else the date the web page shows"),
    Field("template", "string", "pre2019, 2019 (the six-part format) or unknown"),
    Field("n_sections", "integer", "rows of this report in sections.csv"),
    Field("n_values", "integer", "rows of this report in statistics.csv with a value"),
    Field("n_findings", "integer", "rows of this report in findings.csv"),
    Field("encoding", "string", "text encoding the file was decoded with (text formats)"),
    Field("contact", "string", "contact person or telephone printed with the statistics table"),
    Field(
        "duplicate_of",
        "string",
        "source_path of an earlier file with the same bytes (its rows are not repeated)",
    ),
]
SECTION_FIELDS = [
    Field("report_id", "string", "see reports.csv"),
    Field("section_no", "integer", "1, 2, 3, ... in document order across all levels"),
    Field(
        "level", "integer", "1 for 一、, 2 for (一), 3 for 1., 4 for (1); 0 for text before the first heading"
    ),
    Field("parent_no", "integer", "section_no of the enclosing section; empty for levels 0 and 1"),
    Field("heading", "string", "the heading as written, without its number"),
    Field("category", "string", "canonical category of the section (see the category list)"),
    Field("text", "string", "the section's own body text, paragraphs joined by newlines"),
    Field("keywords", "string", "top terms of the section's text (jieba TF-IDF), space separated"),
]
STATISTIC_FIELDS = [
    Field("report_id", "string", "see reports.csv"),
    Field("table", "string", "pre2019_stats, active_disclosure, requests, review_litigation or other"),
    Field("row_no", "integer", "the row's position in the table as written, from 1"),
    Field("indicator_id", "string", "id in indicators.csv; empty when the row matches no catalogue entry"),
    Field("label_raw", "string", "the row label exactly as in the document"),
    Field("column", "string", "column id from columns.csv; value (or cumulative) for the pre-2019 table"),
    Field("unit", "string", "unit as written, or the catalogue unit"),
    Field("value", "number", "the number; empty when the cell is blank or not a number"),
    Field("value_raw", "string", "the cell text exactly as written"),
    Field("flags", "string", "; separated notes: value_in_unit_column, unit_in_value, approximate, ..."),
]
FINDING_FIELDS = [
    Field("report_id", "string", "see reports.csv"),
    Field("rule", "string", "stable rule id: sum_children, text_table_mismatch, cells_unplaced, ..."),
    Field("severity", "string", "error, warning or info"),
    Field("indicator_id", "string", "the indicator the finding is about, when there is one"),
    Field("expected", "string", "what the rule expected"),
    Field("actual", "string", "what the report says"),
    Field("message", "string", "one line in plain words"),
]
CATEGORIES = [
    "preamble",
    "overview",
    "organization",
    "platforms",
    "key_points",
    "proactive_disclosure",
    "requests",
    "review_litigation",
    "fees",
    "shortcomings",
    "improvements",
    "information_management",
    "oversight",
    "other",
    "attachment",
]


def format_number(value: float | None) -> str:
    """Plain decimal, no exponent, no trailing zeros: 42.0 -> `42`, 0.5 -> `0.5`."""
    if value is None:
        return ""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def report_rows(results: Sequence[ReportResult]) -> list[list[object]]:
    rows = []
    for r in results:
        m = r.metadata
        rows.append(
            [
                r.report_id,
                r.source_path,
                r.source_format,
                r.status.value,
                r.error,
                m.title,
                m.organization,
                m.report_year,
                m.published_date,
                m.template,
                len(r.sections),
                sum(1 for s in r.statistics if s.value is not None),
                len(r.findings),
                r.encoding,
                m.contact,
                r.duplicate_of,
            ]
        )
    return rows


def _unique(results: Sequence[ReportResult]) -> list[ReportResult]:
    """One result per report_id: a file that repeats another's bytes adds no detail rows."""
    return [r for r in results if not r.duplicate_of]


def section_rows(results: Sequence[ReportResult]) -> list[list[object]]:
    return [
        [r.report_id, s.section_no, s.level, s.parent_no, s.heading, s.category, s.text, s.keywords]
        for r in _unique(results)
        for s in r.sections
    ]


def statistic_rows(results: Sequence[ReportResult]) -> list[list[object]]:
    return [
        [
            r.report_id,
            s.table,
            s.row_no,
            s.indicator_id,
            s.label_raw,
            s.column,
            s.unit,
            s.value,
            s.value_raw,
            ";".join(dict.fromkeys(s.flags)),
        ]
        for r in _unique(results)
        for s in r.statistics
    ]


def finding_rows(results: Sequence[ReportResult]) -> list[list[object]]:
    return [
        [r.report_id, f.rule, f.severity, f.indicator_id, f.expected, f.actual, f.message]
        for r in _unique(results)
        for f in r.findings
    ]


def wide_rows(results: Sequence[ReportResult]) -> tuple[list[str], list[list[object]]]:
    """One row per report, one column per indicator (`indicator_id:column` for multi-column tables)."""
    order = {ind.indicator_id: ind.order for ind in catalogue.indicators()}
    column_order = {c.column: i for i, c in enumerate(catalogue.columns())}

    def name(s: object) -> str:
        column = s.column  # type: ignore[attr-defined]
        return s.indicator_id if column == "value" else f"{s.indicator_id}:{column}"  # type: ignore[attr-defined]

    seen = {}
    for r in results:
        for s in r.statistics:
            if s.indicator_id:
                seen[name(s)] = (order[s.indicator_id], column_order.get(s.column, -1))
    names = sorted(seen, key=lambda n: seen[n])
    rows = []
    for r in _unique(results):
        values = {name(s): s.value for s in r.statistics if s.indicator_id}
        rows.append(
            [
                r.report_id,
                r.metadata.organization,
                r.metadata.report_year,
                r.metadata.template,
                *(values.get(n) for n in names),
            ]
        )
    return ["report_id", "organization", "report_year", "template", *names], rows


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    _atomic_write(path, buffer.getvalue().encode("utf-8-sig"))


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: object) -> None:
    _atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


TABLES = {
    "reports": (REPORT_FIELDS, report_rows, "One row per input file, whatever happened to it."),
    "sections": (SECTION_FIELDS, section_rows, "One row per section of each report's outline."),
    "statistics": (STATISTIC_FIELDS, statistic_rows, "One row per statistics table cell (tidy, long)."),
    "findings": (
        FINDING_FIELDS,
        finding_rows,
        "What validation found: broken identities, text-table mismatches.",
    ),
}


def write_outputs(results: Sequence[ReportResult], out: Path, formats: set[str]) -> None:
    """All tables of OUTPUT.md (and Parquet copies when asked) plus the Data Package codebook."""
    frames = {}
    for name, (fields, rows_of, _) in TABLES.items():
        header = [f.name for f in fields]
        rows = rows_of(results)
        if "csv" in formats:
            write_csv(out / f"{name}.csv", header, rows)
        frames[name] = (fields, header, rows)
    wide_header, wide = wide_rows(results)
    if "csv" in formats:
        write_csv(out / "statistics_wide.csv", wide_header, wide)
    for name in ("indicators.csv", "columns.csv"):
        _atomic_write(out / name, data_text(name).encode("utf-8-sig"))
    if "parquet" in formats:
        _write_parquet(out, frames, wide_header, wide)
    write_json(out / "datapackage.json", datapackage(wide_header))


def _write_parquet(out: Path, frames: dict, wide_header: list[str], wide: list[list[object]]) -> None:
    import pandas as pd

    types = {"integer": "Int64", "number": "Float64", "string": "string", "date": "string"}
    for name, (fields, header, rows) in frames.items():
        frame = pd.DataFrame(rows, columns=header).astype({f.name: types[f.type] for f in fields})
        _parquet_atomic(frame, out / f"{name}.parquet")
    frame = pd.DataFrame(wide, columns=wide_header)
    _parquet_atomic(
        frame.astype({c: "Float64" for c in wide_header[4:]} | {"report_year": "Int64"}),
        out / "statistics_wide.parquet",
    )


def _parquet_atomic(frame: object, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)  # type: ignore[attr-defined]
    os.replace(tmp, path)


def datapackage(wide_header: list[str]) -> dict:
    """The codebook: a Frictionless Data Package describing every CSV written."""

    def resource(name: str, description: str, fields: Sequence[Field]) -> dict:
        schema: dict = {
            "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in fields],
            "missingValues": [""],
        }
        return {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "description": description,
            "schema": schema,
        }

    resources = [resource(name, description, fields) for name, (fields, _, description) in TABLES.items()]
    for res in resources:
        if res["name"] == "sections":
            category = next(f for f in res["schema"]["fields"] if f["name"] == "category")
            category["constraints"] = {"enum": CATEGORIES}
    wide_fields = [Field(n, "string", "see reports.csv") for n in wide_header[:2]]
    wide_fields += [
        Field("report_year", "integer", "see reports.csv"),
        Field("template", "string", "see reports.csv"),
    ]
    wide_fields += [
        Field(n, "number", "value of this indicator (and column) in statistics.csv") for n in wide_header[4:]
    ]
    resources.append(
        resource("statistics_wide", "One row per report, one column per indicator.", wide_fields)
    )
    resources.append(
        resource(
            "indicators",
            "The canonical indicator catalogue.",
            [Field(k, "string", "") for k in data_rows("indicators.csv")[0]],
        )
    )
    resources.append(
        resource(
            "columns",
            "Columns of the multi-column statistics tables.",
            [Field(k, "string", "") for k in data_rows("columns.csv")[0]],
        )
    )
    return {
        "name": "ogi-annual-reports",
        "title": "Government open-information annual reports (政府信息公开工作年度报告) as data",
        "profile": "tabular-data-package",
        "licenses": [{"name": "other-pd", "title": "Reports are public government documents"}],
        "categories": CATEGORIES,
        "resources": resources,
    }
