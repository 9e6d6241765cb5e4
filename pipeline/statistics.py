"""Recovered tables -> tidy rows mapped to the indicator catalogue, every value placed with a reason.

Each row read by `recovery.py` has a label and a run of value tokens; its columns come from the
template's layouts (`layouts.csv`), chosen by the header words the table printed, else by the
number of values. A value is placed, and flagged with how:
- `by_grid`: its position lies under a column's header (grids, box-drawn text) or, in text and
  PDFs, in the column that the table's full rows put there;
- `by_order`: the row has exactly one value per column, placed left to right;
- `by_identity`: the rendering dropped empty cells and the table's own identities leave exactly
  one placement (`identities.py`).
What stays ambiguous is an empty value and a `cells_unplaced` finding, never a guess.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import regex

from .catalogue import Indicator
from .model import Finding, StatRow
from .normalize import compact
from .recovery import HeaderColumn, RecoveredRow, RecoveredTable, Token
from .template import Layout, Template, templates
from .validate import check_identities
from .vocabulary import find, number_pattern

_DIGITS = regex.compile(r"^\d+$")


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    unit: str
    flags: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1 << 14)
def parse_value(raw: str) -> ParsedValue:
    """`42` -> 42; `0.5万元` -> 0.5 with unit 万元; `42余` -> 42, approximate; `-` or `无` -> empty."""
    text = compact(raw)
    if not text:
        return ParsedValue(None, "")
    m = number_pattern().match(text)
    if not m:
        return ParsedValue(None, "", ("not_a_number",))
    flags = []
    if m["unit"]:
        flags.append("unit_in_value")
    if m["pre"] or m["post1"] or m["post2"]:
        flags.append("approximate")
    return ParsedValue(float(m["num"].replace(",", "")), m["unit"] or "", tuple(flags))


@dataclass
class Placement:
    """A row's cells: column -> token (None: blank), and how they were placed."""

    cells: dict[str, Token | None]
    how: str


def extract_statistics(tables: list[RecoveredTable]) -> tuple[list[StatRow], list[Finding]]:
    """The statistics rows of every recovered table, and findings about values that found no cell."""
    rows: list[StatRow] = []
    findings: list[Finding] = []
    for table in tables:
        table_rows, table_findings = _table_rows(templates()[table.table], table)
        rows.extend(table_rows)
        findings.extend(table_findings)
        if table.leftover:
            findings.append(_unplaced(table.table, "", "", 0, table.leftover))
    return rows, findings


def _table_rows(template: Template, table: RecoveredTable) -> tuple[list[StatRow], list[Finding]]:
    placed: list[tuple[int, RecoveredRow, Placement]] = []
    open_rows: list[tuple[int, RecoveredRow, Layout, list[Token]]] = []
    findings: list[Finding] = []
    learned = _learned_positions(template, table)
    for row_no, row in enumerate(table.rows, start=1):
        layout = choose_layout(template, row)
        values, shifted = _without_unit_cell(row)
        placement = place(values, layout, row.header, learned.get(layout.name, {}))
        if placement is None:
            open_rows.append((row_no, row, layout, values))
            continue
        if shifted:
            placement.how += ";value_in_unit_column"
        placed.append((row_no, row, placement))
    if open_rows:
        known = [stat for p in placed for stat in _rows_of(template, *p)]
        solved = solve_by_identities(template, known, open_rows)
        for (row_no, row, layout, values), placement in zip(open_rows, solved, strict=True):
            filled = [v for v in values if not v.blank]
            if sum(1 for token in placement.cells.values() if token is not None) < len(filled):
                label, expected = row.label_raw, len(layout.columns)
                findings.append(_unplaced(table.table, _id(row.indicator), label, expected, values))
            placed.append((row_no, row, placement))
    out = [stat for p in sorted(placed, key=lambda p: p[0]) for stat in _rows_of(template, *p)]
    return out, findings


def _rows_of(template: Template, row_no: int, row: RecoveredRow, placement: Placement) -> list[StatRow]:
    """A placed row as statistics rows; table 4's one row of numbers as its three blocks."""
    if not template.unlabeled:
        return _stat_rows(template.table, row_no, row, placement, _header_unit(template, row.header))
    out = []
    for block in template.rows:
        prefix = f"{block.indicator_id}:"
        cells = {c[len(prefix) :]: t for c, t in placement.cells.items() if c.startswith(prefix)}
        block_row = RecoveredRow(block, block.label, [], "", [])
        out.extend(_stat_rows(template.table, row_no, block_row, Placement(cells, placement.how), ""))
    return out


