"""The analyst layer: one row per agency and year with ~20 headline numbers that mean the same in
the pre-2019 统计表 and the 2019+ tables (`panel.csv`).

Which catalogue cells make each headline is data, `data/panel.csv`: one row per part, per template.
A headline is the sum of its parts that hold a number; blank when every part is blank (blank is not
zero). Parts carry an `alternative` number: alternative 2 is used only when every part of
alternative 1 is blank (the 2019 one-row `(六)其他处理` against the 2021 three rows). A headline with
no part for a template (carry-over rows before 2019) is always blank for it.

`PANEL_FIELDS` are plain `(name, type, description)` tuples, not `writer.Field`: the writer imports
this module, so importing it back would be an import cycle (`writer.Field(*f)` converts them).
Findings have no report id of their own: `carried_over_findings` returns `(report_id, Finding)`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import Finding, ReportResult, StatRow, Status
from .vocabulary import data_rows

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Headline:
    """A column of the panel: its name and labels, in the order of `data/panel.csv`."""

    name: str
    label_en: str
    label_zh: str


# A headline's cells for one template: its alternatives in order, each a list of (indicator_id, column).
_Alternatives = list[list[tuple[str, str]]]


@functools.cache
def _mapping() -> tuple[tuple[Headline, ...], dict[str, dict[str, _Alternatives]]]:
    """Headlines in file order, and template -> headline -> alternatives (in order) -> cells."""
    headlines: dict[str, Headline] = {}
    parts: dict[str, dict[str, dict[int, list[tuple[str, str]]]]] = {}
    for row in data_rows("panel.csv"):
        name = row["panel_column"]
        headlines.setdefault(name, Headline(name, row["label_en"], row["label_zh"]))
        if row["indicator_id"]:
            by_alternative = parts.setdefault(row["template"], {}).setdefault(name, {})
            by_alternative.setdefault(int(row["alternative"]), []).append(
                (row["indicator_id"], row["column"])
            )
    alternatives = {
        template: {name: [cells for _, cells in sorted(alts.items())] for name, alts in by_name.items()}
        for template, by_name in parts.items()
    }
    return tuple(headlines.values()), alternatives


def headlines() -> tuple[Headline, ...]:
    return _mapping()[0]


def headline_cells(template: str, name: str) -> _Alternatives:
    """The catalogue cells of a headline for a template, by alternative; [] when it has none."""
    return _mapping()[1].get(template, {}).get(name, [])


def headline_values(statistics: list[StatRow], template: str) -> dict[str, float | None]:
    """Every headline (in `headlines()` order) from a report's statistics rows: the sum of the
    filled-in parts of the first alternative that has any, else None. Pure; an unknown template
    gives all None. Where a cell occurs twice, the first row counts (as in validation)."""
    cells: dict[tuple[str, str], float | None] = {}
    for row in statistics:
        if row.indicator_id:
            cells.setdefault((row.indicator_id, row.column), row.value)
    values: dict[str, float | None] = {}
    for headline in headlines():
        values[headline.name] = None
        for alternative in headline_cells(template, headline.name):
            filled = [v for v in (cells.get(cell) for cell in alternative) if v is not None]
            if filled:
                values[headline.name] = sum(filled)
                break
    return values


@dataclass
class PanelRecord:
    """What the panel needs of one report (one input file): who, when, and its headline values."""

    report_id: str
    source_path: str
    organization: str
    report_year: int | None
    template: str
    level: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    n_values: int = 0  # statistics rows with a value, as in reports.csv
    values: dict[str, float | None] = field(default_factory=dict)  # headline name -> value

    @property
    def n_headlines(self) -> int:
        """How many headline values are filled in."""
        return sum(1 for v in self.values.values() if v is not None)

    @property
    def agency(self) -> str:
        """One agency under the names its reports give it: its divisions and its name without
        their prefixes (`淮安市洪泽区人民政府`, `洪泽区人民政府` -> `江苏省/淮安市/洪泽区/人民政府`);
        the name itself when its divisions are not known."""
        divisions = [d for d in (self.province, self.city, self.county) if d]
        name = self.organization
        while divisions and (prefix := next((d for d in divisions if name.startswith(d) and name != d), "")):
            name = name[len(prefix) :]
        return "/".join([*divisions, name]) if divisions else name


def panel_record(result: ReportResult) -> PanelRecord | None:
    """The panel's view of a result; None for a file that failed or is not a report."""
    if result.status in (Status.FAILED, Status.SKIPPED):
        return None
    m = result.metadata
    return PanelRecord(
        report_id=result.report_id,
        source_path=result.source_path,
        organization=m.organization,
        report_year=m.report_year,
        template=m.template,
        level=m.level,
        province=m.province,
        city=m.city,
        county=m.county,
        n_values=sum(1 for s in result.statistics if s.value is not None),
        values=headline_values(result.statistics, m.template),
    )


