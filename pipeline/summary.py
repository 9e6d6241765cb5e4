"""`summary.html`: a one-page overview of a run's outputs, for people.

`write_summary(out)` reads the tables a run wrote in `out` (reports, panel, findings; the CSV files,
else their Parquet copies) and writes `out/summary.html`: coverage by report year, level and
source format, counts by status with the failed files, findings by rule, and charts of the requests
received and of their outcomes by report year. The page is static and self-contained: inline CSS,
charts as inline SVG drawn by matplotlib, no script, nothing fetched. Every text from the data is
HTML-escaped. Same tables in, same page out.

Counts of reports leave out files that repeat another file's bytes (`duplicate_of`) or report
(`same_report_as`), and failed or skipped files. The charts sum `panel.csv`, one row per agency and
year, whose headline numbers mean the same for both templates (`pipeline/data/panel.csv`).
"""

from __future__ import annotations

import html
import io
import numbers
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and matplotlib are imported where used: `import pipeline` stays light
    import pandas as pd
    from matplotlib.figure import Figure

SUMMARY_FILE = "summary.html"
FAILED_FILES_LISTED = 50
_STATISTICS_CHUNK_ROWS = 500_000

OUTCOMES = ("granted", "partly granted", "denied", "other")
OUTCOME_COLORS = {"granted": "#009E73", "partly granted": "#56B4E9", "denied": "#D55E00", "other": "#999999"}
BAR_COLOR = "#0072B2"  # Okabe-Ito blue; the browser test looks for it
_SVG_REFERENCE = re.compile(r'(\bid="|href="#|url\(#)([^"()]+)')

_REPORT_COLUMNS = (
    "report_id",
    "source_path",
    "source_format",
    "status",
    "error",
    "report_year",
    "template",
    "duplicate_of",
    "same_report_as",
    "level",
)
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: 0.9em; max-width: 50em; }
"""


def write_summary(out: Path) -> Path:
    """Write `out/summary.html` from the tables of the run in `out` and return its path.

    Raises FileNotFoundError when `out` holds no reports table (neither CSV nor Parquet). The file
    is written to a temporary name and renamed, so a reader never sees half a page."""
    out = Path(out)
    reports = _reports(out)
    distinct = reports[
        reports["status"].isin(["ok", "partial"])
        & (reports["duplicate_of"] == "")
        & (reports["same_report_as"] == "")
    ]
    panel = _panel(out)
    findings = _read(out, "findings", ("report_id", "rule", "severity"))
    page = _page(reports, distinct, panel, findings)
    path = out / SUMMARY_FILE
    fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{SUMMARY_FILE}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(page)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


# ---------------------------------------------------------------------------------------- reading


def _read(
    out: Path, name: str, columns: Sequence[str], keep: Callable[[pd.DataFrame], pd.DataFrame] | None = None
) -> pd.DataFrame:
    """The named columns of an output table as text ('' for missing values and absent columns);
    with `keep`, the CSV file is read in chunks and only the rows `keep` returns are held."""
    import pandas as pd

    csv_path, parquet_path = out / f"{name}.csv", out / f"{name}.parquet"
    wanted = set(columns)
    if csv_path.exists():
        frames: Iterable[pd.DataFrame] = pd.read_csv(
            csv_path,
            dtype=str,
            keep_default_na=False,
            usecols=lambda c: c in wanted,
            encoding="utf-8-sig",
            chunksize=_STATISTICS_CHUNK_ROWS if keep else None,
        )
        if not keep:
            frames = [frames]  # type: ignore[list-item]
    elif parquet_path.exists():
        import pyarrow.parquet as pq

        present = [c for c in columns if c in pq.read_schema(parquet_path).names]
        frame = pd.read_parquet(parquet_path, columns=present)
        frames = [frame.astype(object).where(frame.notna(), "").astype(str)]
    else:
        raise FileNotFoundError(f"no {name}.csv or {name}.parquet in {out}: run the pipeline first")
    keep = keep or (lambda frame: frame)
    return pd.concat([keep(_with_columns(f, columns)) for f in frames], ignore_index=True)


def _with_columns(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    for column in columns:
        if column not in frame:
            frame[column] = ""  # an older run's table without this column
    return frame[list(columns)]


def _reports(out: Path) -> pd.DataFrame:
    import pandas as pd

    reports = _read(out, "reports", _REPORT_COLUMNS)
    for column in ("source_path", "error"):  # the `'` the CSV writer puts before `=`, `+`, `-`, `@`
        reports[column] = reports[column].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
    year = pd.to_numeric(reports["report_year"], errors="coerce")
    reports["year"] = year.map(lambda y: "unknown" if pd.isna(y) else str(int(y)))
    reports["level"] = reports["level"].replace("", "unknown")
    reports["source_format"] = reports["source_format"].replace("", "unknown")
    return reports


_PANEL_COLUMNS = (
    "report_year",
    "requests_received",
    "granted",
    "partly_granted",
    "denied",
    "requests_completed",
)


def _panel(out: Path) -> pd.DataFrame:
    """The panel's year and the headline numbers the charts use (numbers; NaN where blank)."""
    import pandas as pd

    panel = _read(out, "panel", _PANEL_COLUMNS)
    return panel.apply(pd.to_numeric, errors="coerce").astype(float)