def solve_by_identities(
    template: Template, known: list[StatRow], open_rows: list[tuple[int, RecoveredRow, Layout, list[Token]]]
) -> list[Placement]:
    """Rows with fewer numbers than columns (a rendering that drops empty cells, or lost a cell):
    every left-to-right placement of the numbers is tried against the table's identities
    (`identities.csv`), the cells a rendering dropped counting as empty. Where the placements
    that fit the identities best all put the same number in a cell, it is placed (`by_identity`);
    every other cell stays empty. A number is never computed, only placed."""
    options = [_placements(template, *open_row) for open_row in open_rows]
    combinations = 1
    for found in options:
        combinations *= len(found)
    if combinations * (len(known) + len(open_rows)) > _MAX_JOINT_WORK:
        # too many to weigh jointly (each weighing checks every row): keep what each row alone decides
        return [_certain(found) for found in options]
    scored = []
    for choice in itertools.product(*options):
        stats = known + [stat for _, rows in choice for stat in rows]
        scored.append((len(check_identities(stats)), choice))
    best = min(score for score, _ in scored)
    chosen = [choice for score, choice in scored if score == best]
    return [_certain([choice[i] for choice in chosen]) for i in range(len(open_rows))]


_MAX_JOINT_WORK = 200_000  # combinations x rows checked: about a second


def _placements(
    template: Template, row_no: int, row: RecoveredRow, layout: Layout, values: list[Token]
) -> list[tuple[dict[str, Token | None], list[StatRow]]]:
    """The placements of a row's numbers that fit the row's own identities best, each with the
    rows it gives for checking (dropped cells as 0)."""
    filled = [v for v in values if not v.blank]
    columns = layout.columns
    if len(filled) > len(columns) or not filled:
        return [(dict.fromkeys(columns), [])]
    found = []
    for chosen in itertools.combinations(range(len(columns)), len(filled)):
        cells: dict[str, Token | None] = dict.fromkeys(columns)
        for index, token in zip(chosen, filled, strict=True):
            cells[columns[index]] = token
        stats = _rows_of(template, row_no, row, Placement(cells, "by_identity"))
        for stat in stats:
            if stat.value is None:
                stat.value = 0.0
        found.append((len(check_identities(stats)), cells, stats))
    best = min(score for score, _, _ in found)
    return [(cells, stats) for score, cells, stats in found if score == best]


def _certain(options: list[tuple[dict[str, Token | None], list[StatRow]]]) -> Placement:
    """The cells every option agrees on; the others empty."""
    first = options[0][0]
    cells = {
        column: token
        for column, token in first.items()
        if all(_same(cells[column], token) for cells, _ in options)
    }
    return Placement({column: cells.get(column) for column in first}, "by_identity")


def _same(a: Token | None, b: Token | None) -> bool:
    return (a is None) == (b is None) and (a is None or a is b)


def _without_unit_cell(row: RecoveredRow) -> tuple[list[Token], bool]:
    """A row of the old 统计表 whose header has a unit column (`统计指标 | 单位 | 统计数`) and whose
    cells line up with it: the unit cell is not a value. A number written in the unit cell with
    the value cell left blank (`一、主动公开情况 | 42 | |`) is the row's value: flagged."""
    columns = [h.column for h in row.header]
    if "unit" not in columns or row.unit or len(row.values) != len(columns):
        return row.values, False
    at = columns.index("unit")
    unit_cell, rest = row.values[at], row.values[:at] + row.values[at + 1 :]
    if unit_cell.blank:
        return rest, False
    value_at = (
        columns.index("value") - (1 if columns.index("value") > at else 0) if "value" in columns else -1
    )
    if value_at >= 0 and rest[value_at].blank:
        rest[value_at] = unit_cell
        return rest, True
    return row.values, False


def choose_layout(template: Template, row: RecoveredRow) -> Layout:
    """The row's columns: the layout its header names, else the one its number of values fits.
    Table 4's one row of numbers has the columns of its three blocks (`block:part`)."""
    if template.unlabeled:
        (layout,) = template.layouts
        blocks = tuple(f"{block.indicator_id}:{part}" for block in template.rows for part in layout.columns)
        return Layout("blocks", None, blocks)
    named = {h.column for h in row.header}
    layouts = template.layouts_for(row.indicator.indicator_id if row.indicator else None, named)
    if named and set(layouts[0].columns) <= named:
        return layouts[0]
    count = len([v for v in row.values if not v.blank])
    by_count = [layout for layout in layouts if len(layout.columns) in (count, len(row.values))]
    return (by_count or layouts)[0]


def place(
    values: list[Token], layout: Layout, header: list[HeaderColumn], learned: dict[str, float]
) -> Placement | None:
    """Cells of a row by grid position, by order, or by the positions learned from full rows."""
    columns = layout.columns
    by_grid = _by_ruled_header(values, columns, header)
    if by_grid is not None:
        return Placement(by_grid, "by_grid")
    filled = [v for v in values if not v.blank]
    if not filled:
        return Placement(dict.fromkeys(columns), "blank")
    for run in (values, filled):
        if len(run) == len(columns):
            return Placement(dict(zip(columns, run, strict=True)), "by_order")
    if learned and len(filled) < len(columns):
        by_position = _by_learned_positions(filled, columns, learned)
        if by_position is not None:
            return Placement(by_position, "by_grid")
    if len(filled) > len(columns):
        joined = _joined(filled, len(columns))
        if joined is not None:
            return Placement(dict(zip(columns, joined, strict=True)), "joined")
    return None