class Panel:
    """(agency, year) -> (the record that stands for it, how many records share the key), built as
    records come, so memory grows with the panel, not with the corpus.

    Records without an organization or a year are left out. Of several records (the same report
    in several formats, or two reports), the one with the most headline values filled in is
    chosen, then the first by source_path."""

    def __init__(self, records: Iterable[PanelRecord] = ()) -> None:
        self.chosen: dict[tuple[str, int], tuple[PanelRecord, int]] = {}
        for record in records:
            self.add(record)

    def add(self, record: PanelRecord) -> None:
        if not record.organization or record.report_year is None:
            return
        key = (record.agency, record.report_year)
        best, count = self.chosen.get(key, (record, 0))
        if (-record.n_headlines, record.source_path) < (-best.n_headlines, best.source_path):
            best = record
        self.chosen[key] = (best, count + 1)


def _chosen(records: Iterable[PanelRecord] | Panel) -> dict[tuple[str, int], tuple[PanelRecord, int]]:
    return (records if isinstance(records, Panel) else Panel(records)).chosen


def share_granted(values: dict[str, float | None]) -> float | None:
    """granted / requests_completed (all answers of the year); None when either is blank or the
    denominator is zero."""
    granted, completed = values.get("granted"), values.get("requests_completed")
    if granted is None or not completed:
        return None
    return granted / completed


class PanelField(NamedTuple):
    """A column of panel.csv, in the shape of `writer.Field` (name, type, description)."""

    name: str
    type: str
    description: str


_KEY_FIELDS = [
    PanelField(
        "organization", "string", "the reporting agency as the chosen report names it (see reports.csv)"
    ),
    PanelField(
        "agency",
        "string",
        "the agency under all its names: its province/city/county and its name without them "
        "(江苏省/淮安市/洪泽区/人民政府 for 洪泽区人民政府 and 淮安市洪泽区人民政府); "
        "one row per agency and year",
    ),
    PanelField("report_year", "integer", "the year the report covers"),
    PanelField("report_id", "string", "the report this row's values come from (see reports.csv)"),
    PanelField("source_path", "string", "its file, relative to the corpus folder"),
    PanelField(
        "n_reports",
        "integer",
        "input files of this agency and year (one report in several formats, or several reports); "
        "the one with the most headline values is used, then the first by source_path",
    ),
    PanelField("template", "string", "pre2019 or 2019 (the table the values come from)"),
    PanelField("level", "string", "see reports.csv"),
    PanelField("province", "string", "see reports.csv"),
    PanelField("city", "string", "see reports.csv"),
    PanelField("county", "string", "see reports.csv"),
    PanelField("n_values", "integer", "rows of the chosen report in statistics.csv with a value"),
]


def _fields() -> list[PanelField]:
    values = [
        PanelField(
            h.name,
            "number",
            f"{h.label_en} ({h.label_zh}); the catalogue cells it sums, per template, are in "
            "pipeline/data/panel.csv; empty when they are all blank",
        )
        for h in headlines()
    ]
    share = PanelField(
        "share_granted",
        "number",
        "granted / requests_completed; empty when either is empty or requests_completed is 0",
    )
    return [*_KEY_FIELDS, *values, share]


PANEL_FIELDS: list[PanelField] = _fields()


def panel_rows(records: Iterable[PanelRecord] | Panel) -> list[list[object]]:
    """panel.csv rows (in `PANEL_FIELDS` order): one per (agency, report_year), sorted so."""
    rows = []
    for (agency, year), (record, n_reports) in sorted(_chosen(records).items()):
        values = [record.values.get(h.name) for h in headlines()]
        rows.append(
            [
                record.organization,
                agency,
                year,
                record.report_id,
                record.source_path,
                n_reports,
                record.template,
                record.level,
                record.province,
                record.city,
                record.county,
                record.n_values,
                *values,
                share_granted(record.values),
            ]
        )
    return rows


def _plain(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def carried_over_findings(records: Iterable[PanelRecord] | Panel) -> list[tuple[str, Finding]]:
    """Cross-year check: an agency's requests carried over into year t must be those it carried
    forward at the end of year t-1, where both years' chosen reports give the number. A mismatch
    is a warning; `(report_id of year t, Finding)` pairs, sorted by agency and year."""
    indicator = headline_cells("2019", "requests_carried_over")[0][0][0]
    chosen = _chosen(records)
    findings = []
    for (agency, year), (record, _) in sorted(chosen.items()):
        previous = chosen.get((agency, year - 1))
        if previous is None:
            continue
        actual = record.values.get("requests_carried_over")
        expected = previous[0].values.get("requests_carried_forward")
        if actual is None or expected is None or abs(actual - expected) <= _TOLERANCE:
            continue
        was, now = _plain(expected), _plain(actual)
        message = (
            f"{year} report carries over {now} requests from {year - 1}, but the {year - 1} "
            f"report carried {was} forward to {year}"
        )
        findings.append(
            (record.report_id, Finding("carried_over_mismatch", "warning", indicator, was, now, message))
        )
    return findings