# -------------------------------------------------------------------------------------- measures


def _received_by_year(panel: pd.DataFrame) -> pd.DataFrame:
    """Per report year: agencies that give the number, and the requests they received."""
    rows = panel.dropna(subset=["report_year", "requests_received"])
    grouped = rows.groupby("report_year").agg(
        reports=("requests_received", "size"), requests=("requests_received", "sum")
    )
    grouped.index = grouped.index.astype(int).astype(str)
    return grouped.rename_axis("year").reset_index()


def _outcomes_by_year(panel: pd.DataFrame) -> pd.DataFrame:
    """Per report year: agencies that give the requests answered, and the answers per outcome
    (see OUTCOMES; `other` is the rest of the answers)."""
    rows = panel.dropna(subset=["report_year", "requests_completed"]).fillna(0.0)
    rows = rows[rows["requests_completed"] > 0]
    outcomes = rows.assign(
        **{"partly granted": rows["partly_granted"]},
        other=(rows["requests_completed"] - rows["granted"] - rows["partly_granted"] - rows["denied"]).clip(
            lower=0
        ),
    )
    grouped = outcomes.groupby("report_year").agg(
        reports=("requests_completed", "size"), **{name: (name, "sum") for name in OUTCOMES}
    )
    grouped.index = grouped.index.astype(int).astype(str)
    return grouped.rename_axis("year").reset_index()


# ------------------------------------------------------------------------------------------ charts