def _joined(tokens: list[Token], count: int) -> list[Token] | None:
    """Numbers cut into pieces by a rendering (`10` `037`: one text node per line), joined back
    where the pieces themselves say so: a piece with a leading zero cannot stand alone and joins
    the piece before it. None unless that leaves exactly `count` numbers."""
    if any(t.center is not None or not _DIGITS.match(t.text) for t in tokens):
        return None
    groups: list[list[Token]] = []
    for token in tokens:
        if groups and len(token.text) > 1 and token.text.startswith("0"):
            groups[-1].append(token)
        else:
            groups.append([token])
    if len(groups) != count or all(len(group) == 1 for group in groups):
        return None
    return [
        Token(
            "".join(t.raw for t in group),
            "".join(t.text for t in group),
            group[0].line,
            page=group[0].page,
            value=True,
            flags=tuple(dict.fromkeys(f for t in group for f in t.flags)),
        )
        for group in groups
    ]


def _by_ruled_header(
    values: list[Token], columns: tuple[str, ...], header: list[HeaderColumn]
) -> dict[str, Token | None] | None:
    """Each value under the header cell its position falls in (drawn cell boundaries only)."""
    spans = {h.column: h for h in header if h.ruled and h.x0 is not None}
    if not values or not all(c in spans for c in columns) or any(v.center is None for v in values):
        return None
    cells: dict[str, Token | None] = dict.fromkeys(columns)
    outside = False
    for token in values:
        inside = [c for c in columns if spans[c].x0 <= token.center <= spans[c].x1]  # type: ignore[operator]
        if not inside:
            outside = outside or not token.blank
            continue
        column = min(inside, key=lambda c: spans[c].x1 - spans[c].x0)  # type: ignore[operator]
        if cells[column] is not None and compact(cells[column].raw) != compact(token.raw):  # type: ignore[union-attr]
            return None
        if cells[column] is None or cells[column].blank:  # type: ignore[union-attr]
            cells[column] = token
    # a number beside the columns (a `序号` column) is no value, unless a column is left without one
    if outside and any(cells[c] is None for c in columns):
        return None
    return cells


def _learned_positions(template: Template, table: RecoveredTable) -> dict[str, dict[str, float]]:
    """Per layout, each column's position: the median position of the values of rows with exactly
    one value per column (text and PDF renderings, where only full rows show where columns are)."""
    samples: dict[str, dict[str, list[float]]] = {}
    for row in table.rows:
        layout = choose_layout(template, row)
        filled = [v for v in row.values if not v.blank]
        if len(filled) != len(layout.columns) or any(v.center is None for v in filled):
            continue
        for column, token in zip(layout.columns, filled, strict=True):
            samples.setdefault(layout.name, {}).setdefault(column, []).append(token.center)  # type: ignore[arg-type]
    return {
        name: {column: sorted(xs)[len(xs) // 2] for column, xs in by_column.items()}
        for name, by_column in samples.items()
    }


def _by_learned_positions(
    filled: list[Token], columns: tuple[str, ...], learned: dict[str, float]
) -> dict[str, Token | None] | None:
    if any(c not in learned for c in columns) or any(v.center is None for v in filled):
        return None
    cells: dict[str, Token | None] = dict.fromkeys(columns)
    order = [columns.index(min(columns, key=lambda c: abs(learned[c] - v.center))) for v in filled]  # type: ignore[operator]
    if order != sorted(set(order)) or len(order) != len(set(order)):
        return None
    for index, token in zip(order, filled, strict=True):
        cells[columns[index]] = token
    return cells


def _header_unit(template: Template, header: list[HeaderColumn]) -> str:
    """`本年收费金额(单位:万元)`: the unit a header word states for its column."""
    for h in header:
        word = template.column_label(h.column)
        if word is not None:
            m = find("unit_in_header", compact(word.text))
            if m:
                return m["unit"]
    return ""


def _stat_rows(
    table: str, row_no: int, row: RecoveredRow, placement: Placement, unit_hint: str
) -> list[StatRow]:
    out = []
    indicator = row.indicator
    for column, token in placement.cells.items():
        raw = token.raw if token is not None else ""
        parsed = parse_value(raw)
        hint = unit_hint if column == "amount" else ""
        unit = parsed.unit or row.unit or hint or (indicator.unit if indicator else "")
        flags = list(row.flags)
        if token is not None and not token.blank:
            flags.extend(placement.how.split(";"))
            flags.extend(token.flags)
        out.append(
            StatRow(
                table,
                row_no,
                _id(indicator),
                row.label_raw,
                column,
                unit,
                parsed.value,
                raw,
                [*flags, *parsed.flags],
                token.page if token is not None else None,
            )
        )
    return out


def _id(indicator: Indicator | None) -> str:
    return indicator.indicator_id if indicator else ""


def _unplaced(table: str, indicator_id: str, label: str, expected: int, values: list[Token]) -> Finding:
    shown = " ".join(v.raw or "_" for v in values)
    where = f"row '{label}'" if label else "numbers"
    return Finding(
        "cells_unplaced",
        "warning",
        indicator_id,
        str(expected),
        str(len(values)),
        f"{table} {where}: {len(values)} value cells for {expected} columns ({shown}); values left empty",
    )
