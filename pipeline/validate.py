"""Validation: the tables' own arithmetic and the narrative's numbers become findings, never fixes.

Identities live in `data/identities.csv` as sums of terms `indicator:column`:
- `*` as the indicator means "each row of the table", as the column "each column"; every `*` in an
  identity stands for the same row or column (`*:total = *:natural_person + ...`);
- `id.*` is the sum of the rows below `id` (`requests.results.denied.*`);
- `id?` is the row itself when it holds a value, else the rows below it (the 2019 one-row
  `(六)其他处理` against the 2021 three rows).
An identity is checked where every term is filled in; with blanks (blank is not zero) only a
total smaller than its filled-in parts is reported. Narrative numbers (`data/narrative.csv`,
`政府信息公开行政复议351件`) are compared with the terms they describe; `|` separates
alternatives, the first one the report has is used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .model import Finding, StatRow
from .vocabulary import data_rows

_TOLERANCE = 1e-6


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Sum:
    """The value of a sum of terms: None when no term exists; `complete` when no term is blank."""

    value: float | None
    complete: bool


class _Cells:
    """A report's statistics as (indicator, column) -> value, with term lookups."""

    def __init__(self, rows: list[StatRow]) -> None:
        self.cells: dict[tuple[str, str], float | None] = {}
        for row in rows:
            if row.indicator_id:
                self.cells.setdefault((row.indicator_id, row.column), row.value)

    def term(self, indicator: str, column: str) -> _Sum:
        if indicator.endswith("?"):
            own = self.cells.get((indicator[:-1], column))
            return _Sum(own, True) if own is not None else self.term(indicator[:-1] + ".*", column)
        if indicator.endswith(".*"):
            prefix = indicator[:-1]
            found = [v for (i, c), v in self.cells.items() if c == column and i.startswith(prefix)]
            if not found:
                return _Sum(None, True)
            filled = [v for v in found if v is not None]
            return _Sum(sum(filled), len(filled) == len(found))
        if (indicator, column) not in self.cells:
            return _Sum(None, True)
        value = self.cells[(indicator, column)]
        return _Sum(value if value is not None else 0.0, value is not None)

    def total(self, terms: list[tuple[str, str]], row: str, column: str) -> _Sum:
        """Sum of terms with `*` bound to `row` and `column`; value None if any term is missing."""
        parts = [self.term(row if i == "*" else i, column if c == "*" else c) for i, c in terms]
        if any(p.value is None for p in parts):
            return _Sum(None, True)
        return _Sum(sum(p.value for p in parts if p.value is not None), all(p.complete for p in parts))


def parse_terms(expression: str) -> list[tuple[str, str]]:
    """`a:* + b.*:total` -> [('a', '*'), ('b.*', 'total')]."""
    terms = []
    for part in expression.split("+"):
        indicator, _, column = part.strip().partition(":")
        terms.append((indicator, column or "value"))
    return terms


@dataclass(frozen=True)
class _Identity:
    rule: str
    severity: str
    table: str
    left: list[tuple[str, str]]
    right: list[tuple[str, str]]


@functools.cache
def _identities() -> list[_Identity]:
    return [
        _Identity(r["rule"], r["severity"], r["table"], parse_terms(r["left"]), parse_terms(r["right"]))
        for r in data_rows("identities.csv")
    ]


def _bindings(identity: _Identity, rows: list[StatRow]) -> list[tuple[str, str]]:
    """The (row, column) pairs that the identity's wildcards take, from its first left term."""
    indicator, column = identity.left[0]
    pairs = []
    for row in rows:
        if row.table != identity.table or not row.indicator_id:
            continue
        if (indicator in ("*", row.indicator_id)) and (column in ("*", row.column)):
            pairs.append((row.indicator_id if indicator == "*" else "", row.column if column == "*" else ""))
    return list(dict.fromkeys(pairs))


def _render(terms: list[tuple[str, str]], row: str, column: str) -> str:
    """`*:total` bound to a row reads `review_litigation.review:total`; one shared row is said once."""
    bound = [(row if i == "*" else i, column if c == "*" else c) for i, c in terms]
    rows = {i for i, _ in bound}
    if len(rows) == 1 and len(bound) > 1:
        return f"{bound[0][0]}:(" + " + ".join(c for _, c in bound) + ")"
    return " + ".join(f"{i}:{c}" if c != "value" else i for i, c in bound)


def check_identities(rows: list[StatRow]) -> list[Finding]:
    cells = _Cells(rows)
    findings = []
    for identity in _identities():
        for row, column in _bindings(identity, rows):
            left = cells.total(identity.left, row, column)
            right = cells.total(identity.right, row, column)
            if left.value is None or right.value is None:
                continue
            complete = left.complete and right.complete
            # With blanks, only a single total below its filled-in parts is certain to be wrong.
            certain = complete or (
                len(identity.left) == 1 and left.complete and right.value - left.value > _TOLERANCE
            )
            if not certain or abs(left.value - right.value) <= _TOLERANCE:
                continue
            findings.append(
                Finding(
                    identity.rule,
                    identity.severity,
                    row or identity.left[0][0].rstrip("?*."),
                    _fmt(right.value),
                    _fmt(left.value),
                    f"{_render(identity.left, row, column)} = {_fmt(left.value)} but "
                    f"{_render(identity.right, row, column)} = {_fmt(right.value)}"
                    + ("" if complete else " (some cells blank)"),
                )
            )
    return findings


@functools.cache
def _narrative_rules() -> list[tuple[list[list[tuple[str, str]]], regex.Pattern[str]]]:
    return [
        ([parse_terms(alt) for alt in r["terms"].split("|")], regex.compile(r["pattern"]))
        for r in data_rows("narrative.csv")
    ]


def _stated_about(cells: _Cells, alternatives: list[list[tuple[str, str]]]) -> tuple[str, str, float] | None:
    """(indicator, label, table value) of the first alternative the report has filled in."""
    for terms in alternatives:
        found = cells.total(terms, "", "")
        if found.value is not None and found.complete:
            return terms[0][0], " + ".join(f"{i}:{c}" for i, c in terms), found.value
    return None


def check_narrative(text: str, rows: list[StatRow]) -> list[Finding]:
    """Compare numbers stated in the narrative with the table cells they describe."""
    cells = _Cells(rows)
    findings = []
    for alternatives, pattern in _narrative_rules():
        about = _stated_about(cells, alternatives)
        if about is None:
            continue
        indicator, label, value = about
        for m in pattern.finditer(text):
            stated = float(m["number"].replace(",", ""))
            if abs(value - stated) > _TOLERANCE:
                message = f"the narrative says '{m[0]}' but the table ({label}) says {_fmt(value)}"
                findings.append(
                    Finding("text_table_mismatch", "warning", indicator, _fmt(value), _fmt(stated), message)
                )
            elif m["approx"]:
                message = f"the narrative says '{m[0]}' (approximate); the table ({label}) says {_fmt(value)}"
                findings.append(
                    Finding("text_table_approximate", "info", indicator, _fmt(value), _fmt(stated), message)
                )
    return findings