def _svg(draw: Callable[[Figure], None], name: str, size: tuple[float, float] = (6.4, 3.2)) -> str:
    """An inline <svg> of a figure drawn by `draw(figure)` (matplotlib's SVG backend, no pyplot)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    style = {"svg.hashsalt": f"ogi-{name}", "svg.fonttype": "path", "font.size": 9}
    with matplotlib.rc_context(style):  # the salt: ids stable across runs, distinct between charts
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasSVG(figure)
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :].strip()
    # glyph and clip ids repeat between charts (DejaVuSans-31): prefixed, so the page's ids are unique
    return _SVG_REFERENCE.sub(lambda m: f"{m[1]}{name}-{m[2]}", text)


def _bar_chart(name: str, years: Sequence[str], values: Sequence[float], ylabel: str, title: str) -> str:
    from matplotlib.ticker import MaxNLocator

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.bar(range(len(years)), values, color=BAR_COLOR)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 of a report
        axes.set_xticks(range(len(years)), years)
        axes.set_xlabel("Report year")
        axes.set_ylabel(ylabel)
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)

    return _svg(draw, name, (_chart_width(len(years)), 3.2))


def _outcome_chart(outcomes: pd.DataFrame) -> str:
    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        totals = outcomes[list(OUTCOMES)].sum(axis=1)
        bottom = [0.0] * len(outcomes)
        positions = range(len(outcomes))
        for name in OUTCOMES:
            shares = list(outcomes[name] / totals * 100)
            axes.bar(positions, shares, bottom=bottom, color=OUTCOME_COLORS[name], label=name)
            bottom = [b + s for b, s in zip(bottom, shares, strict=True)]
        axes.set_xticks(positions, list(outcomes["year"]))
        axes.set_ylim(0, 100)
        axes.set_xlabel("Report year")
        axes.set_ylabel("Share of requests handled (%)")
        axes.set_title("Outcomes of requests")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        axes.spines[["top", "right"]].set_visible(False)

    return _svg(draw, "outcomes", (_chart_width(len(outcomes)) + 1.2, 3.2))  # + the legend


def _chart_width(bars: int) -> float:
    """Inches: a bar chart of a few years is narrow, of many years at most a page wide."""
    return min(9.0, max(3.6, 2.0 + 0.6 * bars))


# -------------------------------------------------------------------------------------------- page


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _html_table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[bool]) -> str:
    """A table; cells are escaped here (numbers formatted), so pass raw data."""

    def cell(tag: str, value: object, is_number: bool) -> str:
        plain = isinstance(value, numbers.Real) and not isinstance(value, bool)
        text = _number(float(value)) if is_number and plain else _e(value)  # type: ignore[arg-type]
        return f'<{tag} class="n">{text}</{tag}>' if is_number else f"<{tag}>{text}</{tag}>"

    head = "".join(cell("th", h, n) for h, n in zip(header, numeric, strict=True))
    body = "".join(
        "<tr>" + "".join(cell("td", v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _coverage(reports: pd.DataFrame, distinct: pd.DataFrame, column: str, header: str) -> str:
    files = reports[column].value_counts()
    counted = distinct[column].value_counts()
    keys = sorted(files.index, key=lambda k: (k == "unknown", k))
    if column != "year":
        keys = sorted(files.index, key=lambda k: (k == "unknown", -files[k], k))
    rows = [(k, int(files[k]), int(counted.get(k, 0))) for k in keys]
    return _html_table([header, "files", "reports"], rows, [False, True, True])


def _page(reports: pd.DataFrame, distinct: pd.DataFrame, panel: pd.DataFrame, findings: pd.DataFrame) -> str:
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Run summary: open-information annual reports</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>",
        "<h1>Open-information annual reports: run summary</h1>",
        f"<p>{_number(len(reports))} files, {_number(len(distinct))} distinct reports (status ok or partial, "
        f"not a copy of an earlier file or report), {_number(len(findings))} findings. Made from the CSV "
        "files of this folder; see CODEBOOK.md and datapackage.json for what each column means.</p>",
    ]

    parts.append('<h2 id="coverage-year">Coverage by report year</h2>')
    by_year = distinct[distinct["year"] != "unknown"]["year"].value_counts().sort_index()
    parts.append('<div class="charts">')
    parts.append(_coverage(reports, distinct, "year", "report year"))
    if len(by_year):
        chart = _bar_chart("reports", list(by_year.index), list(by_year.values), "Reports", "Reports by year")
        parts.append(f"<figure>{chart}<figcaption>Distinct reports per report year.</figcaption></figure>")
    parts.append("</div>")
    parts.append('<h2 id="coverage-level">Coverage by level</h2>')
    parts.append(_coverage(reports, distinct, "level", "level of the agency"))
    parts.append('<h2 id="coverage-format">Coverage by source format</h2>')
    parts.append(_coverage(reports, distinct, "source_format", "source format"))

    parts.append('<h2 id="requests">Requests received</h2>')
    received = _received_by_year(panel)
    note = (
        "Sum over agencies of <code>requests_received</code> in <code>panel.csv</code> (one report per "
        "agency and year): the new requests of the year in both templates. Agencies whose report leaves "
        "the number blank are left out."
    )
    if len(received):
        chart = _bar_chart(
            "requests", list(received["year"]), list(received["requests"]), "Requests", "Requests received"
        )
        parts.append(f'<div class="charts"><figure>{chart}</figure>')
        parts.append(
            _html_table(
                ["report year", "reports", "requests"],
                received[["year", "reports", "requests"]].itertuples(index=False),
                [False, True, True],
            )
            + "</div>"
        )
    else:
        parts.append("<p>No report gives the number of requests received.</p>")
    parts.append(f'<p class="note">{note}</p>')

    parts.append('<h2 id="outcomes">Outcomes of requests</h2>')
    outcomes = _outcomes_by_year(panel)
    note = (
        "Shares of the requests answered (panel.csv requests_completed), summed over agencies: "
        "granted (予以公开), partly granted (部分公开), denied (不予公开), other: the rest of the answers "
        "(unable to provide, not processed, other handling). The cells behind each headline, per "
        "template, are in pipeline/data/panel.csv."
    )
    if len(outcomes):
        parts.append(f'<div class="charts"><figure>{_outcome_chart(outcomes)}</figure>')
        shares = outcomes[list(OUTCOMES)].div(outcomes[list(OUTCOMES)].sum(axis=1), axis=0)
        rows = [
            (year, reports, *(f"{share:.0%}" for share in row))
            for year, reports, row in zip(
                outcomes["year"], outcomes["reports"], shares.itertuples(index=False), strict=True
            )
        ]
        parts.append(
            _html_table(["report year", "reports", *OUTCOMES], rows, [False, True, True, True, True, True])
            + "</div>"
        )
    else:
        parts.append("<p>No report gives the outcomes of its requests.</p>")
    parts.append(f'<p class="note">{_e(note)}</p>')

    parts.append('<h2 id="status">Files by status</h2>')
    status = reports["status"].value_counts()
    order = ["ok", "partial", "failed", "skipped"]
    keys = [s for s in order if s in status] + sorted(s for s in status.index if s not in order)
    parts.append(_html_table(["status", "files"], [(k, int(status[k])) for k in keys], [False, True]))
    failed = reports[reports["status"] == "failed"]
    parts.append(f'<h3 id="failed">Failed files ({_number(len(failed))})</h3>')
    if len(failed):
        items = "".join(
            f"<li><code>{_e(r.source_path)}</code>: {_e(r.error)}</li>\n"
            for r in failed.head(FAILED_FILES_LISTED).itertuples()
        )
        parts.append(f'<ul class="failed">\n{items}</ul>')
        if len(failed) > FAILED_FILES_LISTED:
            parts.append(f"<p>and {_number(len(failed) - FAILED_FILES_LISTED)} more.</p>")
    else:
        parts.append("<p>None.</p>")

    parts.append('<h2 id="findings">Findings by rule</h2>')
    if len(findings):
        grouped = (
            findings.groupby(["rule", "severity"])
            .agg(findings=("report_id", "size"), reports=("report_id", "nunique"))
            .reset_index()
            .sort_values(["findings", "rule"], ascending=[False, True])
        )
        parts.append(
            _html_table(
                ["rule", "severity", "findings", "reports"],
                grouped.itertuples(index=False),
                [False, False, True, True],
            )
        )
        parts.append('<p class="note">Over all files, copies of a report included.</p>')
    else:
        parts.append("<p>None.</p>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)
