"""Validation: the tables' own arithmetic and the narrative's numbers become findings, never fixes.

Identities (`data/identities.csv`): a total row equals the sum of its parts, per column, checked
only where the total and every part are filled in, or where the filled-in parts already exceed the
total (blank is not zero). Narrative numbers (`data/narrative.csv`): a number the text states about
a table row (`全年主动上报公开政府信息共计42余条`) is compared with that row.
"""

from __future__ import annotations

import functools

import regex

from . import catalogue
from .model import Finding, StatRow
from .vocabulary import data_rows

_TOLERANCE = 1e-6


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def check_identities(rows: list[StatRow]) -> list[Finding]:
    cells: dict[tuple[str, str], float | None] = {}
    for row in rows:
        if row.indicator_id:
            cells.setdefault((row.indicator_id, row.column), row.value)
    findings = []
    for identity in data_rows("identities.csv"):
        total_id = identity["total"]
        parts = (
            [ind.indicator_id for ind in catalogue.children(total_id)]
            if identity["parts"] == "children"
            else identity["parts"].split("+")
        )
        for (indicator_id, column), total in sorted(cells.items()):
            if indicator_id != total_id or total is None:
                continue
            present = [cells.get((part, column)) for part in parts if (part, column) in cells]
            if not present:
                continue
            filled = [v for v in present if v is not None]
            parts_sum = sum(filled)
            complete = len(filled) == len(present)
            if (complete and abs(parts_sum - total) > _TOLERANCE) or parts_sum - total > _TOLERANCE:
                findings.append(
                    Finding(
                        identity["rule"],
                        identity["severity"],
                        total_id,
                        _fmt(parts_sum),
                        _fmt(total),
                        f"{total_id} ({column}) is {_fmt(total)} but its parts add up to {_fmt(parts_sum)}"
                        + ("" if complete else " (some parts blank)"),
                    )
                )
    return findings


@functools.cache
def _narrative_rules() -> list[tuple[list[str], str, regex.Pattern[str]]]:
    return [
        (r["indicator_ids"].split("|"), r["column"], regex.compile(r["pattern"]))
        for r in data_rows("narrative.csv")
    ]


def check_narrative(text: str, rows: list[StatRow]) -> list[Finding]:
    """Compare numbers stated in the narrative with the table rows they describe."""
    values = {(row.indicator_id, row.column): row.value for row in rows if row.value is not None}
    findings = []
    for indicator_ids, column, pattern in _narrative_rules():
        table_values = [(i, values[(i, column)]) for i in indicator_ids if (i, column) in values]
        if not table_values:
            continue
        for m in pattern.finditer(text):
            stated = float(m["number"].replace(",", ""))
            same = [i for i, v in table_values if abs(v - stated) <= _TOLERANCE]
            if same and m["approx"]:
                findings.append(
                    Finding(
                        "text_table_approximate",
                        "info",
                        same[0],
                        m[0],
                        _fmt(stated),
                        f"the narrative says '{m[0]}' (approximate); the table says {_fmt(stated)}",
                    )
                )
            elif not same:
                indicator_id, value = table_values[0]
                findings.append(
                    Finding(
                        "text_table_mismatch",
                        "warning",
                        indicator_id,
                        _fmt(value),
                        _fmt(stated),
                        f"the narrative says '{m[0]}' but the table says {_fmt(value)}",
                    )
                )
    return findings
